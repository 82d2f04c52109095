import type { OpeningHours, Weekday } from "@frontdesk/domain/model/Business"
import {
  type ClockTime,
  clockTimeOf,
  type LocalDate,
  minutesOfDay,
  week,
  weekdayOf,
} from "@frontdesk/domain/model/LocalDate"
import type { Asking, PartOfDay, UnderstandingContext } from "@frontdesk/domain/ports/Understanding"
import { DateTime } from "effect"
import { monthPattern, weekdayPattern } from "./Dates.js"

/**
 * Clock times in normalised text ("3 pm", "half past 2", "at 4", "noon"), where they were said
 * (so dates can be read from the rest), and which half of the day a bare "3" means.
 */

export interface TimeHit {
  readonly hour: number
  readonly minute: number
  readonly meridiem?: "am" | "pm"
  /** "at 3" is a time to book; "after 4", "before noon" and "between 2 and 3" bound a search. */
  readonly role: "at" | "after" | "before"
  /** Where in the text the time was said, so the date reader can skip it. */
  readonly start: number
  readonly end: number
}

type Heard = Omit<TimeHit, "start" | "end" | "role">

const withMeridiem = (hour: number, minute: number, meridiem: string | undefined): Heard =>
  meridiem === "am" || meridiem === "pm" ? { hour, minute, meridiem } : { hour, minute }

const MER = "(?: ?(am|pm)\\b)?"
/** Day words and month names right before a number make it a day of the month, not an hour. */
const notAfterMonth = `(?<!\\b(?:${monthPattern})\\.? (?:the )?|/)`
const notBefore = `(?!\\s?(?:st|nd|rd|th)\\b|\\s?(?:/|days?\\b|weeks?\\b|months?\\b|people\\b|of\\b|minutes?\\b|hours?\\b|years?\\b|kids?\\b|(?:${weekdayPattern})s\\b))`
const lead =
  "(?:at|around|about|by|after|before|say|make it|how about|what about|maybe|do|try|for|until|till|til|from|between|than|approximately|roughly)"
const heldBy =
  "(?:ish|or so|works|would work|is fine|is good|is great|sounds|please|is perfect|would be|is better|instead|then|it is|tonight|tomorrow|today|this (?:morning|afternoon|evening)|on (?:the|" +
  weekdayPattern +
  ")|in the (?:morning|afternoon|evening)|at night|o'?clock)"

/** Tried in order; a later pattern never claims text an earlier one already read. */
const timePatterns: ReadonlyArray<{ re: RegExp; read: (m: RegExpExecArray) => Heard }> = [
  {
    re: /\b(?:a )?quarter (past|after|to|til|till|of|before) (?:12 )?(noon|midday|midnight)\b/g,
    read: (m) => {
      const base = m[2] === "midnight" ? 0 : 12
      return /past|after/.test(m[1] ?? "") ? { hour: base, minute: 15 } : { hour: (base + 23) % 24, minute: 45 }
    },
  },
  {
    re: /\bhalf (?:past|after) (?:12 )?(noon|midday|midnight)\b/g,
    read: (m) => ({ hour: m[1] === "midnight" ? 0 : 12, minute: 30 }),
  },
  { re: /\b(?:12 )?(?:noon|midday|lunchtime)\b/g, read: () => ({ hour: 12, minute: 0, meridiem: "pm" }) },
  { re: /\b(?:12 )?midnight\b/g, read: () => ({ hour: 12, minute: 0, meridiem: "am" }) },
  {
    re: new RegExp(`\\bhalf (?:past|after) (\\d{1,2})\\b${MER}`, "g"),
    read: (m) => withMeridiem(Number(m[1]), 30, m[2]),
  },
  // "half ten" is half past ten where the British say it.
  {
    re: new RegExp(`\\bhalf (\\d{1,2})\\b(?! (?:hours?|an?|days?|minutes?|price|off)\\b)${MER}`, "g"),
    read: (m) => withMeridiem(Number(m[1]), 30, m[2]),
  },
  {
    re: new RegExp(`\\b(?:a )?quarter (?:past|after) (\\d{1,2})\\b${MER}`, "g"),
    read: (m) => withMeridiem(Number(m[1]), 15, m[2]),
  },
  {
    re: new RegExp(`\\b(?:a )?quarter (?:to|til|till|of|before) (\\d{1,2})\\b${MER}`, "g"),
    read: (m) => withMeridiem((Number(m[1]) + 11) % 12 || 12, 45, m[2]),
  },
  {
    re: new RegExp(`\\b(\\d{1,2}) (?:minutes )?(?:past|after) (\\d{1,2})\\b${MER}`, "g"),
    read: (m) => withMeridiem(Number(m[2]), Number(m[1]), m[3]),
  },
  // "ten to five": only minutes a clock is read in, so "from 2 to 3" stays a range.
  {
    re: new RegExp(`\\b(5|10|20|25) (?:minutes )?(?:to|til|till|of|before) (\\d{1,2})\\b${MER}`, "g"),
    read: (m) => withMeridiem((Number(m[2]) + 11) % 12 || 12, 60 - Number(m[1]), m[3]),
  },
  {
    re: new RegExp(`${notAfterMonth}\\b(\\d{1,2}):(\\d{2})${MER}`, "g"),
    read: (m) => withMeridiem(Number(m[1]), Number(m[2]), m[3]),
  },
  {
    re: new RegExp(
      `${notAfterMonth}\\b(\\d{1,2}) (00|0\\d|05|10|15|20|25|30|35|40|45|50|55)${MER}(?! ?(?:st|nd|rd|th|minutes|days)\\b)`,
      "g",
    ),
    read: (m) => withMeridiem(Number(m[1]), Number(m[2]), m[3]),
  },
  { re: /\b(\d{1,2}) ?(am|pm)\b/g, read: (m) => withMeridiem(Number(m[1]), 0, m[2]) },
  { re: /\b(\d{1,2}) ?o ?'? ?clock\b/g, read: (m) => ({ hour: Number(m[1]), minute: 0 }) },
  {
    re: new RegExp(`\\b${lead}\\s+(\\d{1,2})\\b${notBefore}`, "g"),
    read: (m) => ({ hour: Number(m[1]), minute: 0 }),
  },
  {
    re: new RegExp(`${notAfterMonth}\\b(\\d{1,2})\\b(?= ${heldBy})`, "g"),
    read: (m) => ({ hour: Number(m[1]), minute: 0 }),
  },
]

const afterWords =
  /\b(?:after|from|later than|no earlier than|not before|starting(?: at)?|anytime after|any time after)\s*$/
const beforeWords = /\b(?:before|until|till|til|up to|earlier than|no later than|not after)\s*$/

/** Which bound a time is, from the words said right before it (or that open its match). */
const roleOf = (s: string, start: number, matched: string): TimeHit["role"] => {
  const leading = /^(?:[a-z']+ )+?(?=\d)/.exec(matched)?.[0] ?? ""
  const before = `${s.slice(Math.max(0, start - 24), start)}${leading}`
  // "not before 10" is after it, "no later than 3" before it.
  if (/\b(?:not before|no earlier than|not earlier than)\s*$/.test(before)) return "after"
  if (/\b(?:not after|no later than|not later than)\s*$/.test(before)) return "before"
  if (beforeWords.test(before)) return "before"
  if (afterWords.test(before)) return "after"
  return "at"
}

const T = "(\\d{1,2})(?::(\\d{2})| (\\d{2}))?(?: ?(am|pm))?|(noon|midday|midnight)"
/** "between 2 and 3", "from 10 to noon": the first bounds from below, the second from above. */
const range = new RegExp(
  `\\b(?:between|from|anywhere from|sometime between) (?:${T}) (?:and|to|till|until|-) (?:${T})\\b`,
  "g",
)

const bound = (m: RegExpExecArray, offset: number): Heard => {
  const word = m[offset + 4]
  if (word !== undefined)
    return word === "midnight" ? { hour: 12, minute: 0, meridiem: "am" } : { hour: 12, minute: 0, meridiem: "pm" }
  return withMeridiem(Number(m[offset]), Number(m[offset + 1] ?? m[offset + 2] ?? 0), m[offset + 3])
}

const ranges = (s: string): Array<TimeHit> => {
  const hits: Array<TimeHit> = []
  range.lastIndex = 0
  for (let m = range.exec(s); m !== null; m = range.exec(s)) {
    const from = bound(m, 1)
    const to = bound(m, 6)
    // "between 2 and 3 pm": the afternoon of the second is the first's too.
    const shared =
      from.meridiem === undefined && to.meridiem !== undefined && to.hour !== 12 && from.hour <= to.hour
        ? { meridiem: to.meridiem }
        : {}
    const end = m.index + m[0].length
    hits.push({ ...from, ...shared, role: "after", start: m.index, end: m.index + 1 })
    hits.push({ ...to, role: "before", start: end - 1, end })
    // Both bounds cover the whole phrase, so no single number in it is read again.
    hits[hits.length - 2] = { ...(hits[hits.length - 2] as TimeHit), end }
  }
  return hits.filter((h) => h.hour <= 23 && h.minute <= 59)
}

const findTimes = (s: string): Array<TimeHit> => {
  const hits: Array<TimeHit> = ranges(s)
  for (const { re, read } of timePatterns) {
    re.lastIndex = 0
    for (let m = re.exec(s); m !== null; m = re.exec(s)) {
      const start = m.index
      const end = m.index + m[0].length
      if (hits.some((h) => start < h.end && h.start < end)) continue
      const t = read(m)
      if (t.hour > 23 || t.minute > 59) continue
      if (t.meridiem !== undefined && (t.hour === 0 || t.hour > 12)) continue
      hits.push({ ...t, role: roleOf(s, start, m[0]), start, end })
    }
  }
  return hits.sort((a, b) => a.start - b.start || (a.role === "after" ? -1 : 1))
}

/** Questions whose answer may be a bare number that means a time: "4", "3 30", "make it 5". */
const timeishQuestions: ReadonlySet<Asking> = new Set(["time", "alternative", "confirm", "date"])

const bareTime =
  /^(?:(?:ok|okay|yeah|yes|no|so|well|then|hmm|actually|let's|lets|make it|how about|can we do|could we do|what about|do|maybe|just|at|around|about|say)\s+)*(\d{1,2})(?: (\d{2}))?(?: (am|pm))?(?:\s+(?:then|instead|please|works|is fine|is good|would be better|would be great|would work|is better|ok|okay|o'clock|ish|or so))*$/

/** Times said in normalised text, in order; a bare number counts only as the answer to a time question. */
export const timesIn = (s: string, asking: Asking): ReadonlyArray<TimeHit> => {
  const times = findTimes(s)
  if (times.length > 0 || !timeishQuestions.has(asking)) return times
  const bare = bareTime.exec(s)
  if (!bare) return times
  const hour = Number(bare[1])
  const minute = bare[2] === undefined ? 0 : Number(bare[2])
  return hour <= 12 && minute <= 59
    ? [{ ...withMeridiem(hour, minute, bare[3]), role: "at", start: 0, end: s.length }]
    : times
}

export const partOfDayIn = (said: string): PartOfDay | undefined => {
  // "Good morning" greets; it does not ask for a morning.
  const s = said.replace(/\bgood (?:morning|afternoon|evening)\b/g, " ")
  if (/\b(?:morning|mornings|before lunch)\b/.test(s)) return "morning"
  if (/\b(?:afternoon|afternoons|after lunch)\b/.test(s)) return "afternoon"
  if (/\b(?:evening|evenings|tonight|after work|night)\b/.test(s)) return "evening"
  if (/\b(?:early|first thing)\b/.test(s)) return "morning"
  return undefined
}

const openAt = (hours: OpeningHours, days: ReadonlyArray<Weekday>, minuteOfDay: number): boolean =>
  days.some((day) =>
    hours[day].some(([open, close]) => minuteOfDay >= minutesOfDay(open) && minuteOfDay < minutesOfDay(close)),
  )

/**
 * A clock hour without am/pm is read the way the business's day makes sense: "3" is 3 PM when it
 * is closed at 3 AM. When both or neither fit, callers mean 7–11 as morning and 12–6 as afternoon.
 */
export const resolveMeridiem = (
  hit: TimeHit,
  partOfDay: PartOfDay | undefined,
  date: LocalDate | undefined,
  context: UnderstandingContext,
): ClockTime => {
  const { hour, minute, meridiem } = hit
  if (meridiem === "am") return { hour: hour === 12 ? 0 : hour, minute }
  if (meridiem === "pm") return { hour: hour === 12 ? 12 : hour + 12, minute }
  if (hour === 0 || hour >= 13) return { hour, minute }
  if (hour === 12) return { hour: 12, minute }
  if (partOfDay === "morning") return { hour, minute }
  if (partOfDay === "afternoon" || partOfDay === "evening") return { hour: hour + 12, minute }
  // A time the agent just offered settles it: "4" after offering 4 PM is 4 PM.
  const zone = DateTime.zoneUnsafeMakeNamed(context.business.timezone)
  for (const alternative of context.alternatives) {
    const offered = clockTimeOf(alternative, zone)
    if (offered.hour % 12 === hour % 12 && offered.minute === minute) return { hour: offered.hour, minute }
  }
  const days = date === undefined ? week : [weekdayOf(date)]
  const am = openAt(context.business.hours, days, hour * 60 + minute)
  const pm = openAt(context.business.hours, days, (hour + 12) * 60 + minute)
  if (am && !pm) return { hour, minute }
  if (pm && !am) return { hour: hour + 12, minute }
  return hour >= 7 ? { hour, minute } : { hour: hour + 12, minute }
}
