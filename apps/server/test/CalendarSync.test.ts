import { createHash } from "node:crypto"
import { SqlClient } from "@effect/sql/SqlClient"
import { describe, expect, it } from "@effect/vitest"
import type { Business } from "@frontdesk/domain/model/Business"
import * as TimeRange from "@frontdesk/domain/model/TimeRange"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { BusyCache } from "@frontdesk/domain/ports/BusyCache"
import { Calendar } from "@frontdesk/domain/ports/Calendar"
import { Outbox } from "@frontdesk/domain/ports/Outbox"
import { RecordingTelephonyControl } from "@frontdesk/domain/ports/RecordingTelephony"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import * as PgStorage from "@frontdesk/postgres/PgStorage"
import * as TokenCipher from "@frontdesk/postgres/TokenCipher"
import * as FakeGoogle from "@frontdesk/testkit/FakeGoogle"
import { DateTime, Duration, Effect, Layer, Option, Redacted } from "effect"
import * as AppLayer from "../src/AppLayer.js"
import {
  connectGoogle,
  everyDayBusiness,
  googleAdapters,
  type Harness,
  type HarnessOptions,
  makeHarness,
  memoryStorage,
  tomorrowAt,
} from "./Harness.js"

/** Real time passes (channels expire by Google's wall clock); bounded and short. */
const wait = (millis: number) => Effect.promise(() => new Promise((resolve) => setTimeout(resolve, millis)))

const bookingsOf = (harness: Harness, business: Business) =>
  harness.run(Effect.flatMap(BookingRepository, (repository) => repository.listByBusiness(business.id)))

const textsTo = (harness: Harness, phone: string) =>
  harness.run(Effect.flatMap(RecordingTelephonyControl, (control) => control.sentTo(phone as never)))

/** Notifications answered, then the outbox drained, until neither has anything left (bounded). */
const settle = (harness: Harness, google: FakeGoogle.FakeGoogleService) =>
  Effect.gen(function* () {
    for (let round = 0; round < 5; round++) {
      const before = (yield* google.deliveries).length
      yield* harness.drainOutbox
      const after = (yield* google.deliveries).length
      if (after === before) return
    }
  })

const pushOn: HarnessOptions["sync"] = {
  push: true,
  pollInterval: Duration.seconds(60),
  channelTtl: Duration.days(7),
  renewBefore: Duration.days(1),
}

const setUp = (
  options: { readonly sync?: HarnessOptions["sync"]; readonly storage?: HarnessOptions["storage"] } = {},
) =>
  Effect.gen(function* () {
    const google = yield* FakeGoogle.make()
    const harness = yield* makeHarness({
      ...googleAdapters(google),
      sync: options.sync ?? pushOn,
      ...(options.storage === undefined ? {} : { storage: options.storage }),
    })
    const business = everyDayBusiness({ aiConfig: Fixtures.googleAiConfig })
    yield* harness.seed(business)
    yield* connectGoogle(harness, google, business)
    return { google, harness, business }
  })

/** The scheduler's first round: a channel on the calendar, then the first full listing. */
const initialSync = (harness: Harness, google: FakeGoogle.FakeGoogleService) =>
  Effect.gen(function* () {
    yield* harness.tickSync
    yield* settle(harness, google)
  })

/** A call that names a time and stops at the read-back; what the agent said last. */
const ask = (harness: Harness, business: Business, hour: number) =>
  Effect.map(harness.call(business).script([`Hi, it's Ana Ruiz, can I get a haircut tomorrow at ${hour}?`]), (heard) =>
    heard.join(" "),
  )

const book = (harness: Harness, business: Business, hour: number) =>
  Effect.gen(function* () {
    const call = harness.call(business)
    const heard = yield* call.script([`Hi, it's Ana Ruiz, can I get a haircut tomorrow at ${hour}?`, "yes"])
    expect(heard.at(-1)).toContain("You're all set")
    return call
  })

const notify = (harness: Harness, headers: Record<string, string>) =>
  Effect.promise(() => harness.app.inject({ method: "POST", url: "/webhooks/google/calendar", headers }))

describe("two-way calendar sync over HTTP against FakeGoogle (issue #15)", () => {
  it.scoped("a notification needs a known channel and its own token; only then is a listing queued", () =>
    Effect.gen(function* () {
      const { google, harness } = yield* setUp()
      yield* initialSync(harness, google)
      const [channel] = yield* google.channels
      expect(channel).toBeDefined()
      // Google's own notifications (the `sync` after the watch, at least) were accepted.
      expect((yield* google.deliveries).every((delivery) => delivery.status === 204)).toBe(true)

      const syncJobs = harness.run(
        Effect.map(
          Effect.flatMap(Outbox, (outbox) => outbox.list({ status: "pending" })),
          (jobs) => jobs.filter((job) => job.kind === "calendar.sync").length,
        ),
      )
      const forged = yield* notify(harness, {
        "x-goog-channel-id": channel!.id,
        "x-goog-channel-token": "guessed",
        "x-goog-resource-state": "exists",
      })
      expect(forged.statusCode).toBe(403)
      const unknown = yield* notify(harness, {
        "x-goog-channel-id": "fd-nobody",
        "x-goog-channel-token": channel!.token ?? "",
        "x-goog-resource-state": "exists",
      })
      expect(unknown.statusCode).toBe(404)
      expect((yield* notify(harness, {})).statusCode).toBe(400)
      expect(yield* syncJobs).toBe(0)

      const genuine = yield* notify(harness, {
        "x-goog-channel-id": channel!.id,
        "x-goog-channel-token": channel!.token ?? "",
        "x-goog-resource-state": "exists",
      })
      expect(genuine.statusCode).toBe(204)
      expect(yield* syncJobs).toBe(1)
    }),
  )

  it.scoped(
    "callers booking after the initial sync cause no freeBusy: the insert is the only request on the path",
    () =>
      Effect.gen(function* () {
        const { google, harness, business } = yield* setUp()
        yield* initialSync(harness, google)
        yield* google.resetRequests
        yield* book(harness, business, 10)
        yield* book(harness, business, 13)
        expect(yield* google.requestCount("freeBusy")).toBe(0)
        yield* settle(harness, google)
        expect(yield* google.requestCount("freeBusy")).toBe(0)
        expect(yield* google.requestCount("events.insert")).toBe(2)
        expect((yield* bookingsOf(harness, business)).every((booking) => booking.calendarSync === "synced")).toBe(true)
      }),
  )

  it.scoped("an owner's new opaque event blocks its slot as soon as it is listed; a transparent one does not", () =>
    Effect.gen(function* () {
      const { google, harness, business } = yield* setUp()
      yield* initialSync(harness, google)
      yield* google.addEvent("primary", {
        start: DateTime.toDate(tomorrowAt(business, 10)),
        end: DateTime.toDate(tomorrowAt(business, 11)),
        summary: "Dentist",
      })
      yield* google.addEvent("primary", {
        start: DateTime.toDate(tomorrowAt(business, 14)),
        end: DateTime.toDate(tomorrowAt(business, 15)),
        summary: "Reminder",
        transparency: "transparent",
      })
      yield* settle(harness, google)
      yield* google.resetRequests
      expect(yield* ask(harness, business, 10)).not.toContain("Shall I book it?")
      expect(yield* ask(harness, business, 14)).toContain("Shall I book it?")
      expect(yield* google.requestCount("freeBusy")).toBe(0)
    }),
  )

  it.scoped("a notification not yet listed sends the check to freeBusy, so a change is never missed", () =>
    Effect.gen(function* () {
      const { google, harness, business } = yield* setUp()
      yield* initialSync(harness, google)
      yield* google.addEvent("primary", {
        start: DateTime.toDate(tomorrowAt(business, 10)),
        end: DateTime.toDate(tomorrowAt(business, 11)),
      })
      yield* google.deliveries
      yield* google.resetRequests
      // The listing is queued but has not run: the cache is stale, Google answers.
      expect(yield* ask(harness, business, 10)).not.toContain("Shall I book it?")
      expect(yield* google.requestCount("freeBusy")).toBe(1)
    }),
  )

  it.scoped("the owner moving Frontdesk's event moves the booking and texts the customer; deleting it cancels", () =>
    Effect.gen(function* () {
      const { google, harness, business } = yield* setUp()
      yield* initialSync(harness, google)
      const call = yield* book(harness, business, 11)
      yield* settle(harness, google)
      const [booking] = yield* bookingsOf(harness, business)
      const eventId = booking!.externalEventId!
      expect((yield* textsTo(harness, call.from)).length).toBe(1)

      yield* google.moveEvent("primary", eventId, {
        start: DateTime.toDate(tomorrowAt(business, 15)),
        end: DateTime.toDate(tomorrowAt(business, 16)),
      })
      yield* settle(harness, google)
      const [moved] = yield* bookingsOf(harness, business)
      expect(DateTime.toEpochMillis(moved!.startsAt)).toBe(DateTime.toEpochMillis(tomorrowAt(business, 15)))
      expect(moved!.status).toBe("confirmed")
      const afterMove = yield* textsTo(harness, call.from)
      expect(afterMove.length).toBe(2)
      expect(afterMove.at(-1)!.body).toContain("3")
      // Frontdesk's own update of the event that follows does not count as another move.
      const event = (yield* google.events("primary")).find((e) => e.id === eventId)!
      expect(new Date(event.start.dateTime!).getTime()).toBe(DateTime.toEpochMillis(tomorrowAt(business, 15)))

      yield* google.deleteEvent("primary", eventId)
      yield* settle(harness, google)
      const [cancelled] = yield* bookingsOf(harness, business)
      expect(cancelled!.status).toBe("cancelled")
      const afterDelete = yield* textsTo(harness, call.from)
      expect(afterDelete.length).toBe(3)
      expect(afterDelete.at(-1)!.body.toLowerCase()).toContain("cancel")
    }),
  )

  it.scoped("a move to a time the rules refuse keeps the booking, puts the event back and tells the owner", () =>
    Effect.gen(function* () {
      const { google, harness, business } = yield* setUp()
      yield* initialSync(harness, google)
      const call = yield* book(harness, business, 11)
      yield* settle(harness, google)
      const [booking] = yield* bookingsOf(harness, business)
      // 20:00 is after closing (09:00-17:00).
      yield* google.moveEvent("primary", booking!.externalEventId!, {
        start: DateTime.toDate(tomorrowAt(business, 20)),
        end: DateTime.toDate(tomorrowAt(business, 21)),
      })
      yield* settle(harness, google)
      const [kept] = yield* bookingsOf(harness, business)
      expect(DateTime.toEpochMillis(kept!.startsAt)).toBe(DateTime.toEpochMillis(tomorrowAt(business, 11)))
      const event = (yield* google.events("primary")).find((e) => e.id === booking!.externalEventId)!
      expect(new Date(event.start.dateTime!).getTime()).toBe(DateTime.toEpochMillis(tomorrowAt(business, 11)))
      const owner = yield* textsTo(harness, business.ownerPhone!)
      expect(owner.map((text) => text.body).join(" ")).toContain("can't move")
      expect((yield* textsTo(harness, call.from)).length).toBe(1)
    }),
  )

  it.scoped("an expired sync token (410) wipes the copy and lists the calendar again in full", () =>
    Effect.gen(function* () {
      const { google, harness, business } = yield* setUp()
      yield* initialSync(harness, google)
      yield* google.invalidateSyncTokens
      yield* google.resetRequests
      yield* google.addEvent("primary", {
        start: DateTime.toDate(tomorrowAt(business, 12)),
        end: DateTime.toDate(tomorrowAt(business, 13)),
      })
      yield* settle(harness, google)
      const lists = (yield* google.requests).filter((request) => request.endpoint === "events.list")
      // One refused incremental listing, then the full one.
      expect(lists.length).toBe(2)
      yield* google.resetRequests
      expect(yield* ask(harness, business, 12)).not.toContain("Shall I book it?")
      expect(yield* google.requestCount("freeBusy")).toBe(0)
    }),
  )
})

/** Embedded PGlite in memory, migrated: the same SQL adapters production runs. */
const pgliteStorage = Layer.provideMerge(
  AppLayer.pgReadiness,
  PgStorage.layer({ databaseUrl: Option.none(), dataDir: undefined }).pipe(
    Layer.provide(TokenCipher.layer(Redacted.make(TokenCipher.generateKey("test")))),
  ),
)

/**
 * Calendar API requests. The OAuth token endpoint is left out: the harness builds the write adapter
 * and the feed apart, so the writes' first access token is fetched once more than in production
 * (AppLayer.live shares one AccessTokens cache).
 */
const endpoints = (google: FakeGoogle.FakeGoogleService) =>
  Effect.map(google.requests, (requests) =>
    requests
      .map((request) => request.endpoint)
      .filter((endpoint) => endpoint !== "token")
      .sort(),
  )

const pendingKeys = (harness: Harness) =>
  harness.run(
    Effect.map(
      Effect.flatMap(Outbox, (outbox) => outbox.list({ status: "pending" })),
      (jobs) => jobs.filter((job) => job.kind === "calendar.sync").map((job) => job.dedupeKey ?? ""),
    ),
  )

describe("own-change accounting (issue #15, ADR 0012 amended 2026-12-02)", () => {
  it.scoped("bookings after the initial sync cost Google exactly one request each: the insert", () =>
    Effect.gen(function* () {
      const { google, harness, business } = yield* setUp()
      yield* initialSync(harness, google)
      yield* google.resetRequests
      yield* book(harness, business, 10)
      yield* book(harness, business, 13)
      yield* settle(harness, google)
      // Both inserts notified the channel; both notifications were accepted and explained.
      expect((yield* google.deliveries).filter((d) => d.state === "exists").map((d) => d.status)).toEqual([204, 204])
      expect(yield* endpoints(google)).toEqual(["events.insert", "events.insert"])
      // The copy still answers the next caller, and only the deferred verification is queued.
      expect(yield* ask(harness, business, 15)).toContain("Shall I book it?")
      expect(yield* endpoints(google)).toEqual(["events.insert", "events.insert"])
      expect(yield* pendingKeys(harness)).toEqual([`calendar:verify:${business.id}:primary`])
    }),
  )

  it.scoped("an owner's edit right after Frontdesk's insert is unexplained, so it is listed at once", () =>
    Effect.gen(function* () {
      const { google, harness, business } = yield* setUp()
      yield* initialSync(harness, google)
      yield* book(harness, business, 11)
      // The insert runs; its notification is on its way when the owner moves the new event.
      yield* harness.drainOutbox
      const [booking] = yield* bookingsOf(harness, business)
      yield* google.resetRequests
      yield* google.moveEvent("primary", booking!.externalEventId!, {
        start: DateTime.toDate(tomorrowAt(business, 15)),
        end: DateTime.toDate(tomorrowAt(business, 16)),
      })
      yield* settle(harness, google)
      expect(yield* google.requestCount("events.list")).toBeGreaterThanOrEqual(1)
      const [moved] = yield* bookingsOf(harness, business)
      expect(DateTime.toEpochMillis(moved!.startsAt)).toBe(DateTime.toEpochMillis(tomorrowAt(business, 15)))
    }),
  )

  it.scoped("a notification no write explains still lists at once", () =>
    Effect.gen(function* () {
      const { google, harness, business } = yield* setUp()
      yield* initialSync(harness, google)
      yield* google.resetRequests
      yield* google.addEvent("primary", {
        start: DateTime.toDate(tomorrowAt(business, 10)),
        end: DateTime.toDate(tomorrowAt(business, 11)),
      })
      yield* settle(harness, google)
      expect(yield* endpoints(google)).toEqual(["events.list"])
      expect(yield* pendingKeys(harness)).toEqual([])
    }),
  )

  it.live("a write that never notified hides an owner's edit only until the verification listing", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const { google, harness, business } = yield* setUp({ sync: { ...pushOn, verifyDelay: Duration.millis(300) } })
        yield* initialSync(harness, google)
        // The insert fails: its expectation is recorded, but no notification will use it up.
        yield* google.inject(FakeGoogle.Fault.serverError(), { endpoints: ["events.insert"], times: 10 })
        yield* book(harness, business, 9)
        yield* harness.drainOutbox
        yield* google.clearFaults
        yield* google.resetRequests
        // The owner's new event: its notification is taken for the failed write's.
        yield* google.addEvent("primary", {
          start: DateTime.toDate(tomorrowAt(business, 14)),
          end: DateTime.toDate(tomorrowAt(business, 15)),
        })
        yield* settle(harness, google)
        expect(yield* google.requestCount("events.list")).toBe(0)
        expect(yield* pendingKeys(harness)).toContain(`calendar:verify:${business.id}:primary`)
        // Past the verify delay the verification lists the calendar, and the owner's event blocks.
        yield* wait(400)
        yield* settle(harness, google)
        expect(yield* google.requestCount("events.list")).toBeGreaterThanOrEqual(1)
        yield* google.resetRequests
        expect(yield* ask(harness, business, 14)).not.toContain("Shall I book it?")
        expect(yield* google.requestCount("freeBusy")).toBe(0)
      }),
    ),
  )
})

/** Availability's view of the next `days` days (CachedCalendar, as the booking flow asks it): block starts. */
const busyStarts = (harness: Harness, business: Business, days: number) =>
  harness.run(
    Effect.gen(function* () {
      const now = yield* DateTime.now
      const calendar = yield* Calendar
      const busy = yield* calendar.busy(business, TimeRange.make(now, DateTime.add(now, { days })))
      return busy.map((block) => DateTime.toEpochMillis(block.start)).sort((a, b) => a - b)
    }),
  )

const week = 7 * 86_400_000

describe("all-day and recurring events (issue #15)", () => {
  it.scoped("an owner's all-day event blocks that day for callers, from the cache", () =>
    Effect.gen(function* () {
      const { google, harness, business } = yield* setUp()
      yield* initialSync(harness, google)
      const local = (instant: DateTime.Utc) =>
        DateTime.formatIsoDate(DateTime.unsafeMakeZoned(instant, { timeZone: business.timezone }))
      const tomorrow = tomorrowAt(business, 12)
      yield* google.addEvent("primary", {
        start: { date: local(tomorrow) },
        end: { date: local(DateTime.add(tomorrow, { days: 1 })) },
        summary: "Holiday",
      })
      yield* settle(harness, google)
      yield* google.resetRequests
      expect(yield* ask(harness, business, 10)).not.toContain("Shall I book it?")
      expect(yield* ask(harness, business, 15)).not.toContain("Shall I book it?")
      expect(yield* google.requestCount("freeBusy")).toBe(0)
    }),
  )

  it.scoped("a weekly event blocks each instance in the horizon; deleting one instance frees just that one", () =>
    Effect.gen(function* () {
      const { google, harness, business } = yield* setUp()
      yield* initialSync(harness, google)
      const first = tomorrowAt(business, 10)
      const series = yield* google.addEvent("primary", {
        start: DateTime.toDate(first),
        end: DateTime.toDate(tomorrowAt(business, 11)),
        summary: "Team meeting",
        recurrence: ["RRULE:FREQ=WEEKLY;COUNT=3"],
      })
      yield* settle(harness, google)
      yield* google.resetRequests
      const starts = [0, 1, 2].map((k) => DateTime.toEpochMillis(first) + k * week)
      expect(yield* busyStarts(harness, business, 30)).toEqual(starts)
      expect(yield* ask(harness, business, 10)).not.toContain("Shall I book it?")
      expect(yield* google.requestCount("freeBusy")).toBe(0)

      // The owner deletes next week's meeting only.
      const instanceId = `${series.id}_${new Date(starts[1]!)
        .toISOString()
        .replace(/[-:]/g, "")
        .replace(/\.\d{3}/, "")}`
      yield* google.deleteEvent("primary", instanceId)
      yield* settle(harness, google)
      expect(yield* busyStarts(harness, business, 30)).toEqual([starts[0], starts[2]])
      expect(yield* google.requestCount("freeBusy")).toBe(0)
    }),
  )
})

describe("channel tokens at rest (issue #15)", () => {
  it.scoped(
    "the stored channel row holds the token's sha256, never the token, and Google's token is still accepted",
    () =>
      Effect.gen(function* () {
        const { google, harness } = yield* setUp({ storage: pgliteStorage })
        yield* initialSync(harness, google)
        const [channel] = yield* google.channels
        const token = channel!.token!
        const rows = yield* harness.run(
          Effect.flatMap(SqlClient, (sql) => sql<Record<string, unknown>>`SELECT * FROM calendar_watch_channels`),
        )
        expect(rows.length).toBe(1)
        expect(Object.values(rows[0]!).map(String)).not.toContain(token)
        expect(JSON.stringify(rows)).not.toContain(token)
        expect(rows[0]!.token_hash).toBe(createHash("sha256").update(token).digest("hex"))
        const genuine = yield* notify(harness, {
          "x-goog-channel-id": channel!.id,
          "x-goog-channel-token": token,
          "x-goog-resource-state": "exists",
        })
        expect(genuine.statusCode).toBe(204)
        const forged = yield* notify(harness, {
          "x-goog-channel-id": channel!.id,
          "x-goog-channel-token": String(rows[0]!.token_hash),
          "x-goog-resource-state": "exists",
        })
        expect(forged.statusCode).toBe(403)
      }),
  )
})

describe("losing push (issue #15)", () => {
  it.live("a channel that expires without renewal falls back to freeBusy, then to polling", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const { google, harness, business } = yield* setUp({
          sync: {
            push: true,
            pollInterval: Duration.millis(1000),
            channelTtl: Duration.seconds(2),
            renewBefore: Duration.millis(500),
          },
        })
        yield* initialSync(harness, google)
        expect((yield* google.channels).length).toBe(1)
        // Google refuses every new channel from now on: the renewal cannot happen.
        yield* google.inject(FakeGoogle.Fault.forbidden(), { endpoints: ["events.watch"], times: 100 })
        // Past the channel's expiry and past two poll intervals since the last listing.
        yield* wait(3500)
        yield* harness.drainOutbox
        expect((yield* google.channels).length).toBe(0)
        yield* google.resetRequests
        yield* ask(harness, business, 10)
        expect(yield* google.requestCount("freeBusy")).toBe(1)
        // The scheduler polls the calendar that has no channel; the copy is fresh again.
        yield* harness.tickSync
        yield* settle(harness, google)
        expect(yield* google.requestCount("events.list")).toBeGreaterThanOrEqual(1)
        yield* google.resetRequests
        yield* ask(harness, business, 11)
        expect(yield* google.requestCount("freeBusy")).toBe(0)
      }),
    ),
  )

  it.live("with push off every calendar is polled, and bookings still cost no freeBusy between polls", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const { google, harness, business } = yield* setUp({
          sync: { push: false, pollInterval: Duration.seconds(60) },
        })
        yield* initialSync(harness, google)
        expect(yield* google.requestCount("events.watch")).toBe(0)
        expect(yield* google.requestCount("events.list")).toBeGreaterThanOrEqual(1)
        yield* google.resetRequests
        yield* book(harness, business, 10)
        expect(yield* google.requestCount("freeBusy")).toBe(0)
        // Nothing is due yet: the poll ran just now.
        yield* harness.tickSync
        yield* harness.drainOutbox
        expect(yield* google.requestCount("events.list")).toBe(0)
      }),
    ),
  )
})

describe("two instances (issue #15)", () => {
  it.scoped("share one cache and one set of channels", () =>
    Effect.gen(function* () {
      const storage = Layer.succeedContext(yield* Layer.build(memoryStorage)) as Layer.Layer<AppLayer.StoragePorts>
      const google = yield* FakeGoogle.make()
      const first = yield* makeHarness({ ...googleAdapters(google), sync: pushOn, storage })
      const second = yield* makeHarness({ ...googleAdapters(google), sync: pushOn, storage })
      const business = everyDayBusiness({ aiConfig: Fixtures.googleAiConfig })
      yield* first.seed(business)
      yield* connectGoogle(first, google, business)
      yield* first.tickSync
      yield* second.tickSync
      yield* settle(first, google)
      yield* settle(second, google)
      expect((yield* google.channels).length).toBe(1)
      expect(yield* google.requestCount("events.watch")).toBe(1)

      // The second instance books from the copy the first one listed.
      yield* google.addEvent("primary", {
        start: DateTime.toDate(tomorrowAt(business, 10)),
        end: DateTime.toDate(tomorrowAt(business, 11)),
      })
      yield* settle(first, google)
      yield* google.resetRequests
      expect(yield* ask(second, business, 10)).not.toContain("Shall I book it?")
      yield* book(second, business, 12)
      expect(yield* google.requestCount("freeBusy")).toBe(0)
      const state = yield* second.run(Effect.flatMap(BusyCache, (cache) => cache.state(business.id, "primary")))
      expect(Option.isSome(state)).toBe(true)
    }),
  )
})
