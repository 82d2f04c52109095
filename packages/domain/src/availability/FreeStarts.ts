import { type DateTime, Effect, Schema } from "effect"
import type { Business } from "../model/Business.js"
import { addDays, ClockTime, clockTimeOf, dayNumber, LocalDate, localDateOf, weekdayOf } from "../model/LocalDate.js"
import { zoneOf } from "../model/TimeZone.js"
import { PartOfDay } from "../ports/Understanding.js"

/**
 * Which free starts to offer a caller who asks "what do you have Friday?", "the earliest you
 * have", "anything after 4?". The starts of each day come from the booking provider (local
 * bookings, calendar busy time and every rule of AvailabilityPolicy, see BookingService.freeSlots);
 * this module only decides which days to look at, which starts fit what was asked, and which two
 * or three of them are worth saying.
 */

/** What the caller asked for, in the business's local days and wall-clock times. */
export const Query = Schema.Struct({
  /** First day to look at. */
  from: LocalDate,
  /** Last day of the span asked about (inclusive); none means "the first day that has anything". */
  through: Schema.optional(LocalDate),
  /** Starts at or after this wall-clock time. */
  after: Schema.optional(ClockTime),
  /** Starts before this wall-clock time. */
  before: Schema.optional(ClockTime),
  partOfDay: Schema.optional(PartOfDay),
})
export type Query = typeof Query.Type

export interface Found {
  /** Chronological, at most `maxOffered`. */
  readonly starts: ReadonlyArray<DateTime.Utc>
  /** False when nothing fitted the span asked about and the starts are the next ones after it. */
  readonly within: boolean
}

/** Enough to choose from on the phone; more is hard to remember. */
export const maxOffered = 3

/** Wall-clock minutes each part of the day covers, [from, to). */
const partsOfDay: { readonly [P in PartOfDay]: readonly [number, number] } = {
  morning: [0, 12 * 60],
  afternoon: [12 * 60, 17 * 60],
  evening: [17 * 60, 24 * 60],
}

const minutesOf = (time: ClockTime): number => time.hour * 60 + time.minute

/** Whether a start's wall-clock time fits the times asked for. */
export const fits = (business: Pick<Business, "timezone">, query: Query, start: DateTime.Utc): boolean => {
  const minutes = minutesOf(clockTimeOf(start, zoneOf(business.timezone)))
  if (query.after !== undefined && minutes < minutesOf(query.after)) return false
  if (query.before !== undefined && minutes >= minutesOf(query.before)) return false
  if (query.partOfDay !== undefined) {
    const [from, to] = partsOfDay[query.partOfDay]
    if (minutes < from || minutes >= to) return false
  }
  return true
}

/** Up to three starts spread over the day (first, middle, last), so the caller hears a real choice. */
export const spread = <A>(starts: ReadonlyArray<A>): ReadonlyArray<A> => {
  if (starts.length <= maxOffered) return starts
  const middle = Math.floor((starts.length - 1) / 2)
  return [starts[0], starts[middle], starts[starts.length - 1]].filter((s): s is A => s !== undefined)
}

/** Days worth asking the provider about: open by the weekly hours, not a closed date, within the booking window. */
const bookableDays = (business: Business, first: LocalDate, last: LocalDate): ReadonlyArray<LocalDate> => {
  const days: Array<LocalDate> = []
  const closed = new Set(business.closedDates)
  for (let day = first; dayNumber(day) <= dayNumber(last); day = addDays(day, 1)) {
    const iso = `${day.year}-${String(day.month).padStart(2, "0")}-${String(day.day).padStart(2, "0")}`
    if (business.hours[weekdayOf(day)].length > 0 && !closed.has(iso)) days.push(day)
  }
  return days
}

/**
 * Looks for free starts that fit the query, one provider call per bookable day, stopping as soon
 * as there is enough to offer: the span asked about first (the first start of each day when it is
 * several days, spread over the day when it is one), then — when nothing fits there — the first
 * later day with anything, up to the business's `maxDaysAhead`.
 */
export const find = <E, R>(
  business: Business,
  query: Query,
  now: DateTime.Utc,
  slotsOn: (date: LocalDate) => Effect.Effect<ReadonlyArray<DateTime.Utc>, E, R>,
): Effect.Effect<Found, E, R> =>
  Effect.gen(function* () {
    const today = localDateOf(now, zoneOf(business.timezone))
    const lastBookable = addDays(today, business.bookingRules.maxDaysAhead)
    const from = dayNumber(query.from) < dayNumber(today) ? today : query.from
    const fitting = (date: LocalDate) =>
      Effect.map(slotsOn(date), (slots) => slots.filter((start) => fits(business, query, start)))

    if (query.through !== undefined) {
      const through = dayNumber(query.through) < dayNumber(lastBookable) ? query.through : lastBookable
      const perDay: Array<ReadonlyArray<DateTime.Utc>> = []
      for (const day of bookableDays(business, from, through)) {
        const slots = yield* fitting(day)
        if (slots.length > 0) perDay.push(slots)
        if (perDay.length >= maxOffered) break
      }
      const [only] = perDay
      if (perDay.length === 1 && only !== undefined) return { starts: spread(only), within: true }
      if (perDay.length > 1) return { starts: perDay.flatMap((slots) => slots.slice(0, 1)), within: true }
      const next = yield* firstDayWithSlots(business, addDays(through, 1), lastBookable, fitting)
      return { starts: next, within: false }
    }
    return { starts: yield* firstDayWithSlots(business, from, lastBookable, fitting), within: true }
  })

const firstDayWithSlots = <E, R>(
  business: Business,
  first: LocalDate,
  last: LocalDate,
  fitting: (date: LocalDate) => Effect.Effect<ReadonlyArray<DateTime.Utc>, E, R>,
): Effect.Effect<ReadonlyArray<DateTime.Utc>, E, R> =>
  Effect.gen(function* () {
    for (const day of bookableDays(business, first, last)) {
      const slots = yield* fitting(day)
      if (slots.length > 0) return spread(slots)
    }
    return []
  })
