import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { resolve } from "node:path"
import { PGlite } from "@electric-sql/pglite"
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist"
import { PGLiteSocketServer } from "@electric-sql/pglite-socket"
import { Data, Effect, type Scope } from "effect"

export class EmbeddedPgliteError extends Data.TaggedError("EmbeddedPgliteError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

export interface Options {
  /** Directory holding the database files; `undefined` keeps everything in memory (tests). */
  readonly dataDir: string | undefined
  /** Loopback port to serve on; 0 lets the OS choose. */
  readonly port?: number
  /**
   * A `dumpDataDir()` tarball (see `snapshot`) that an empty `dataDir` starts from instead of
   * running initdb, PGlite's slowest step (ADR 0013). Ignored when the file is missing or the
   * directory already holds a database; migrations run afterwards as on any database.
   */
  readonly snapshot?: string
}

/** How the database came to be open. */
export type Origin = "existing" | "initdb" | "snapshot" | "memory"

export interface EmbeddedPglite {
  readonly db: PGlite
  readonly host: string
  readonly port: number
  /** Absolute data directory, or "memory". */
  readonly location: string
  readonly origin: Origin
}

/**
 * Starts PGlite and serves it on 127.0.0.1 through the Postgres wire protocol, so the very
 * same `@effect/sql-pg` adapters run against it. PGlite is one single-threaded backend: the
 * socket server accepts ONE connection, and clients must use a pool of one (see
 * `PgDatabase`). Its multiplexer queues protocol messages, not whole statements, so two
 * connections could interleave extended-protocol messages and corrupt each other's queries.
 */
const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/**
 * PGlite has no postmaster lock of its own: two processes opening one directory (a server and
 * `pnpm db:migrate`, say) would corrupt it. A pid file taken with O_EXCL refuses the second one;
 * a file left by a dead process is taken over.
 */
const lockDirectory = (directory: string) =>
  Effect.acquireRelease(
    Effect.try({
      try: () => {
        mkdirSync(directory, { recursive: true })
        // Beside the directory, not in it: PGlite treats a non-empty directory as an existing database.
        const file = `${directory}.lock`
        for (let attempt = 0; attempt < 2; attempt++) {
          try {
            writeFileSync(file, String(process.pid), { flag: "wx" })
            return file
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error
            const holder = Number(readFileSync(file, "utf8").trim())
            if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
              throw new Error(`process ${holder} is using it`)
            }
            rmSync(file, { force: true })
          }
        }
        throw new Error("could not take the lock file")
      },
      catch: (cause) =>
        new EmbeddedPgliteError({
          message: `The embedded database at ${directory} is in use by another Frontdesk process (${cause instanceof Error ? cause.message : String(cause)}); stop it or set DATABASE_URL`,
          cause,
        }),
    }),
    (file) => Effect.sync(() => rmSync(file, { force: true })),
  )

export const make = (options: Options): Effect.Effect<EmbeddedPglite, EmbeddedPgliteError, Scope.Scope> =>
  Effect.gen(function* () {
    const location = options.dataDir === undefined ? "memory" : resolve(options.dataDir)
    if (options.dataDir !== undefined) yield* lockDirectory(location)
    // Read before PGlite writes anything: an empty directory is a new database.
    const origin: Origin =
      options.dataDir === undefined
        ? "memory"
        : readdirSync(location).length > 0
          ? "existing"
          : options.snapshot !== undefined && existsSync(options.snapshot)
            ? "snapshot"
            : "initdb"
    const db = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: async () => {
          return await PGlite.create({
            ...(options.dataDir === undefined ? {} : { dataDir: location }),
            ...(origin === "snapshot" && options.snapshot !== undefined
              ? { loadDataDir: new Blob([readFileSync(options.snapshot)]) }
              : {}),
            extensions: { btree_gist },
          })
        },
        catch: (cause) =>
          new EmbeddedPgliteError({
            message: `Cannot open the embedded database at ${location} (is another Frontdesk process using it?)`,
            cause,
          }),
      }),
      (db) => Effect.promise(() => db.close()).pipe(Effect.ignore),
    )
    const server = new PGLiteSocketServer({
      db,
      host: "127.0.0.1",
      port: options.port ?? 0,
      maxConnections: 1,
    })
    yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: () => server.start(),
        catch: (cause) => new EmbeddedPgliteError({ message: "Cannot serve the embedded database", cause }),
      }),
      () => Effect.promise(() => server.stop()).pipe(Effect.ignore),
    )
    const address = server.getServerConn()
    const port = Number(address.slice(address.lastIndexOf(":") + 1))
    return { db, host: "127.0.0.1", port, location, origin }
  })

/**
 * The database in `dataDir` (closed, not in use) as a gzipped `dumpDataDir()` tarball, for
 * `Options.snapshot`: `pnpm build` initialises and migrates a database and ships this beside the
 * bundle, so a first start skips initdb.
 */
export const snapshot = (dataDir: string): Effect.Effect<Uint8Array, EmbeddedPgliteError> =>
  Effect.scoped(
    Effect.gen(function* () {
      const location = resolve(dataDir)
      yield* lockDirectory(location)
      const db = yield* Effect.acquireRelease(
        Effect.tryPromise({
          try: () => PGlite.create({ dataDir: location, extensions: { btree_gist } }),
          catch: (cause) =>
            new EmbeddedPgliteError({ message: `Cannot open the embedded database at ${location}`, cause }),
        }),
        (db) => Effect.promise(() => db.close()).pipe(Effect.ignore),
      )
      return yield* Effect.tryPromise({
        try: async () => new Uint8Array(await (await db.dumpDataDir("gzip")).arrayBuffer()),
        catch: (cause) =>
          new EmbeddedPgliteError({ message: `Cannot dump the embedded database at ${location}`, cause }),
      })
    }),
  )
