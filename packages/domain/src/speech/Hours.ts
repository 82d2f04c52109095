import { isClosedDate } from "../availability/AvailabilityPolicy.js"
import type { Business, Weekday } from "../model/Business.js"
import { type LocalDate, minutesOfDay, week, weekdayOf } from "../model/LocalDate.js"
import { zoneOf } from "../model/TimeZone.js"
import * as SpokenTime from "./SpokenTime.js"

/**
 * Opening hours as a caller hears them: "9 AM to 5 PM and 6 PM to 8 PM", a whole week summarised
 * by runs of days with the same hours, and the answer for one day.
 */

/** An opening-hours time ("HH:MM", "24:00" for midnight) as spoken: "9 AM", "5:30 PM", "12 AM". */
export const localTime = (hhmm: string): string => {
  const minutes = minutesOfDay(hhmm)
  return SpokenTime.clock(Math.floor(minutes / 60) % 24, minutes % 60)
}

/** "9 AM to 12 PM and 1 PM to 5 PM"; empty for a closed day. */
export const intervals = (openings: ReadonlyArray<readonly [string, string]>): string =>
  SpokenTime.list(
    openings.map(([open, close]) => `${localTime(open)} to ${localTime(close)}`),
    "and",
  )

const dayHours = (business: Pick<Business, "hours">, day: Weekday): string => intervals(business.hours[day])

/** "Monday", "Monday and Tuesday", "Monday to Friday". */
const span = (days: ReadonlyArray<Weekday>): string => {
  const first = days[0] ?? "mon"
  const last = days[days.length - 1] ?? first
  if (days.length === 1) return SpokenTime.weekdayName(first)
  if (days.length === 2) return `${SpokenTime.weekdayName(first)} and ${SpokenTime.weekdayName(last)}`
  return `${SpokenTime.weekdayName(first)} to ${SpokenTime.weekdayName(last)}`
}

/** "We're open Monday to Friday, 9 AM to 5 PM, and Saturday, 10 AM to 2 PM. We're closed on Sunday." */
export const summary = (business: Pick<Business, "hours">): string => {
  const groups: Array<{ days: Array<Weekday>; hours: string }> = []
  for (const day of week) {
    const hours = dayHours(business, day)
    const last = groups[groups.length - 1]
    if (last !== undefined && last.hours === hours) last.days.push(day)
    else groups.push({ days: [day], hours })
  }
  const open = groups.filter((g) => g.hours !== "")
  const closed = groups.filter((g) => g.hours === "").flatMap((g) => g.days)
  if (open.length === 0) return "We're not taking appointments at the moment."
  const openPart = `We're open ${SpokenTime.list(
    open.map((g) => `${span(g.days)}, ${g.hours}`),
    "and",
  )}.`
  return closed.length === 0
    ? openPart
    : `${openPart} We're closed on ${SpokenTime.list(closed.map(SpokenTime.weekdayName), "and")}.`
}

/** "On Friday, December 4th we're open 9 AM to 5 PM." or "We're closed on Sunday, December 6th." */
export const onDate = (
  business: Pick<Business, "hours" | "timezone"> & { readonly closedDates?: ReadonlyArray<string> },
  date: LocalDate,
): string => {
  const day = weekdayOf(date)
  const spoken = SpokenTime.localDate(date, zoneOf(business.timezone))
  // A closed date (holiday) is closed whatever the weekday's hours say.
  return business.hours[day].length === 0 || isClosedDate(business, date)
    ? `We're closed on ${spoken}.`
    : `On ${spoken} we're open ${dayHours(business, day)}.`
}
