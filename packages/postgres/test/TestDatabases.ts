import { SqlClient } from "@effect/sql/SqlClient"
import { PgClient } from "@effect/sql-pg"
import { afterAll, describe, it } from "@effect/vitest"
import { Context, Duration, Effect, Exit, Layer, Option, Redacted, Scope } from "effect"
import * as PgDatabase from "../src/PgDatabase.js"

/**
 * Where the adapter tests run. PGlite (in memory, through the loopback socket like production)
 * always; a real PostgreSQL when TEST_DATABASE_URL is set, in a throwaway database per test
 * file. Under CI=true an unreachable TEST_DATABASE_URL is a failing test, never a skip.
 */
export type Target =
  | { readonly _tag: "Ready"; readonly name: string; readonly layer: Layer.Layer<Database, unknown> }
  | { readonly _tag: "Skip"; readonly name: string; readonly reason: string }
  | { readonly _tag: "Broken"; readonly name: string; readonly reason: string }

export type Database = PgDatabase.PgDatabase | PgClient.PgClient | SqlClient

const isCi = process.env.CI === "true" || process.env.CI === "1"

export const pglite = (options: { readonly migrate?: boolean } = {}): Layer.Layer<Database, unknown> =>
  (options.migrate === false ? PgDatabase.layerClient : PgDatabase.layer)({
    databaseUrl: Option.none(),
    dataDir: undefined,
  })

/** Connection to the server's maintenance database, for CREATE/DROP DATABASE. */
const admin = (url: string) =>
  PgClient.layer({ url: Redacted.make(url), maxConnections: 1, connectTimeout: Duration.seconds(5) })

const withDatabase = (url: string, database: string): string => {
  const parsed = new URL(url)
  parsed.pathname = `/${database}`
  return parsed.toString()
}

/** A fresh database for one test file, migrated (unless told not to) and dropped afterwards. */
export const throwawayPostgres = (
  url: string,
  options: { readonly migrate?: boolean } = {},
): Layer.Layer<Database, unknown> =>
  Layer.unwrapScoped(
    Effect.gen(function* () {
      const adminContext = yield* Layer.build(admin(url))
      const sql = Context.get(adminContext, SqlClient)
      const name = `frontdesk_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
      yield* Effect.acquireRelease(sql`CREATE DATABASE ${sql(name)}`, () =>
        sql`DROP DATABASE IF EXISTS ${sql(name)} WITH (FORCE)`.pipe(Effect.ignore),
      )
      return (options.migrate === false ? PgDatabase.layerClient : PgDatabase.layer)({
        databaseUrl: Option.some(Redacted.make(withDatabase(url, name))),
        dataDir: undefined,
        maxConnections: 20,
      })
    }),
  )

/** Probes TEST_DATABASE_URL once per test file (top-level await) so suites can be skipped or failed up front. */
export const postgres = async (options: { readonly migrate?: boolean } = {}): Promise<Target> => {
  const name = "PostgreSQL"
  const url = process.env.TEST_DATABASE_URL
  if (url === undefined || url.trim() === "") {
    return { _tag: "Skip", name, reason: "TEST_DATABASE_URL is not set" }
  }
  const reachable = await Effect.runPromise(
    Effect.scoped(Layer.build(admin(url))).pipe(
      Effect.as(Option.none<string>()),
      Effect.catchAllCause((cause) => Effect.succeed(Option.some(String(cause)))),
    ),
  )
  if (Option.isSome(reachable)) {
    const reason = `TEST_DATABASE_URL is set but unreachable: ${reachable.value}`
    return isCi ? { _tag: "Broken", name, reason } : { _tag: "Skip", name, reason }
  }
  return { _tag: "Ready", name, layer: throwawayPostgres(url, options) }
}

/** Registers `body` once per ready target; skipped targets say why, broken ones fail. */
export const forEachTarget = (
  targets: ReadonlyArray<Target>,
  body: (name: string, layer: Layer.Layer<Database, unknown>) => void,
): void => {
  for (const target of targets) {
    switch (target._tag) {
      case "Ready":
        body(target.name, target.layer)
        break
      case "Skip":
        describe.skip(`${target.name}: ${target.reason}`, () => {
          it("needs the database", () => {})
        })
        break
      case "Broken":
        describe(target.name, () => {
          it("reaches the database named by TEST_DATABASE_URL (CI=true)", () => {
            throw new Error(target.reason)
          })
        })
        break
    }
  }
}

/** PGlite always, PostgreSQL when configured. */
export const targets = async (options: { readonly migrate?: boolean } = {}): Promise<ReadonlyArray<Target>> => [
  { _tag: "Ready", name: "PGlite", layer: pglite(options) },
  await postgres(options),
]

/**
 * Builds a target's database once for the whole file (closed after the last test), so several
 * suites share one PGlite instance or one throwaway database instead of starting their own.
 */
export const shared = (layer: Layer.Layer<Database, unknown>): Layer.Layer<Database> => {
  const scope = Effect.runSync(Scope.make())
  const built = Effect.runPromise(Layer.buildWithScope(layer, scope))
  afterAll(() => Effect.runPromise(Scope.close(scope, Exit.void)))
  return Layer.effectContext(Effect.promise(() => built))
}
