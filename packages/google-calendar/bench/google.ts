/**
 * Google Calendar adapter benchmark, against FakeGoogle over real loopback HTTP.
 *
 * 1. Google requests per booking in steady state: an availability check over a week-long search
 *    window (with the owner's events and earlier bookings in it) followed by the event insert.
 *    Target 2; the original design (docs/origin.md) needs 4 (a token refresh before each of freeBusy and insert).
 * 2. The adapter's own overhead on an availability check with the fake answering after 100 ms:
 *    p50/p99 of `Calendar.busy` minus 100 ms, next to a bare `fetch` of the same freeBusy request
 *    (the floor any client pays for loopback HTTP + the fake). Target p99 under 5 ms.
 *
 * Run: pnpm --filter @frontdesk/google-calendar bench
 */
import { loadavg } from "node:os"
import { NodeRuntime } from "@effect/platform-node"
import { BookingId } from "@frontdesk/domain/model/Ids"
import * as TimeRange from "@frontdesk/domain/model/TimeRange"
import { Calendar, CalendarEvent } from "@frontdesk/domain/ports/Calendar"
import { layerMemory as memoryTokenVault } from "@frontdesk/domain/ports/MemoryTokenVault"
import { CalendarCredentials, TokenVault } from "@frontdesk/domain/ports/TokenVault"
import { demoBusinessWithGoogle } from "@frontdesk/domain/testing/Fixtures"
import { FakeGoogle, layer as fakeGoogleLayer } from "@frontdesk/testkit/FakeGoogle"
import { Console, DateTime, Duration, Effect, Layer, Redacted } from "effect"
import * as GoogleCalendar from "../src/GoogleCalendar.js"

const LATENCY_MS = 100
const BOOKINGS = 40
const SEQUENTIAL_CHECKS = 300
const CONCURRENT_CALLERS = 20
const CONCURRENT_ROUNDS = 10

const world = Layer.unwrapEffect(
  Effect.map(FakeGoogle, (google) =>
    GoogleCalendar.layer({
      clientId: google.clientId,
      clientSecret: Redacted.make(google.clientSecret),
      redirectUrl: "http://127.0.0.1:3000/oauth/google/callback",
      stateSecret: Redacted.make("bench-state-secret-0123456789abcdef"),
      apiRootUrl: google.url,
      oauthAuthUrl: google.authUrl,
      oauthTokenUrl: google.tokenUrl,
    }),
  ),
).pipe(Layer.provideMerge(Layer.merge(fakeGoogleLayer(), memoryTokenVault)))

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN

const summary = (samples: ReadonlyArray<number>, minus = 0) => {
  const sorted = [...samples].sort((a, b) => a - b)
  const f = (value: number) => `${(value - minus).toFixed(2)} ms`
  return {
    p50: f(percentile(sorted, 50)),
    p90: f(percentile(sorted, 90)),
    p99: f(percentile(sorted, 99)),
    max: f(sorted.at(-1) ?? 0),
  }
}

const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
  Effect.suspend(() => {
    const started = performance.now()
    return Effect.map(effect, () => performance.now() - started)
  })

const program = Effect.gen(function* () {
  const google = yield* FakeGoogle
  const calendar = yield* Calendar
  const vault = yield* TokenVault
  const business = demoBusinessWithGoogle()
  yield* vault.store(
    business.id,
    new CalendarCredentials({
      provider: "google",
      refreshToken: Redacted.make(yield* google.connect()),
      scope: "https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.freebusy",
      status: "connected",
      updatedAt: yield* DateTime.now,
    }),
  )

  // A week ahead, like the provider's search window, with the owner's own appointments in it.
  const weekStart = DateTime.startOf(DateTime.add(yield* DateTime.now, { days: 2 }), "day")
  const week = TimeRange.make(weekStart, DateTime.add(weekStart, { days: 7 }))
  for (let day = 0; day < 7; day++) {
    const at = DateTime.add(weekStart, { days: day, hours: 15 })
    yield* google.addEvent("primary", {
      start: DateTime.formatIso(at),
      end: DateTime.formatIso(DateTime.add(at, { hours: 1 })),
    })
  }

  const book = (n: number) => {
    const start = DateTime.add(weekStart, { days: n % 7, hours: 9 + Math.floor(n / 7) / 4 })
    const bookingId = BookingId.make(`bench_${n}_${Date.now().toString(36)}`)
    return Effect.zipRight(
      calendar.busy(business, week),
      calendar.createEvent(
        business,
        new CalendarEvent({
          bookingId,
          summary: "Haircut - Bench Caller",
          description: "Customer: +15550000000",
          start,
          end: DateTime.add(start, { minutes: 15 }),
        }),
      ),
    )
  }

  // Warm-up: first token refresh and the one listing of our own events.
  yield* book(0)
  yield* google.resetRequests
  for (let n = 1; n <= BOOKINGS; n++) yield* book(n)
  const requests = yield* google.requests
  const byEndpoint: Record<string, number> = {}
  for (const request of requests) byEndpoint[request.endpoint] = (byEndpoint[request.endpoint] ?? 0) + 1
  const perBooking = requests.length / BOOKINGS

  // Overhead on an availability check with a 100 ms Google.
  yield* google.setLatency(Duration.millis(LATENCY_MS))
  const day = TimeRange.make(weekStart, DateTime.add(weekStart, { days: 1 }))
  for (let i = 0; i < 20; i++) yield* calendar.busy(business, day)
  const sequential: Array<number> = []
  for (let i = 0; i < SEQUENTIAL_CHECKS; i++) sequential.push(yield* timed(calendar.busy(business, day)))
  const concurrent: Array<number> = []
  for (let round = 0; round < CONCURRENT_ROUNDS; round++) {
    concurrent.push(
      ...(yield* Effect.all(
        Array.from({ length: CONCURRENT_CALLERS }, () => timed(calendar.busy(business, day))),
        { concurrency: "unbounded" },
      )),
    )
  }

  // The floor: the same freeBusy request with a bare fetch and a fixed token.
  const stored = yield* vault.load(business.id)
  const refreshToken = stored._tag === "Some" ? Redacted.value(stored.value.refreshToken) : ""
  const accessToken = yield* Effect.promise(() =>
    fetch(google.tokenUrl, {
      method: "POST",
      body: new URLSearchParams({
        grant_type: "refresh_token",
        client_id: google.clientId,
        client_secret: google.clientSecret,
        refresh_token: refreshToken,
      }),
    }).then((response) => response.json() as Promise<{ access_token: string }>),
  )
  const body = JSON.stringify({
    timeMin: DateTime.formatIso(day.start),
    timeMax: DateTime.formatIso(day.end),
    items: [{ id: "primary" }],
  })
  const rawFreeBusy = () =>
    fetch(`${google.url}calendar/v3/freeBusy`, {
      method: "POST",
      headers: { authorization: `Bearer ${accessToken.access_token}`, "content-type": "application/json" },
      body,
    }).then((response) => response.json())
  const raw: Array<number> = []
  for (let i = 0; i < SEQUENTIAL_CHECKS; i++) raw.push(yield* timed(Effect.promise(() => rawFreeBusy())))

  const rawConcurrent: Array<number> = []
  for (let round = 0; round < CONCURRENT_ROUNDS; round++) {
    rawConcurrent.push(
      ...(yield* Effect.all(
        Array.from({ length: CONCURRENT_CALLERS }, () => timed(Effect.promise(() => rawFreeBusy()))),
        { concurrency: "unbounded" },
      )),
    )
  }

  const sequentialOverhead = summary(sequential, LATENCY_MS)
  yield* Console.log(
    `node ${process.version}, ${new Date().toISOString()}, load average ${loadavg()
      .map((n) => n.toFixed(2))
      .join(" ")}`,
  )
  yield* Console.log(
    `Requests per booking (steady state, ${BOOKINGS} bookings, week window with owner events): ${perBooking.toFixed(2)}`,
    byEndpoint,
  )
  yield* Console.log(`Calendar.busy minus ${LATENCY_MS} ms, sequential x${SEQUENTIAL_CHECKS}:`, sequentialOverhead)
  yield* Console.log(
    `Calendar.busy minus ${LATENCY_MS} ms, ${CONCURRENT_CALLERS} concurrent x${CONCURRENT_ROUNDS}:`,
    summary(concurrent, LATENCY_MS),
  )
  yield* Console.log(`bare fetch of the same freeBusy minus ${LATENCY_MS} ms, sequential:`, summary(raw, LATENCY_MS))
  yield* Console.log(
    `bare fetch minus ${LATENCY_MS} ms, ${CONCURRENT_CALLERS} concurrent x${CONCURRENT_ROUNDS}:`,
    summary(rawConcurrent, LATENCY_MS),
  )
  if (perBooking > 2) {
    yield* Console.error("FAIL: more than 2 Google requests per booking in steady state")
    return yield* Effect.die("target missed")
  }
})

program.pipe(Effect.provide(world), Effect.scoped, NodeRuntime.runMain)
