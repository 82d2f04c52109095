import { describe, expect, it } from "@effect/vitest"
import { RecordingTelephonyControl } from "@frontdesk/domain/ports/RecordingTelephony"
import { CalendarCredentials, TokenVault } from "@frontdesk/domain/ports/TokenVault"
import { DateTime, Effect, Redacted } from "effect"
import { everyDayBusiness, makeHarness } from "./Harness.js"

/** What an operator or owner sees when follow-up work fails: dead jobs to read and replay, broken connections. */

interface JobJson {
  readonly id: string
  readonly kind: string
  readonly status: string
  readonly attempts: number
  readonly lastError: string | null
}

describe("operations", () => {
  it.scoped("a text that could not be sent is parked as dead, shown with its error, and replayed once fixed", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const telephony = harness.run(RecordingTelephonyControl)
      yield* Effect.flatMap(telephony, (t) => t.failNext("Unsubscribed", { code: 21610 }))

      const call = harness.call(business)
      yield* call.script(["Hi, this is Ana Ruiz, a haircut tomorrow at 10 AM", "yes"])
      yield* harness.drainOutbox

      const listed = yield* harness.admin("GET", "/api/v1/outbox?status=dead")
      expect(listed.statusCode).toBe(200)
      const [dead, ...more] = (listed.json() as { readonly jobs: ReadonlyArray<JobJson> }).jobs
      expect(more).toHaveLength(0)
      expect(dead?.kind).toBe("sms.confirmation")
      expect(dead?.attempts).toBe(1)
      expect(dead?.lastError).toContain("21610")
      expect(yield* Effect.flatMap(telephony, (t) => t.sent)).toHaveLength(0)

      // The customer texted START again: the owner replays the job and the text goes out.
      const replayed = yield* harness.admin("POST", `/api/v1/outbox/${dead?.id}/replay`)
      expect(replayed.statusCode).toBe(202)
      yield* harness.drainOutbox
      const sent = yield* Effect.flatMap(telephony, (t) => t.sent)
      expect(sent.map((m) => m.to)).toEqual([call.from])
      expect((yield* harness.admin("GET", "/api/v1/outbox?status=dead")).json()).toEqual({ jobs: [] })
    }),
  )

  it.scoped("replay needs the admin token and a dead job; bad filters are 400", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      expect((yield* harness.admin("POST", "/api/v1/outbox/job_1/replay", undefined, null)).statusCode).toBe(401)
      expect((yield* harness.admin("POST", "/api/v1/outbox/nope/replay")).statusCode).toBe(404)
      const bad = yield* harness.admin("GET", "/api/v1/outbox?status=exploded")
      expect(bad.statusCode).toBe(400)
      expect(bad.json().message).toContain("status")
    }),
  )

  it.scoped("a broken calendar connection shows in /readyz details and /metrics without failing readiness", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const metricsBefore = yield* harness.admin("GET", "/metrics", undefined, null)
      expect(metricsBefore.body).toContain("frontdesk_calendar_connections_broken 0")

      yield* harness.run(
        Effect.flatMap(TokenVault, (vault) =>
          vault
            .store(
              business.id,
              new CalendarCredentials({
                provider: "google",
                refreshToken: Redacted.make("1//token"),
                scope: "calendar",
                status: "connected",
                updatedAt: DateTime.unsafeNow(),
              }),
            )
            .pipe(Effect.zipRight(vault.markBroken(business.id, "TokenRevoked: invalid_grant"))),
        ),
      )
      // The details name businesses and Google's error: only with the admin token.
      const ready = yield* harness.admin("GET", "/readyz")
      expect(ready.statusCode).toBe(200)
      const checks = ready.json().checks as Record<string, { readonly ok: boolean; readonly detail: string }>
      expect(checks.calendarConnections?.ok).toBe(false)
      expect(checks.calendarConnections?.detail).toContain(business.id)
      expect(checks.calendarConnections?.detail).toContain("invalid_grant")
      for (const token of [null, "wrong-token"]) {
        const anyone = yield* harness.admin("GET", "/readyz", undefined, token)
        expect(anyone.statusCode).toBe(200)
        expect(anyone.json()).toEqual({ status: "ready" })
        expect(anyone.body).not.toContain(business.id)
      }
      const metrics = yield* harness.admin("GET", "/metrics", undefined, null)
      expect(metrics.body).toContain("frontdesk_calendar_connections_broken 1")
    }),
  )
})
