import type { Weekday } from "@frontdesk/domain/model/Business"
import {
  addDays,
  clockTimeOf,
  dayNumber,
  fromDayNumber,
  type LocalDate,
  localDateOf,
  weekdayOf,
} from "@frontdesk/domain/model/LocalDate"
import type { UnderstandingContext } from "@frontdesk/domain/ports/Understanding"
import * as chrono from "chrono-node"
import { DateTime } from "effect"

/**
 * Calendar dates in normalised text, read in the business's zone: chrono-node for what it knows
 * ("Friday", "next Tuesday", "December 4th", "in two weeks"), a few patterns for what it misreads
 * on a phone line ("last Friday", "the 12th").
 */

export interface DateHit {
  readonly date: LocalDate
  /** The caller named a day that has already gone. */
  readonly past: boolean
}

const monthPattern =
  "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"

/** "last friday": the most recent such weekday strictly before today. */
const lastWeekday = (s: string, today: LocalDate): LocalDate | undefined => {
  const said = /\blast (sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/.exec(s)
  if (!said?.[1]) return undefined
  // Weekday keys are the names' first three letters.
  const target = said[1].slice(0, 3) as Weekday
  for (let back = 1; back <= 7; back++) {
    const day = addDays(today, -back)
    if (weekdayOf(day) === target) return day
  }
  return undefined
}

const byChrono = (s: string, today: LocalDate, context: UnderstandingContext): DateHit | undefined => {
  // Chrono reads the text against a reference whose UTC fields are the business's wall clock, so
  // its day arithmetic happens in business-local days and DST never shifts a date.
  const clock = clockTimeOf(context.now, DateTime.zoneUnsafeMakeNamed(context.business.timezone))
  const reference = {
    instant: new Date(Date.UTC(today.year, today.month - 1, today.day, clock.hour, clock.minute)),
    timezone: 0,
  }
  const todayN = dayNumber(today)
  // Chrono merges a part of the day with the date after it ("in the morning on Friday") into one
  // result that has lost the date; the part of the day is read elsewhere, so it is left out here.
  const text = s.replace(/\b(?:morning|afternoon|evening)s?\b/g, " ")
  for (const result of chrono.casual.parse(text, reference, { forwardDate: true })) {
    const c = result.start
    const tags = c.tags()
    const said =
      c.isCertain("day") ||
      c.isCertain("weekday") ||
      tags.has("result/relativeDate") ||
      [...tags].some((t) => /casualReference\/(today|tomorrow|tonight|now)/.test(t))
    if (!said) continue
    const date = {
      year: c.get("year") ?? today.year,
      month: c.get("month") ?? today.month,
      day: c.get("day") ?? today.day,
    }
    const n = dayNumber(date)
    if (!c.isCertain("year") && c.isCertain("month") && n - todayN > 183) {
      // "November 2nd" said on November 24th means the one that just went, not next year's.
      const thisYear = { ...date, year: today.year }
      if (dayNumber(thisYear) < todayN) return { date: thisYear, past: true }
    }
    return { date, past: n < todayN }
  }
  return undefined
}

/** "the 12th", "on the 4th": the next such day of the month, skipping months too short for it. */
const dayOfMonth = (s: string, today: LocalDate): LocalDate | undefined => {
  const said = new RegExp(`\\b(?:on )?the (\\d{1,2})(?:st|nd|rd|th)\\b(?! of (?:${monthPattern}))`).exec(s)
  const day = Number(said?.[1])
  if (!said || day < 1 || day > 31) return undefined
  for (let k = 0; k < 3; k++) {
    const month0 = today.month - 1 + k
    const candidate = { year: today.year + Math.floor(month0 / 12), month: (month0 % 12) + 1, day }
    const n = dayNumber(candidate)
    // Day arithmetic rolls "February 30th" over into March; such a date does not exist.
    if (fromDayNumber(n).day === day && n >= dayNumber(today)) return candidate
  }
  return undefined
}

export const findDate = (s: string, context: UnderstandingContext): DateHit | undefined => {
  const today = localDateOf(context.now, DateTime.zoneUnsafeMakeNamed(context.business.timezone))
  if (/\bday after tomorrow\b/.test(s)) return { date: addDays(today, 2), past: false }
  if (/\byesterday\b/.test(s)) return { date: addDays(today, -1), past: true }
  const last = lastWeekday(s, today)
  if (last !== undefined) return { date: last, past: true }
  const named = byChrono(s, today, context)
  if (named !== undefined) return named
  const day = dayOfMonth(s, today)
  return day === undefined ? undefined : { date: day, past: false }
}
