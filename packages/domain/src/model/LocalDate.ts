import { DateTime, Option, Schema } from "effect"
import type { Weekday } from "./Business.js"

/**
 * Calendar dates and wall-clock times in a business's zone, and the one place date arithmetic on
 * them lives. A LocalDate is handled as a UTC midnight, so stepping days never meets a DST change;
 * turning a local date and time into an instant goes through the zone (`atLocal`, `boundary`).
 */

/** A calendar day in the business's zone. */
export const LocalDate = Schema.Struct({
  year: Schema.Int,
  month: Schema.Int.pipe(Schema.between(1, 12)),
  day: Schema.Int.pipe(Schema.between(1, 31)),
})
export type LocalDate = typeof LocalDate.Type

/** A wall-clock time in the business's zone, 24-hour. */
export const ClockTime = Schema.Struct({
  hour: Schema.Int.pipe(Schema.between(0, 23)),
  minute: Schema.Int.pipe(Schema.between(0, 59)),
})
export type ClockTime = typeof ClockTime.Type

/** Weekday keys in JavaScript's order (getUTCDay: 0 is Sunday). */
const byIndex: ReadonlyArray<Weekday> = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

/** The week as a business's opening hours list it, Monday first. */
export const week: ReadonlyArray<Weekday> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

const asUtc = (date: LocalDate): DateTime.Utc => DateTime.unsafeMake({ ...date })

/** Days since 1970-01-01, for comparing and counting local dates. */
export const dayNumber = (date: LocalDate): number => Math.round(DateTime.toEpochMillis(asUtc(date)) / 86_400_000)

export const fromDayNumber = (n: number): LocalDate => {
  const parts = DateTime.toPartsUtc(DateTime.unsafeMake(n * 86_400_000))
  return { year: parts.year, month: parts.month, day: parts.day }
}

export const addDays = (date: LocalDate, days: number): LocalDate => fromDayNumber(dayNumber(date) + days)

export const weekdayOf = (date: LocalDate): Weekday => byIndex[DateTime.toPartsUtc(asUtc(date)).weekDay] ?? "sun"

/** Weekday key for JavaScript's day index (0 Sunday … 6 Saturday). */
export const weekdayAt = (index: number): Weekday => byIndex[((index % 7) + 7) % 7] ?? "sun"

export const equals = (a: LocalDate, b: LocalDate): boolean => dayNumber(a) === dayNumber(b)
export const isBefore = (a: LocalDate, b: LocalDate): boolean => dayNumber(a) < dayNumber(b)
export const isAfter = (a: LocalDate, b: LocalDate): boolean => dayNumber(a) > dayNumber(b)

const pad = (n: number, width: number) => String(n).padStart(width, "0")

/** "2026-12-25": how closed dates and the admin API write a day. */
export const isoDate = (date: LocalDate): string => `${pad(date.year, 4)}-${pad(date.month, 2)}-${pad(date.day, 2)}`

/** The day "YYYY-MM-DD" names, or None when it names none ("2026-02-30", "2026-1-5"). */
export const parseIsoDate = (text: string): Option.Option<LocalDate> => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (match === null) return Option.none()
  const date = { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) }
  // Round-tripping through the day count rejects days a month does not have.
  return isoDate(fromDayNumber(dayNumber(date))) === text ? Option.some(date) : Option.none()
}

/** The local date of an instant in a zone. */
export const localDateOf = (dt: DateTime.DateTime, zone: DateTime.TimeZone): LocalDate => {
  const parts = DateTime.toParts(DateTime.setZone(dt, zone))
  return { year: parts.year, month: parts.month, day: parts.day }
}

/** The wall-clock time of an instant in a zone. */
export const clockTimeOf = (dt: DateTime.DateTime, zone: DateTime.TimeZone): ClockTime => {
  const parts = DateTime.toParts(DateTime.setZone(dt, zone))
  return { hour: parts.hours, minute: parts.minutes }
}

/** "HH:MM" (as opening hours store it) → minutes after midnight; "24:00" is 1440. */
export const minutesOfDay = (hhmm: string): number => {
  const [h, m] = hhmm.split(":")
  return Number(h) * 60 + Number(m)
}

/**
 * The instant a local wall-clock time happens, or None when it does not exist (the skipped hour
 * of a spring-forward day). Repeated times (fall back) resolve to their first occurrence.
 * `minutes` may reach 1440 ("24:00"), meaning the next day's midnight.
 */
export const atLocal = (zone: DateTime.TimeZone, date: LocalDate, minutes: number): Option.Option<DateTime.Utc> => {
  if (minutes >= 1440) return atLocal(zone, addDays(date, Math.floor(minutes / 1440)), minutes % 1440)
  const hours = Math.floor(minutes / 60)
  const mins = minutes % 60
  return DateTime.makeZoned({ ...date, hours, minutes: mins }, { timeZone: zone, adjustForTimeZone: true }).pipe(
    Option.filter((zoned) => {
      const parts = DateTime.toParts(zoned)
      return parts.day === date.day && parts.hours === hours && parts.minutes === mins
    }),
    Option.map(DateTime.toUtc),
  )
}

/** Like atLocal, but a skipped time becomes the first instant after the gap (for interval bounds). */
export const boundary = (zone: DateTime.TimeZone, date: LocalDate, minutes: number): DateTime.Utc => {
  const day = minutes >= 1440 ? addDays(date, Math.floor(minutes / 1440)) : date
  const m = minutes % 1440
  return DateTime.toUtc(
    DateTime.unsafeMakeZoned(
      { ...day, hours: Math.floor(m / 60), minutes: m % 60 },
      { timeZone: zone, adjustForTimeZone: true, disambiguation: "later" },
    ),
  )
}

/** Local noon of a date (or the nearest real instant): a safe instant for naming the day. */
export const noonOf = (zone: DateTime.TimeZone, date: LocalDate): DateTime.Utc =>
  Option.getOrElse(atLocal(zone, date, 12 * 60), () => boundary(zone, date, 12 * 60))
