import type { BusinessId } from "@frontdesk/domain/Ids"
import * as TimeRange from "@frontdesk/domain/TimeRange"
import { Clock, DateTime, Duration, Effect, HashMap, Option, Ref } from "effect"

/**
 * Where Frontdesk's own events sit in a business's target calendar, remembered per business so an
 * availability check can leave them out without asking Google every time.
 *
 * freeBusy returns bare intervals; only events.list (filtered on our private marker) can say which
 * busy time is ours. Listing on every check would double the round trips, so we list a wide window
 * once and then trust it while it agrees with what freeBusy shows:
 * - our own writes update it directly (create, move, delete);
 * - an event of ours deleted or moved elsewhere (owner, another instance) leaves a remembered
 *   interval that freeBusy no longer shows as busy: the index is dropped and listed again;
 * - an event of ours created elsewhere is merely counted as busy until the next listing, which is
 *   the safe side (it is a local booking anyway);
 * - after `maxAge` we list again regardless.
 */

interface Index {
  readonly covered: TimeRange.TimeRange
  readonly events: HashMap.HashMap<string, TimeRange.TimeRange>
  readonly listedAt: number
}

const millis = (range: TimeRange.TimeRange) =>
  [DateTime.toEpochMillis(range.start), DateTime.toEpochMillis(range.end)] as const

const contains = (outer: TimeRange.TimeRange, inner: TimeRange.TimeRange) => {
  const [outerStart, outerEnd] = millis(outer)
  const [innerStart, innerEnd] = millis(inner)
  return outerStart <= innerStart && innerEnd <= outerEnd
}

export interface OwnEvents {
  /** Our events overlapping `range`, if the index covers it, is young enough and agrees with `busy`. */
  readonly lookup: (
    businessId: BusinessId,
    range: TimeRange.TimeRange,
    busy: ReadonlyArray<TimeRange.TimeRange>,
  ) => Effect.Effect<Option.Option<ReadonlyArray<TimeRange.TimeRange>>>
  /** A fresh listing of our events over `covered`. */
  readonly replace: (
    businessId: BusinessId,
    covered: TimeRange.TimeRange,
    events: ReadonlyArray<readonly [string, TimeRange.TimeRange]>,
  ) => Effect.Effect<void>
  /** We wrote (or moved) an event. */
  readonly put: (businessId: BusinessId, eventId: string, range: TimeRange.TimeRange) => Effect.Effect<void>
  readonly remove: (businessId: BusinessId, eventId: string) => Effect.Effect<void>
}

export const make = (maxAge: Duration.DurationInput = Duration.minutes(30)): Effect.Effect<OwnEvents> =>
  Effect.map(Ref.make(HashMap.empty<BusinessId, Index>()), (indexes): OwnEvents => {
    const maxAgeMillis = Duration.toMillis(maxAge)
    return {
      lookup: (businessId, range, busy) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Ref.modify(indexes, (all) => {
            const found = HashMap.get(all, businessId)
            if (Option.isNone(found)) return [Option.none(), all]
            const index = found.value
            if (now - index.listedAt > maxAgeMillis || !contains(index.covered, range)) {
              return [Option.none(), HashMap.remove(all, businessId)]
            }
            const [rangeStart, rangeEnd] = millis(range)
            const ours: Array<TimeRange.TimeRange> = []
            for (const event of HashMap.values(index.events)) {
              const [start, end] = millis(event)
              const clipped = { start: Math.max(start, rangeStart), end: Math.min(end, rangeEnd) }
              if (clipped.start >= clipped.end) continue
              const clippedRange = TimeRange.make(DateTime.unsafeMake(clipped.start), DateTime.unsafeMake(clipped.end))
              // One of ours that Google does not show as busy is gone or moved: the index is stale.
              if (!busy.some((block) => contains(block, clippedRange)))
                return [Option.none(), HashMap.remove(all, businessId)]
              ours.push(clippedRange)
            }
            return [Option.some(ours), all]
          }),
        ),
      replace: (businessId, covered, events) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Ref.update(
            indexes,
            HashMap.set(businessId, { covered, events: HashMap.fromIterable(events), listedAt: now }),
          ),
        ),
      put: (businessId, eventId, range) =>
        Ref.update(indexes, (all) =>
          Option.match(HashMap.get(all, businessId), {
            onNone: () => all,
            onSome: (index) =>
              HashMap.set(all, businessId, {
                ...index,
                events: contains(index.covered, range)
                  ? HashMap.set(index.events, eventId, range)
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
