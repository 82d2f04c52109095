import { NodeContext, NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import * as FakeGoogle from "@frontdesk/testkit/FakeGoogle"
import type { FakeEvent } from "@frontdesk/testkit/FakeGoogleCalendarStore"
import * as FakeTwilio from "@frontdesk/testkit/FakeTwilio"
import { Array as Arr, Deferred, Duration, Effect, Fiber, Layer, Order, Ref, Schedule } from "effect"
import * as CallDriver from "./CallDriver.js"
import * as ServerProcess from "./ServerProcess.js"

/**
 * Issue 7's promises, tested on real server processes (`src/main.ts`) over real HTTP, with the
 * fake Google and fake Twilio: no confirmed booking is lost, no follow-up is lost or has a second
 * visible effect — through a crash, an outage, or two instances racing on one database.
 */

const platform = Layer.mergeAll(NodeContext.layer, NodeHttpClient.layerUndici)
const dialled = "+15550009999"

// Quick retries and short leases so a test sees recovery in seconds, not the production minutes.
const fastOutbox = {
  OUTBOX_LEASE_MS: "3000",
  OUTBOX_RETRY_BASE_MS: "200",
  OUTBOX_RETRY_MAX_MS: "1500",
  OUTBOX_POLL_MS: "100",
}

const setUp = Effect.gen(function* () {
  const google = yield* FakeGoogle.make()
  const twilio = yield* FakeTwilio.make({ authToken: ServerProcess.twilioAuthToken })
  // Dev secrets (state-signing key …) live here; a restarted process finds the same ones.
  const scratch = yield* ServerProcess.embedded
  return { google, twilio, secretsDir: scratch._tag === "Embedded" ? scratch.dataDir : "" }
})

/** The database for these processes: a throwaway PostgreSQL database when one is configured, else PGlite. */
const database = ServerProcess.throwawayPostgres.pipe(
  Effect.catchIf(
    (error): error is "unavailable" => error === "unavailable",
    () => ServerProcess.embedded,
  ),
)

/** Waits until the outbox is empty and every confirmed booking's event is written (or time runs out). */
const settled = (serverUrl: string, businessId: string) =>
  Effect.gen(function* () {
    const depth = yield* CallDriver.outboxDepth(serverUrl)
    const rows = yield* CallDriver.bookings(serverUrl, businessId)
    const synced = rows.filter((b) => b.status === "confirmed").every((b) => b.calendarSync === "synced")
    return depth === 0 && synced ? rows : yield* Effect.fail("not yet" as const)
  }).pipe(
    Effect.retry(Schedule.spaced(Duration.millis(250)).pipe(Schedule.upTo(Duration.seconds(60)))),
    Effect.orElse(() => CallDriver.bookings(serverUrl, businessId)),
  )

/** Everything a business owner and their callers would see, checked once the dust has settled. */
const expectNothingLostOrDoubled = (
  rows: ReadonlyArray<CallDriver.BookingRow>,
  events: ReadonlyArray<FakeEvent>,
  messages: ReadonlyArray<{ readonly to: string; readonly body: string }>,
  told: ReadonlyArray<CallDriver.CallResult>,
) => {
  const confirmed = rows.filter((b) => b.status === "confirmed")
  // Every caller who heard "you're all set" has a booking.
  for (const call of told.filter((c) => c._tag === "Booked")) {
    expect(confirmed.map((b) => b.customerPhone)).toContain(call.phone)
  }
  // No two confirmed bookings overlap.
  const sorted = Arr.sort(
    confirmed.map((b) => [Date.parse(b.startsAt), Date.parse(b.endsAt)] as const),
    Order.mapInput(Order.number, (range: readonly [number, number]) => range[0]),
  )
  for (let i = 1; i < sorted.length; i++) expect(sorted[i]![0]).toBeGreaterThanOrEqual(sorted[i - 1]![1])
  // Each booking's event exists exactly once, and is the one recorded on the booking.
  for (const booking of confirmed) {
    expect(booking.calendarSync).toBe("synced")
    const mine = events.filter((e) => e.extendedProperties?.private?.bookingId === booking.id)
    expect(mine).toHaveLength(1)
    expect(mine[0]?.id).toBe(booking.externalEventId)
  }
  expect(events).toHaveLength(confirmed.length)
  // Each customer got exactly one confirmation text.
  for (const booking of confirmed) {
    const texts = messages.filter((m) => m.to === booking.customerPhone && m.body.startsWith("You're booked"))
    expect(texts).toHaveLength(1)
  }
}

describe("nothing lost", () => {
  it.scopedLive(
    "a server killed with SIGKILL mid-burst and restarted loses no booking and repeats no follow-up",
    () =>
      Effect.gen(function* () {
        const { google, twilio, secretsDir } = yield* setUp
        const db = yield* database
        const options = { database: db, google, twilio, dataDir: secretsDir, env: fastOutbox }
        const first = yield* ServerProcess.start(options)
        const businessId = yield* CallDriver.createBusiness(first.url, dialled)
        yield* CallDriver.connectGoogle(first.url, businessId)
        // Slow Google a little so follow-ups are still in flight when the process dies.
        yield* google.setLatency("150 millis")

        const confirmed = yield* Ref.make(0)
        const enough = yield* Deferred.make<void>()
        const burst = yield* Effect.forEach(
          Arr.range(0, 19),
          (i) =>
            CallDriver.bookCall(first.url, businessId, dialled, CallDriver.caller(i, i)).pipe(
              Effect.tap((result) =>
                result._tag === "Booked"
                  ? Ref.updateAndGet(confirmed, (n) => n + 1).pipe(
                      Effect.flatMap((n) => (n >= 6 ? Deferred.succeed(enough, undefined) : Effect.void)),
                    )
                  : Effect.void,
              ),
            ),
          { concurrency: 20 },
        ).pipe(Effect.fork)
        yield* Deferred.await(enough).pipe(Effect.timeout("60 seconds"))
        yield* first.kill
        const told = yield* Fiber.join(burst)
        expect(told.filter((c) => c._tag === "Booked").length).toBeGreaterThanOrEqual(6)

        const second = yield* ServerProcess.start(options)
        const rows = yield* settled(second.url, businessId)
        expectNothingLostOrDoubled(rows, yield* google.events("primary"), yield* twilio.messages, told)
      }).pipe(Effect.provide(platform)),
    180_000,
  )

  it.scopedLive(
    "Google failing with 503, 429 and hangs while 20 callers book: all booked, every event written once after recovery",
    () =>
      Effect.gen(function* () {
        const { google, twilio, secretsDir } = yield* setUp
        const db = yield* database
        const options = { database: db, google, twilio, dataDir: secretsDir, env: fastOutbox }
        const server = yield* ServerProcess.start(options)
        const businessId = yield* CallDriver.createBusiness(server.url, dialled)
        yield* CallDriver.connectGoogle(server.url, businessId)

        yield* google.inject(FakeGoogle.Fault.serverError(503), { during: "3 seconds" })
        yield* google.inject(FakeGoogle.Fault.rateLimited(1), { endpoints: ["events.insert"], during: "6 seconds" })
        yield* google.inject(FakeGoogle.Fault.hang, { endpoints: ["events.insert"], times: 3 })
        const told = yield* Effect.forEach(
          Arr.range(0, 19),
          (i) => CallDriver.bookCall(server.url, businessId, dialled, CallDriver.caller(i, i)),
          { concurrency: 20 },
        )
        expect(told.filter((c) => c._tag === "Booked")).toHaveLength(20)
        const rows = yield* settled(server.url, businessId)
        expect(rows.filter((b) => b.status === "confirmed")).toHaveLength(20)
        expectNothingLostOrDoubled(rows, yield* google.events("primary"), yield* twilio.messages, told)
      }).pipe(Effect.provide(platform)),
    180_000,
  )

  it.scopedLive(
    "two instances on one PostgreSQL, 100 callers racing for 10 slots: exactly 10 bookings, each event once",
    () =>
      Effect.gen(function* () {
        const db = yield* ServerProcess.throwawayPostgres.pipe(Effect.option)
        // Two processes cannot share embedded PGlite; without a PostgreSQL server there is nothing to test.
        if (db._tag === "None") return
        const { google, twilio, secretsDir } = yield* setUp
        const options = {
          database: db.value,
          google,
          twilio,
          dataDir: secretsDir,
          env: fastOutbox,
        }
        const [a, b] = yield* Effect.all([ServerProcess.start(options), ServerProcess.start(options)], {
          concurrency: 2,
        })
        const businessId = yield* CallDriver.createBusiness(a.url, dialled)
        yield* CallDriver.connectGoogle(a.url, businessId)
        const told = yield* Effect.forEach(
          Arr.range(0, 99),
          (i) => CallDriver.bookCall(i % 2 === 0 ? a.url : b.url, businessId, dialled, CallDriver.caller(i, i % 10)),
          { concurrency: 50 },
        )
        const broken = told.filter((c) => c._tag === "Broken")
        // A call that broke is a server that failed or died: its own words say which.
        const last = (text: string) => text.slice(-3000)
        expect(broken, `instance a:\n${last(yield* a.output)}\ninstance b:\n${last(yield* b.output)}`).toEqual([])
        expect(told.filter((c) => c._tag === "Booked")).toHaveLength(10)
        const rows = yield* settled(b.url, businessId)
        expect(rows.filter((r) => r.status === "confirmed")).toHaveLength(10)
        expectNothingLostOrDoubled(rows, yield* google.events("primary"), yield* twilio.messages, told)
      }).pipe(Effect.provide(platform)),
    240_000,
  )
})
