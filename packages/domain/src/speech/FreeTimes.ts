import type { DateTime } from "effect"
import type { Found, Query } from "../availability/FreeStarts.js"
import type { Business } from "../model/Business.js"
import { equals, type LocalDate } from "../model/LocalDate.js"
import { zoneOf } from "../model/TimeZone.js"
import * as SpokenTime from "./SpokenTime.js"

/**
 * Free times offered to a caller who asked what is free: "On Friday, December 4th I have 9 AM,
 * 1 PM or 4 PM. Which would suit you?". Which starts to offer is decided in availability/FreeStarts.
 */

const which = (count: number): string => (count === 1 ? "Would that work?" : "Which would suit you?")

/** The day all the starts share, spoken, or undefined when they fall on different days. */
const sharedDay = (zone: DateTime.TimeZone, starts: ReadonlyArray<DateTime.Utc>): string | undefined => {
  const first = starts[0]
  if (first === undefined) return undefined
  const day = SpokenTime.date(first, zone)
  return starts.every((s) => SpokenTime.date(s, zone) === day) ? day : undefined
}

const times = (zone: DateTime.TimeZone, starts: ReadonlyArray<DateTime.Utc>): string =>
  SpokenTime.list(starts.map((s) => SpokenTime.time(s, zone)))

/** "Monday, December 7th at 9 AM, 1 PM or 4 PM", or each start with its date. */
const atTimes = (zone: DateTime.TimeZone, starts: ReadonlyArray<DateTime.Utc>): string => {
  const day = sharedDay(zone, starts)
  return day === undefined ? SpokenTime.offer(starts, zone) : `${day} at ${times(zone, starts)}`
}

/** "On Friday, December 4th I have 9 AM, 1 PM or 4 PM." or "I have Monday, … at 9 AM or Tuesday, … at 9 AM." */
export const onOffer = (business: Pick<Business, "timezone">, starts: ReadonlyArray<DateTime.Utc>): string =>
  iHave(zoneOf(business.timezone), starts)

const iHave = (zone: DateTime.TimeZone, starts: ReadonlyArray<DateTime.Utc>): string => {
  const day = sharedDay(zone, starts)
  return day === undefined ? `I have ${SpokenTime.offer(starts, zone)}.` : `On ${day} I have ${times(zone, starts)}.`
}

/** " after 4 PM", " in the morning", " between 2 PM and 3 PM": the times asked about, or nothing. */
const window = (query: Query): string => {
  const clock = (t: { readonly hour: number; readonly minute: number }) => SpokenTime.clock(t.hour, t.minute)
  if (query.after !== undefined && query.before !== undefined) {
    return ` between ${clock(query.after)} and ${clock(query.before)}`
  }
  if (query.after !== undefined) return ` after ${clock(query.after)}`
  if (query.before !== undefined) return ` before ${clock(query.before)}`
  if (query.partOfDay !== undefined) return ` in the ${query.partOfDay}`
  return ""
}

/** "on Friday, December 4th", "between Monday, December 7th and Friday, December 11th". */
const span = (business: Pick<Business, "timezone">, from: LocalDate, through: LocalDate): string => {
  const zone = zoneOf(business.timezone)
  return equals(from, through)
    ? `on ${SpokenTime.localDate(from, zone)}`
    : `from ${SpokenTime.localDate(from, zone)} to ${SpokenTime.localDate(through, zone)}`
}

/** The free starts found for what the caller asked, and the question which one. */
export const listed = (business: Pick<Business, "timezone">, query: Query, found: Found): string => {
  const zone = zoneOf(business.timezone)
  const [first, ...rest] = found.starts
  if (first === undefined) return noneFree(business, query)
  const count = found.starts.length
  if (query.through === undefined) {
    const earliest = `The earliest I have${window(query)} is ${SpokenTime.dateTime(first, zone)}.`
    if (rest.length === 0) return `${earliest} ${which(1)}`
    const also =
      sharedDay(zone, found.starts) === undefined
        ? `I also have ${SpokenTime.offer(rest, zone)}.`
        : `I also have ${times(zone, rest)} that day.`
    return `${earliest} ${also} ${which(count)}`
  }
  const offer = iHave(zone, found.starts)
  return found.within
    ? `${offer} ${which(count)}`
    : `${noneFree(business, query)} The next I have is ${atTimes(zone, found.starts)}. ${which(count)}`
}

/** Nothing free in the span asked about. */
export const noneFree = (business: Pick<Business, "timezone">, query: Query): string =>
  query.through === undefined
    ? `Sorry, I don't have anything free${window(query)} in the days we take bookings for.`
    : `Sorry, I don't have anything free ${span(business, query.from, query.through)}${window(query)}.`

/** After a plain "yes" to several offers: name them once more and ask which. */
export const relist = (business: Pick<Business, "timezone">, starts: ReadonlyArray<DateTime.Utc>): string =>
  `Sure. ${iHave(zoneOf(business.timezone), starts)} Which one would you like?`

/** The offers again, after answering a question in between. */
export const again = (business: Pick<Business, "timezone">, starts: ReadonlyArray<DateTime.Utc>): string =>
  `${iHave(zoneOf(business.timezone), starts)} ${which(starts.length)}`
