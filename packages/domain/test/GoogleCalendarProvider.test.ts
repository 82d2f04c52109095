import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Option } from "effect"
import type { BookingProvider } from "../src/booking/BookingProvider.js"
import * as GoogleCalendarProvider from "../src/booking/GoogleCalendarProvider.js"
import { NewBooking } from "../src/model/Booking.js"
import type { Business } from "../src/model/Business.js"
import * as TimeRange from "../src/model/TimeRange.js"
import { BookingRepository } from "../src/ports/BookingRepository.js"
import { MemoryCalendarControl } from "../src/ports/MemoryCalendar.js"
import { Outbox } from "../src/ports/Outbox.js"
import { TokenVault } from "../src/ports/TokenVault.js"
import * as Refusals from "../src/speech/Refusals.js"
import { connectGoogle, drain, inWorld, ny, request, storeBusiness, wall } from "../src/testing/BookingHarness.js"
import * as Fixtures from "../src/testing/Fixtures.js"

/** The fixture's Google business, with some of its google_calendar settings changed. */
const googleBusiness = (google: Record<string, unknown> = {}): Business =>
  Fixtures.demoBusiness({
    aiConfig: {
      integrations: {
        provider: "google_calendar",
        providers: {
          google_calendar: { ...Fixtures.googleAiConfig.integrations.providers.google_calendar!, ...google },
        },
      },
    },
  })

const draft = (business: Business, start: string, calendarSync: NewBooking["calendarSync"] = "pending") =>
  new NewBooking({
    id: Fixtures.bookingId(),
    businessId: business.id,
    customer: Fixtures.customer({ name: "Ana Ruiz" }),
    service: "Haircut",
    startsAt: ny(start),
    endsAt: DateTime.add(ny(start), { minutes: 60 }),
    calendarSync,
  })

/** Someone's booking already in local storage (no follow-ups). */
const stored = (business: Business, start: string) =>
  Effect.flatMap(BookingRepository, (repository) => repository.insert(draft(business, start)))

/**
 * A booking stored as BookingService stores it — with the follow-ups the provider's afterBooking
 * asks for, in the same write — then the outbox worker run; returns the booking as it now stands.
 */
const bookThrough = (provider: BookingProvider, business: Business, start: string) =>
  Effect.gen(function* () {
    yield* storeBusiness(business)
    const repository = yield* BookingRepository
    const booking = draft(business, start, provider.initialCalendarSync)
    yield* repository.insert(booking, provider.afterBooking(request(business, start), booking))
    yield* drain
    return yield* repository.get(booking.id)
  })

describe("GoogleCalendarProvider (the provider protocol's tests)", () => {
  it.effect("check availability: free in Google → available", () =>
    inWorld(
      Effect.gen(function* () {
        const business = googleBusiness()
        yield* connectGoogle(business)
        const provider = yield* GoogleCalendarProvider.make(business)
        const result = yield* provider.checkAvailability(request(business, "2026-12-04T15:00"))
        expect(result.available).toBe(true)
        expect(result.degraded).toBeUndefined()
        expect((yield* (yield* MemoryCalendarControl).calls).busy).toBe(1)
      }),
    ),
  )

  it.effect("check availability: busy in Google → not available, with alternatives", () =>
    inWorld(
      Effect.gen(function* () {
        const business = googleBusiness()
        yield* connectGoogle(business)
        const control = yield* MemoryCalendarControl
        yield* control.addBusy(business.id, TimeRange.make(ny("2026-12-04T14:30"), ny("2026-12-04T15:30")))
        const provider = yield* GoogleCalendarProvider.make(business)
        const result = yield* provider.checkAvailability(request(business, "2026-12-04T15:00"))
        expect(result.available).toBe(false)
        expect(result.reasonCode).toBe("taken")
        expect(result.alternatives.map(wall)).toEqual(["2026-12-04T15:30", "2026-12-04T16:00", "2026-12-04T13:30"])
      }),
    ),
  )

  it.effect("merges Frontdesk's own bookings with Google's busy times", () =>
    inWorld(
      Effect.gen(function* () {
        const business = googleBusiness()
        yield* connectGoogle(business)
        yield* stored(business, "2026-12-04T15:00")
        const provider = yield* GoogleCalendarProvider.make(business)
        const result = yield* provider.checkAvailability(request(business, "2026-12-04T15:30"))
        expect(result.reasonCode).toBe("taken")
      }),
    ),
  )

  it.effect("create booking returns confirmed", () =>
    inWorld(
      Effect.gen(function* () {
        const business = googleBusiness()
        const provider = yield* GoogleCalendarProvider.make(business)
        const intent = yield* provider.createBooking(request(business, "2026-12-04T15:00"))
        expect(intent.status).toBe("confirmed")
      }),
    ),
  )

  it.effect("after booking creates the event with a deterministic id and stores it", () =>
    inWorld(
      Effect.gen(function* () {
        const business = googleBusiness()
        yield* connectGoogle(business)
        const provider = yield* GoogleCalendarProvider.make(business)
        const synced = yield* bookThrough(provider, business, "2026-12-04T15:00")

        const control = yield* MemoryCalendarControl
        const events = yield* control.events(business.id)
        expect(events).toHaveLength(1)
        expect(synced.calendarSync).toBe("synced")
        // The calendar chose the id (from the booking); the booking keeps it.
        expect(synced.externalEventId).toBe(events[0]!.id)
        const event = events[0]!.event
        expect(event.bookingId).toBe(synced.id)
        expect(event.summary).toBe("Haircut - Ana Ruiz")
        expect(event.description).toBe(`Customer: ${synced.customer.phone}`)
        expect(wall(event.start)).toBe("2026-12-04T15:00")
        expect(wall(event.end)).toBe("2026-12-04T16:00")

        // A retried follow-up finds the same event instead of adding a second one
        const again = provider
          .afterBooking(request(business, "2026-12-04T15:00"), synced)
          .filter((job) => job.kind === "calendar.create_event")
        expect(again).toHaveLength(1)
        yield* (yield* Outbox).enqueue(again)
        yield* drain
        expect(yield* control.events(business.id)).toHaveLength(1)
        expect((yield* (yield* BookingRepository).get(synced.id)).externalEventId).toBe(events[0]!.id)
      }),
    ),
  )

  it.effect("no calendar connected → behaves natively: available, no calls, nothing to sync", () =>
    inWorld(
      Effect.gen(function* () {
        const business = googleBusiness()
        const provider = yield* GoogleCalendarProvider.make(business)
        const result = yield* provider.checkAvailability(request(business, "2026-12-04T15:00"))
        expect(result.available).toBe(true)
        expect(result.degraded).toBeUndefined()
        const after = yield* bookThrough(provider, business, "2026-12-04T15:00")
        expect(after.calendarSync).toBe("not_applicable")
        const control = yield* MemoryCalendarControl
        expect(yield* control.calls).toEqual({ busy: 0, createEvent: 0, updateEvent: 0, deleteEvent: 0 })
        // Still checks local bookings
        const taken = yield* provider.checkAvailability(request(business, "2026-12-04T15:30"))
        expect(taken.reasonCode).toBe("taken")
      }),
    ),
  )

  it.effect("enabled: false → never touches Google even when connected", () =>
    inWorld(
      Effect.gen(function* () {
        const business = googleBusiness({ enabled: false })
        yield* connectGoogle(business)
        const provider = yield* GoogleCalendarProvider.make(business)
        expect(provider.initialCalendarSync).toBe("not_applicable")
        expect((yield* provider.checkAvailability(request(business, "2026-12-04T15:00"))).available).toBe(true)
        const after = yield* bookThrough(provider, business, "2026-12-04T15:00")
        expect(after.calendarSync).toBe("not_applicable")
        expect(yield* (yield* MemoryCalendarControl).calls).toEqual({
          busy: 0,
          createEvent: 0,
          updateEvent: 0,
          deleteEvent: 0,
        })
      }),
    ),
  )

  it.effect("check_availability: false → no free/busy query, events still written", () =>
    inWorld(
      Effect.gen(function* () {
        const business = googleBusiness({ check_availability: false })
        yield* connectGoogle(business)
        const control = yield* MemoryCalendarControl
        yield* control.addBusy(business.id, TimeRange.make(ny("2026-12-04T15:00"), ny("2026-12-04T16:00")))
        const provider = yield* GoogleCalendarProvider.make(business)
        expect((yield* provider.checkAvailability(request(business, "2026-12-04T15:00"))).available).toBe(true)
        const after = yield* bookThrough(provider, business, "2026-12-04T15:00")
        expect(after.calendarSync).toBe("synced")
        expect((yield* control.calls).busy).toBe(0)
      }),
    ),
  )
})

describe("GoogleCalendarProvider degradation", () => {
  it.effect("network failure → assumes available (local data only) and says so in `degraded`", () =>
    inWorld(
      Effect.gen(function* () {
        const business = googleBusiness()
        yield* connectGoogle(business)
        const control = yield* MemoryCalendarControl
        yield* control.addBusy(business.id, TimeRange.make(ny("2026-12-04T15:00"), ny("2026-12-04T16:00")))
        yield* control.failNext("Network", { operations: ["busy"] })
        const provider = yield* GoogleCalendarProvider.make(business)
        const result = yield* provider.checkAvailability(request(business, "2026-12-04T15:00"))
        expect(result.available).toBe(true)
        expect(result.degraded).toContain("Network")
        const credentials = yield* (yield* TokenVault).load(business.id)
        expect(Option.map(credentials, (c) => c.status)).toEqual(Option.some("connected"))
      }),
    ),
  )

  it.effect("rate limited → not available, alternatives from local data", () =>
    inWorld(
      Effect.gen(function* () {
        const business = googleBusiness()
        yield* connectGoogle(business)
        yield* stored(business, "2026-12-04T16:00")
        yield* (yield* MemoryCalendarControl).failNext("RateLimited", { operations: ["busy"] })
        const provider = yield* GoogleCalendarProvider.make(business)
        const result = yield* provider.checkAvailability(request(business, "2026-12-04T15:00"))
        expect(result.available).toBe(false)
        expect(result.reasonCode).toBe("calendar_rate_limited")
        expect(Refusals.refusal(business, result.reason)).not.toMatch(/\d{4}-\d{2}/)
        // 15:30 and 16:00 overlap the local 16:00 booking; nearest free are before
        expect(result.alternatives.map(wall)).toEqual(["2026-12-04T14:30", "2026-12-04T14:00", "2026-12-04T13:30"])
      }),
    ),
  )

  it.effect("revoked token → assumes available, marks the connection broken, stops calling Google", () =>
    inWorld(
      Effect.gen(function* () {
        const business = googleBusiness()
        yield* connectGoogle(business)
        const control = yield* MemoryCalendarControl
        yield* control.failNext("TokenRevoked")
        const provider = yield* GoogleCalendarProvider.make(business)
        const result = yield* provider.checkAvailability(request(business, "2026-12-04T15:00"))
        expect(result.available).toBe(true)
        const credentials = yield* (yield* TokenVault).load(business.id)
        expect(Option.map(credentials, (c) => c.status)).toEqual(Option.some("broken"))
        expect(Option.flatMap(credentials, (c) => Option.fromNullable(c.brokenReason))).toEqual(
          Option.some(expect.stringContaining("TokenRevoked")),
        )
        yield* control.resetCalls
        yield* provider.checkAvailability(request(business, "2026-12-04T15:00"))
        expect((yield* control.calls).busy).toBe(0)
      }),
    ),
  )

  it.effect("missing calendar (NotFound) → assumes available and flags the connection", () =>
    inWorld(
      Effect.gen(function* () {
        const business = googleBusiness()
        yield* connectGoogle(business)
        yield* (yield* MemoryCalendarControl).failNext("NotFound", { operations: ["busy"] })
        const provider = yield* GoogleCalendarProvider.make(business)
        expect((yield* provider.checkAvailability(request(business, "2026-12-04T15:00"))).available).toBe(true)
        const credentials = yield* (yield* TokenVault).load(business.id)
        expect(Option.map(credentials, (c) => c.status)).toEqual(Option.some("broken"))
      }),
    ),
  )

  it.effect("a business override turns a timeout into 'unavailable, offer alternatives'", () =>
    inWorld(
      Effect.gen(function* () {
        const business = googleBusiness({ degradation: { Timeout: "unavailable_offer_alternatives" } })
        yield* connectGoogle(business)
        yield* (yield* MemoryCalendarControl).failNext("Timeout", { operations: ["busy"] })
        const provider = yield* GoogleCalendarProvider.make(business)
        const result = yield* provider.checkAvailability(request(business, "2026-12-04T15:00"))
        expect(result.available).toBe(false)
        expect(result.alternatives.length).toBeGreaterThan(0)
      }),
    ),
  )

  it.effect("event creation failing marks the booking's sync failed and does not fail", () =>
    inWorld(
      Effect.gen(function* () {
        const business = googleBusiness()
        yield* connectGoogle(business)
        // Failing on every retry, so the worker gives the event up.
        yield* (yield* MemoryCalendarControl).failAlways("Unavailable", { operations: ["createEvent"] })
        const provider = yield* GoogleCalendarProvider.make(business)
        const after = yield* bookThrough(provider, business, "2026-12-04T15:00")
        expect(after.calendarSync).toBe("failed")
        expect(after.status).toBe("confirmed")
      }),
    ),
  )
})
