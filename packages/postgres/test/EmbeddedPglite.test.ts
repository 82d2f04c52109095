import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { businessId, newBooking } from "@frontdesk/domain/testing/Fixtures"
import { Effect, Either, Layer, Option } from "effect"
import * as EmbeddedPglite from "../src/EmbeddedPglite.js"
import * as PgBookingRepository from "../src/PgBookingRepository.js"
import { layer as databaseLayer, PgDatabase } from "../src/PgDatabase.js"

describe("embedded PGlite", () => {
  it.live(
    "keeps bookings across a restart on the same DATA_DIR, served over the loopback socket",
    () =>
      Effect.gen(function* () {
        const dataDir = mkdtempSync(join(tmpdir(), "frontdesk-pglite-"))
        yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dataDir, { recursive: true, force: true })))
        const app = Layer.provideMerge(
          PgBookingRepository.layer,
          databaseLayer({ databaseUrl: Option.none(), dataDir }),
        )
        const booking = newBooking({ businessId: businessId(), start: "2026-06-01T14:00:00Z" })

        const first = yield* Effect.gen(function* () {
          const database = yield* PgDatabase
          yield* (yield* BookingRepository).insert(booking)
          return database
        }).pipe(Effect.provide(app))
        expect(first.kind).toBe("pglite")
        expect(first.description).toContain(join(dataDir, "pglite"))
        expect(first.description).toMatch(/127\.0\.0\.1:\d+/)

        // A fresh start on the same directory: same data, and the slot is still taken.
        const afterRestart = yield* Effect.gen(function* () {
          const repo = yield* BookingRepository
          yield* (yield* PgDatabase).ready
          const clash = yield* Effect.either(
            repo.insert(newBooking({ businessId: booking.businessId, start: "2026-06-01T14:30:00Z" })),
          )
          return { stored: yield* repo.get(booking.id), clash }
        }).pipe(Effect.provide(app))
        expect(afterRestart.stored.customer).toEqual(booking.customer)

        // While one instance has the directory open, a second one is refused instead of corrupting it.
        const second = yield* Effect.gen(function* () {
          yield* Layer.build(databaseLayer({ databaseUrl: Option.none(), dataDir }))
          return yield* Effect.either(Layer.build(databaseLayer({ databaseUrl: Option.none(), dataDir })))
        }).pipe(Effect.scoped)
        expect(Either.isLeft(second) && String(second.left)).toMatch(/in use by another Frontdesk process/)
        expect(Either.isLeft(afterRestart.clash) && afterRestart.clash.left._tag).toBe("SlotTaken")
      }).pipe(Effect.scoped),
    // Three PGlite starts (initdb in WASM, CPU-bound): minutes when the machine is busy.
    300_000,
  )

  it.live(
    "an empty DATA_DIR given a snapshot starts as that database; a directory that holds one keeps its own",
    () =>
      Effect.gen(function* () {
        const root = mkdtempSync(join(tmpdir(), "frontdesk-pglite-snapshot-"))
        yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(root, { recursive: true, force: true })))
        const original = join(root, "original")
        const file = join(root, "snapshot.tar.gz")
        const withRepository = (dataDir: string) =>
          Layer.provideMerge(
            PgBookingRepository.layer,
            databaseLayer({ databaseUrl: Option.none(), dataDir, pgliteSnapshot: file }),
          )
        const inSnapshot = newBooking({ businessId: businessId(), start: "2026-06-01T14:00:00Z" })
        const later = newBooking({ businessId: inSnapshot.businessId, start: "2026-06-02T14:00:00Z" })

        // No snapshot file yet: initdb, as before.
        yield* Effect.flatMap(BookingRepository, (repo) => repo.insert(inSnapshot)).pipe(
          Effect.provide(withRepository(original)),
        )
        writeFileSync(file, yield* EmbeddedPglite.snapshot(join(original, "pglite")))

        const copy = yield* Effect.gen(function* () {
          yield* (yield* PgDatabase).ready
          const repo = yield* BookingRepository
          const stored = yield* repo.get(inSnapshot.id)
          yield* repo.insert(later)
          return stored
        }).pipe(Effect.provide(withRepository(join(root, "fresh"))))
        expect(copy.customer).toEqual(inSnapshot.customer)

        // The original directory is not replaced by the snapshot: it never saw the later booking.
        const laterInOriginal = yield* Effect.flatMap(BookingRepository, (repo) =>
          Effect.either(repo.get(later.id)),
        ).pipe(Effect.provide(withRepository(original)))
        expect(Either.isLeft(laterInOriginal)).toBe(true)
      }).pipe(Effect.scoped),
    300_000,
  )
})
