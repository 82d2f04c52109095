import { expect, layer } from "@effect/vitest"
import { BookingId } from "@frontdesk/domain/model/Ids"
import * as TimeRange from "@frontdesk/domain/model/TimeRange"
import { BusyCache, CachedEvent } from "@frontdesk/domain/ports/BusyCache"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { Effect, type Layer, Option } from "effect"

/*
 * Behaviour every BusyCache must show. Stores keep rows between tests, so each test uses fresh
 * business ids.
 */

const at = Fixtures.utc
const event = (eventId: string, start: string, end: string, bookingId?: string) =>
  new CachedEvent({
    eventId,
    start: at(start),
    end: at(end),
    ...(bookingId === undefined ? {} : { bookingId: BookingId.make(bookingId) }),
  })
const day = TimeRange.make(at("2030-05-06T00:00:00Z"), at("2030-05-07T00:00:00Z"))
const write = (syncToken: string, time: string) => ({ syncToken, syncedAt: at(time), startedAt: at(time) })
const ids = (events: ReadonlyArray<CachedEvent>) => events.map((e) => e.eventId).sort()

export const suite = <E>(name: string, layer_: Layer.Layer<BusyCache, E>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
    it.effect("knows nothing of a calendar never listed", () =>
      Effect.gen(function* () {
        const cache = yield* BusyCache
        const businessId = Fixtures.businessId()
        expect(yield* cache.state(businessId, "primary")).toEqual(Option.none())
        expect(yield* cache.events(businessId, ["primary"], day)).toEqual([])
      }),
    )

    it.effect("a full listing replaces the copy and records the cursor and horizon", () =>
      Effect.gen(function* () {
        const cache = yield* BusyCache
        const businessId = Fixtures.businessId()
        yield* cache.replace(businessId, "primary", [event("old", "2030-05-06T09:00:00Z", "2030-05-06T10:00:00Z")], {
          ...write("t1", "2030-05-01T00:00:00Z"),
          horizonEnd: at("2030-06-01T00:00:00Z"),
        })
        yield* cache.replace(
          businessId,
          "primary",
          [
            event("a", "2030-05-06T11:00:00Z", "2030-05-06T12:00:00Z"),
            event("ours", "2030-05-06T13:00:00Z", "2030-05-06T14:00:00Z", "bk1"),
          ],
          { ...write("t2", "2030-05-02T00:00:00Z"), horizonEnd: at("2030-06-02T00:00:00Z") },
        )
        const events = yield* cache.events(businessId, ["primary"], day)
        expect(ids(events)).toEqual(["a", "ours"])
        expect(events.find((e) => e.eventId === "ours")?.bookingId).toBe("bk1")
        const state = Option.getOrThrow(yield* cache.state(businessId, "primary"))
        expect(state.syncToken).toBe("t2")
        expect(state.horizonEnd).toEqual(at("2030-06-02T00:00:00Z"))
        expect(state.syncedAt).toEqual(at("2030-05-02T00:00:00Z"))
      }),
    )

    it.effect("an incremental listing moves, adds and removes events by id and keeps the horizon", () =>
      Effect.gen(function* () {
        const cache = yield* BusyCache
        const businessId = Fixtures.businessId()
        yield* cache.replace(
          businessId,
          "primary",
          [
            event("a", "2030-05-06T09:00:00Z", "2030-05-06T10:00:00Z"),
            event("b", "2030-05-06T10:00:00Z", "2030-05-06T11:00:00Z"),
          ],
          { ...write("t1", "2030-05-01T00:00:00Z"), horizonEnd: at("2030-06-01T00:00:00Z") },
        )
        yield* cache.apply(
          businessId,
          "primary",
          {
            upserts: [
              event("a", "2030-05-06T15:00:00Z", "2030-05-06T16:00:00Z"),
              event("c", "2030-05-06T16:00:00Z", "2030-05-06T17:00:00Z"),
            ],
            removals: ["b", "never-seen"],
          },
          write("t2", "2030-05-01T01:00:00Z"),
        )
        const events = yield* cache.events(businessId, ["primary"], day)
        expect(ids(events)).toEqual(["a", "c"])
        expect(events.find((e) => e.eventId === "a")?.start).toEqual(at("2030-05-06T15:00:00Z"))
        const state = Option.getOrThrow(yield* cache.state(businessId, "primary"))
        expect(state.syncToken).toBe("t2")
        expect(state.horizonEnd).toEqual(at("2030-06-01T00:00:00Z"))
      }),
    )

    it.effect("returns only events overlapping the range, of the calendars asked for", () =>
      Effect.gen(function* () {
        const cache = yield* BusyCache
        const businessId = Fixtures.businessId()
        const horizon = { horizonEnd: at("2030-06-01T00:00:00Z") }
        yield* cache.replace(
          businessId,
          "primary",
          [
            event("before", "2030-05-05T22:00:00Z", "2030-05-06T00:00:00Z"),
            event("across", "2030-05-05T23:00:00Z", "2030-05-06T01:00:00Z"),
            event("after", "2030-05-07T00:00:00Z", "2030-05-07T01:00:00Z"),
          ],
          { ...write("t1", "2030-05-01T00:00:00Z"), ...horizon },
        )
        yield* cache.replace(businessId, "team", [event("team", "2030-05-06T12:00:00Z", "2030-05-06T13:00:00Z")], {
          ...write("u1", "2030-05-01T00:00:00Z"),
          ...horizon,
        })
        expect(ids(yield* cache.events(businessId, ["primary"], day))).toEqual(["across"])
        expect(ids(yield* cache.events(businessId, ["primary", "team"], day))).toEqual(["across", "team"])
        expect(yield* cache.events(Fixtures.businessId(), ["primary"], day)).toEqual([])
      }),
    )

    it.effect("a notification keeps the copy pending until a listing that started after it", () =>
      Effect.gen(function* () {
        const cache = yield* BusyCache
        const businessId = Fixtures.businessId()
        yield* cache.replace(businessId, "primary", [], {
          ...write("t1", "2030-05-01T00:00:00Z"),
          horizonEnd: at("2030-06-01T00:00:00Z"),
        })
        yield* cache.markPending(businessId, "primary", at("2030-05-01T00:05:00Z"))
        expect(Option.getOrThrow(yield* cache.state(businessId, "primary")).pendingSince).toEqual(
          at("2030-05-01T00:05:00Z"),
        )
        // A listing that started before the notification cannot have seen its change.
        yield* cache.apply(
          businessId,
          "primary",
          { upserts: [], removals: [] },
          {
            syncToken: "t2",
            startedAt: at("2030-05-01T00:04:00Z"),
            syncedAt: at("2030-05-01T00:06:00Z"),
          },
        )
        expect(Option.getOrThrow(yield* cache.state(businessId, "primary")).pendingSince).toEqual(
          at("2030-05-01T00:05:00Z"),
        )
        yield* cache.apply(businessId, "primary", { upserts: [], removals: [] }, write("t3", "2030-05-01T00:07:00Z"))
        expect(Option.getOrThrow(yield* cache.state(businessId, "primary")).pendingSince).toBeUndefined()
      }),
    )

    it.effect("an expected own change explains exactly one notification, per calendar", () =>
      Effect.gen(function* () {
        const cache = yield* BusyCache
        const businessId = Fixtures.businessId()
        const window = at("2030-05-01T00:09:00Z")
        expect(yield* cache.claimOwnChange(businessId, "primary", window)).toBe(false)
        yield* cache.expectOwnChange(businessId, "primary", at("2030-05-01T00:09:30Z"), window)
        yield* cache.expectOwnChange(businessId, "primary", at("2030-05-01T00:09:40Z"), window)
        expect(yield* cache.claimOwnChange(businessId, "team", window)).toBe(false)
        expect(yield* cache.claimOwnChange(Fixtures.businessId(), "primary", window)).toBe(false)
        expect(yield* cache.claimOwnChange(businessId, "primary", window)).toBe(true)
        expect(yield* cache.claimOwnChange(businessId, "primary", window)).toBe(true)
        expect(yield* cache.claimOwnChange(businessId, "primary", window)).toBe(false)
        // Expecting changes leaves the sync state alone: the calendar is not "known" because of it.
        expect(yield* cache.state(businessId, "primary")).toEqual(Option.none())
      }),
    )

    it.effect("expectations older than the window explain nothing and are not counted on", () =>
      Effect.gen(function* () {
        const cache = yield* BusyCache
        const businessId = Fixtures.businessId()
        yield* cache.expectOwnChange(businessId, "primary", at("2030-05-01T00:00:00Z"), at("2030-04-30T23:59:00Z"))
        yield* cache.expectOwnChange(businessId, "primary", at("2030-05-01T00:00:10Z"), at("2030-04-30T23:59:10Z"))
        // Two minutes on: the window has passed both.
        expect(yield* cache.claimOwnChange(businessId, "primary", at("2030-05-01T00:01:00Z"))).toBe(false)
        // A new expectation starts a fresh count instead of reviving the stale two.
        yield* cache.expectOwnChange(businessId, "primary", at("2030-05-01T00:02:00Z"), at("2030-05-01T00:01:00Z"))
        expect(yield* cache.claimOwnChange(businessId, "primary", at("2030-05-01T00:01:30Z"))).toBe(true)
        expect(yield* cache.claimOwnChange(businessId, "primary", at("2030-05-01T00:01:30Z"))).toBe(false)
      }),
    )

    it.effect("concurrent notifications use each expectation once", () =>
      Effect.gen(function* () {
        const cache = yield* BusyCache
        const businessId = Fixtures.businessId()
        const window = at("2030-05-01T00:00:00Z")
        for (let i = 0; i < 3; i++) {
          yield* cache.expectOwnChange(businessId, "primary", at("2030-05-01T00:00:30Z"), window)
        }
        const claims = yield* Effect.all(
          Array.from({ length: 6 }, () => cache.claimOwnChange(businessId, "primary", window)),
          { concurrency: "unbounded" },
        )
        expect(claims.filter((claimed) => claimed).length).toBe(3)
      }),
    )

    it.effect("forgetting a calendar drops its events and cursor", () =>
      Effect.gen(function* () {
        const cache = yield* BusyCache
        const businessId = Fixtures.businessId()
        yield* cache.replace(businessId, "primary", [event("a", "2030-05-06T09:00:00Z", "2030-05-06T10:00:00Z")], {
          ...write("t1", "2030-05-01T00:00:00Z"),
          horizonEnd: at("2030-06-01T00:00:00Z"),
        })
        yield* cache.expectOwnChange(businessId, "primary", at("2030-05-01T00:00:30Z"), at("2030-05-01T00:00:00Z"))
        yield* cache.forget(businessId, "primary")
        expect(yield* cache.state(businessId, "primary")).toEqual(Option.none())
        expect(yield* cache.claimOwnChange(businessId, "primary", at("2030-05-01T00:00:00Z"))).toBe(false)
        expect(yield* cache.events(businessId, ["primary"], day)).toEqual([])
      }),
    )
  })
