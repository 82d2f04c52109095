import { Outbox } from "@frontdesk/domain/ports/Outbox"
import { TokenVault } from "@frontdesk/domain/ports/TokenVault"
import { DateTime, Effect, type ManagedRuntime, Option, type Redacted } from "effect"
import type { FastifyInstance } from "fastify"
import * as AdminAuth from "../http/AdminAuth.js"
import * as Answer from "../http/Answer.js"
import { Metrics } from "../Metrics.js"
import { Readiness, type ReadinessReport } from "../Readiness.js"

export type HealthServices = Readiness | Metrics | Outbox | TokenVault

/** Broken calendar connections, or none when the vault does not answer quickly (a scrape must not hang). */
const brokenConnections = Effect.flatMap(TokenVault, (vault) => vault.listBroken).pipe(
  Effect.timeout("2 seconds"),
  Effect.option,
)

/**
 * 503 takes the instance out of the load balancer's rotation until storage answers again. The
 * details (business ids, Google's error text, where the database lives) are for operators only:
 * anyone can reach /readyz, so without the admin token it says ready or not and nothing else.
 */
const readyAnswer = (report: ReadinessReport, detailed: boolean) => {
  const status = report.ready ? "ready" : "not_ready"
  return Answer.json(report.ready ? 200 : 503, detailed ? { status, ...report } : { status })
}

export const register = (
  app: FastifyInstance,
  options: {
    readonly runtime: ManagedRuntime.ManagedRuntime<HealthServices, unknown>
    readonly adminToken: Redacted.Redacted<string>
  },
) => {
  const respond = Answer.responder(options.runtime)

  app.get("/healthz", async (_request, reply) => Answer.send(reply, Answer.json(200, { status: "ok" })))

  app.get("/readyz", async (request, reply) => {
    const detailed = AdminAuth.bearerMatches(request.headers.authorization, options.adminToken)
    return respond(
      reply,
      Effect.gen(function* () {
        const report = yield* Effect.flatMap(Readiness, (readiness) => readiness.check)
        if (!detailed) return readyAnswer(report, false)
        const broken = yield* brokenConnections
        if (Option.isNone(broken)) return readyAnswer(report, true)
        // Shown, but not counted against readiness: taking this instance out of rotation cannot fix
        // a revoked Google token; only the owner reconnecting can.
        const calendarConnections = {
          ok: broken.value.length === 0,
          detail:
            broken.value.length === 0
              ? "all connected"
              : broken.value
                  .map((c) => `${c.businessId} broken since ${DateTime.formatIso(c.since)} (${c.reason})`)
                  .join("; "),
        }
        return readyAnswer({ ...report, checks: { ...report.checks, calendarConnections } }, true)
      }),
    )
  })

  app.get("/metrics", async (_request, reply) =>
    respond(
      reply,
      Effect.gen(function* () {
        const metrics = yield* Metrics
        // A scrape must not fail because the database blinked; the gauge is simply absent then.
        const depth = yield* Effect.flatMap(Outbox, (outbox) => outbox.depth).pipe(
          Effect.timeout("2 seconds"),
          Effect.option,
        )
        const broken = yield* brokenConnections
        const text = metrics.render({
          outboxDepth: Option.getOrUndefined(depth),
          brokenCalendarConnections: Option.getOrUndefined(Option.map(broken, (all) => all.length)),
        })
        return Answer.text("text/plain; version=0.0.4; charset=utf-8", text)
      }),
    ),
  )
}
