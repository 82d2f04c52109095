import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { describe, expect, it } from "@effect/vitest"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { businessId, newBooking } from "@frontdesk/domain/testing/Fixtures"
import { Effect, Either, Layer, Option } from "effect"
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
})
