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
 * connect Google and book a signed call whose event reaches Google through the outbox.
 */

const platform = Layer.mergeAll(NodeContext.layer, NodeHttpClient.layerUndici)
const dialled = "+15550007777"

const database = ServerProcess.throwawayPostgres.pipe(
  Effect.catchIf(
    (error): error is "unavailable" => error === "unavailable",
    () => ServerProcess.embedded,
  ),
)

describe("built output", () => {
  it.scopedLive(
    "pnpm build's dist/, alone in a clean directory, starts with node, migrates a fresh database and books a signed call",
    () =>
      Effect.gen(function* () {
        const fs = yield* FileSystem.FileSystem
        const path = yield* Path.Path
        const appDir = path.resolve(import.meta.dirname, "..")

        const build = yield* Command.make("pnpm", "run", "build").pipe(
          Command.workingDirectory(appDir),
          Command.string,
          Effect.either,
        )
        expect(build._tag, build._tag === "Left" ? String(build.left) : "").toBe("Right")

        // Outside the repository: nothing can be resolved from the workspace's node_modules.
        const clean = yield* fs.makeTempDirectoryScoped({ prefix: "frontdesk-built-" })
        const app = path.join(clean, "app")
        yield* fs.copy(path.join(appDir, "dist"), app)
        expect(yield* fs.exists(path.join(app, "migrations"))).toBe(true)

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
    120_000,
  )
})
