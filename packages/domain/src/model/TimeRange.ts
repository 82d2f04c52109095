import { DateTime, Schema } from "effect"

/** A half-open interval [start, end) in absolute time. */
export class TimeRange extends Schema.Class<TimeRange>("TimeRange")({
  start: Schema.DateTimeUtc,
  end: Schema.DateTimeUtc,
}) {}

export const make = (start: DateTime.DateTime, end: DateTime.DateTime): TimeRange =>
  new TimeRange({ start: DateTime.toUtc(start), end: DateTime.toUtc(end) })

export const overlaps = (a: TimeRange, b: TimeRange): boolean =>
  DateTime.lessThan(a.start, b.end) && DateTime.lessThan(b.start, a.end)

export const durationMillis = (range: TimeRange): number =>
  DateTime.toEpochMillis(range.end) - DateTime.toEpochMillis(range.start)
