import { describe, expect, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import * as Readiness from "../src/Readiness.js"
import { everyDayBusiness, makeHarness, memoryStorage } from "./Harness.js"

describe("operator endpoints", () => {
  it.scoped("healthz and readyz answer", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const health = yield* Effect.promise(() => harness.app.inject({ method: "GET", url: "/healthz" }))
      expect(health.json()).toEqual({ status: "ok" })
      // Public: ready or not, nothing about storage or businesses.
      const ready = yield* Effect.promise(() => harness.app.inject({ method: "GET", url: "/readyz" }))
      expect(ready.statusCode).toBe(200)
      expect(ready.json()).toEqual({ status: "ready" })
      const detailed = yield* harness.admin("GET", "/readyz")
      expect(detailed.statusCode).toBe(200)
      expect(detailed.json()).toMatchObject({ status: "ready", ready: true, checks: { memory: { ok: true } } })
    }),
  )

  it.scoped("an unready instance answers 503 publicly with only its status; the token shows why", () =>
    Effect.gen(function* () {
      const down = Layer.succeed(Readiness.Readiness, {
        check: Effect.succeed({
          ready: false,
          checks: { database: { ok: false, detail: "connect ECONNREFUSED 10.0.0.7:5432 (/srv/frontdesk/pglite)" } },
        }),
      })
      const harness = yield* makeHarness({ storage: Layer.merge(memoryStorage, down) })
      const anyone = yield* Effect.promise(() => harness.app.inject({ method: "GET", url: "/readyz" }))
      expect(anyone.statusCode).toBe(503)
      expect(anyone.json()).toEqual({ status: "not_ready" })
      const operator = yield* harness.admin("GET", "/readyz")
      expect(operator.statusCode).toBe(503)
      expect(operator.json().checks.database.detail).toContain("ECONNREFUSED")
    }),
  )

  it.scoped("metrics count calls, turns and bookings in Prometheus text", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const call = harness.call(business)
      yield* call.script(["Hi, this is Ana Ruiz, a haircut tomorrow at 10 AM", "yes"])
      yield* call.replay()
      const waiting = yield* Effect.promise(() => harness.app.inject({ method: "GET", url: "/metrics" }))
      // The confirmation text is queued, not yet sent.
      expect(waiting.body).toContain("frontdesk_outbox_depth 1")
      yield* harness.drainOutbox
      const metrics = yield* Effect.promise(() => harness.app.inject({ method: "GET", url: "/metrics" }))
      expect(metrics.headers["content-type"]).toContain("text/plain")
      const text = metrics.body
      expect(text).toContain("frontdesk_calls_total 1")
      expect(text).toContain('frontdesk_turns_total{outcome="answered"} 2')
      expect(text).toContain('frontdesk_turns_total{outcome="replayed"} 1')
      expect(text).toContain('frontdesk_bookings_total{outcome="confirmed"} 1')
      expect(text).toMatch(/frontdesk_availability_check_seconds_count [1-9]/)
      expect(text).toContain('frontdesk_availability_check_seconds_bucket{le="+Inf"}')
      expect(text).toContain("frontdesk_outbox_depth 0")
      expect(text).toContain("# TYPE frontdesk_calendar_errors_total counter")
      // The process's own gauges, for sizing a container and spotting a blocked event loop.
      expect(text).toMatch(/^process_resident_memory_bytes [1-9]\d+$/m)
      expect(text).toMatch(/^nodejs_heap_used_bytes [1-9]\d+$/m)
    }),
  )
})
