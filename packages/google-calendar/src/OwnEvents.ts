import type { BusinessId } from "@frontdesk/domain/model/Ids"
import * as TimeRange from "@frontdesk/domain/model/TimeRange"
import { Clock, DateTime, Duration, Effect, HashMap, Option, Ref } from "effect"

/**
 * Where Frontdesk's own events sit in a business's target calendar, remembered per business so an
 * availability check can leave them out without asking Google every time.
 *
 * freeBusy returns bare intervals; only events.list (filtered on our private marker) can say which
 * busy time is ours. Listing on every check would double the round trips, so we list a wide window
 * once and then trust the index while freeBusy agrees with it:
 * - our own writes update it directly (create, move, delete), so they cost no listing;
 * - an event of ours deleted or moved elsewhere (the owner, another instance) leaves a remembered
 *   interval that freeBusy no longer shows as busy: list again;
 * - busy time that is neither one of our events nor busy time seen at an earlier check is new (the
 *   owner added something, or another instance booked): list again, so another instance's booking
 *   is recognised too;
 * - after `maxAge`, list again regardless.
 * A calendar that does not change therefore costs one freeBusy per check. The one case no check can
 * see is an owner event added exactly inside one of ours: it is hidden, as it would be with a fresh
 * listing, and the booking behind our event keeps that time taken anyway.
 */

type Interval = readonly [start: number, end: number]

interface Index {
  readonly covered: Interval
  readonly events: HashMap.HashMap<string, Interval>
  /** Target-calendar busy time seen at earlier checks, within `covered`. */
  readonly seen: ReadonlyArray<Interval>
  readonly listedAt: number
}

const interval = (range: TimeRange.TimeRange): Interval => [
  DateTime.toEpochMillis(range.start),
  DateTime.toEpochMillis(range.end),
]

const toRange = ([start, end]: Interval) => TimeRange.make(DateTime.unsafeMake(start), DateTime.unsafeMake(end))

const contains = (outer: Interval, inner: Interval) => outer[0] <= inner[0] && inner[1] <= outer[1]

const clip = (value: Interval, within: Interval): Option.Option<Interval> => {
  const start = Math.max(value[0], within[0])
  const end = Math.min(value[1], within[1])
  return start < end ? Option.some([start, end]) : Option.none()
}

/** What is left of `value` after removing every interval in `holes`. */
const minus = (value: Interval, holes: ReadonlyArray<Interval>): ReadonlyArray<Interval> => {
  let pieces: ReadonlyArray<Interval> = [value]
  for (const [holeStart, holeEnd] of holes) {
    pieces = pieces.flatMap(([start, end]): ReadonlyArray<Interval> => {
      if (holeEnd <= start || end <= holeStart) return [[start, end]]
      return [
        ...(start < holeStart ? [[start, holeStart] as const] : []),
        ...(holeEnd < end ? [[holeEnd, end] as const] : []),
      ]
    })
  }
  return pieces
}

const overlaps = (a: Interval, b: Interval) => a[0] < b[1] && b[0] < a[1]

/** Sorted, with touching or overlapping intervals merged: the same busy time in the fewest pieces. */
const coalesce = (intervals: ReadonlyArray<Interval>): ReadonlyArray<Interval> => {
  const sorted = [...intervals].sort((a, b) => a[0] - b[0])
  const merged: Array<Interval> = []
  for (const next of sorted) {
    const last = merged[merged.length - 1]
    if (last !== undefined && next[0] <= last[1]) merged[merged.length - 1] = [last[0], Math.max(last[1], next[1])]
    else merged.push(next)
  }
  return merged
}

/**
 * `seen` with the part inside `range` replaced by what the latest check showed there. Kept merged,
 * so it stays as small as the calendar's busy time: checks over ever-different windows would
 * otherwise cut it into more pieces on every call (and every later check would walk them all).
 */
const remember = (seen: ReadonlyArray<Interval>, range: Interval, busy: ReadonlyArray<Interval>) =>
  coalesce([
    ...seen.flatMap((block) => minus(block, [range])),
    ...busy.flatMap((block) => Option.toArray(clip(block, range))),
  ])

export interface OwnEvents {
  /**
   * Our events within `range` (clipped), if the index covers the range, is young enough and agrees
   * with `busy` (the target calendar's busy blocks over `range` from freeBusy).
   */
  readonly lookup: (
    businessId: BusinessId,
    range: TimeRange.TimeRange,
    busy: ReadonlyArray<TimeRange.TimeRange>,
  ) => Effect.Effect<Option.Option<ReadonlyArray<TimeRange.TimeRange>>>
  /** A fresh listing of our events over `covered`, made while checking `range` (which showed `busy`). */
  readonly replace: (
    businessId: BusinessId,
    covered: TimeRange.TimeRange,
    events: ReadonlyArray<readonly [string, TimeRange.TimeRange]>,
    range: TimeRange.TimeRange,
    busy: ReadonlyArray<TimeRange.TimeRange>,
  ) => Effect.Effect<void>
  /** We wrote (or moved) an event. */
  readonly put: (businessId: BusinessId, eventId: string, range: TimeRange.TimeRange) => Effect.Effect<void>
  readonly remove: (businessId: BusinessId, eventId: string) => Effect.Effect<void>
}

export const make = (maxAge: Duration.DurationInput = Duration.minutes(30)): Effect.Effect<OwnEvents> =>
  Effect.map(Ref.make(HashMap.empty<BusinessId, Index>()), (indexes): OwnEvents => {
    const maxAgeMillis = Duration.toMillis(maxAge)

    const check = (index: Index, now: number, range: Interval, busy: ReadonlyArray<Interval>) => {
      if (now - index.listedAt > maxAgeMillis || !contains(index.covered, range)) return Option.none()
      const ours = [...HashMap.values(index.events)].flatMap((event) => Option.toArray(clip(event, range)))
      // One of ours that Google no longer shows as busy was deleted or moved elsewhere.
      if (!ours.every((event) => busy.some((block) => contains(block, event)))) return Option.none()
      // Busy time that is neither ours nor seen before: possibly ours from another instance.
      const known = [...index.seen.filter((block) => overlaps(block, range)), ...ours]
      if (!busy.every((block) => minus(block, known).length === 0)) return Option.none()
      return Option.some(ours)
    }

    return {
      lookup: (businessId, range, busy) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Ref.modify(indexes, (all) => {
            const found = HashMap.get(all, businessId)
            if (Option.isNone(found)) return [Option.none(), all]
            const window = interval(range)
            const blocks = busy.map(interval)
            const ours = check(found.value, now, window, blocks)
            if (Option.isNone(ours)) return [Option.none(), HashMap.remove(all, businessId)]
            const seen = remember(found.value.seen, window, blocks)
            return [Option.some(ours.value.map(toRange)), HashMap.set(all, businessId, { ...found.value, seen })]
          }),
        ),
      replace: (businessId, covered, events, range, busy) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Ref.update(
            indexes,
            HashMap.set<BusinessId, Index>(businessId, {
              covered: interval(covered),
              events: HashMap.fromIterable(events.map(([id, event]) => [id, interval(event)] as const)),
              seen: remember([], interval(range), busy.map(interval)),
              listedAt: now,
            }),
          ),
        ),
      put: (businessId, eventId, range) =>
        Ref.update(indexes, (all) =>
          Option.match(HashMap.get(all, businessId), {
            onNone: () => all,
            onSome: (index) =>
              HashMap.set(all, businessId, {
                ...index,
                // Outside the listed window we cannot vouch for it: leave it to the next listing.
                events: contains(index.covered, interval(range))
                  ? HashMap.set(index.events, eventId, interval(range))
                  : HashMap.remove(index.events, eventId),
              }),
          }),
        ),
      remove: (businessId, eventId) =>
        Ref.update(indexes, (all) =>
          Option.match(HashMap.get(all, businessId), {
            onNone: () => all,
            onSome: (index) =>
              HashMap.set(all, businessId, { ...index, events: HashMap.remove(index.events, eventId) }),
          }),
        ),
    }
  })
