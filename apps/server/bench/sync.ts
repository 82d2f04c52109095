import { cpus, loadavg } from "node:os"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { BusyCache } from "@frontdesk/domain/ports/BusyCache"
import { RecordingTelephonyControl } from "@frontdesk/domain/ports/RecordingTelephony"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import * as FakeGoogle from "@frontdesk/testkit/FakeGoogle"
import { DateTime, Duration, Effect, Option } from "effect"
import { connectGoogle, everyDayBusiness, googleAdapters, type Harness, makeHarness } from "../test/Harness.js"

/**
 * `pnpm --filter @frontdesk/server exec tsx bench/sync.ts`: the busy cache's two figures (issue #15),
 * in process with the server's own composition (the test Harness, outbox worker and sync scheduler
 * running in the background as in a server) on a fake Google answering after BENCH_GOOGLE_LATENCY_MS:
 *
 * - Google requests per booking in steady state (after the first listing): whole calls booked one
 *   after another, every request counted, with push on and with push off (polling). With push, the
 *   inserts' own notifications are explained (ADR 0012, amended) and only schedule one verification
 *   listing GOOGLE_SYNC_VERIFY_MS (5 min) later, outside this window;
 * - owner edit → booking moved and customer texted: the owner moves one of Frontdesk's events in
 *   Google, wall time until the booking has the new start and the customer's text is recorded.
 *
 * Environment: BENCH_BOOKINGS (8, tomorrow's hours), BENCH_EDITS (8), BENCH_GOOGLE_LATENCY_MS (80), BENCH_POLL_MS
 * (5000, the poll interval of the polling run).
 */

const bookings = Math.min(8, Number(process.env.BENCH_BOOKINGS ?? 8))
const edits = Number(process.env.BENCH_EDITS ?? 8)
const latencyMs = Number(process.env.BENCH_GOOGLE_LATENCY_MS ?? 80)
const pollMs = Number(process.env.BENCH_POLL_MS ?? 5000)
/** Booking calls are this far apart: "paced", so notifications of one booking are listed before the next. */
const paceMs = Number(process.env.BENCH_PACE_MS ?? 1500)

const sleep = (ms: number) => Effect.promise(() => new Promise((resolve) => setTimeout(resolve, ms)))

const percentile = (values: ReadonlyArray<number>, p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

/** Polls (20 ms apart, bounded) until `check` holds; the wall time it took. */
const until = (check: Effect.Effect<boolean>, limitMs: number) =>
  Effect.gen(function* () {
    const started = performance.now()
    while (performance.now() - started < limitMs) {
      if (yield* check) return performance.now() - started
      yield* sleep(20)
    }
    return Number.POSITIVE_INFINITY
  })

const run = (push: boolean) =>
  Effect.scoped(
    Effect.gen(function* () {
      const google = yield* FakeGoogle.make()
      const harness: Harness = yield* makeHarness({
        ...googleAdapters(google),
        background: true,
        sync: {
          push,
          pollInterval: Duration.millis(pollMs),
          channelTtl: Duration.days(7),
          renewBefore: Duration.days(1),
        },
      })
      const business = everyDayBusiness({ aiConfig: Fixtures.googleAiConfig })
      yield* harness.seed(business)
      yield* connectGoogle(harness, google, business)
      yield* google.setLatency(Duration.millis(latencyMs))
      // Steady state begins once the first listing is in (and, with push, the channel is open).
      yield* until(
        harness.run(
          Effect.gen(function* () {
            const state = yield* Effect.flatMap(BusyCache, (cache) => cache.state(business.id, "primary"))
            const channels = yield* google.channels
            return Option.exists(state, (s) => s.syncToken !== undefined) && (!push || channels.length > 0)
          }).pipe(Effect.orElseSucceed(() => false)),
        ),
        60_000,
      )
      yield* sleep(2000)
      yield* google.resetRequests

      const started = performance.now()
      for (let i = 0; i < bookings; i++) {
        // Tomorrow's hours from 9 AM (a haircut takes an hour): 8 of them before closing.
        const hour = 9 + i
        const spoken = `${hour > 12 ? hour - 12 : hour} ${hour >= 12 ? "PM" : "AM"}`
        const call = harness.call(business)
        yield* call.script([`Hi, it's Ana Ruiz, can I get a haircut tomorrow at ${spoken}?`, "yes"])
        yield* sleep(paceMs)
      }
      // Let the last notifications and listings land.
      yield* sleep(2000)
      const elapsedS = (performance.now() - started) / 1000
      const requests = yield* google.requests
      const counted = (name: string) => requests.filter((r) => r.endpoint === name).length
      const booked = (yield* harness.run(
        Effect.flatMap(BookingRepository, (repository) => repository.listByBusiness(business.id)),
      )).filter((b) => b.status === "confirmed")

      const latencies: Array<number> = []
      for (let i = 0; i < Math.min(edits, booked.length); i++) {
        const booking = booked[i]!
        const sentBefore = (yield* harness.run(
          Effect.flatMap(RecordingTelephonyControl, (c) => c.sentTo(booking.customer.phone)),
        )).length
        // Moved by the owner to the same time the day after, which nobody has booked.
        const target = DateTime.add(booking.startsAt, { days: 1 })
        yield* google.moveEvent("primary", booking.externalEventId!, {
          start: DateTime.toDate(target),
          end: DateTime.toDate(DateTime.add(target, { hours: 1 })),
        })
        const ms = yield* until(
          harness.run(
            Effect.gen(function* () {
              const now = yield* Effect.flatMap(BookingRepository, (r) => r.get(booking.id))
              const texts = yield* Effect.flatMap(RecordingTelephonyControl, (c) => c.sentTo(booking.customer.phone))
              return DateTime.Equivalence(now.startsAt, target) && texts.length > sentBefore
            }).pipe(Effect.orElseSucceed(() => false)),
          ),
          3 * pollMs + 10_000,
        )
        latencies.push(ms)
      }
      return {
        push,
        booked: booked.length,
        elapsedS,
        perBooking: requests.length / Math.max(1, booked.length),
        onPath: (counted("freeBusy") + counted("events.insert")) / Math.max(1, booked.length),
        // The OAuth token endpoint left out: the Harness builds the write adapter apart from the feed,
        // so it fetches its first access token once more than AppLayer.live (one shared cache) does.
        calendarApi: requests.filter((r) => r.endpoint !== "token").length / Math.max(1, booked.length),
        breakdown: Object.fromEntries(
          [...new Set(requests.map((r) => r.endpoint))].map((name) => [name, counted(name)]),
        ),
        editP50: percentile(latencies, 50),
        editP95: percentile(latencies, 95),
        editMax: Math.max(...latencies),
      }
    }),
  )

const program = Effect.gen(function* () {
  console.log(
    `sync bench: ${cpus().length} cpus, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(
        " ",
      )}, ${bookings} bookings ${paceMs} ms apart, ${edits} owner edits, Google latency ${latencyMs} ms, poll ${pollMs} ms`,
  )
  for (const push of [true, false]) {
    const r = yield* run(push)
    console.log(
      `${push ? "push" : "poll"}: ${r.booked} bookings in ${r.elapsedS.toFixed(0)} s; Google requests per booking ${r.perBooking.toFixed(2)} ` +
        `(Calendar API ${r.calendarApi.toFixed(2)}, freeBusy+insert ${r.onPath.toFixed(2)}) ${JSON.stringify(r.breakdown)}; ` +
        `owner edit → booking moved + customer texted p50 ${r.editP50.toFixed(0)} ms, p95 ${r.editP95.toFixed(0)} ms, max ${r.editMax.toFixed(0)} ms`,
    )
  }
})

Effect.runPromise(program).then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
