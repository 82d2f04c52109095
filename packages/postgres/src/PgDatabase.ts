import type { MigrationError } from "@effect/sql/Migrator"
import type { SqlClient } from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { PgClient } from "@effect/sql-pg"
import { PersistenceError } from "@frontdesk/domain/model/Errors"
import { Config, type ConfigError, Context, Duration, Effect, Layer, Option, Redacted } from "effect"
import type * as EmbeddedPglite from "./EmbeddedPglite.js"
import * as Migrations from "./Migrations.js"

/** Which database this process talks to, and whether it is fit to serve. */
export class PgDatabase extends Context.Tag("@frontdesk/postgres/PgDatabase")<
  PgDatabase,
  {
    readonly kind: "postgres" | "pglite"
    /** Human description without secrets, e.g. "PostgreSQL at db.internal:5432/frontdesk". */
    readonly description: string
    /** For /readyz: the database answers and its schema is at this build's latest migration. */
    readonly ready: Effect.Effect<void, PersistenceError>
  }
>() {}

export interface Options {
  /** A PostgreSQL URL; when absent, embedded PGlite under `dataDir` is started. */
  readonly databaseUrl: Option.Option<Redacted.Redacted<string>>
  /** The embedded database lives in `<dataDir>/pglite`; `undefined` keeps it in memory. */
  readonly dataDir: string | undefined
  /** Pool size against a real server. */
  readonly maxConnections?: number
  /** Where the `NNNN_name.sql` files are; the package's own `migrations/` when running from source. */
  readonly migrationsDir?: string
  /** A PGlite tarball an empty embedded database starts from instead of initdb (`EmbeddedPglite.Options.snapshot`). */
  readonly pgliteSnapshot?: string
}

export type StartError = SqlError | MigrationError | EmbeddedPglite.EmbeddedPgliteError

const makeReady = (migrationsDir: string) =>
  Effect.gen(function* () {
    const latest = yield* Migrations.latestVersionIn(migrationsDir)
    const current = yield* Migrations.currentVersion
    if (Option.getOrElse(current, () => 0) < latest) {
      return yield* new PersistenceError({
        message: `Database schema is at version ${Option.getOrElse(current, () => 0)}, this build needs ${latest}`,
      })
    }
  }).pipe(
    Effect.catchTags({
      SqlError: (cause) => new PersistenceError({ message: "Database is unreachable", cause }),
      MigrationError: (cause) => new PersistenceError({ message: "Cannot read migrations", cause }),
    }),
  )

const describeUrl = (url: Redacted.Redacted<string>): string => {
  try {
    const parsed = new URL(Redacted.value(url))
    return `PostgreSQL at ${parsed.hostname}:${parsed.port || "5432"}${parsed.pathname}`
  } catch {
    return "PostgreSQL (DATABASE_URL)"
  }
}

/** Connection only, no migrations: for tests and scripts that manage the schema themselves. */
export const layerClient = (
  options: Options,
): Layer.Layer<PgDatabase | PgClient.PgClient | SqlClient, SqlError | EmbeddedPglite.EmbeddedPgliteError> => {
  const migrationsDir = options.migrationsDir ?? Migrations.directory
  return Option.match(options.databaseUrl, {
    onSome: (url) => {
      const description = describeUrl(url)
      return Layer.mergeAll(
        PgClient.layer({
          url,
          maxConnections: options.maxConnections ?? 10,
          applicationName: "frontdesk",
        }),
        Layer.effectDiscard(Effect.logInfo(`Database: ${description} (DATABASE_URL)`)),
      ).pipe(Layer.map((context) => withDatabase(context, "postgres", description, migrationsDir)))
    },
    onNone: () =>
      Layer.unwrapScoped(
        Effect.gen(function* () {
          const dataDir = options.dataDir === undefined ? undefined : `${options.dataDir.replace(/\/+$/, "")}/pglite`
          // Loaded only here: PGlite's module and WASM are a large part of start-up, and a server on
          // PostgreSQL never needs them.
          const { make } = yield* Effect.promise(() => import("./EmbeddedPglite.js"))
          const embedded = yield* make({
            dataDir,
            ...(options.pgliteSnapshot === undefined ? {} : { snapshot: options.pgliteSnapshot }),
          })
          const description = `embedded PGlite (${embedded.location}) on ${embedded.host}:${embedded.port}`
          const origin =
            embedded.origin === "snapshot"
              ? `, new, from the snapshot ${options.pgliteSnapshot}`
              : embedded.origin === "initdb"
                ? ", new (initdb)"
                : ""
          yield* Effect.logInfo(`Database: ${description}${origin}; set DATABASE_URL to use PostgreSQL`)
          return PgClient.layer({
            host: embedded.host,
            port: embedded.port,
            username: "postgres",
            database: "postgres",
            // One backend, one connection: every statement and transaction takes turns.
            maxConnections: 1,
            // Keep the single connection open rather than reconnecting after idle periods (node timers cap at ~24 days).
            idleTimeout: Duration.days(20),
            connectTimeout: Duration.seconds(30),
            applicationName: "frontdesk",
          }).pipe(Layer.map((context) => withDatabase(context, "pglite", description, migrationsDir)))
        }),
      ),
  })
}

const withDatabase = <R>(
  context: Context.Context<R>,
  kind: "postgres" | "pglite",
  description: string,
  migrationsDir: string,
) =>
  Context.add(
    context,
    PgDatabase,
    PgDatabase.of({
      kind,
      description,
      ready: makeReady(migrationsDir).pipe(Effect.provide(context as Context.Context<R | SqlClient>)) as Effect.Effect<
        void,
        PersistenceError
      >,
    }),
  )

/** Connects (or starts PGlite) and applies pending migrations before anything else can query. */
export const layer = (options: Options): Layer.Layer<PgDatabase | PgClient.PgClient | SqlClient, StartError> =>
  Layer.provideMerge(Migrations.layerFrom(options.migrationsDir ?? Migrations.directory), layerClient(options))

/** Reads `DATABASE_URL` (Redacted) and `DATA_DIR` (default `./.frontdesk`). */
export const config: Config.Config<Options> = Config.all({
  databaseUrl: Config.option(Config.redacted("DATABASE_URL")).pipe(
    Config.map(Option.filter((url) => Redacted.value(url).trim() !== "")),
  ),
  dataDir: Config.string("DATA_DIR").pipe(Config.withDefault("./.frontdesk")),
})

export const layerConfig = (
  options: Config.Config<Options> = config,
): Layer.Layer<PgDatabase | PgClient.PgClient | SqlClient, StartError | ConfigError.ConfigError> =>
  Layer.unwrapEffect(Effect.map(options, layer))
