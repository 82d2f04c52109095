import * as TimeRange from "@frontdesk/domain/model/TimeRange"
import { DateTime, Option } from "effect"

/** The time-range arithmetic of an availability check: freeBusy windows, parsing, merging, subtracting. */

/** Google refuses freeBusy ranges beyond about 90 days. */
const MAX_WINDOW_MILLIS = 90 * 24 * 60 * 60 * 1000

/** `range` cut into windows freeBusy accepts. */
export const windows = (range: TimeRange.TimeRange): ReadonlyArray<TimeRange.TimeRange> => {
  const result: Array<TimeRange.TimeRange> = []
  const end = DateTime.toEpochMillis(range.end)
  for (let start = DateTime.toEpochMillis(range.start); start < end; start += MAX_WINDOW_MILLIS) {
    result.push(
      TimeRange.make(DateTime.unsafeMake(start), DateTime.unsafeMake(Math.min(end, start + MAX_WINDOW_MILLIS))),
    )
  }
  return result
}

export const parseRange = (value: { start?: string | null; end?: string | null }): Option.Option<TimeRange.TimeRange> =>
  Option.all([DateTime.make(value.start ?? ""), DateTime.make(value.end ?? "")]).pipe(
    Option.map(([start, end]) => TimeRange.make(start, end)),
  )

/** Sorted, overlapping or touching ranges joined, clipped to `within`. */
export const normalize = (ranges: ReadonlyArray<TimeRange.TimeRange>, within: TimeRange.TimeRange) => {
  const clipped = ranges
    .map((range) => ({
      start: Math.max(DateTime.toEpochMillis(range.start), DateTime.toEpochMillis(within.start)),
      end: Math.min(DateTime.toEpochMillis(range.end), DateTime.toEpochMillis(within.end)),
    }))
    .filter((range) => range.start < range.end)
    .sort((a, b) => a.start - b.start)
  const merged: Array<{ start: number; end: number }> = []
  for (const range of clipped) {
    const last = merged[merged.length - 1]
    if (last !== undefined && range.start <= last.end) last.end = Math.max(last.end, range.end)
    else merged.push({ ...range })
  }
  return merged.map((range) => TimeRange.make(DateTime.unsafeMake(range.start), DateTime.unsafeMake(range.end)))
}

/** `busy` minus the parts covered by `own` (all as epoch-millis intervals). */
export const subtract = (busy: ReadonlyArray<TimeRange.TimeRange>, own: ReadonlyArray<TimeRange.TimeRange>) => {
  let pieces = busy.map((range) => [DateTime.toEpochMillis(range.start), DateTime.toEpochMillis(range.end)] as const)
  for (const hole of own) {
    const [holeStart, holeEnd] = [DateTime.toEpochMillis(hole.start), DateTime.toEpochMillis(hole.end)]
    pieces = pieces.flatMap(([start, end]) => {
      if (holeEnd <= start || end <= holeStart) return [[start, end] as const]
      return [
        ...(start < holeStart ? [[start, holeStart] as const] : []),
        ...(holeEnd < end ? [[holeEnd, end] as const] : []),
      ]
    })
  }
  return pieces.map(([start, end]) => TimeRange.make(DateTime.unsafeMake(start), DateTime.unsafeMake(end)))
}
