import { describe, expect, it } from "@effect/vitest"
import { DateTime, Duration, Effect, Layer, TestClock } from "effect"
import * as BookingService from "../src/booking/BookingService.js"
import * as GoogleCalendarProvider from "../src/booking/GoogleCalendarProvider.js"
import * as FollowUpHandlers from "../src/followup/FollowUpHandlers.js"
import * as OutboxWorker from "../src/followup/OutboxWorker.js"
import * as TextGuard from "../src/followup/TextGuard.js"
import type { Business } from "../src/model/Business.js"
import { PhoneNumber } from "../src/model/Ids.js"
import { BookingRepository } from "../src/ports/BookingRepository.js"
import { Businesses } from "../src/ports/Businesses.js"
import * as MemoryBookingRepository from "../src/ports/MemoryBookingRepository.js"
import * as MemoryBusinesses from "../src/ports/MemoryBusinesses.js"
import * as MemoryCalendar from "../src/ports/MemoryCalendar.js"
import { MemoryCalendarControl } from "../src/ports/MemoryCalendar.js"
import * as MemoryCallerMessages from "../src/ports/MemoryCallerMessages.js"
import * as MemoryOptOuts from "../src/ports/MemoryOptOuts.js"
import * as MemoryOutbox from "../src/ports/MemoryOutbox.js"
import * as MemoryTextBudget from "../src/ports/MemoryTextBudget.js"
import * as MemoryTokenVault from "../src/ports/MemoryTokenVault.js"
import { OptOuts } from "../src/ports/OptOuts.js"
import { Outbox } from "../src/ports/Outbox.js"
import * as RecordingTelephony from "../src/ports/RecordingTelephony.js"
import { RecordingTelephonyControl } from "../src/ports/RecordingTelephony.js"
import { TokenVault } from "../src/ports/TokenVault.js"
import { connectGoogle, now, request } from "../src/testing/BookingHarness.js"
import * as Fixtures from "../src/testing/Fixtures.js"

const ports = Layer.mergeAll(
  // Merged in one build, the repository and the outbox share one store: a booking and its jobs commit together.
  Layer.mergeAll(MemoryBookingRepository.layerMemory, MemoryCallerMessages.layerMemory, MemoryOutbox.layerMemory),
  MemoryBusinesses.layerMemory,
  MemoryCalendar.layerMemory,
  MemoryTokenVault.layerMemory,
  RecordingTelephony.layerMemory,
  MemoryOptOuts.layerMemory,
  MemoryTextBudget.layerMemory,
)
const world = BookingService.layer.pipe(Layer.provideMerge(ports))

const options: OutboxWorker.WorkerOptions = { ...OutboxWorker.defaultOptions, maxAttempts: 4, maxDelayMillis: 10_000 }

const inWorld = <A, E, R extends Layer.Layer.Success<typeof world>>(effect: Effect.Effect<A, E, R>) =>
  Effect.zipRight(TestClock.setTime(DateTime.toEpochMillis(now)), effect).pipe(Effect.provide(world))

/** Runs the worker until nothing is due, letting backoffs pass on the test clock. */
const drain = Effect.gen(function* () {
  for (let i = 0; i < 20; i++) {
    yield* OutboxWorker.processBatch(FollowUpHandlers.handlers, options)
    yield* TestClock.adjust(Duration.millis(options.maxDelayMillis))
  }
})

const setUp = (business: Business) =>
  Effect.gen(function* () {
    yield* (yield* Businesses).create(business)
    if (GoogleCalendarProvider.createsEvents(business)) yield* connectGoogle(business)
  })

const book = (business: Business, start: string) =>
  Effect.gen(function* () {
    const outcome = yield* (yield* BookingService.BookingService).book(business, request(business, start))
    if (outcome._tag !== "Booked") throw new Error(`expected Booked, got ${outcome._tag}`)
    return outcome.booking
  })

const jobs = Effect.flatMap(Outbox, (outbox) => outbox.list({}))

describe("follow-ups through the outbox", () => {
  it.effect("a booking commits with its calendar and SMS jobs; the caller waits for neither", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusinessWithGoogle()
        yield* setUp(business)
        const booking = yield* book(business, "2026-12-04T15:00")

        expect(booking.calendarSync).toBe("pending")
        expect((yield* jobs).map((j) => j.kind).sort()).toEqual(["calendar.create_event", "sms.confirmation"])
        expect((yield* (yield* MemoryCalendarControl).calls).createEvent).toBe(0)
        expect(yield* (yield* RecordingTelephonyControl).sent).toHaveLength(0)

        yield* drain
        const stored = yield* (yield* BookingRepository).get(booking.id)
        expect(stored.calendarSync).toBe("synced")
        expect((yield* (yield* MemoryCalendarControl).events(business.id)).map((e) => e.id)).toEqual([
          stored.externalEventId,
        ])
        const sent = yield* (yield* RecordingTelephonyControl).sent
        expect(sent).toHaveLength(1)
        expect(sent[0]?.body).toContain("You're booked: Haircut at Bella Hair Studio on Friday, December 4th at 3 PM")
        expect((yield* jobs).every((j) => j.status === "done")).toBe(true)
      }),
    ),
  )

  it.effect("a native business gets its text and no calendar job", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        yield* setUp(business)
        const booking = yield* book(business, "2026-12-04T15:00")
        expect(booking.calendarSync).toBe("not_applicable")
        expect((yield* jobs).map((j) => j.kind)).toEqual(["sms.confirmation"])
        yield* drain
        expect(yield* (yield* RecordingTelephonyControl).sent).toHaveLength(1)
      }),
    ),
  )

  it.effect("Google down for a while: the event is written once it recovers, exactly once", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusinessWithGoogle()
        yield* setUp(business)
        const calendar = yield* MemoryCalendarControl
        yield* calendar.failNext("Unavailable", { times: 2, operations: ["createEvent"] })
        yield* calendar.failNext("RateLimited", { times: 1, operations: ["createEvent"], retryAfter: "2 seconds" })
        const booking = yield* book(business, "2026-12-04T15:00")
        yield* drain
        const stored = yield* (yield* BookingRepository).get(booking.id)
        expect(stored.calendarSync).toBe("synced")
        expect(yield* calendar.events(business.id)).toHaveLength(1)
        expect((yield* calendar.calls).createEvent).toBe(4)
      }),
    ),
  )

  it.effect("a revoked calendar is not retried: the job is parked and the booking shows failed", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusinessWithGoogle()
        yield* setUp(business)
        const calendar = yield* MemoryCalendarControl
        yield* calendar.failAlways("TokenRevoked", { operations: ["createEvent"] })
        const booking = yield* book(business, "2026-12-04T15:00")
        yield* drain
        expect((yield* calendar.calls).createEvent).toBe(1)
        expect((yield* (yield* BookingRepository).get(booking.id)).calendarSync).toBe("failed")
        const create = (yield* jobs).find((j) => j.kind === "calendar.create_event")
        expect(create?.status).toBe("dead")
        expect(create?.lastError).toContain("TokenRevoked")
        // The caller still gets their text: the booking stands. (The owner is alerted separately.)
        expect(yield* (yield* RecordingTelephonyControl).sentTo(booking.customer.phone)).toHaveLength(1)
      }),
    ),
  )

  it.effect("a broken connection skips Google entirely and marks the sync failed", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusinessWithGoogle()
        yield* setUp(business)
        yield* (yield* TokenVault).markBroken(business.id, "invalid_grant")
        const booking = yield* book(business, "2026-12-04T15:00")
        yield* drain
        expect((yield* (yield* MemoryCalendarControl).calls).createEvent).toBe(0)
        expect((yield* (yield* BookingRepository).get(booking.id)).calendarSync).toBe("failed")
      }),
    ),
  )

  it.effect("an invalid number is not retried; a transient SMS failure is", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        yield* setUp(business)
        const telephony = yield* RecordingTelephonyControl
        yield* telephony.failNext("Unavailable", { times: 2 })
        yield* book(business, "2026-12-04T15:00")
        yield* drain
        expect(yield* telephony.sent).toHaveLength(1)
        expect(yield* telephony.attempts).toBe(3)

        yield* telephony.failNext("InvalidNumber", { code: 21211 })
        yield* book(business, "2026-12-04T10:00")
        yield* drain
        const dead = (yield* jobs).filter((j) => j.status === "dead")
        expect(dead).toHaveLength(1)
        expect(dead[0]?.lastError).toContain("21211")
        expect(yield* telephony.attempts).toBe(4)
      }),
    ),
  )

  it.effect("a cancellation removes the event and texts the customer", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusinessWithGoogle()
        yield* setUp(business)
        const service = yield* BookingService.BookingService
        const booking = yield* book(business, "2026-12-04T15:00")
        yield* drain
        yield* service.cancel(business, booking.id)
        expect(
          (yield* jobs)
            .filter((j) => j.status === "pending")
            .map((j) => j.kind)
            .sort(),
        ).toEqual(["calendar.delete_event", "sms.cancellation"])
        yield* drain
        expect(yield* (yield* MemoryCalendarControl).events(business.id)).toHaveLength(0)
        const sent = yield* (yield* RecordingTelephonyControl).sent
        expect(sent.map((m) => m.body.split(":")[0])).toEqual(["You're booked", expect.stringContaining("cancelled")])
      }),
    ),
  )

  it.effect("a booking cancelled before its event was written never reaches the calendar", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusinessWithGoogle()
        yield* setUp(business)
        const booking = yield* book(business, "2026-12-04T15:00")
        yield* (yield* BookingService.BookingService).cancel(business, booking.id)
        yield* drain
        expect(yield* (yield* MemoryCalendarControl).events(business.id)).toHaveLength(0)
        const bodies = (yield* (yield* RecordingTelephonyControl).sent).map((m) => m.body)
        // No "you're booked" for an appointment that no longer exists; just the cancellation.
        expect(bodies).toHaveLength(1)
        expect(bodies[0]).toContain("is cancelled")
      }),
    ),
  )

  it.effect("a reschedule moves the event and texts the new time", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusinessWithGoogle()
        yield* setUp(business)
        const booking = yield* book(business, "2026-12-04T15:00")
        yield* drain
        const moved = yield* (yield* BookingService.BookingService).reschedule(
          business,
          booking.id,
          DateTime.add(booking.startsAt, { hours: 1 }),
        )
        expect(moved._tag).toBe("Booked")
        yield* drain
        const [event] = yield* (yield* MemoryCalendarControl).events(business.id)
        expect(event?.event.start).toEqual(DateTime.add(booking.startsAt, { hours: 1 }))
        const bodies = (yield* (yield* RecordingTelephonyControl).sent).map((m) => m.body)
        expect(bodies[1]).toContain("is now on Friday, December 4th at 4 PM")
      }),
    ),
  )

  it.effect("a revoked calendar alerts the owner by SMS once, however many callers hit it", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusinessWithGoogle()
        yield* setUp(business)
        const calendar = yield* MemoryCalendarControl
        yield* calendar.failAlways("TokenRevoked")
        const service = yield* BookingService.BookingService
        const starts = ["09:00", "10:00", "11:00", "12:00", "13:00", "14:00", "15:00", "16:00"]
        const outcomes = yield* Effect.forEach(
          starts,
          (time) => service.book(business, request(business, `2026-12-04T${time}`)),
          { concurrency: "unbounded" },
        )
        // Calendar trouble never costs a booking.
        expect(outcomes.every((o) => o._tag === "Booked")).toBe(true)
        yield* drain
        // Later calls see the broken connection and leave Google alone.
        yield* service.book(business, request(business, "2026-12-07T10:00"))
        yield* drain

        const toOwner = yield* (yield* RecordingTelephonyControl).sentTo(business.ownerPhone!)
        expect(toOwner).toHaveLength(1)
        expect(toOwner[0]?.body).toContain("can't reach your Google Calendar (TokenRevoked)")
        const credentials = yield* (yield* TokenVault).load(business.id)
        expect(credentials._tag === "Some" && credentials.value.status).toBe("broken")
      }),
    ),
  )

  it.effect("a confirmation to a country the business does not serve is refused once and parked, never retried", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        yield* setUp(business)
        const nigeria = PhoneNumber.make("+2348031234567")
        const outcome = yield* (yield* BookingService.BookingService).book(
          business,
          request(business, "2026-12-04T15:00", { customer: Fixtures.customer({ phone: nigeria }) }),
        )
        expect(outcome._tag).toBe("Booked")
        yield* drain
        expect(yield* (yield* RecordingTelephonyControl).sent).toHaveLength(0)
        const [job] = yield* jobs
        expect(job?.status).toBe("dead")
        expect(job?.attempts).toBe(1)
        expect(job?.lastError).toContain("country NG is not allowed")
        expect(job?.lastError).not.toContain("8031234567")
      }),
    ),
  )

  it.effect("nothing is texted to a number that replied STOP, until START", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        yield* setUp(business)
        const customer = Fixtures.customer()
        yield* (yield* OptOuts).record(business.id, customer.phone, "STOP")
        yield* (yield* BookingService.BookingService).book(
          business,
          request(business, "2026-12-04T15:00", { customer }),
        )
        yield* drain
        expect(yield* (yield* RecordingTelephonyControl).sentTo(customer.phone)).toHaveLength(0)
        expect((yield* jobs)[0]?.lastError).toContain("STOP")

        yield* (yield* OptOuts).record(business.id, customer.phone, "START")
        yield* (yield* BookingService.BookingService).book(
          business,
          request(business, "2026-12-07T10:00", { customer }),
        )
        yield* drain
        expect(yield* (yield* RecordingTelephonyControl).sentTo(customer.phone)).toHaveLength(1)
      }),
    ),
  )

  it.effect("past the hourly text budget, texts wait for the next hour and the owner is told once", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        yield* setUp(business)
        const starts = ["09:00", "10:00", "11:00", "12:00", "13:00"]
        for (const time of starts) yield* book(business, `2026-12-04T${time}`)
        yield* drain
        const telephony = yield* RecordingTelephonyControl
        const toCustomers = (sent: ReadonlyArray<{ readonly to: string }>) =>
          sent.filter((m) => m.to !== business.ownerPhone)
        expect(toCustomers(yield* telephony.sent)).toHaveLength(3)
        const alerts = yield* telephony.sentTo(business.ownerPhone!)
        expect(alerts).toHaveLength(1)
        expect(alerts[0]?.body).toContain("sent 3 texts to customers this hour")

        yield* TestClock.adjust(Duration.hours(1))
        yield* drain
        expect(toCustomers(yield* telephony.sent)).toHaveLength(5)
        expect(yield* telephony.sentTo(business.ownerPhone!)).toHaveLength(1)
      }),
    ).pipe(Effect.provide(Layer.succeed(TextGuard.TextSettings, { extraCountries: [], hourlyBudget: 3 }))),
  )
})
