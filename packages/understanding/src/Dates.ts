import {
  addDays,
  dayNumber,
  fromDayNumber,
  type LocalDate,
  localDateOf,
  weekdayOf,
} from "@frontdesk/domain/model/LocalDate"
import type { UnderstandingContext } from "@frontdesk/domain/ports/Understanding"
import { DateTime } from "effect"

/**
 * Calendar days in normalised text (see Normalise: lowercase, number words as digits, "8th"),
 * read against today in the business's zone. A table of phrase patterns, most specific first;
 * the first that matches names the day. Day arithmetic is on LocalDate day numbers, so a DST
 * change never moves a date.
 *
 * "next <weekday>" is the first such weekday at least three days away: said on a Tuesday,
 * "next Friday" is this Friday (callers early in the week mostly mean the coming one), "next
 * Wednesday" is the one eight days out, and "next Tuesday" is a week from today. "this coming
 * <weekday>" is the coming one, never today; a bare or "this" weekday may be today.
 */

export interface DateHit {
  readonly date: LocalDate
  /** The caller named a day that has already gone. */
  readonly past: boolean
  /** A span ("this week", "next weekend"): `date` is its first day, this its last (inclusive). */
  readonly through?: LocalDate
  /** The day itself implies a part of it ("tonight", "this afternoon"). */
  readonly partOfDay?: "morning" | "afternoon" | "evening"
}

const monthNames: ReadonlyArray<string> = [
  "jan(?:uary)?",
  "feb(?:ruary)?",
  "mar(?:ch)?",
  "apr(?:il)?",
  "may",
  "june?",
  "july?",
  "aug(?:ust)?",
  "sep(?:t(?:ember)?)?",
  "oct(?:ober)?",
  "nov(?:ember)?",
  "dec(?:ember)?",
]
const monthRes = monthNames.map((m) => new RegExp(`^(?:${m})$`))
export const monthPattern = monthNames.join("|")
const M = `(${monthPattern})\\.?`

const weekdayNames: ReadonlyArray<string> = [
  "sunday|sun",
  "monday|mon",
  "tuesday|tues|tue",
  "wednesday|weds|wed",
  "thursday|thurs|thur|thu",
  "friday|fri",
  "saturday|sat",
]
const weekdayRes = weekdayNames.map((w) => new RegExp(`^(?:${w})$`))
/** Full names (and "tues", "weds", "thurs"): "sat" and "wed" are words too often. */
export const weekdayPattern = "sunday|monday|tuesday|tues|wednesday|weds|thursday|thurs|friday|saturday"
const W = `(${weekdayPattern})'?s?`
const ORD = "(\\d{1,2})(?:st|nd|rd|th)"
const DAY = "(\\d{1,2})(?:st|nd|rd|th)?"
const COUNT = "(a|an|one|a couple of|a couple|a few|\\d{1,2})"

const monthOf = (word: string): number => monthRes.findIndex((re) => re.test(word)) + 1
const weekdayIndex = (word: string): number => weekdayRes.findIndex((re) => re.test(word.replace(/'?s$/, "")))
const countOf = (word: string): number =>
  word === "a" || word === "an" || word === "one"
    ? 1
    : word.startsWith("a couple")
      ? 2
      : word === "a few"
        ? 3
        : Number(word)
const jsDay = (date: LocalDate): number => ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].indexOf(weekdayOf(date))

const valid = (year: number, month: number, day: number): LocalDate | undefined => {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined
  const date = { year, month, day }
  // Day arithmetic rolls "February 30th" over into March; such a date does not exist.
  return fromDayNumber(dayNumber(date)).day === day ? date : undefined
}

interface Today {
  readonly date: LocalDate
  readonly n: number
  readonly weekday: number
}

const at = (today: Today, days: number): DateHit => ({ date: addDays(today.date, days), past: days < 0 })

/** Days to the coming weekday: 0 (today) only when `today` counts. */
const ahead = (today: Today, weekday: number, includeToday: boolean): number => {
  const d = (weekday - today.weekday + 7) % 7
  return d === 0 && !includeToday ? 7 : d
}

/** The documented rule for "next <weekday>": at least three days away. */
const nextAhead = (today: Today, weekday: number): number => {
  const d = (weekday - today.weekday + 7) % 7
  return d < 3 ? d + 7 : d
}

/** Days to Monday of next week (weeks start on Monday). */
const toNextMonday = (today: Today): number => 7 - ((today.weekday + 6) % 7)

/** A month and day without a year: this year's, or next year's once this year's is long gone. */
const monthDay = (today: Today, month: number, day: number, year: number | undefined): DateHit | undefined => {
  if (year !== undefined) {
    const date = valid(year, month, day)
    return date && { date, past: dayNumber(date) < today.n }
  }
  const thisYear = valid(today.date.year, month, day)
  if (thisYear !== undefined && dayNumber(thisYear) >= today.n) return { date: thisYear, past: false }
  // "November 2nd" said on November 24th means the one that just went, not next year's.
  if (thisYear !== undefined && today.n - dayNumber(thisYear) < 183) return { date: thisYear, past: true }
  const nextYear = valid(today.date.year + 1, month, day)
  return nextYear && { date: nextYear, past: false }
}

const yearOf = (s: string | undefined): number | undefined => {
  if (s === undefined) return undefined
  const n = Number(s)
  return n < 100 ? 2000 + n : n
}

/** The next day of the month on or after today (skipping months too short for it), optionally on a weekday. */
const nextDayOfMonth = (today: Today, day: number, weekday?: number): LocalDate | undefined => {
  for (let k = 0; k < 28; k++) {
    const month0 = today.date.month - 1 + k
    const date = valid(today.date.year + Math.floor(month0 / 12), (month0 % 12) + 1, day)
    if (date !== undefined && dayNumber(date) >= today.n && (weekday === undefined || jsDay(date) === weekday)) {
      return date
    }
  }
  return undefined
}

/** "the first Tuesday of October", "the last Friday of next month". */
const nthWeekdayOf = (year: number, month: number, weekday: number, nth: number): LocalDate | undefined => {
  if (nth === -1) {
    const last = fromDayNumber(dayNumber({ year: month === 12 ? year + 1 : year, month: (month % 12) + 1, day: 1 }) - 1)
    return addDays(last, -((jsDay(last) - weekday + 7) % 7))
  }
  const first = { year, month, day: 1 }
  const date = addDays(first, ((weekday - jsDay(first) + 7) % 7) + 7 * (nth - 1))
  return date.month === month ? date : undefined
}

type Rule = {
  readonly re: RegExp
  readonly read: (m: RegExpExecArray, today: Today, numericDayFirst: boolean) => DateHit | undefined
}

const rule = (source: string, read: Rule["read"]): Rule => ({ re: new RegExp(source), read })

const rules: ReadonlyArray<Rule> = [
  rule("\\b(20\\d\\d)-(\\d{1,2})-(\\d{1,2})\\b", (m, today) =>
    monthDay(today, Number(m[2]), Number(m[3]), Number(m[1])),
  ),
  // "the 8th of December", "8th December", "Tuesday, 8 December 2026".
  rule(`\\b(?:${W},? )?(?:the )?${DAY} (?:of )?${M}(?:,? (20\\d\\d))?\\b`, (m, today) =>
    monthDay(today, monthOf(m[3] ?? ""), Number(m[2]), yearOf(m[4])),
  ),
  // "December 8", "Dec 8th,", "December the 8th", "Monday, December 7th 2026".
  rule(`\\b(?:${W},? )?${M},? (?:the )?${DAY}\\b(?:,? (20\\d\\d)\\b)?`, (m, today) =>
    monthDay(today, monthOf(m[2] ?? ""), Number(m[3]), yearOf(m[4])),
  ),
  // "12/4" is December 4th where the business writes dates month first (the Americas), else April 12th.
  rule("\\b(\\d{1,2})/(\\d{1,2})(?:/(\\d{2}|\\d{4}))?\\b", (m, today, dayFirst) => {
    const a = Number(m[1])
    const b = Number(m[2])
    return dayFirst ? monthDay(today, b, a, yearOf(m[3])) : monthDay(today, a, b, yearOf(m[3]))
  }),
  // "the first Tuesday of next month", "the last Friday in October".
  rule(`\\b(?:the )?(1st|2nd|3rd|4th|5th|last) ${W} (?:of|in) (?:(next|this) month|the month|${M})\\b`, (m, today) => {
    const nth = m[1] === "last" ? -1 : Number.parseInt(m[1] ?? "1", 10)
    const weekday = weekdayIndex(m[2] ?? "")
    const monthOffset = m[3] === "next" ? 1 : 0
    if (m[4] === undefined) {
      const month0 = today.date.month - 1 + monthOffset
      const date = nthWeekdayOf(today.date.year + Math.floor(month0 / 12), (month0 % 12) + 1, weekday, nth)
      return date && { date, past: dayNumber(date) < today.n }
    }
    const month = monthOf(m[4])
    for (const year of [today.date.year, today.date.year + 1]) {
      const date = nthWeekdayOf(year, month, weekday, nth)
      if (date !== undefined && dayNumber(date) >= today.n) return { date, past: false }
    }
    return undefined
  }),
  // "Tuesday the 22nd": the next 22nd that is a Tuesday, or else the next 22nd.
  rule(`\\b${W},? (?:the )?${ORD}\\b`, (m, today) => {
    const day = Number(m[2])
    const date = nextDayOfMonth(today, day, weekdayIndex(m[1] ?? "")) ?? nextDayOfMonth(today, day)
    return date && { date, past: false }
  }),
  // "a week from Friday", "two weeks from today", "a week from tomorrow".
  rule(`\\b${COUNT} weeks? (?:from|after) (?:(today|now|tomorrow)|(?:this |next )?${W})\\b`, (m, today) => {
    const weeks = countOf(m[1] ?? "1")
    const base = m[2] === "tomorrow" ? 1 : m[2] !== undefined ? 0 : ahead(today, weekdayIndex(m[3] ?? ""), true)
    return at(today, base + 7 * weeks)
  }),
  rule(`\\b${COUNT} weeks? (?:today|tomorrow)\\b`, (m, today) =>
    at(today, 7 * countOf(m[1] ?? "1") + (m[0].endsWith("tomorrow") ? 1 : 0)),
  ),
  // "Friday after next", "the Friday after next"; "Friday week" (British).
  rule(`\\b(?:the )?${W} (?:after next|week)\\b`, (m, today) =>
    at(today, ahead(today, weekdayIndex(m[1] ?? ""), false) + 7),
  ),
  // "three Fridays from now": the third coming Friday.
  rule(`\\b(\\d{1,2}|a) (${weekdayPattern})s (?:from (?:now|today)|out)\\b`, (m, today) =>
    at(today, ahead(today, weekdayIndex(m[2] ?? ""), false) + 7 * (countOf(m[1] ?? "1") - 1)),
  ),
  rule(`\\b(?:in|within) ${COUNT} (days?|weeks?|months?)(?: time)?\\b`, (m, today) => {
    const n = countOf(m[1] ?? "1")
    if (m[2]?.startsWith("day")) return at(today, n)
    if (m[2]?.startsWith("week")) return at(today, 7 * n)
    const month0 = today.date.month - 1 + n
    const date = valid(today.date.year + Math.floor(month0 / 12), (month0 % 12) + 1, today.date.day)
    return date && { date, past: false }
  }),
  rule(`\\b${COUNT} (days?|weeks?) from (?:now|today)\\b`, (m, today) =>
    at(today, countOf(m[1] ?? "1") * (m[2]?.startsWith("week") ? 7 : 1)),
  ),
  // "Friday next week", "next week Friday", "on the Friday of next week".
  rule(`\\b${W} (?:of )?next week\\b|\\bnext week (?:on )?${W}`, (m, today) =>
    at(today, toNextMonday(today) + ((weekdayIndex(m[1] ?? m[2] ?? "") + 6) % 7)),
  ),
  rule(`\\b${W} this week\\b|\\bthis week (?:on )?${W}`, (m, today) =>
    at(today, ahead(today, weekdayIndex(m[1] ?? m[2] ?? ""), true)),
  ),
  rule(`\\b(?:this )?(?:coming|upcoming) ${W}`, (m, today) => at(today, ahead(today, weekdayIndex(m[1] ?? ""), false))),
  rule(`\\bnext ${W}`, (m, today) => at(today, nextAhead(today, weekdayIndex(m[1] ?? "")))),
  rule(`\\blast ${W}`, (m, today) => {
    const d = (today.weekday - weekdayIndex(m[1] ?? "") + 7) % 7
    return at(today, -(d === 0 ? 7 : d))
  }),
  rule("\\b(?:the )?day after tomorrow\\b", (_, today) => at(today, 2)),
  rule("\\b(?:the )?day before yesterday\\b", (_, today) => at(today, -2)),
  rule("\\btomorrow(?:'s)?\\b(?: (morning|afternoon|evening|night))?", (m, today) => ({
    ...at(today, 1),
    ...(m[1] === undefined ? {} : { partOfDay: m[1] === "night" ? "evening" : (m[1] as "morning") }),
  })),
  rule("\\byesterday\\b", (_, today) => at(today, -1)),
  rule("\\btonight\\b", (_, today) => ({ ...at(today, 0), partOfDay: "evening" })),
  rule("\\bthis (morning|afternoon|evening)\\b", (m, today) => ({
    ...at(today, 0),
    partOfDay: m[1] as "morning" | "afternoon" | "evening",
  })),
  rule("\\b(?:today|later today)\\b", (_, today) => at(today, 0)),
  // Spans: the dialogue lists free times across them.
  rule("\\b(?:this|the) weekend\\b|\\bweekend\\b", (_, today) => {
    const start = today.weekday === 0 ? 0 : ahead(today, 6, true)
    return { ...at(today, start), through: addDays(today.date, today.weekday === 0 ? 0 : start + 1) }
  }),
  rule("\\b(?:the )?week after next\\b", (_, today) => {
    const monday = toNextMonday(today) + 7
    return { ...at(today, monday), through: addDays(today.date, monday + 6) }
  }),
  // The days callers name by their holiday.
  rule(
    "\\b(christmas eve|christmas(?: day)?|new year's eve|new years eve|new year's day|new years day|new year's|valentine's day|valentines day)\\b",
    (m, today) => {
      const said = m[1] ?? ""
      const [month, day] = said.startsWith("christmas eve")
        ? [12, 24]
        : said.startsWith("christmas")
          ? [12, 25]
          : said.includes("eve")
            ? [12, 31]
            : said.startsWith("valentine")
              ? [2, 14]
              : [1, 1]
      return monthDay(today, month, day, undefined)
    },
  ),
  rule("\\bnext weekend\\b", (_, today) => {
    const monday = toNextMonday(today)
    return { ...at(today, monday + 5), through: addDays(today.date, monday + 6) }
  }),
  rule("\\bnext week\\b", (_, today) => {
    const monday = toNextMonday(today)
    return { ...at(today, monday), through: addDays(today.date, monday + 6) }
  }),
  rule("\\b(?:this|the) week\\b|\\bthis coming week\\b", (_, today) => ({
    ...at(today, 0),
    through: addDays(today.date, toNextMonday(today) - 1),
  })),
  rule(`\\b(?:on |this )?${W}\\b`, (m, today) => at(today, ahead(today, weekdayIndex(m[1] ?? ""), true))),
  // "the 12th", "on the 4th": the next such day of the month.
  rule(`\\b(?:on )?the ${ORD}\\b(?! (?:one|option|slot|time|choice|available|thing))|^(?:on )?${ORD}$`, (m, today) => {
    const date = nextDayOfMonth(today, Number(m[1] ?? m[2]))
    return date && { date, past: false }
  }),
]

const bareWeekday = new RegExp(`\\b${W}\\b`)

/** The business writes numeric dates month first in the Americas. */
const dayFirst = (zone: string): boolean => !zone.startsWith("America/")

/** The day the text names, if any; `s` is normalised text with the times already taken out. */
export const findDate = (s: string, context: UnderstandingContext): DateHit | undefined => {
  const zone = context.business.timezone
  const date = localDateOf(context.now, DateTime.zoneUnsafeMakeNamed(zone))
  const today: Today = { date, n: dayNumber(date), weekday: jsDay(date) }
  for (const { re, read } of rules) {
    const m = re.exec(s)
    if (m === null) continue
    const hit = read(m, today, dayFirst(zone))
    if (hit === undefined) continue
    // "next week, maybe Thursday": the weekday inside the span named.
    const weekday = hit.through === undefined ? null : bareWeekday.exec(s)
    if (hit.through !== undefined && weekday !== null) {
      const offset = (weekdayIndex(weekday[1] ?? "") - jsDay(hit.date) + 7) % 7
      const date = addDays(hit.date, offset)
      if (dayNumber(date) <= dayNumber(hit.through)) return { date, past: false }
    }
    return hit
  }
  return undefined
}
