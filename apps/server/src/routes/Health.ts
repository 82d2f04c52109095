import { Outbox } from "@frontdesk/domain/ports/Outbox"
import { TokenVault } from "@frontdesk/domain/ports/TokenVault"
import { DateTime, Effect, type ManagedRuntime, Option } from "effect"
import type { FastifyInstance } from "fastify"
import { Metrics } from "../Metrics.js"
import { Readiness } from "../Readiness.js"

export type HealthServices = Readiness | Metrics | Outbox | TokenVault

/** Broken calendar connections, or none when the vault does not answer quickly (a scrape must not hang). */
const brokenConnections = Effect.flatMap(TokenVault, (vault) => vault.listBroken).pipe(
  Effect.timeout("2 seconds"),
  Effect.option,
)

export const register = (
  app: FastifyInstance,
  options: { readonly runtime: ManagedRuntime.ManagedRuntime<HealthServices, unknown> },
) => {
  app.get("/healthz", async () => ({ status: "ok" }))

  app.get("/readyz", async (_request, reply) => {
    const report = await options.runtime.runPromise(
      Effect.gen(function* () {
        const report = yield* Effect.flatMap(Readiness, (readiness) => readiness.check)
        const broken = yield* brokenConnections
        if (Option.isNone(broken)) return report
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
        return { ...report, checks: { ...report.checks, calendarConnections } }
      }),
    )
    return reply.code(report.ready ? 200 : 503).send({ status: report.ready ? "ready" : "not_ready", ...report })
  })

  app.get("/metrics", async (_request, reply) => {
    const text = await options.runtime.runPromise(
      Effect.gen(function* () {
        const metrics = yield* Metrics
        // A scrape must not fail because the database blinked; the gauge is simply absent then.
        const depth = yield* Effect.flatMap(Outbox, (outbox) => outbox.depth).pipe(
          Effect.timeout("2 seconds"),
          Effect.option,
        )
        const broken = yield* brokenConnections
        return metrics.render({
          outboxDepth: Option.getOrUndefined(depth),
          brokenCalendarConnections: Option.getOrUndefined(Option.map(broken, (all) => all.length)),
        })
      }),
    )
    return reply.code(200).type("text/plain; version=0.0.4; charset=utf-8").send(text)
  })
}
