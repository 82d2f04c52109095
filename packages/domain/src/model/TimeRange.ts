import { DateTime, Schema } from "effect"

/** A half-open interval [start, end) in absolute time. */
export class TimeRange extends Schema.Class<TimeRange>("TimeRange")({
  start: Schema.DateTimeUtc,
  end: Schema.DateTimeUtc,
}) {}

/**
 * Availability builds thousands of ranges per check. A Schema class validates its fields on
 * construction, and for a class with transformed fields (DateTimeUtc) Effect 3 rebuilds the
 * validator each time: 13 % of a turn's CPU (`apps/server/bench/turn.ts`). Both fields are
 * `DateTime.Utc` by construction here, so there is nothing left to check.
 */
export const make = (start: DateTime.DateTime, end: DateTime.DateTime): TimeRange =>
  new TimeRange({ start: DateTime.toUtc(start), end: DateTime.toUtc(end) }, { disableValidation: true })

export const overlaps = (a: TimeRange, b: TimeRange): boolean =>
  DateTime.lessThan(a.start, b.end) && DateTime.lessThan(b.start, a.end)

export const durationMillis = (range: TimeRange): number =>
  DateTime.toEpochMillis(range.end) - DateTime.toEpochMillis(range.start)
