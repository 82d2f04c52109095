import { Command, FileSystem, HttpClient, HttpClientRequest, Path } from "@effect/platform"
import type { CommandExecutor } from "@effect/platform/CommandExecutor"
import { PgClient } from "@effect/sql-pg"
import type { FakeGoogleService } from "@frontdesk/testkit/FakeGoogle"
import type { FakeTwilio } from "@frontdesk/testkit/FakeTwilio"
import { Duration, Effect, Redacted, Ref, Schedule, type Scope, Stream } from "effect"

/**
 * The real server (`src/main.ts`, as `pnpm start` runs it) in a child process, for tests that
 * must kill it, restart it or run two of it: crash recovery and several instances on one database.
 */

export const adminToken = "process-test-admin-token"
export const twilioAuthToken = "process-test-twilio-auth-token"
// A fixed test key: 32 zero-ish bytes are fine for a throwaway database.
export const encryptionKeys = `k1:${Buffer.alloc(32, 7).toString("base64")}`

const isCi = process.env.CI === "true" || process.env.CI === "1"

/** Where the processes keep their data: a throwaway PostgreSQL database, or embedded PGlite in a temp dir. */
export type Database =
  | { readonly _tag: "Postgres"; readonly url: string }
  | { readonly _tag: "Embedded"; readonly dataDir: string }

/**
 * A throwaway database on TEST_DATABASE_URL's server, dropped afterwards. Without TEST_DATABASE_URL
 * this fails with "unavailable" so callers can decide to use PGlite or skip; under CI an
 * unreachable server is an error, never a skip.
 */
export const throwawayPostgres: Effect.Effect<Database, Error | "unavailable", Scope.Scope> = Effect.gen(function* () {
  const admin = process.env.TEST_DATABASE_URL
  if (admin === undefined || admin === "") return yield* Effect.fail("unavailable" as const)
  const name = `fd_proc_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const withAdmin = <A, E>(f: (sql: PgClient.PgClient) => Effect.Effect<A, E>) =>
    Effect.flatMap(PgClient.PgClient, f).pipe(
      Effect.provide(PgClient.layer({ url: Redacted.make(admin), maxConnections: 1 })),
    )
  yield* Effect.acquireRelease(
    withAdmin((sql) => sql.unsafe(`CREATE DATABASE ${name}`)),
    () =>
      withAdmin((sql) => sql.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).pipe(
        Effect.catchAll((error) => Effect.logWarning(`could not drop ${name}: ${error}`)),
      ),
  ).pipe(
    Effect.mapError((error) =>
      isCi ? new Error(`TEST_DATABASE_URL is set but unusable under CI: ${error}`) : ("unavailable" as const),
    ),
  )
  const url = new URL(admin)
  url.pathname = `/${name}`
  return { _tag: "Postgres", url: url.toString() } satisfies Database as Database
})

export const embedded = Effect.gen(function* () {
  const fs = yield* FileSystem.FileSystem
  const dataDir = yield* fs.makeTempDirectoryScoped({ prefix: "frontdesk-proc-" })
  return { _tag: "Embedded", dataDir } satisfies Database as Database
})

export interface ServerProcess {
  readonly url: string
  /** Output so far (stdout and stderr), for failure messages. */
  readonly output: Effect.Effect<string>
  /** SIGKILL: no shutdown hooks, no draining, as in a crash or an OOM kill. */
  readonly kill: Effect.Effect<void>
}

export interface ServerOptions {
  readonly database: Database
  readonly google: FakeGoogleService
  readonly twilio: FakeTwilio
  /** A temp dir for dev secrets when the database is external. */
  readonly dataDir: string
  readonly env?: Record<string, string>
  /** What to run instead of `tsx src/main.ts`, e.g. `node main.js` in a copy of the built output. */
  readonly command?: { readonly executable: string; readonly args: ReadonlyArray<string>; readonly cwd: string }
}

const freePort = Effect.promise(
  () =>
    new Promise<number>((resolve, reject) => {
      // A port the OS says is free; the tiny race with other binders is fine on loopback in tests.
      import("node:net").then(({ createServer }) => {
        const server = createServer()
        server.once("error", reject)
        server.listen(0, "127.0.0.1", () => {
          const address = server.address()
          const port = typeof address === "object" && address !== null ? address.port : 0
          server.close(() => resolve(port))
        })
      }, reject)
    }),
)

/**
 * Starts `src/main.ts` (or `options.command`) and waits until `/readyz` answers 200 (database reachable, migrated).
 * The process is stopped when the scope closes, if `kill` has not already done it.
 */
export const start = (
  options: ServerOptions,
): Effect.Effect<
  ServerProcess,
  Error,
  CommandExecutor | FileSystem.FileSystem | Path.Path | HttpClient.HttpClient | Scope.Scope
> =>
  Effect.gen(function* () {
    const path = yield* Path.Path
    const appDir = path.resolve(import.meta.dirname, "..")
    const port = yield* freePort
    const url = `http://127.0.0.1:${port}`
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "/tmp",
      NODE_ENV: "development",
      PORT: String(port),
      HOST: "127.0.0.1",
      PUBLIC_BASE_URL: url,
      DATA_DIR: options.database._tag === "Embedded" ? options.database.dataDir : options.dataDir,
      ADMIN_TOKEN: adminToken,
      TOKEN_ENCRYPTION_KEYS: encryptionKeys,
      TWILIO_ACCOUNT_SID: options.twilio.accountSid,
      TWILIO_AUTH_TOKEN: twilioAuthToken,
      TWILIO_SMS_FROM: "+15550001111",
      TWILIO_API_BASE_URL: options.twilio.url.replace(/\/+$/, ""),
      GOOGLE_CLIENT_ID: options.google.clientId,
      GOOGLE_CLIENT_SECRET: options.google.clientSecret,
      GOOGLE_API_ROOT_URL: options.google.url.replace(/\/+$/, ""),
      GOOGLE_OAUTH_AUTH_URL: options.google.authUrl,
      GOOGLE_OAUTH_TOKEN_URL: options.google.tokenUrl,
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? "warn",
      ...(options.database._tag === "Postgres" ? { DATABASE_URL: options.database.url } : {}),
      ...options.env,
    }
    const output = yield* Ref.make("")
    const run = options.command ?? {
      executable: path.join(appDir, "node_modules/.bin/tsx"),
      args: ["src/main.ts"],
      cwd: appDir,
    }
    const command = Command.make(run.executable, ...run.args).pipe(
      Command.workingDirectory(run.cwd),
      Command.env(env),
      Command.stderr("pipe"),
    )
    const child = yield* Command.start(command).pipe(Effect.mapError((cause) => new Error(`spawn failed: ${cause}`)))
    const collect = (stream: Stream.Stream<Uint8Array, unknown>) =>
      stream.pipe(
        Stream.decodeText(),
        Stream.runForEach((chunk) => Ref.update(output, (all) => (all + chunk).slice(-20_000))),
        Effect.ignore,
      )
    yield* Effect.forkDaemon(collect(child.stdout))
    yield* Effect.forkDaemon(collect(child.stderr))

    const client = yield* HttpClient.HttpClient
    yield* client.execute(HttpClientRequest.get(`${url}/readyz`)).pipe(
      Effect.flatMap((response) => (response.status === 200 ? Effect.void : Effect.fail(`status ${response.status}`))),
      Effect.retry(Schedule.spaced(Duration.millis(200)).pipe(Schedule.upTo(Duration.seconds(90)))),
      Effect.catchAll(() =>
        Effect.flatMap(Ref.get(output), (text) => Effect.fail(new Error(`server did not become ready:\n${text}`))),
      ),
    )
    return {
      url,
      output: Ref.get(output),
      kill: child.kill("SIGKILL").pipe(Effect.ignore, Effect.zipRight(Effect.ignore(child.exitCode))),
    }
  })
