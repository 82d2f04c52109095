import { mkdirSync } from "node:fs"
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
}

export interface EmbeddedPglite {
  readonly db: PGlite
  readonly host: string
  readonly port: number
  /** Absolute data directory, or "memory". */
  readonly location: string
}

/**
 * Starts PGlite and serves it on 127.0.0.1 through the Postgres wire protocol, so the very
 * same `@effect/sql-pg` adapters run against it. PGlite is one single-threaded backend: the
 * socket server accepts ONE connection, and clients must use a pool of one (see
 * `PgDatabase`). Its multiplexer queues protocol messages, not whole statements, so two
 * connections could interleave extended-protocol messages and corrupt each other's queries.
 */
export const make = (options: Options): Effect.Effect<EmbeddedPglite, EmbeddedPgliteError, Scope.Scope> =>
  Effect.gen(function* () {
    const location = options.dataDir === undefined ? "memory" : resolve(options.dataDir)
    const db = yield* Effect.acquireRelease(
      Effect.tryPromise({
        try: async () => {
          if (options.dataDir !== undefined) mkdirSync(location, { recursive: true })
          return await PGlite.create({
            ...(options.dataDir === undefined ? {} : { dataDir: location }),
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
    return { db, host: "127.0.0.1", port, location }
  })
