import { Array as Arr, DateTime, Effect, HashMap, Layer, Option, Ref } from "effect"
import type { BusinessId } from "../model/Ids.js"
import { BusyCache, type CachedEvent, SyncState, type SyncWrite } from "./BusyCache.js"

interface CalendarCopy {
  readonly state: SyncState
  readonly events: HashMap.HashMap<string, CachedEvent>
}

const keyOf = (businessId: BusinessId, calendarId: string) => `${businessId}\u0000${calendarId}`

/** The state after a listing: a notification newer than the listing's start keeps it pending. */
const written = (state: SyncState, write: SyncWrite, horizonEnd?: DateTime.Utc): SyncState => {
  const { pendingSince, ...rest } = state
  const stillPending = pendingSince !== undefined && DateTime.greaterThan(pendingSince, write.startedAt)
  return new SyncState({
    ...rest,
    syncToken: write.syncToken,
    syncedAt: write.syncedAt,
    ...(horizonEnd !== undefined ? { horizonEnd } : {}),
    ...(stillPending ? { pendingSince } : {}),
  })
}

/** Expected notifications of Frontdesk's own writes: how many, and when the latest was recorded. */
interface Expected {
  readonly count: number
  readonly at: DateTime.Utc
}

export const make = Effect.map(
  Effect.zip(Ref.make(HashMap.empty<string, CalendarCopy>()), Ref.make(HashMap.empty<string, Expected>())),
  ([ref, expected]) => {
    const copyOf = (all: HashMap.HashMap<string, CalendarCopy>, businessId: BusinessId, calendarId: string) =>
      Option.getOrElse(
        HashMap.get(all, keyOf(businessId, calendarId)),
        (): CalendarCopy => ({ state: new SyncState({ businessId, calendarId }), events: HashMap.empty() }),
      )
    const update = (businessId: BusinessId, calendarId: string, f: (copy: CalendarCopy) => CalendarCopy) =>
      Ref.update(ref, (all) => HashMap.set(all, keyOf(businessId, calendarId), f(copyOf(all, businessId, calendarId))))

    return BusyCache.of({
      state: (businessId, calendarId) =>
        Effect.map(Ref.get(ref), (all) =>
          Option.map(HashMap.get(all, keyOf(businessId, calendarId)), (copy) => copy.state),
        ),
      replace: (businessId, calendarId, events, write) =>
        update(businessId, calendarId, (copy) => ({
          state: written(copy.state, write, write.horizonEnd),
          events: HashMap.fromIterable(events.map((event) => [event.eventId, event] as const)),
        })),
      apply: (businessId, calendarId, changes, write) =>
        update(businessId, calendarId, (copy) => ({
          state: written(copy.state, write),
          events: Arr.reduce(
            changes.upserts,
            Arr.reduce(changes.removals, copy.events, (events, id) => HashMap.remove(events, id)),
            (events, event) => HashMap.set(events, event.eventId, event),
          ),
        })),
      markPending: (businessId, calendarId, at) =>
        update(businessId, calendarId, (copy) => ({
          ...copy,
          state: new SyncState({
            ...copy.state,
            pendingSince: copy.state.pendingSince === undefined ? at : DateTime.max(copy.state.pendingSince, at),
          }),
        })),
      events: (businessId, calendarIds, range) =>
        Effect.map(Ref.get(ref), (all) =>
          calendarIds.flatMap((calendarId) =>
            Option.match(HashMap.get(all, keyOf(businessId, calendarId)), {
              onNone: () => [],
              onSome: (copy) =>
                Arr.filter(
                  Arr.fromIterable(HashMap.values(copy.events)),
                  (event) => DateTime.lessThan(event.start, range.end) && DateTime.lessThan(range.start, event.end),
                ),
            }),
          ),
        ),
      expectOwnChange: (businessId, calendarId, at, staleBefore) =>
        Ref.update(expected, (all) => {
          const key = keyOf(businessId, calendarId)
          const live = Option.filter(HashMap.get(all, key), (e) => !DateTime.lessThan(e.at, staleBefore))
          return HashMap.set(
            all,
            key,
            Option.match(live, {
              onNone: () => ({ count: 1, at }),
              onSome: (e) => ({ count: e.count + 1, at: DateTime.max(e.at, at) }),
            }),
          )
        }),
      claimOwnChange: (businessId, calendarId, staleBefore) =>
        Ref.modify(expected, (all) => {
          const key = keyOf(businessId, calendarId)
          const live = Option.filter(HashMap.get(all, key), (e) => e.count > 0 && !DateTime.lessThan(e.at, staleBefore))
          return Option.match(live, {
            onNone: () => [false, all] as const,
            onSome: (e) => [true, HashMap.set(all, key, { ...e, count: e.count - 1 })] as const,
          })
        }),
      forget: (businessId, calendarId) =>
        Effect.zipRight(
          Ref.update(ref, HashMap.remove(keyOf(businessId, calendarId))),
          Ref.update(expected, HashMap.remove(keyOf(businessId, calendarId))),
        ),
    })
  },
)

export const layerMemory: Layer.Layer<BusyCache> = Layer.effect(BusyCache, make)
