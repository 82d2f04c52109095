/**
 * `pnpm db:migrate`: applies pending migrations to DATABASE_URL, or to the embedded PGlite
 * under DATA_DIR when it is unset. Servers also migrate at start; this is for deploy pipelines.
 */
import { NodeRuntime } from "@effect/platform-node"
import { Effect, Option } from "effect"
import * as Migrations from "../src/Migrations.js"
import * as PgDatabase from "../src/PgDatabase.js"

const program = Effect.gen(function* () {
  const database = yield* PgDatabase.PgDatabase
  const version = yield* Migrations.currentVersion
  yield* database.ready
  yield* Effect.logInfo(`${database.description}: schema at version ${Option.getOrElse(version, () => 0)}, up to date`)
})

program.pipe(Effect.provide(PgDatabase.layerConfig()), NodeRuntime.runMain)
