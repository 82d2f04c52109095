import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Option } from "effect"
import * as CalendarSync from "../src/calendarsync/CalendarSync.js"
import * as EventChanges from "../src/calendarsync/EventChanges.js"
import * as SyncHealth from "../src/calendarsync/SyncHealth.js"
import * as SyncJobs from "../src/calendarsync/SyncJobs.js"
import { BookingId } from "../src/model/Ids.js"
import { TimeZoneName } from "../src/model/TimeZone.js"
import { SyncState } from "../src/ports/BusyCache.js"
import type { FeedEvent } from "../src/ports/CalendarFeed.js"
import { WatchChannel } from "../src/ports/WatchChannels.js"
import * as Fixtures from "../src/testing/Fixtures.js"

const at = Fixtures.utc
// Bella Hair Studio keeps New York time.
const business = Fixtures.demoBusiness({ timezone: TimeZoneName.make("America/New_York") })

const timed = (id: string, start: string, end: string, extra: Partial<FeedEvent> = {}): FeedEvent => ({
  id,
  cancelled: false,
  free: false,
  start: { _tag: "At", at: at(start) },
  end: { _tag: "At", at: at(end) },
  ...extra,
})

describe("EventChanges: what a listed event means for availability", () => {
  it("an opaque event blocks its interval; a transparent or cancelled one blocks nothing", () => {
    const opaque = EventChanges.blocking(timed("a", "2026-03-10T14:00:00Z", "2026-03-10T15:00:00Z"), business)
    expect(Option.map(opaque, (e) => [DateTime.formatIso(e.start), DateTime.formatIso(e.end)])).toEqual(
      Option.some(["2026-03-10T14:00:00.000Z", "2026-03-10T15:00:00.000Z"]),
    )
    expect(
      EventChanges.blocking(timed("b", "2026-03-10T14:00:00Z", "2026-03-10T15:00:00Z", { free: true }), business),
    ).toEqual(Option.none())
    expect(
      EventChanges.blocking(timed("c", "2026-03-10T14:00:00Z", "2026-03-10T15:00:00Z", { cancelled: true }), business),
    ).toEqual(Option.none())
  })

  it("an all-day event blocks its local days in the business's zone, across a DST change", () => {
    // 2026-03-08 is spring-forward day in New York: the day is 23 hours long.
    const allDay: FeedEvent = {
      id: "holiday",
      cancelled: false,
      free: false,
      start: { _tag: "AllDay", date: { year: 2026, month: 3, day: 8 } },
      end: { _tag: "AllDay", date: { year: 2026, month: 3, day: 9 } },
    }
    const blocked = Option.getOrThrow(EventChanges.blocking(allDay, business))
    expect(DateTime.formatIso(blocked.start)).toBe("2026-03-08T05:00:00.000Z")
    expect(DateTime.formatIso(blocked.end)).toBe("2026-03-09T04:00:00.000Z")
  })

  it("a listing splits into upserts and removals by id, keeping Frontdesk's booking id", () => {
    const ours = BookingId.make("bk_1")
    const { upserts, removals } = EventChanges.partition(
      [
        timed("a", "2026-03-10T14:00:00Z", "2026-03-10T15:00:00Z"),
        timed("fd", "2026-03-10T16:00:00Z", "2026-03-10T17:00:00Z", { bookingId: ours }),
        { id: "gone", cancelled: true, free: false },
        timed("free", "2026-03-10T16:00:00Z", "2026-03-10T17:00:00Z", { free: true }),
      ],
      business,
    )
    expect(upserts.map((e) => [e.eventId, e.bookingId])).toEqual([
      ["a", undefined],
      ["fd", ours],
    ])
    expect(removals).toEqual(["gone", "free"])
  })

  it("Frontdesk's event is moved only when its start differs from the one Frontdesk wrote", () => {
    const bookingId = BookingId.make("bk_1")
    const written = { bookingId, writtenStart: at("2026-03-10T14:00:00Z") }
    expect(
      EventChanges.ownEventEdit(timed("fd", "2026-03-10T14:00:00Z", "2026-03-10T15:00:00Z", written), business),
    ).toEqual(Option.none())
    expect(
      EventChanges.ownEventEdit(timed("fd", "2026-03-10T18:00:00Z", "2026-03-10T19:00:00Z", written), business),
    ).toEqual(Option.some({ _tag: "Moved", bookingId, start: at("2026-03-10T18:00:00Z") }))
    expect(EventChanges.ownEventEdit({ id: "fd", cancelled: true, free: false, bookingId }, business)).toEqual(
      Option.some({ _tag: "Deleted", bookingId }),
    )
    // The owner's own events never move bookings.
    expect(EventChanges.ownEventEdit(timed("x", "2026-03-10T18:00:00Z", "2026-03-10T19:00:00Z"), business)).toEqual(
      Option.none(),
    )
  })
})

describe("SyncHealth: when the cache may answer", () => {
  const now = at("2026-03-10T12:00:00Z")
  const synced = new SyncState({
    businessId: business.id,
    calendarId: "primary",
    syncToken: "t",
    syncedAt: at("2026-03-10T11:59:00Z"),
    horizonEnd: at("2026-05-01T00:00:00Z"),
  })
  const channel = (expiresAt: string) =>
    new WatchChannel({
      id: "fd-1",
      businessId: business.id,
      calendarId: "primary",
      tokenHash: "5b",
      resourceId: "r",
      expiresAt: at(expiresAt),
      createdAt: at("2026-03-09T00:00:00Z"),
    })
  const input = {
    state: Option.some(synced),
    channels: [] as ReadonlyArray<WatchChannel>,
    calendarId: "primary",
    rangeEnd: at("2026-03-20T00:00:00Z"),
    now,
    pollInterval: Duration.seconds(60),
  }

  it("a recent poll, or a live channel however old the listing", () => {
    expect(SyncHealth.cacheAnswers(input)).toBe(true)
    const old = new SyncState({ ...synced, syncedAt: at("2026-03-10T11:57:00Z") })
    expect(SyncHealth.cacheAnswers({ ...input, state: Option.some(old) })).toBe(false)
    expect(
      SyncHealth.cacheAnswers({ ...input, state: Option.some(old), channels: [channel("2026-03-11T00:00:00Z")] }),
    ).toBe(true)
    expect(
      SyncHealth.cacheAnswers({ ...input, state: Option.some(old), channels: [channel("2026-03-10T11:00:00Z")] }),
    ).toBe(false)
  })

  it("never with a notification pending, before the first listing, or past the listed horizon", () => {
    const pending = new SyncState({ ...synced, pendingSince: at("2026-03-10T11:59:30Z") })
    expect(SyncHealth.cacheAnswers({ ...input, state: Option.some(pending) })).toBe(false)
    expect(SyncHealth.cacheAnswers({ ...input, state: Option.none() })).toBe(false)
    expect(SyncHealth.cacheAnswers({ ...input, rangeEnd: at("2026-05-02T00:00:00Z") })).toBe(false)
  })

  it("the needed horizon is maxDaysAhead plus two days", () => {
    const days = business.bookingRules.maxDaysAhead + 2
    expect(CalendarSync.neededHorizon(business, now)).toEqual(DateTime.add(now, { days }))
  })
})

describe("SyncJobs: schedules every instance agrees on", () => {
  it("the daily check falls at 03:00 UTC the next day, keyed by that day", () => {
    const next = SyncJobs.nextHealthCheckAt(at("2026-03-10T22:15:00Z"))
    expect(DateTime.formatIso(next)).toBe("2026-03-11T03:00:00.000Z")
    const fromMorning = SyncJobs.nextHealthCheckAt(at("2026-03-10T01:00:00Z"))
    expect(SyncJobs.healthCheck(business.id, next).dedupeKey).toBe(
      SyncJobs.healthCheck(business.id, SyncJobs.nextHealthCheckAt(at("2026-03-10T23:59:00Z"))).dedupeKey,
    )
    expect(DateTime.formatIso(fromMorning)).toBe("2026-03-11T03:00:00.000Z")
  })
})
