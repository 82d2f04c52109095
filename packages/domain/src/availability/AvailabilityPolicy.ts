import { Array as Arr, DateTime, Option, Order } from "effect"
import type { Business } from "../model/Business.js"
import {
  addDays,
  atLocal,
  boundary,
  dayNumber,
  isoDate,
  type LocalDate,
  localDateOf,
  minutesOfDay,
  weekdayOf,
} from "../model/LocalDate.js"
import * as TimeRange from "../model/TimeRange.js"
import { zoneOf } from "../model/TimeZone.js"
import {
  AvailabilityResult,
  ClosedOnDate,
  ClosedThatDay,
  DatePassed,
  type DateProblem,
  InThePast,
  NotOpenThen,
  RunsPastClosing,
  SkippedByDst,
  Taken,
  TooFarAhead,
  TooSoon,
  type Unavailability,
} from "./AvailabilityResult.js"

/**
 * Whether a requested start can be booked, and if not, which nearby starts can.
 *
 * Everything that depends on the wall clock (opening hours, slot grid, "today", days ahead) is
 * computed in the business's zone: slots are wall-clock times (opening + k × granularity) made
 * into instants per local day, so 09:00 stays 09:00 across a DST change and a wall time that does
 * not exist (02:30 on spring-forward day in New York) is never offered. Durations, lead time and
 * buffers are absolute time.
 */

/**
 * The parts of a business that decide availability (tests need not build a whole Business).
 * `closedDates` ("YYYY-MM-DD", local) close whole days whatever the weekly hours say.
 */
export type Schedule = Pick<Business, "timezone" | "hours" | "bookingRules"> & {
  readonly closedDates?: ReadonlyArray<string>
}

/** Whether `date` is one of the business's closed dates (a holiday). */
export const isClosedDate = (business: Pick<Schedule, "closedDates">, date: LocalDate): boolean =>
  business.closedDates?.includes(isoDate(date)) === true

export interface CheckInput {
  readonly business: Schedule
  readonly start: DateTime.Utc
  readonly durationMinutes: number
  /** Local bookings together with calendar busy times; overlapping and unsorted is fine. */
  readonly busy: ReadonlyArray<TimeRange.TimeRange>
  readonly now: DateTime.Utc
  /** How many local days (from the request's day) to search for alternatives. */
  readonly horizonDays?: number
}

/** Alternatives offered when a request cannot be booked. */
export const maxAlternatives = 3
/** Keeps the alternative search (and the busy range a provider fetches for it) small. */
export const defaultHorizonDays = 14

const minuteMillis = 60_000

interface Opening {
  /** "HH:MM" as the opening hours store it. */
  readonly closing: string
  readonly openMinutes: number
  readonly closeMinutes: number
  readonly open: DateTime.Utc
  readonly close: DateTime.Utc
}

/** A closed date has no openings, so neither checks nor free-slot searches find a time on it. */
const openingsOn = (business: Schedule, date: LocalDate): ReadonlyArray<Opening> => {
  if (isClosedDate(business, date)) return []
  const zone = zoneOf(business.timezone)
  return business.hours[weekdayOf(date)].map(([open, close]) => {
    const openMinutes = minutesOfDay(open)
    const closeMinutes = minutesOfDay(close)
    return {
      closing: close,
      openMinutes,
      closeMinutes,
      open: boundary(zone, date, openMinutes),
      close: boundary(zone, date, closeMinutes),
    }
  })
}

const plusMinutes = (dt: DateTime.Utc, minutes: number): DateTime.Utc => DateTime.add(dt, { minutes })
const millis = DateTime.toEpochMillis

/** Busy intervals block a candidate when it starts within `buffer` of their end, and vice versa. */
const conflicts = (
  start: DateTime.Utc,
  end: DateTime.Utc,
  busy: ReadonlyArray<TimeRange.TimeRange>,
  bufferMinutes: number,
): boolean => {
  const bufferMillis = bufferMinutes * minuteMillis
  const s = millis(start)
  const e = millis(end)
  return busy.some((b) => s < millis(b.end) + bufferMillis && millis(b.start) < e + bufferMillis)
}

/** Last local date a caller may book: today (business zone) + maxDaysAhead. */
const lastBookableDate = (business: Schedule, now: DateTime.Utc): LocalDate =>
  addDays(localDateOf(now, zoneOf(business.timezone)), business.bookingRules.maxDaysAhead)

interface SlotQuery {
  readonly business: Schedule
  readonly durationMinutes: number
  readonly busy: ReadonlyArray<TimeRange.TimeRange>
  readonly now: DateTime.Utc
}

/** On-grid starts of one local day that fit the hours, respect lead time and days ahead, and are free. */
const slotsOn = (query: SlotQuery, date: LocalDate): ReadonlyArray<DateTime.Utc> => {
  const { business, durationMinutes, busy, now } = query
  const rules = business.bookingRules
  if (dayNumber(date) > dayNumber(lastBookableDate(business, now))) return []
  const zone = zoneOf(business.timezone)
  const earliest = millis(now) + rules.minLeadTimeMinutes * minuteMillis
  const slots: Array<DateTime.Utc> = []
  for (const opening of openingsOn(business, date)) {
    for (let m = opening.openMinutes; m < opening.closeMinutes; m += rules.slotGranularityMinutes) {
      const start = atLocal(zone, date, m)
      if (Option.isNone(start)) continue
      const end = plusMinutes(start.value, durationMinutes)
      if (millis(end) > millis(opening.close)) break
      if (millis(start.value) < earliest) continue
      if (conflicts(start.value, end, busy, rules.bufferMinutes)) continue
      slots.push(start.value)
    }
  }
  return slots
}

/**
 * Free bookable starts on one local day, earliest first — for "what do you have Friday?".
 * Fetch `busy` over `dayWindow(business, date)`.
 */
export const freeSlots = (input: {
  readonly business: Schedule
  readonly date: LocalDate
  readonly durationMinutes: number
  readonly busy: ReadonlyArray<TimeRange.TimeRange>
  readonly now: DateTime.Utc
}): ReadonlyArray<DateTime.Utc> => slotsOn(input, input.date)

/** The range whose busy intervals matter for `freeSlots` on `date` (the local day, widened by the buffer). */
export const dayWindow = (business: Schedule, date: LocalDate): TimeRange.TimeRange => {
  const zone = zoneOf(business.timezone)
  const buffer = business.bookingRules.bufferMinutes
  return TimeRange.make(
    plusMinutes(boundary(zone, date, 0), -buffer),
    plusMinutes(boundary(zone, addDays(date, 1), 0), buffer),
  )
}

const searchDays = (
  business: Schedule,
  start: DateTime.Utc,
  now: DateTime.Utc,
  horizonDays: number,
): { readonly first: LocalDate; readonly last: LocalDate } => {
  const zone = zoneOf(business.timezone)
  const requested = localDateOf(start, zone)
  const today = localDateOf(now, zone)
  const first = dayNumber(requested) < dayNumber(today) ? today : requested
  const horizonEnd = addDays(first, horizonDays - 1)
  const lastAllowed = lastBookableDate(business, now)
  return { first, last: dayNumber(horizonEnd) <= dayNumber(lastAllowed) ? horizonEnd : lastAllowed }
}

/**
 * The range a provider should fetch busy intervals for before calling `check` with this request:
 * the request itself plus every day the alternative search may look at, widened by the buffer.
 */
export const searchWindow = (
  business: Schedule,
  start: DateTime.Utc,
  durationMinutes: number,
  now: DateTime.Utc,
  horizonDays: number = defaultHorizonDays,
): TimeRange.TimeRange => {
  const zone = zoneOf(business.timezone)
  const buffer = business.bookingRules.bufferMinutes
  const requestFrom = plusMinutes(start, -buffer)
  const requestTo = plusMinutes(start, durationMinutes + buffer)
  const { first, last } = searchDays(business, start, now, horizonDays)
  if (dayNumber(first) > dayNumber(last)) return TimeRange.make(requestFrom, requestTo)
  const from = plusMinutes(boundary(zone, first, 0), -buffer)
  const to = plusMinutes(boundary(zone, addDays(last, 1), 0), buffer)
  return TimeRange.make(DateTime.min(from, requestFrom), DateTime.max(to, requestTo))
}

/**
 * Up to three free on-grid starts: on the requested day nearest to the requested time first
 * (ties → earlier), then later days earliest first, within the search horizon. The requested start
 * itself is left out (it was just refused, e.g. the calendar could not confirm it) unless asked for.
 */
export const alternatives = (
  input: CheckInput,
  options: { readonly includeRequested?: boolean } = {},
): ReadonlyArray<DateTime.Utc> => {
  const { first, last } = searchDays(input.business, input.start, input.now, input.horizonDays ?? defaultHorizonDays)
  const requested = millis(input.start)
  // Same day: nearest to the requested time, ties to the earlier one. Later days: earliest first.
  const nearest = Order.combine(
    Order.mapInput(Order.number, (slot: DateTime.Utc) => Math.abs(millis(slot) - requested)),
    Order.mapInput(Order.number, millis),
  )
  const found: Array<DateTime.Utc> = []
  for (
    let offset = 0;
    dayNumber(addDays(first, offset)) <= dayNumber(last) && found.length < maxAlternatives;
    offset++
  ) {
    const slots = slotsOn(input, addDays(first, offset)).filter(
      (slot) => options.includeRequested === true || millis(slot) !== requested,
    )
    const ordered = offset === 0 ? Arr.sort(slots, nearest) : slots
    found.push(...ordered.slice(0, maxAlternatives - found.length))
  }
  return found
}

const unavailable = (reason: Unavailability, alternativeStarts: ReadonlyArray<DateTime.Utc>): AvailabilityResult =>
  new AvailabilityResult({ available: false, reason, alternatives: alternativeStarts })

/**
 * What is wrong with a day as such, before any time on it: already gone, beyond the booking
 * window, or a day the business is closed. None when the day can be booked. The dialogue asks
 * this as soon as a caller names a day; `check` asks it for the requested start's day.
 */
export const dateProblem = (business: Schedule, date: LocalDate, now: DateTime.Utc): Option.Option<DateProblem> => {
  const today = localDateOf(now, zoneOf(business.timezone))
  if (dayNumber(date) < dayNumber(today)) return Option.some(DatePassed.make({ date }))
  if (dayNumber(date) > dayNumber(lastBookableDate(business, now))) {
    return Option.some(TooFarAhead.make({ maxDaysAhead: business.bookingRules.maxDaysAhead }))
  }
  const weekday = weekdayOf(date)
  if (business.hours[weekday].length === 0) return Option.some(ClosedThatDay.make({ weekday }))
  if (isClosedDate(business, date)) return Option.some(ClosedOnDate.make({ date }))
  return Option.none()
}

/** Why a request is not bookable, before looking at busy times; None when it is within the rules. */
const ruleViolation = (input: CheckInput): Option.Option<Unavailability> => {
  const { business, start, durationMinutes, now } = input
  const rules = business.bookingRules
  const date = localDateOf(start, zoneOf(business.timezone))
  if (millis(start) < millis(now)) return Option.some(InThePast.make({}))
  if (millis(start) < millis(now) + rules.minLeadTimeMinutes * minuteMillis) {
    return Option.some(TooSoon.make({ leadMinutes: rules.minLeadTimeMinutes }))
  }
  const problem = dateProblem(business, date, now)
  if (Option.isSome(problem)) return problem
  const openings = openingsOn(business, date)
  const end = plusMinutes(start, durationMinutes)
  const fits = openings.some((o) => millis(o.open) <= millis(start) && millis(end) <= millis(o.close))
  if (fits) return Option.none()
  const startsInside = openings.find((o) => millis(o.open) <= millis(start) && millis(start) < millis(o.close))
  if (startsInside !== undefined) return Option.some(RunsPastClosing.make({ start, closing: startsInside.closing }))
  const weekday = weekdayOf(date)
  return Option.some(NotOpenThen.make({ weekday, openings: business.hours[weekday] }))
}

/**
 * Checks one request. Off-grid starts (a caller asking for 3:10) are accepted when inside the
 * hours and free — refusing them would only annoy; the alternatives offered are always on the grid.
 */
export const check = (input: CheckInput): AvailabilityResult => {
  const violation = ruleViolation(input)
  if (Option.isSome(violation)) return unavailable(violation.value, alternatives(input))
  const { business, start, durationMinutes, busy } = input
  if (conflicts(start, plusMinutes(start, durationMinutes), busy, business.bookingRules.bufferMinutes)) {
    return unavailable(Taken.make({ start }), alternatives(input))
  }
  return new AvailabilityResult({ available: true })
}

export interface LocalCheckInput extends Omit<CheckInput, "start"> {
  readonly date: LocalDate
  readonly hours: number
  readonly minutes: number
}

/**
 * Checks a request as the caller said it — a local day and wall-clock time. `start` is None when
 * that time does not exist (the skipped hour when clocks go forward): the result then says so
 * and offers the nearest real slots.
 */
export const checkLocal = (
  input: LocalCheckInput,
): { readonly start: Option.Option<DateTime.Utc>; readonly result: AvailabilityResult } => {
  const zone = zoneOf(input.business.timezone)
  const minutes = input.hours * 60 + input.minutes
  const start = atLocal(zone, input.date, minutes)
  if (Option.isSome(start)) return { start, result: check({ ...input, start: start.value }) }
  const anchor = boundary(zone, input.date, minutes)
  return {
    start,
    result: unavailable(
      SkippedByDst.make({ date: input.date, time: { hour: input.hours, minute: input.minutes } }),
      // The anchor (where the clocks land, 03:30 for 02:30) is a real time and may well be free.
      alternatives({ ...input, start: anchor }, { includeRequested: true }),
    ),
  }
}
