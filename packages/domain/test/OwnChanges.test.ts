import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Effect, Layer, Option, TestClock } from "effect"
import * as CachedCalendar from "../src/calendarsync/CachedCalendar.js"
import * as Channels from "../src/calendarsync/Channels.js"
import { type Settings, SyncSettings } from "../src/calendarsync/SyncSettings.js"
import { BookingId } from "../src/model/Ids.js"
import { BusyCache, type SyncState } from "../src/ports/BusyCache.js"
import { Calendar, CalendarEvent } from "../src/ports/Calendar.js"
import { CalendarFeed } from "../src/ports/CalendarFeed.js"
import * as MemoryBusyCache from "../src/ports/MemoryBusyCache.js"
import * as MemoryCalendar from "../src/ports/MemoryCalendar.js"
import * as MemoryOutbox from "../src/ports/MemoryOutbox.js"
import * as MemoryWatchChannels from "../src/ports/MemoryWatchChannels.js"
import { Outbox } from "../src/ports/Outbox.js"
import { WatchChannel, WatchChannels } from "../src/ports/WatchChannels.js"
import * as Fixtures from "../src/testing/Fixtures.js"

/*
 * Own-change accounting (ADR 0012, amended 2026-12-02): a notification that Frontdesk's own event
 * write explains costs no listing now, only one deferred verification listing; any other is listed
 * at once. Time is the TestClock's.
 */

const business = Fixtures.demoBusinessWithGoogle()
const verifyDelay = Duration.minutes(5)

/** Reversible on purpose: the tests only need equal tokens to give equal digests. */
const settings: Settings = {
  push: true,
  webhookAddress: Option.some("https://frontdesk.test/webhooks/google/calendar"),
  pollInterval: Duration.seconds(60),
  channelTtl: Duration.days(7),
  renewBefore: Duration.days(1),
  verifyDelay,
  ownChangeWindow: Duration.minutes(1),
  newSecret: Effect.succeed("secret"),
  digest: (secret) => Effect.succeed(`digest:${secret}`),
}

const feed = Layer.succeed(CalendarFeed, {
  calendars: () => Effect.succeed({ checked: ["primary"], target: "primary" }),
  list: () => Effect.dieMessage("not listed in these tests"),
  watch: () => Effect.dieMessage("not watched in these tests"),
  stop: () => Effect.void,
  check: () => Effect.void,
})

const layerWith = (options: Settings) =>
  Layer.provideMerge(
    CachedCalendar.layer.pipe(Layer.provide(MemoryCalendar.layerMemory)),
    Layer.mergeAll(
      MemoryBusyCache.layerMemory,
      MemoryWatchChannels.layerMemory,
      MemoryOutbox.layerMemory,
      Layer.succeed(SyncSettings, options),
      feed,
    ),
  )
const testLayer = layerWith(settings)

const channel = new WatchChannel({
  id: "fd-channel",
  businessId: business.id,
  calendarId: "primary",
  tokenHash: "digest:the-token",
  resourceId: "res",
  expiresAt: Fixtures.utc("2100-01-01T00:00:00Z"),
  createdAt: Fixtures.utc("2026-01-01T00:00:00Z"),
})

const notify = (token = "the-token") => Channels.receive({ channelId: channel.id, token, resourceState: "exists" })

const pendingSyncJobs = Effect.flatMap(Outbox, (outbox) =>
  Effect.map(outbox.list({ status: "pending" }), (jobs) => jobs.filter((job) => job.kind === "calendar.sync")),
)

/** Jobs the worker would take now. */
const dueNow = Effect.flatMap(Outbox, (outbox) =>
  Effect.map(outbox.claim({ limit: 10, leaseMillis: 1 }), (jobs) => jobs.map((job) => job.dedupeKey)),
)

const pendingSince = Effect.flatMap(BusyCache, (cache) =>
  Effect.map(cache.state(business.id, "primary"), (state) =>
    Option.flatMap(state, (s: SyncState) => Option.fromNullable(s.pendingSince)),
  ),
)

const writeOwnEvent = (hour: number) =>
  Effect.flatMap(Calendar, (calendar) =>
    calendar.createEvent(
      business,
      new CalendarEvent({
        bookingId: BookingId.make(`bk_${hour}`),
        summary: "Haircut",
        description: "",
        start: Fixtures.utc(`2026-03-10T${String(hour).padStart(2, "0")}:00:00Z`),
        end: Fixtures.utc(`2026-03-10T${String(hour + 1).padStart(2, "0")}:00:00Z`),
      }),
    ),
  )

const setUp = Effect.gen(function* () {
  yield* TestClock.setTime(DateTime.toEpochMillis(Fixtures.utc("2026-03-09T12:00:00Z")))
  yield* Effect.flatMap(WatchChannels, (channels) => channels.save(channel))
})

describe("own-change accounting", () => {
  it.effect("the notification of Frontdesk's own write lists nothing now and schedules one verification", () =>
    Effect.gen(function* () {
      yield* setUp
      yield* writeOwnEvent(10)
      yield* writeOwnEvent(11)
      expect(yield* notify()).toBe("accepted")
      expect(yield* notify()).toBe("accepted")
      // The copy still answers: nothing is pending, and nothing is due before the verify delay.
      expect(yield* pendingSince).toEqual(Option.none())
      const jobs = yield* pendingSyncJobs
      expect(jobs.map((job) => job.dedupeKey)).toEqual([`calendar:verify:${business.id}:primary`])
      expect(yield* dueNow).toEqual([])
      yield* TestClock.adjust(Duration.sum(verifyDelay, Duration.seconds(1)))
      expect(yield* dueNow).toEqual([`calendar:verify:${business.id}:primary`])
    }).pipe(Effect.provide(testLayer)),
  )

  it.effect(
    "a notification no write explains marks the copy stale and is listed at once, beside the verification",
    () =>
      Effect.gen(function* () {
        yield* setUp
        yield* writeOwnEvent(10)
        yield* notify() // explained by the write
        yield* TestClock.adjust(Duration.seconds(5))
        yield* notify() // the owner's edit: nothing left to explain it
        expect(Option.isSome(yield* pendingSince)).toBe(true)
        expect(yield* dueNow).toEqual([`calendar:sync:${business.id}:primary`])
        expect((yield* pendingSyncJobs).map((job) => job.dedupeKey).sort()).toEqual([
          `calendar:sync:${business.id}:primary`,
          `calendar:verify:${business.id}:primary`,
        ])
      }).pipe(Effect.provide(testLayer)),
  )

  it.effect("an expectation older than the window explains nothing", () =>
    Effect.gen(function* () {
      yield* setUp
      yield* writeOwnEvent(10)
      yield* TestClock.adjust(Duration.minutes(2))
      yield* notify()
      expect(Option.isSome(yield* pendingSince)).toBe(true)
      expect(yield* dueNow).toEqual([`calendar:sync:${business.id}:primary`])
    }).pipe(Effect.provide(testLayer)),
  )

  it.effect("a wrong token is refused before any expectation is used", () =>
    Effect.gen(function* () {
      yield* setUp
      yield* writeOwnEvent(10)
      expect(yield* notify("guessed")).toBe("wrong_token")
      expect(yield* pendingSyncJobs).toEqual([])
      // The write's own notification is still explained.
      yield* notify()
      expect(yield* pendingSince).toEqual(Option.none())
    }).pipe(Effect.provide(testLayer)),
  )

  it.effect("with push off a write records no expectation", () =>
    Effect.gen(function* () {
      yield* setUp
      yield* writeOwnEvent(10)
      yield* notify()
      expect(Option.isSome(yield* pendingSince)).toBe(true)
    }).pipe(Effect.provide(layerWith({ ...settings, push: false }))),
  )
})
