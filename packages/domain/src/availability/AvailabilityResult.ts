import { Schema } from "effect"
import { LocalTime, OpeningInterval, Weekday } from "../model/Business.js"
import { ClockTime, LocalDate } from "../model/LocalDate.js"

/** The coarse kind of a refusal, for logs and for tests that only care which rule said no. */
export const UnavailableReason = Schema.Literal(
  "taken",
  "closed",
  "too_soon",
  "too_far_ahead",
  "in_the_past",
  "calendar_rate_limited",
  "provider_refused",
)
export type UnavailableReason = typeof UnavailableReason.Type

export const InThePast = Schema.TaggedStruct("InThePast", {})
/** A whole day already gone ("last Friday"), refused before any time is asked for. */
export const DatePassed = Schema.TaggedStruct("DatePassed", { date: LocalDate })
export const TooSoon = Schema.TaggedStruct("TooSoon", { leadMinutes: Schema.Int })
export const TooFarAhead = Schema.TaggedStruct("TooFarAhead", { maxDaysAhead: Schema.Int })
export const ClosedThatDay = Schema.TaggedStruct("ClosedThatDay", { weekday: Weekday })
/** One of the business's closed dates (a holiday), although its weekly hours say open. */
export const ClosedOnDate = Schema.TaggedStruct("ClosedOnDate", { date: LocalDate })
export const RunsPastClosing = Schema.TaggedStruct("RunsPastClosing", {
  start: Schema.DateTimeUtc,
  closing: LocalTime,
})
export const NotOpenThen = Schema.TaggedStruct("NotOpenThen", {
  weekday: Weekday,
  openings: Schema.Array(OpeningInterval),
})
export const Taken = Schema.TaggedStruct("Taken", { start: Schema.DateTimeUtc })
/** A wall time the spring-forward gap skips on that date. */
export const SkippedByDst = Schema.TaggedStruct("SkippedByDst", { date: LocalDate, time: ClockTime })
export const CalendarRateLimited = Schema.TaggedStruct("CalendarRateLimited", {})
/** Lost the race for the slot to another booking between the check and the insert. */
export const JustTaken = Schema.TaggedStruct("JustTaken", {})
/** The booking provider said no; `detail` is whatever the provider gave as its reason. */
export const ProviderRefused = Schema.TaggedStruct("ProviderRefused", { detail: Schema.optional(Schema.String) })

/**
 * Why a requested start (or day) cannot be booked, with the facts a sentence needs. Policies and
 * providers only decide; `speech/Refusals` says it to the caller.
 */
export const Unavailability = Schema.Union(
  InThePast,
  DatePassed,
  TooSoon,
  TooFarAhead,
  ClosedThatDay,
  ClosedOnDate,
  RunsPastClosing,
  NotOpenThen,
  Taken,
  SkippedByDst,
  CalendarRateLimited,
  JustTaken,
  ProviderRefused,
)
export type Unavailability = typeof Unavailability.Type

/** A problem with a day as such, before any time on it is considered. */
export type DateProblem =
  | typeof DatePassed.Type
  | typeof TooFarAhead.Type
  | typeof ClosedThatDay.Type
  | typeof ClosedOnDate.Type

const codes: { readonly [K in Unavailability["_tag"]]: UnavailableReason } = {
  InThePast: "in_the_past",
  DatePassed: "in_the_past",
  TooSoon: "too_soon",
  TooFarAhead: "too_far_ahead",
  ClosedThatDay: "closed",
  ClosedOnDate: "closed",
  RunsPastClosing: "closed",
  NotOpenThen: "closed",
  SkippedByDst: "closed",
  Taken: "taken",
  JustTaken: "taken",
  CalendarRateLimited: "calendar_rate_limited",
  ProviderRefused: "provider_refused",
}

export const codeOf = (reason: Unavailability): UnavailableReason => codes[reason._tag]

export class AvailabilityResult extends Schema.Class<AvailabilityResult>("AvailabilityResult")({
  available: Schema.Boolean,
  /** Why not, when not available. */
  reason: Schema.optional(Unavailability),
  /** Nearest free starts, best first (at most three). */
  alternatives: Schema.optionalWith(Schema.Array(Schema.DateTimeUtc), { default: () => [] }),
  /** Calendar trouble that was tolerated on the way (for logs and the owner). */
  degraded: Schema.optional(Schema.String),
}) {
  /** Derived from `reason`, so the two cannot disagree. */
  get reasonCode(): UnavailableReason | undefined {
    return this.reason === undefined ? undefined : codeOf(this.reason)
  }
}
