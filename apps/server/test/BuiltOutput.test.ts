import { resolve } from "node:path"
import { Command, FileSystem, Path } from "@effect/platform"
import { NodeContext, NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import * as FakeGoogle from "@frontdesk/testkit/FakeGoogle"
import * as FakeTwilio from "@frontdesk/testkit/FakeTwilio"
import { Duration, Effect, Layer, Schedule } from "effect"
import * as CallDriver from "./CallDriver.js"
import * as ServerProcess from "./ServerProcess.js"

/**
 * What the Dockerfile ships, exercised without Docker: `pnpm build`, then only `dist/` copied to a
 * directory with no node_modules above it (as the image's last stage does), started with plain
 * `node main.js` in production mode. It must migrate a fresh database, pass /healthz and /readyz,
 * connect Google and book a signed call whose event reaches Google through the outbox. On PGlite, a
 * fresh DATA_DIR starts from the build's pre-migrated snapshot and still applies a migration the
 * snapshot predates.
 */

const platform = Layer.mergeAll(NodeContext.layer, NodeHttpClient.layerUndici)
const dialled = "+15550007777"

const database = ServerProcess.throwawayPostgres.pipe(
  Effect.catchIf(
    (error): error is "unavailable" => error === "unavailable",
    () => ServerProcess.embedded,
  ),
)

const appDir = resolve(import.meta.dirname, "..")

/** `pnpm build`, once for the tests below; its output stays in `dist/`. */
const built = Effect.runSync(
  Effect.cached(
    Command.make("pnpm", "run", "build").pipe(
      Command.workingDirectory(appDir),
      Command.string,
      Effect.either,
      Effect.provide(NodeContext.layer),
    ),
  ),
)

/** A copy of `dist/` alone, outside the repository: nothing resolves from the workspace's node_modules. */
const cleanCopy = Effect.gen(function* () {
  const build = yield* built
  expect(build._tag, build._tag === "Left" ? String(build.left) : "").toBe("Right")
  const fs = yield* FileSystem.FileSystem
  const path = yield* Path.Path
  const clean = yield* fs.makeTempDirectoryScoped({ prefix: "frontdesk-built-" })
  const app = path.join(clean, "app")
  yield* fs.copy(path.join(appDir, "dist"), app)
  expect(yield* fs.exists(path.join(app, "migrations"))).toBe(true)
  return app
})

describe("built output", () => {
  it.scopedLive(
    "pnpm build's dist/, alone in a clean directory, starts with node, migrates a fresh database and books a signed call",
    () =>
      Effect.gen(function* () {
        const fs = yield* FileSystem.FileSystem
        const app = yield* cleanCopy

        const google = yield* FakeGoogle.make()
        const twilio = yield* FakeTwilio.make({ authToken: ServerProcess.twilioAuthToken })
        const secrets = yield* fs.makeTempDirectoryScoped({ prefix: "frontdesk-built-data-" })
        const db = yield* database
        const server = yield* ServerProcess.start({
          database: db,
          google,
          twilio,
          dataDir: secrets,
          command: { executable: process.execPath, args: ["main.js"], cwd: app },
          env: {
            NODE_ENV: "production",
            OUTBOX_POLL_MS: "100",
            ...(db._tag === "Embedded" ? { ALLOW_EMBEDDED_DB: "true" } : {}),
          },
        })

        const health = yield* Effect.promise(() => fetch(`${server.url}/healthz`))
        expect(health.status).toBe(200)
        // Ready means reachable and at this build's newest migration, read from the copied migrations/.
        const ready = (yield* Effect.promise(() =>
          fetch(`${server.url}/readyz`, { headers: { authorization: `Bearer ${ServerProcess.adminToken}` } }).then(
            (r) => r.json(),
          ),
        )) as { readonly status: string; readonly checks: { readonly database: { readonly detail: string } } }
        expect(ready.status).toBe("ready")
        expect(ready.checks.database.detail).toMatch(db._tag === "Postgres" ? /^PostgreSQL at / : /PGlite/)

        const businessId = yield* CallDriver.createBusiness(server.url, dialled)
        yield* CallDriver.connectGoogle(server.url, businessId)
        const call = yield* CallDriver.bookCall(server.url, businessId, dialled, CallDriver.caller(0, 0))
        expect(call._tag, JSON.stringify(call)).toBe("Booked")

        const rows = yield* CallDriver.bookings(server.url, businessId).pipe(
          Effect.filterOrFail((all) => all.length === 1 && all[0]?.calendarSync === "synced"),
          Effect.retry(Schedule.spaced(Duration.millis(200)).pipe(Schedule.upTo(Duration.seconds(20)))),
          Effect.orElse(() => CallDriver.bookings(server.url, businessId)),
        )
        expect(rows.map((b) => [b.customerPhone, b.status, b.calendarSync])).toEqual([
          [call.phone, "confirmed", "synced"],
        ])
        const events = yield* google.events("primary")
        expect(events.map((e) => e.id)).toEqual([rows[0]?.externalEventId])
      }).pipe(Effect.provide(platform)),
    240_000,
  )

  it.scopedLive(
    "on PGlite, a fresh DATA_DIR starts from the build's snapshot, applies a migration the snapshot predates, and books a call",
    () =>
      Effect.gen(function* () {
        const fs = yield* FileSystem.FileSystem
        const path = yield* Path.Path
        const app = yield* cleanCopy
        expect(yield* fs.exists(path.join(app, "pglite-snapshot.tar.gz"))).toBe(true)
        // A build with a migration newer than its snapshot: the start must still bring the schema up to it.
        const newest = (yield* fs.readDirectory(path.join(app, "migrations")))
          .filter((f) => /^\d+_.+\.sql$/.test(f))
          .sort()
        const next = Number(newest.at(-1)?.split("_")[0]) + 1
        const later = `${String(next).padStart(4, "0")}_after_snapshot`
        yield* fs.writeFileString(
          path.join(app, "migrations", `${later}.sql`),
          "CREATE TABLE after_snapshot (id integer PRIMARY KEY);\n",
        )

        const google = yield* FakeGoogle.make()
        const twilio = yield* FakeTwilio.make({ authToken: ServerProcess.twilioAuthToken })
        const db = yield* ServerProcess.embedded
        const server = yield* ServerProcess.start({
          database: db,
          google,
          twilio,
          dataDir: db._tag === "Embedded" ? db.dataDir : "",
          command: { executable: process.execPath, args: ["main.js"], cwd: app },
          env: { NODE_ENV: "production", ALLOW_EMBEDDED_DB: "true", LOG_LEVEL: "info", OUTBOX_POLL_MS: "100" },
        })
        // start() waits for /readyz: reachable and at the newest migration, the one written above.
        const output = yield* server.output
        expect(output).toContain("from the snapshot")
        expect(output).not.toContain("new (initdb)")
        expect(output).toContain(`Applied migration ${next}_after_snapshot`)

        const businessId = yield* CallDriver.createBusiness(server.url, dialled)
        const call = yield* CallDriver.bookCall(server.url, businessId, dialled, CallDriver.caller(0, 0))
        expect(call._tag, JSON.stringify(call)).toBe("Booked")
        const rows = yield* CallDriver.bookings(server.url, businessId)
        expect(rows.map((b) => [b.customerPhone, b.status])).toEqual([[call.phone, "confirmed"]])
      }).pipe(Effect.provide(platform)),
    240_000,
  )
})
