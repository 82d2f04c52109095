import { DateTime } from "effect"
import type { Weekday } from "../model/Business.js"
import { type LocalDate, noonOf, weekdayAt } from "../model/LocalDate.js"

/**
 * How times and dates are said to a caller (and written in SMS): "3 PM", "3:30 PM",
 * "Friday, December 4th", "Friday, December 4th at 3 PM". Always in the business's zone,
 * never ISO strings — a speech engine reads "2026-12-04T15:00:00Z" out digit by digit.
 */

const weekdayNames: { readonly [D in Weekday]: string } = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
}
const monthNames = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
] as const

const inZone = (dt: DateTime.DateTime, zone: DateTime.TimeZone): DateTime.DateTime.PartsWithWeekday =>
  DateTime.toParts(DateTime.setZone(dt, zone))

/** 1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st, 22nd, 23rd … */
export const ordinal = (n: number): string => {
  const mod100 = n % 100
  if (mod100 >= 11 && mod100 <= 13) return `${n}th`
  switch (n % 10) {
    case 1:
      return `${n}st`
    case 2:
      return `${n}nd`
    case 3:
      return `${n}rd`
    default:
      return `${n}th`
  }
}

/** Wall-clock hours and minutes as spoken: 15:00 → "3 PM", 15:30 → "3:30 PM", 00:05 → "12:05 AM". */
export const clock = (hours: number, minutes: number): string => {
  const suffix = hours < 12 ? "AM" : "PM"
  const h12 = hours % 12 === 0 ? 12 : hours % 12
  return minutes === 0 ? `${h12} ${suffix}` : `${h12}:${String(minutes).padStart(2, "0")} ${suffix}`
}

/** "3 PM", "3:30 PM", "12 PM" (noon kept as "12 PM": it is what callers and TTS both handle). */
export const time = (dt: DateTime.DateTime, zone: DateTime.TimeZone): string => {
  const parts = inZone(dt, zone)
  return clock(parts.hours, parts.minutes)
}

/** "Friday, December 4th". */
export const date = (dt: DateTime.DateTime, zone: DateTime.TimeZone): string => {
  const parts = inZone(dt, zone)
  return `${weekdayName(weekdayAt(parts.weekDay))}, ${monthNames[parts.month - 1]} ${ordinal(parts.day)}`
}

/** "Friday, December 4th" for a calendar day in the zone (named at its noon, which always exists). */
export const localDate = (day: LocalDate, zone: DateTime.TimeZone): string => date(noonOf(zone, day), zone)

/** "Friday, December 4th at 3 PM". */
export const dateTime = (dt: DateTime.DateTime, zone: DateTime.TimeZone): string =>
  `${date(dt, zone)} at ${time(dt, zone)}`

/** "Friday", for a day of the opening hours. */
export const weekdayName = (day: Weekday): string => weekdayNames[day]

/** "Friday" — for short offers when the date is already clear from context. */
export const weekday = (dt: DateTime.DateTime, zone: DateTime.TimeZone): string =>
  weekdayName(weekdayAt(inZone(dt, zone).weekDay))

/** Joins choices the way a person offers them: "a", "a or b", "a, b or c". */
export const list = (items: ReadonlyArray<string>, conjunction: "or" | "and" = "or"): string => {
  if (items.length <= 1) return items[0] ?? ""
  return `${items.slice(0, -1).join(", ")} ${conjunction} ${items[items.length - 1]}`
}

/**
 * Offers alternatives compactly: times on the same local day as `reference` are said as just the
 * time, others with their date — "3:30 PM, 4 PM or Monday, December 7th at 9 AM".
 */
export const offer = (
  starts: ReadonlyArray<DateTime.DateTime>,
  zone: DateTime.TimeZone,
  reference?: DateTime.DateTime,
): string => {
  const referenceDay = reference === undefined ? undefined : date(reference, zone)
  return list(starts.map((start) => (date(start, zone) === referenceDay ? time(start, zone) : dateTime(start, zone))))
}
