import { fileURLToPath } from "node:url"
import { FileSystem } from "@effect/platform"
import { NodeFileSystem } from "@effect/platform-node"
import * as Migrator from "@effect/sql/Migrator"
import { SqlClient } from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { Effect, Layer, Option } from "effect"

/**
 * Versioned SQL lives beside the package so operators can read exactly what runs. This is where it
 * is when the package runs from source; a bundled server ships a copy beside its output and passes
 * that directory in (ADR 0013), since `import.meta.url` then names the bundle, not this file.
 */
export const directory = fileURLToPath(new URL("../migrations/", import.meta.url))

export const table = "effect_sql_migrations"

/** Arbitrary but fixed: every Frontdesk instance agrees on it, nothing else uses it. */
const lockKey = 7_406_153_201

const sqlFile = /^(\d+)_([^.]+)\.sql$/

/** Reads `NNNN_name.sql` files from `from`; each runs as one multi-statement script. */
export const loaderFrom = (from: string): Migrator.Loader<FileSystem.FileSystem> =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const files = yield* fs.readDirectory(from)
    const migrations: Array<Migrator.ResolvedMigration> = []
    for (const file of files) {
      const match = file.match(sqlFile)
      if (match === null) continue
      const [, id, name] = match
      const text = yield* fs.readFileString(`${from}/${file}`)
      migrations.push([
        Number(id),
        name ?? file,
        Effect.succeed(Effect.flatMap(SqlClient, (sql) => sql.unsafe(text).raw)),
      ])
    }
    return migrations.sort(([a], [b]) => a - b)
  }).pipe(
    Effect.mapError(
      (cause) =>
        new Migrator.MigrationError({ reason: "import-error", message: `Cannot read migrations: ${cause}`, cause }),
    ),
  )

export const loader: Migrator.Loader<FileSystem.FileSystem> = loaderFrom(directory)

const latestByDirectory = new Map<string, Effect.Effect<number, Migrator.MigrationError>>()

/**
 * The newest migration in `from`. The files cannot change while the build runs, so they are read
 * once per process and directory, not on every /readyz probe.
 */
export const latestVersionIn = (from: string): Effect.Effect<number, Migrator.MigrationError> => {
  const known = latestByDirectory.get(from)
  if (known !== undefined) return known
  const latest = Effect.runSync(
    Effect.cached(
      loaderFrom(from).pipe(
        Effect.map((all) => all.reduce((max, [id]) => Math.max(max, id), 0)),
        Effect.provide(NodeFileSystem.layer),
      ),
    ),
  )
  latestByDirectory.set(from, latest)
  return latest
}

/** The newest migration shipped with the package; readiness compares the database against it. */
export const latestVersion: Effect.Effect<number, Migrator.MigrationError> = latestVersionIn(directory)

/**
 * Applies pending migrations. Two instances starting together both end up here: the
 * transaction-scoped advisory lock makes the second wait, after which it finds nothing to do.
 * (The Migrator alone races on creating its bookkeeping table.)
 */
export const runFrom = (
  from: string,
): Effect.Effect<ReadonlyArray<readonly [id: number, name: string]>, Migrator.MigrationError | SqlError, SqlClient> =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    // Every start after the first finds the schema current: one read instead of a transaction, a
    // lock and the Migrator's bookkeeping. A database behind (or a race with another instance) takes the full path.
    const latest = yield* latestVersionIn(from)
    const current = yield* currentVersion
    if (Option.getOrElse(current, () => 0) >= latest) return []
    const applied = yield* sql
      .withTransaction(
        Effect.gen(function* () {
          yield* sql`SELECT pg_advisory_xact_lock(${lockKey})`
          yield* sql`CREATE TABLE IF NOT EXISTS ${sql(table)} (
          migration_id integer PRIMARY KEY,
          created_at timestamptz NOT NULL DEFAULT now(),
          name text NOT NULL
        )`
          return yield* Migrator.make({})({ loader: loaderFrom(from), table })
        }),
      )
      .pipe(Effect.provide(NodeFileSystem.layer))
    for (const [id, name] of applied) {
      yield* Effect.logInfo(`Applied migration ${id}_${name}`)
    }
    return applied
  })

export const run = runFrom(directory)

/** The database's schema version, none before the first migration. */
export const currentVersion: Effect.Effect<Option.Option<number>, SqlError, SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient
  const exists = yield* sql<{ present: boolean }>`SELECT to_regclass(${table}) IS NOT NULL AS present`
  if (exists[0]?.present !== true) return Option.none()
  const rows = yield* sql<{ id: number | null }>`SELECT max(migration_id) AS id FROM ${sql(table)}`
  return Option.fromNullable(rows[0]?.id ?? null)
})

/** Runs migrations while the layer is built, so nothing downstream sees an old schema. */
export const layerFrom = (from: string): Layer.Layer<never, Migrator.MigrationError | SqlError, SqlClient> =>
  Layer.effectDiscard(runFrom(from))

export const layer: Layer.Layer<never, Migrator.MigrationError | SqlError, SqlClient> = layerFrom(directory)
