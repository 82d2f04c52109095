import { describe, expect, it } from "@effect/vitest"
import type { BookingProvider } from "@frontdesk/domain/booking/BookingProvider"
import * as GoogleCalendarProvider from "@frontdesk/domain/booking/GoogleCalendarProvider"
import { NewBooking } from "@frontdesk/domain/model/Booking"
import { BookingContext } from "@frontdesk/domain/model/BookingContext"
import type { Business } from "@frontdesk/domain/model/Business"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { layerMemory as memoryBookings } from "@frontdesk/domain/ports/MemoryBookingRepository"
import { layerMemory as memoryBusinesses } from "@frontdesk/domain/ports/MemoryBusinesses"
import { layerMemory as memoryCallerMessages } from "@frontdesk/domain/ports/MemoryCallerMessages"
import { layerMemory as memoryOptOuts } from "@frontdesk/domain/ports/MemoryOptOuts"
import { layerMemory as memoryOutbox } from "@frontdesk/domain/ports/MemoryOutbox"
import { layerMemory as memoryTextBudget } from "@frontdesk/domain/ports/MemoryTextBudget"
import { layerMemory as recordingTelephony } from "@frontdesk/domain/ports/RecordingTelephony"
import { drain, storeBusiness } from "@frontdesk/domain/testing/BookingHarness"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { FakeGoogle, Fault } from "@frontdesk/testkit/FakeGoogle"
import { DateTime, Duration, Effect, Fiber, Layer, TestClock } from "effect"
import { eventIdFor } from "../src/EventIds.js"
import { defaultPolicy, type ResiliencePolicy } from "../src/Resilience.js"
import { connect, fastPolicy, testLayer } from "./support.js"

/**
 * The provider protocol's tests, with the domain's GoogleCalendarProvider on this adapter and the
 * fake Google (real HTTP), so the whole path from "is 3 pm free?" through the outbox's follow-ups to
 * the owner's calendar is exercised.
 */

// Merged in one build, the repository, the caller messages and the outbox share one store: a change and its jobs commit together.
const world = (resilience?: ResiliencePolicy) =>
  Layer.mergeAll(
    testLayer(resilience === undefined ? {} : { resilience }),
    memoryBookings,
    memoryCallerMessages,
    memoryOutbox,
    memoryBusinesses,
    recordingTelephony,
    memoryOptOuts,
    memoryTextBudget,
  )

/** 15:00 in New York on a weekday at least three days from now: bookable under the demo rules. */
const upcomingAfternoon = (hour = 15) => {
  let day = DateTime.add(DateTime.unsafeNow(), { days: 3 })
  while ([0, 6].includes(DateTime.getPartUtc(day, "weekDay"))) day = DateTime.add(day, { days: 1 })
  const date = DateTime.formatIsoDateUtc(day)
  return Fixtures.localDateTime("America/New_York", `${date}T${String(hour).padStart(2, "0")}:00`)
}

const request = (business: Business, start: DateTime.Utc, reschedulingBookingId?: NewBooking["id"]) =>
  new BookingContext({
    businessId: business.id,
    customer: Fixtures.customer({ name: "Ana Ruiz" }),
    service: "Haircut",
    requestedStart: start,
    durationMinutes: 60,
    callSid: Fixtures.callSid(),
    ...(reschedulingBookingId === undefined ? {} : { reschedulingBookingId }),
  })

/** Stores a booking as BookingService does (with the provider's follow-ups), runs the outbox, reads it back. */
const bookThrough = (provider: BookingProvider, business: Business, start: DateTime.Utc) =>
  Effect.gen(function* () {
    yield* storeBusiness(business)
    const repository = yield* BookingRepository
    const booking = new NewBooking({
      id: Fixtures.bookingId(),
      businessId: business.id,
      customer: Fixtures.customer({ name: "Ana Ruiz" }),
      service: "Haircut",
      startsAt: start,
      endsAt: DateTime.add(start, { minutes: 60 }),
      calendarSync: provider.initialCalendarSync,
    })
    yield* repository.insert(booking, provider.afterBooking(request(business, start), booking))
    yield* drain
    return yield* repository.get(booking.id)
  })

const isoUtc = (value: DateTime.DateTime) => new Date(DateTime.toEpochMillis(value)).toISOString()

describe("GoogleCalendarProvider on the Google adapter", () => {
  it.live("check availability: free in Google → available, one Google request", () =>
    Effect.gen(function* () {
      const google = yield* FakeGoogle
      const business = Fixtures.demoBusinessWithGoogle()
      yield* connect(business)
      const provider = yield* GoogleCalendarProvider.make(business)
      const result = yield* provider.checkAvailability(request(business, upcomingAfternoon()))
      expect(result.available).toBe(true)
      expect(result.degraded).toBeUndefined()
      expect(yield* google.requestCount("freeBusy")).toBe(1)
    }).pipe(Effect.provide(world())),
  )

  it.live("check availability: busy in Google → not available, with alternatives", () =>
    Effect.gen(function* () {
      const google = yield* FakeGoogle
      const business = Fixtures.demoBusinessWithGoogle()
      yield* connect(business)
      const start = upcomingAfternoon()
      yield* google.addEvent("primary", {
        start: isoUtc(DateTime.subtract(start, { minutes: 30 })),
        end: isoUtc(DateTime.add(start, { minutes: 30 })),
      })
      const provider = yield* GoogleCalendarProvider.make(business)
      const result = yield* provider.checkAvailability(request(business, start))
      expect(result.available).toBe(false)
      expect(result.alternatives.length).toBeGreaterThan(0)
    }).pipe(Effect.provide(world())),
  )

  it.live("create booking returns confirmed", () =>
    Effect.gen(function* () {
      const business = Fixtures.demoBusinessWithGoogle()
      yield* connect(business)
      const provider = yield* GoogleCalendarProvider.make(business)
      expect((yield* provider.createBooking(request(business, upcomingAfternoon()))).status).toBe("confirmed")
    }).pipe(Effect.provide(world())),
  )

  it.live("after booking creates the event and records its id", () =>
    Effect.gen(function* () {
      const google = yield* FakeGoogle
      const business = Fixtures.demoBusinessWithGoogle()
      yield* connect(business)
      const provider = yield* GoogleCalendarProvider.make(business)
      const start = upcomingAfternoon()
      const synced = yield* bookThrough(provider, business, start)
      expect(synced.calendarSync).toBe("synced")
      expect(synced.externalEventId).toBe(eventIdFor(synced.id))
      const [event] = yield* google.events("primary")
      expect(event).toMatchObject({ id: synced.externalEventId, summary: "Haircut - Ana Ruiz" })
    }).pipe(Effect.provide(world())),
  )

  it.live("moving a booking by half an hour is not blocked by its own event", () =>
    Effect.gen(function* () {
      const business = Fixtures.demoBusinessWithGoogle()
      yield* connect(business)
      const provider = yield* GoogleCalendarProvider.make(business)
      const start = upcomingAfternoon()
      const booking = yield* bookThrough(provider, business, start)
      const later = DateTime.add(start, { minutes: 30 })
      const result = yield* provider.checkAvailability(request(business, later, booking.id))
      expect(result.available).toBe(true)
      // Someone else still cannot take the booked hour.
      expect((yield* provider.checkAvailability(request(business, later))).available).toBe(false)
    }).pipe(Effect.provide(world())),
  )

  // On the TestClock (set to real time) with the production timeouts: "within the deadline" is then
  // the adapter's own budget, not how quickly this machine gets around to it.
  it.effect("Google down: the caller is still served (assume available, degraded), within the deadline", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.now())
      const google = yield* FakeGoogle
      const business = Fixtures.demoBusinessWithGoogle()
      yield* connect(business)
      yield* google.inject(Fault.hang, { during: Duration.seconds(10) })
      const provider = yield* GoogleCalendarProvider.make(business)
      const checking = yield* Effect.fork(provider.checkAvailability(request(business, upcomingAfternoon())))
      yield* TestClock.adjust(defaultPolicy.busy.deadline)
      const result = yield* Fiber.join(checking)
      expect(result.available).toBe(true)
      expect(result.degraded).toMatch(/Timeout/)
    }).pipe(Effect.provide(world({ ...fastPolicy, busy: defaultPolicy.busy }))),
  )
})
