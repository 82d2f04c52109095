import { Context, Effect, Layer } from "effect"

export interface ReadinessReport {
  readonly ready: boolean
  readonly checks: Readonly<Record<string, { readonly ok: boolean; readonly detail?: string }>>
}

/** What `/readyz` asks: is the database reachable and migrated. Each storage backend answers for itself. */
export class Readiness extends Context.Tag("@frontdesk/server/Readiness")<
  Readiness,
  { readonly check: Effect.Effect<ReadinessReport> }
>() {}

export const layerAlwaysReady = (name = "storage"): Layer.Layer<Readiness> =>
  Layer.succeed(Readiness, {
    check: Effect.succeed({ ready: true, checks: { [name]: { ok: true, detail: "in memory" } } }),
  })
