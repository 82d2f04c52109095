import { DateTime, Deferred, Effect, Layer, Redacted, Ref, TestClock } from "effect"
import * as BookingService from "../booking/BookingService.js"
import { BookingContext } from "../model/BookingContext.js"
import type { Business } from "../model/Business.js"
import type { Customer } from "../model/Customer.js"
import { BookingRepository } from "../ports/BookingRepository.js"
import * as MemoryBookingRepository from "../ports/MemoryBookingRepository.js"
import * as MemoryCalendar from "../ports/MemoryCalendar.js"
import * as MemoryOutbox from "../ports/MemoryOutbox.js"
import * as MemoryTokenVault from "../ports/MemoryTokenVault.js"
import * as RecordingTelephony from "../ports/RecordingTelephony.js"
import { CalendarCredentials, TokenVault } from "../ports/TokenVault.js"
import * as Fixtures from "../testing/Fixtures.js"

/** Wall-clock time in New York (the demo business's zone) as an instant. */
export const ny = (local: string): DateTime.Utc => Fixtures.localDateTime("America/New_York", local)

/** Tuesday 2026-12-01, 08:00 in New York: the rest of the week is open. */
export const now = ny("2026-12-01T08:00")

/** Every port in memory, with the test controls. */
export const ports = Layer.mergeAll(
  // One build: the repository and the outbox share a store, as one database would.
  Layer.merge(MemoryBookingRepository.layerMemory, MemoryOutbox.layerMemory),
  MemoryCalendar.layerMemory,
  MemoryTokenVault.layerMemory,
  RecordingTelephony.layerMemory,
)

/** BookingService with inline follow-ups over fresh memory ports (and the ports themselves). */
export const service = BookingService.layerInline.pipe(Layer.provideMerge(ports))

/** Runs a test at `now` on fresh memory ports (or on `world`, built the same way). */
export const inWorld = <A, E, R extends Layer.Layer.Success<typeof service>>(
  effect: Effect.Effect<A, E, R>,
  world: Layer.Layer<Layer.Layer.Success<typeof service>> = service,
) => Effect.zipRight(TestClock.setTime(DateTime.toEpochMillis(now)), effect).pipe(Effect.provide(world))

/**
 * The memory BookingRepository, but every insert waits until `parties` inserts have arrived:
 * all callers pass their availability check before any of them writes, so only the repository's
 * atomic overlap rule can decide who gets the slot.
 */
export const gatedRepository = (parties: number) =>
  Layer.effect(
    BookingRepository,
    Effect.gen(function* () {
      const inner = yield* BookingRepository
      const arrived = yield* Ref.make(0)
      const gate = yield* Deferred.make<void>()
      return BookingRepository.of({
        ...inner,
        insert: (booking, enqueue) =>
          Ref.updateAndGet(arrived, (n) => n + 1).pipe(
            Effect.tap((n) => (n >= parties ? Deferred.succeed(gate, undefined) : Effect.void)),
            Effect.zipRight(Deferred.await(gate)),
            Effect.zipRight(inner.insert(booking, enqueue)),
          ),
      })
    }),
  ).pipe(Layer.provide(MemoryBookingRepository.layerMemory))

/** Like `service`, with inserts held back until `parties` callers are ready to write. */
export const racingService = (parties: number) =>
  BookingService.layerInline.pipe(
    Layer.provideMerge(
      Layer.mergeAll(
        gatedRepository(parties),
        MemoryOutbox.layerMemory,
        MemoryCalendar.layerMemory,
        MemoryTokenVault.layerMemory,
        RecordingTelephony.layerMemory,
      ),
    ),
  )

export const connectGoogle = (business: Business) =>
  Effect.flatMap(TokenVault, (vault) =>
    vault.store(
      business.id,
      new CalendarCredentials({
        provider: "google",
        refreshToken: Redacted.make("1//refresh-token"),
        scope: "https://www.googleapis.com/auth/calendar",
        status: "connected",
        updatedAt: now,
      }),
    ),
  )

export const request = (
  business: Business,
  start: string,
  options: { readonly durationMinutes?: number; readonly service?: string; readonly customer?: Customer } = {},
): BookingContext =>
  new BookingContext({
    businessId: business.id,
    customer: options.customer ?? Fixtures.customer(),
    service: options.service ?? "Haircut",
    requestedStart: ny(start),
    durationMinutes: options.durationMinutes ?? 60,
    callSid: Fixtures.callSid(),
  })

/** "2026-12-04T15:00", New York wall clock, for readable assertions. */
export const wall = (dt: DateTime.DateTime): string => {
  const p = DateTime.toParts(DateTime.setZone(dt, DateTime.zoneUnsafeMakeNamed("America/New_York")))
  const pad = (n: number) => String(n).padStart(2, "0")
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hours)}:${pad(p.minutes)}`
}
