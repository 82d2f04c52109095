import { describe, expect, it } from "@effect/vitest"
import { Array as Arr, Effect, Random } from "effect"
import { BookingService, newBookingId } from "../src/booking/BookingService.js"
import * as TimeRange from "../src/model/TimeRange.js"
import { BookingRepository } from "../src/ports/BookingRepository.js"
import { MemoryCalendarControl } from "../src/ports/MemoryCalendar.js"
import { RecordingTelephonyControl } from "../src/ports/RecordingTelephony.js"
import { connectGoogle, drain, inWorld, ny, racingService, request, wall } from "../src/testing/BookingHarness.js"
import * as Fixtures from "../src/testing/Fixtures.js"

const booked = <A extends { readonly _tag: string }>(outcome: A) => {
  if (outcome._tag !== "Booked") throw new Error(`expected Booked, got ${JSON.stringify(outcome)}`)
  return outcome as Extract<A, { readonly _tag: "Booked" }>
}
const unavailable = <A extends { readonly _tag: string }>(outcome: A) => {
  if (outcome._tag !== "Unavailable") throw new Error(`expected Unavailable, got ${outcome._tag}`)
  return outcome as Extract<A, { readonly _tag: "Unavailable" }>
}

describe("BookingService.book", () => {
  it.effect("stores the booking and texts a spoken-style confirmation", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        const context = request(business, "2026-12-04T15:00")
        const { booking } = booked(yield* (yield* BookingService).book(business, context))
        yield* drain

        expect(booking.status).toBe("confirmed")
        expect(booking.calendarSync).toBe("not_applicable")
        expect(booking.sourceCallSid).toBe(context.callSid)
        expect(wall(booking.startsAt)).toBe("2026-12-04T15:00")
        expect(wall(booking.endsAt)).toBe("2026-12-04T16:00")
        expect(yield* (yield* BookingRepository).listByBusiness(business.id)).toHaveLength(1)

        const sent = yield* (yield* RecordingTelephonyControl).sent
        expect(sent).toHaveLength(1)
        expect(sent[0]!.to).toBe(context.customer.phone)
        expect(sent[0]!.body).toBe(
          `You're booked: Haircut at Bella Hair Studio on Friday, December 4th at 3 PM. Reply C to cancel, or call ${business.phoneNumbers[0]} to change.`,
        )
      }),
    ),
  )

  it.effect("with Google connected, creates the calendar event and records it", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusinessWithGoogle()
        yield* connectGoogle(business)
        const { booking: made } = booked(
          yield* (yield* BookingService).book(business, request(business, "2026-12-04T15:00")),
        )
        expect(made.calendarSync).toBe("pending")
        yield* drain
        const booking = yield* (yield* BookingRepository).get(made.id)
        expect(booking.calendarSync).toBe("synced")
        const events = yield* (yield* MemoryCalendarControl).events(business.id)
        expect(events.map((e) => e.id)).toEqual([booking.externalEventId])
        expect(events.map((e) => e.event.bookingId)).toEqual([booking.id])
      }),
    ),
  )

  it.effect("an unavailable time returns alternatives, stores nothing and sends nothing", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusinessWithGoogle()
        yield* connectGoogle(business)
        const control = yield* MemoryCalendarControl
        yield* control.addBusy(business.id, TimeRange.make(ny("2026-12-04T15:00"), ny("2026-12-04T16:00")))
        const { availability } = unavailable(
          yield* (yield* BookingService).book(business, request(business, "2026-12-04T15:00")),
        )
        expect(availability.reasonCode).toBe("taken")
        // 14:00 and 16:00 are both an hour away; the earlier one is offered first
        expect(availability.alternatives.map(wall)).toEqual([
          "2026-12-04T14:00",
          "2026-12-04T16:00",
          "2026-12-04T13:30",
        ])
        expect(yield* (yield* BookingRepository).listByBusiness(business.id)).toEqual([])
        yield* drain
        expect(yield* (yield* RecordingTelephonyControl).sent).toEqual([])
      }),
    ),
  )

  it.effect("50 concurrent bookings of one slot produce exactly one booking", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        const service = yield* BookingService
        const outcomes = yield* Effect.all(
          Arr.makeBy(50, () => service.book(business, request(business, "2026-12-04T15:00"))),
          { concurrency: "unbounded" },
        )
        const [wins, losses] = Arr.partition(outcomes, (o) => o._tag === "Unavailable")
        expect(wins).toHaveLength(1)
        expect(losses).toHaveLength(49)
        for (const loss of losses) {
          const { availability } = unavailable(loss)
          expect(availability.reasonCode).toBe("taken")
          expect(availability.alternatives.length).toBeGreaterThan(0)
        }
        const stored = yield* (yield* BookingRepository).listByBusiness(business.id)
        expect(stored).toHaveLength(1)
        yield* drain
        expect(yield* (yield* RecordingTelephonyControl).sent).toHaveLength(1)
      }),
    ),
  )

  it.effect("50 callers who all passed the availability check: the atomic insert lets exactly one through", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        const service = yield* BookingService
        const outcomes = yield* Effect.all(
          Arr.makeBy(50, () => service.book(business, request(business, "2026-12-04T15:00"))),
          { concurrency: "unbounded" },
        )
        const losses = outcomes.filter((o) => o._tag === "Unavailable")
        expect(outcomes.filter((o) => o._tag === "Booked")).toHaveLength(1)
        expect(losses).toHaveLength(49)
        // Each loser lost at the insert (SlotTaken) and still hears fresh alternatives
        for (const loss of losses) {
          const { availability } = unavailable(loss)
          expect(availability.reasonCode).toBe("taken")
          expect(availability.alternatives.map(wall)).toEqual([
            "2026-12-04T14:00",
            "2026-12-04T16:00",
            "2026-12-04T13:30",
          ])
        }
        expect(yield* (yield* BookingRepository).listByBusiness(business.id)).toHaveLength(1)
        yield* drain
        expect(yield* (yield* RecordingTelephonyControl).sent).toHaveLength(1)
      }),
      racingService(50),
    ),
  )

  it.effect("50 concurrent bookings with Google: one booking, one event", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusinessWithGoogle()
        yield* connectGoogle(business)
        const service = yield* BookingService
        const outcomes = yield* Effect.all(
          Arr.makeBy(50, () => service.book(business, request(business, "2026-12-04T15:00"))),
          { concurrency: "unbounded" },
        )
        expect(outcomes.filter((o) => o._tag === "Booked")).toHaveLength(1)
        yield* drain
        expect(yield* (yield* MemoryCalendarControl).events(business.id)).toHaveLength(1)
      }),
    ),
  )

  it.effect("a calendar that is down never fails a booking", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusinessWithGoogle()
        yield* connectGoogle(business)
        yield* (yield* MemoryCalendarControl).failAlways("Unavailable")
        const { booking } = booked(yield* (yield* BookingService).book(business, request(business, "2026-12-04T15:00")))
        // The worker gives the event up after its retries; the booking stands and shows it.
        yield* drain
        expect((yield* (yield* BookingRepository).get(booking.id)).calendarSync).toBe("failed")
        expect(yield* (yield* RecordingTelephonyControl).sent).toHaveLength(1)
      }),
    ),
  )

  it.effect("a failed text never fails a booking", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        yield* (yield* RecordingTelephonyControl).failNext("Network")
        const outcome = yield* (yield* BookingService).book(business, request(business, "2026-12-04T15:00"))
        expect(outcome._tag).toBe("Booked")
        yield* drain
        expect(yield* (yield* BookingRepository).listByBusiness(business.id)).toHaveLength(1)
        // Retried by the worker: the customer still gets their text.
        expect(yield* (yield* RecordingTelephonyControl).sent).toHaveLength(1)
      }),
    ),
  )

  it.effect("booking ids come from effect's Random: deterministic when seeded, base32hex", () =>
    Effect.gen(function* () {
      const first = yield* Effect.withRandom(newBookingId, Random.make("seed"))
      const again = yield* Effect.withRandom(newBookingId, Random.make("seed"))
      const other = yield* Effect.withRandom(newBookingId, Random.make("other seed"))
      expect(first).toMatch(/^[0-9a-v]{26}$/)
      expect(again).toBe(first)
      expect(other).not.toBe(first)
    }),
  )
})

describe("BookingService.freeSlots", () => {
  it.effect("answers 'what do you have Friday?' from local bookings and Google busy times", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusinessWithGoogle()
        yield* connectGoogle(business)
        const service = yield* BookingService
        booked(yield* service.book(business, request(business, "2026-12-04T09:00")))
        const control = yield* MemoryCalendarControl
        yield* control.addBusy(business.id, TimeRange.make(ny("2026-12-04T10:00"), ny("2026-12-04T16:00")))
        const friday = { year: 2026, month: 12, day: 4 }
        expect((yield* service.freeSlots(business, friday, 60)).map(wall)).toEqual(["2026-12-04T16:00"])
        expect((yield* service.freeSlots(business, friday, 30)).map(wall)).toEqual([
          "2026-12-04T16:00",
          "2026-12-04T16:30",
        ])
        // Google down: local bookings only
        yield* control.failNext("Timeout")
        const degraded = yield* service.freeSlots(business, friday, 60)
        expect(degraded.map(wall)).toContain("2026-12-04T11:00")
        expect(degraded.map(wall)).not.toContain("2026-12-04T09:00")
      }),
    ),
  )
})

describe("BookingService.cancel", () => {
  it.effect("frees the slot, deletes the event and texts the customer once", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusinessWithGoogle()
        yield* connectGoogle(business)
        const service = yield* BookingService
        const { booking } = booked(yield* service.book(business, request(business, "2026-12-04T15:00")))
        yield* drain
        expect(yield* (yield* MemoryCalendarControl).events(business.id)).toHaveLength(1)

        const cancelled = yield* service.cancel(business, booking.id)
        expect(cancelled.status).toBe("cancelled")
        yield* drain
        expect(yield* (yield* MemoryCalendarControl).events(business.id)).toEqual([])
        yield* service.cancel(business, booking.id)
        yield* drain

        const texts = yield* (yield* RecordingTelephonyControl).sent
        expect(texts.map((t) => t.body)).toEqual([
          expect.stringContaining("You're booked"),
          `Your Haircut at Bella Hair Studio on Friday, December 4th at 3 PM is cancelled. Call ${business.phoneNumbers[0]} to book again.`,
        ])
        // The slot is free again
        expect((yield* service.book(business, request(business, "2026-12-04T15:00")))._tag).toBe("Booked")
      }),
    ),
  )

  it.effect("refuses to cancel another business's booking", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        const service = yield* BookingService
        const { booking } = booked(yield* service.book(business, request(business, "2026-12-04T15:00")))
        const error = yield* Effect.flip(service.cancel(Fixtures.demoBusiness(), booking.id))
        expect(error._tag).toBe("BookingNotFound")
        expect((yield* (yield* BookingRepository).get(booking.id)).status).toBe("confirmed")
      }),
    ),
  )
})

describe("BookingService.reschedule", () => {
  it.effect("moves the booking (even overlapping its old time), the event and texts the new time", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusinessWithGoogle()
        yield* connectGoogle(business)
        const service = yield* BookingService
        const { booking } = booked(yield* service.book(business, request(business, "2026-12-04T15:00")))
        yield* drain
        const { booking: moved } = booked(yield* service.reschedule(business, booking.id, ny("2026-12-04T15:30")))
        expect(wall(moved.startsAt)).toBe("2026-12-04T15:30")
        expect(wall(moved.endsAt)).toBe("2026-12-04T16:30")
        yield* drain
        const events = yield* (yield* MemoryCalendarControl).events(business.id)
        expect(events.map((e) => wall(e.event.start))).toEqual(["2026-12-04T15:30"])
        const texts = yield* (yield* RecordingTelephonyControl).sent
        expect(texts[1]?.body).toContain("is now on Friday, December 4th at 3:30 PM")
      }),
    ),
  )

  it.effect("onto a taken time: unavailable with alternatives, booking unchanged", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        const service = yield* BookingService
        const { booking } = booked(yield* service.book(business, request(business, "2026-12-04T10:00")))
        booked(yield* service.book(business, request(business, "2026-12-04T15:00")))
        const { availability } = unavailable(yield* service.reschedule(business, booking.id, ny("2026-12-04T15:00")))
        expect(availability.reasonCode).toBe("taken")
        expect(availability.alternatives.length).toBeGreaterThan(0)
        expect(wall((yield* (yield* BookingRepository).get(booking.id)).startsAt)).toBe("2026-12-04T10:00")
      }),
    ),
  )
})

describe("BookingService limits per caller", () => {
  it.effect("one number holds at most maxOpenBookingsPerCaller upcoming bookings; cancelling one frees a place", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        const customer = Fixtures.customer()
        const service = yield* BookingService
        const first = booked(yield* service.book(business, request(business, "2026-12-03T10:00", { customer })))
        booked(yield* service.book(business, request(business, "2026-12-04T10:00", { customer })))
        booked(yield* service.book(business, request(business, "2026-12-05T10:00", { customer })))
        const fourth = yield* Effect.flip(service.book(business, request(business, "2026-12-07T10:00", { customer })))
        expect(fourth).toMatchObject({ _tag: "BookingLimitReached", limit: "open", max: 3 })
        // Someone else still books that time.
        booked(yield* service.book(business, request(business, "2026-12-07T10:00")))

        yield* service.cancel(business, first.booking.id)
        booked(yield* service.book(business, request(business, "2026-12-07T11:00", { customer })))
      }),
    ),
  )

  it.effect("one number holds at most maxBookingsPerCallerPerDay bookings on one local day", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        const customer = Fixtures.customer()
        const service = yield* BookingService
        booked(yield* service.book(business, request(business, "2026-12-04T10:00", { customer })))
        booked(yield* service.book(business, request(business, "2026-12-04T12:00", { customer })))
        const third = yield* Effect.flip(service.book(business, request(business, "2026-12-04T14:00", { customer })))
        expect(third).toMatchObject({ _tag: "BookingLimitReached", limit: "day", max: 2 })
        booked(yield* service.book(business, request(business, "2026-12-07T14:00", { customer })))
      }),
    ),
  )
})
