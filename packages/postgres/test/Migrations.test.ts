import { createHash } from "node:crypto"
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { NodeFileSystem } from "@effect/platform-node"
import { SqlClient } from "@effect/sql/SqlClient"
import { describe, expect, layer } from "@effect/vitest"
import { Effect, Either, Option } from "effect"
import * as Migrations from "../src/Migrations.js"
import { PgDatabase } from "../src/PgDatabase.js"
import { forEachTarget, shared, targets } from "./TestDatabases.js"

const expectedHash = createHash("sha256").update("the-token").digest("hex")

// Databases without the schema: these tests apply it themselves.
forEachTarget(await targets({ migrate: false }), (name, target) => {
  describe(name, () => {
    layer(shared(target), { timeout: "5 minutes", excludeTestServices: true })("Migrations", (it) => {
      it.effect("readiness fails before migrating; two instances migrating at once apply each step once", () =>
        Effect.gen(function* () {
          const database = yield* PgDatabase
          const notReady = yield* Effect.either(database.ready)
          expect(Either.isLeft(notReady) && notReady.left.message).toMatch(/schema is at version 0/)

          const [a, b] = yield* Effect.all([Migrations.run, Migrations.run], { concurrency: 2 })
          const latest = yield* Migrations.latestVersion
          // One did the work, the other waited on the lock and found nothing left to do. Every shipped
          // file once (ids need not be contiguous: branches reserve their numbers).
          const shipped = yield* Migrations.loader.pipe(Effect.provide(NodeFileSystem.layer))
          expect([...a, ...b].map(([id]) => id).sort((x, y) => x - y)).toEqual(shipped.map(([id]) => id))
          expect(yield* Migrations.run).toEqual([])
          expect(yield* Migrations.currentVersion).toEqual(Option.some(latest))
          yield* database.ready

          const sql = yield* SqlClient
          const extensions = yield* sql<{
            extname: string
          }>`SELECT extname FROM pg_extension WHERE extname = 'btree_gist'`
          expect(extensions.length).toBe(1)
        }),
      )
    })

    // Built when this block starts, not at import (as `shared` does), so it does not compete with the block above.
    layer(target, { timeout: "5 minutes", excludeTestServices: true })("Migrations from a shipped directory", (it) => {
      it.effect(
        "a build's own copy of the SQL is what runs, and a newer copy applies only what it adds",
        () =>
          Effect.gen(function* () {
            // An older build: every migration but the newest, in a directory of its own (as dist/migrations/).
            const files = readdirSync(Migrations.directory)
              .filter((file) => file.endsWith(".sql"))
              .sort()
            const older = mkdtempSync(join(tmpdir(), "frontdesk-migrations-"))
            yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(older, { recursive: true, force: true })))
            for (const file of files.slice(0, -1)) copyFileSync(join(Migrations.directory, file), join(older, file))

            const first = yield* Migrations.runFrom(older)
            expect(first.map(([id]) => id)).toEqual(Array.from({ length: files.length - 1 }, (_, i) => i + 1))
            expect(yield* Migrations.latestVersionIn(older)).toBe(files.length - 1)
            // Up to date for that build: nothing runs again.
            expect(yield* Migrations.runFrom(older)).toEqual([])

            const newer = yield* Migrations.runFrom(Migrations.directory)
            expect(newer.map(([id]) => id)).toEqual([files.length])
            expect(yield* Migrations.currentVersion).toEqual(Option.some(files.length))
          }).pipe(Effect.scoped),
        120_000,
      )
    })

    layer(target, { timeout: "5 minutes", excludeTestServices: true })("Migration 0007", (it) => {
      it.effect(
        "channel tokens already stored become their sha256, and the table keeps no token",
        () =>
          Effect.gen(function* () {
            const upTo = (last: number) => {
              const dir = mkdtempSync(join(tmpdir(), "frontdesk-migrations-"))
              for (const file of readdirSync(Migrations.directory).filter((f) => f.endsWith(".sql"))) {
                if (Number(file.slice(0, 4)) <= last) copyFileSync(join(Migrations.directory, file), join(dir, file))
              }
              return dir
            }
            const before = upTo(6)
            const after = upTo(7)
            yield* Effect.addFinalizer(() =>
              Effect.sync(() => {
                rmSync(before, { recursive: true, force: true })
                rmSync(after, { recursive: true, force: true })
              }),
            )
            yield* Migrations.runFrom(before)
            const sql = yield* SqlClient
            yield* sql`INSERT INTO calendar_watch_channels
              (id, business_id, calendar_id, token, resource_id, expires_at, created_at)
              VALUES ('fd-old', 'biz_old', 'primary', 'the-token', 'res', now(), now())`
            yield* Migrations.runFrom(after)
            const rows = yield* sql<Record<string, unknown>>`SELECT * FROM calendar_watch_channels WHERE id = 'fd-old'`
            // sha256("the-token"), hex, as node's createHash gives it.
            expect(rows[0]?.token_hash).toBe(expectedHash)
            expect(Object.keys(rows[0] ?? {})).not.toContain("token")
            expect(Object.values(rows[0] ?? {})).not.toContain("the-token")
          }).pipe(Effect.scoped),
        120_000,
      )
    })
  })
})
