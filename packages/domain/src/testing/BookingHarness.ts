import { DateTime, Deferred, Duration, Effect, Layer, Redacted, Ref, TestClock } from "effect"
import * as BookingService from "../booking/BookingService.js"
import * as FollowUpHandlers from "../followup/FollowUpHandlers.js"
import * as OutboxWorker from "../followup/OutboxWorker.js"
import { BookingContext } from "../model/BookingContext.js"
import type { Business } from "../model/Business.js"
import type { Customer } from "../model/Customer.js"
import { BookingRepository } from "../ports/BookingRepository.js"
import { Businesses } from "../ports/Businesses.js"
import * as MemoryBookingRepository from "../ports/MemoryBookingRepository.js"
import * as MemoryBusinesses from "../ports/MemoryBusinesses.js"
import * as MemoryCalendar from "../ports/MemoryCalendar.js"
import * as MemoryCallerMessages from "../ports/MemoryCallerMessages.js"
import * as MemoryOptOuts from "../ports/MemoryOptOuts.js"
import * as MemoryOutbox from "../ports/MemoryOutbox.js"
import * as MemoryStore from "../ports/MemoryStore.js"
import * as MemoryTextBudget from "../ports/MemoryTextBudget.js"
import * as MemoryTokenVault from "../ports/MemoryTokenVault.js"
import { Outbox } from "../ports/Outbox.js"
import * as RecordingTelephony from "../ports/RecordingTelephony.js"
import { CalendarCredentials, TokenVault } from "../ports/TokenVault.js"
import * as Fixtures from "../testing/Fixtures.js"

/** Wall-clock time in New York (the demo business's zone) as an instant. */
export const ny = (local: string): DateTime.Utc => Fixtures.localDateTime("America/New_York", local)

/** Tuesday 2026-12-01, 08:00 in New York: the rest of the week is open. */
export const now = ny("2026-12-01T08:00")

/** The ports besides storage, in memory, with their test controls. */
const others = Layer.mergeAll(
  MemoryBusinesses.layerMemory,
  MemoryCalendar.layerMemory,
  MemoryTokenVault.layerMemory,
  RecordingTelephony.layerMemory,
  MemoryOptOuts.layerMemory,
  MemoryTextBudget.layerMemory,
)

/** Every port in memory, with the test controls. */
export const ports = Layer.mergeAll(
  // One build: the repository, the caller messages and the outbox share a store, as one database would.
  Layer.mergeAll(MemoryBookingRepository.layerMemory, MemoryCallerMessages.layerMemory, MemoryOutbox.layerMemory),
  others,
)

/**
 * Stores the business (or its new settings) as the server would have it: the follow-up handlers
 * load a job's business from Businesses.
 */
export const storeBusiness = (business: Business): Effect.Effect<void, never, Businesses> =>
  Effect.flatMap(Businesses, (businesses) =>
    businesses.update(business).pipe(
      Effect.catchTag("BusinessNotFound", () => businesses.create(business)),
      Effect.orDie,
      Effect.asVoid,
    ),
  )

/** BookingService, first storing each business it is handed: in the server every business was loaded from Businesses. */
const storingBusinesses = Layer.effect(
  BookingService.BookingService,
  Effect.gen(function* () {
    const inner = yield* BookingService.BookingService
    const context = yield* Effect.context<Businesses>()
    const stored = (business: Business) => Effect.provide(storeBusiness(business), context)
    return BookingService.BookingService.of({
      checkAvailability: (business, context) =>
        Effect.zipRight(stored(business), inner.checkAvailability(business, context)),
      freeSlots: (business, date, minutes) =>
        Effect.zipRight(stored(business), inner.freeSlots(business, date, minutes)),
      book: (business, context) => Effect.zipRight(stored(business), inner.book(business, context)),
      cancel: (business, bookingId) => Effect.zipRight(stored(business), inner.cancel(business, bookingId)),
      reschedule: (business, bookingId, start) =>
        Effect.zipRight(stored(business), inner.reschedule(business, bookingId, start)),
    })
  }),
).pipe(Layer.provide(BookingService.layer))

/**
 * BookingService as the server wires it, over fresh memory ports (and the ports themselves).
 * Follow-ups wait in the outbox, as they would for the server's worker: `drain` runs them.
 */
export const service = storingBusinesses.pipe(Layer.provideMerge(ports))

/** Short backoffs, so a test can let every retry pass on the test clock. */
export const workerOptions: OutboxWorker.WorkerOptions = {
  ...OutboxWorker.defaultOptions,
  baseDelayMillis: 1_000,
  maxDelayMillis: 10_000,
}

/**
 * Runs the outbox worker until no job is pending — every follow-up done or given up — moving the
 * test clock past each retry's backoff: what the server's worker would have done by the time anyone
 * looks. A job that stays pending after that is a bug in the test or the handlers.
 */
export const drain: Effect.Effect<void, never, FollowUpHandlers.HandlerServices> = Effect.gen(function* () {
  const outbox = yield* Outbox
  for (let round = 0; round < 200; round++) {
    const claimed = yield* OutboxWorker.processBatch(FollowUpHandlers.handlers, workerOptions)
    if (claimed > 0) continue
    if ((yield* outbox.depth) === 0) return
    yield* TestClock.adjust(Duration.millis(workerOptions.maxDelayMillis))
  }
  return yield* Effect.dieMessage("the outbox still has pending jobs after 200 rounds")
}).pipe(Effect.orDie)

/** Runs a test at `now` on fresh memory ports (or on `world`, built the same way). */
export const inWorld = <A, E, R extends Layer.Layer.Success<typeof service>>(
  effect: Effect.Effect<A, E, R>,
  world: Layer.Layer<Layer.Layer.Success<typeof service>> = service,
) => Effect.zipRight(TestClock.setTime(DateTime.toEpochMillis(now)), effect).pipe(Effect.provide(world))

/**
 * The memory BookingRepository over the given store, but every insert waits until `parties`
 * inserts have arrived: all callers pass their availability check before any of them writes, so
 * only the repository's atomic overlap rule can decide who gets the slot.
 */
export const gatedRepository = (parties: number): Layer.Layer<BookingRepository, never, MemoryStore.MemoryStore> =>
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
  ).pipe(Layer.provide(MemoryBookingRepository.layer))

/** Like `service`, with inserts held back until `parties` callers are ready to write. */
export const racingService = (parties: number) =>
  storingBusinesses.pipe(
    Layer.provideMerge(
      Layer.mergeAll(
        Layer.mergeAll(gatedRepository(parties), MemoryCallerMessages.layer, MemoryOutbox.layer).pipe(
          Layer.provide(MemoryStore.layerMemory),
        ),
        others,
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
