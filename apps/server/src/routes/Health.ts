import { Outbox } from "@frontdesk/domain/Outbox"
import { Effect, type ManagedRuntime, Option } from "effect"
import type { FastifyInstance } from "fastify"
import { Metrics } from "../Metrics.js"
import { Readiness } from "../Readiness.js"

export type HealthServices = Readiness | Metrics | Outbox

export const register = (
  app: FastifyInstance,
  options: { readonly runtime: ManagedRuntime.ManagedRuntime<HealthServices, unknown> },
) => {
  app.get("/healthz", async () => ({ status: "ok" }))

  app.get("/readyz", async (_request, reply) => {
    const report = await options.runtime.runPromise(Effect.flatMap(Readiness, (readiness) => readiness.check))
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
        return metrics.render({ outboxDepth: Option.getOrUndefined(depth) })
      }),
    )
    return reply.code(200).type("text/plain; version=0.0.4; charset=utf-8").send(text)
  })
}
