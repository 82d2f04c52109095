import { expect } from "@effect/vitest"
import { Booking } from "@frontdesk/domain/model/Booking"
import { EventId } from "@frontdesk/domain/model/Ids"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { Array as Arr, DateTime, Effect, Schema } from "effect"
import { at, type BookingRepositoryIt, ids, millis, range } from "./BookingRepositoryContractSupport.js"

/*
 * How a BookingRepository stores bookings and keeps a business's confirmed bookings from overlapping:
 * on insert (also under concurrency), cancel, reschedule, and the calendar sync state.
 */

const encode = Schema.encodeSync(Booking)

export const storageRules = (it: BookingRepositoryIt) => {
  it.effect("stores a booking and reads every field back", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const businessId = Fixtures.businessId()
      const sourceCallSid = Fixtures.callSid()
      const input = Fixtures.newBooking({
        businessId,
        start: "2030-01-07T14:00:00Z",
        durationMinutes: 90,
        service: "Color",
        customer: Fixtures.customer({ name: "Zoë O'Brien-Ñúñez" }),
        calendarSync: "not_applicable",
        sourceCallSid,
      })
      const before = yield* DateTime.now
      const stored = yield* repo.insert(input)
      const after = yield* DateTime.now

      expect(stored.id).toBe(input.id)
      expect(stored.businessId).toBe(businessId)
      expect(stored.customer.name).toBe("Zoë O'Brien-Ñúñez")
      expect(stored.customer.phone).toBe(input.customer.phone)
      expect(stored.service).toBe("Color")
      expect(millis(stored.startsAt)).toBe(millis(input.startsAt))
      expect(millis(stored.endsAt)).toBe(millis(input.endsAt))
      expect(stored.status).toBe("confirmed")
      expect(stored.calendarSync).toBe("not_applicable")
      expect(stored.sourceCallSid).toBe(sourceCallSid)
      expect(stored.externalEventId).toBeUndefined()
      expect(millis(stored.createdAt)).toBeGreaterThanOrEqual(millis(before))
      expect(millis(stored.createdAt)).toBeLessThanOrEqual(millis(after))

      const loaded = yield* repo.get(input.id)
      expect(loaded).toBeInstanceOf(Booking)
      expect(encode(loaded)).toEqual(encode(stored))
    }),
  )

  it.effect("keeps optional fields absent when they were not given", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const input = Fixtures.newBooking({ businessId: Fixtures.businessId(), start: "2030-01-07T14:00:00Z" })
      yield* repo.insert(input)
      const loaded = yield* repo.get(input.id)
      expect(loaded.sourceCallSid).toBeUndefined()
      expect(loaded.externalEventId).toBeUndefined()
      expect(loaded.calendarSync).toBe("pending")
    }),
  )

  it.effect("fails with BookingNotFound for an unknown id", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const missing = Fixtures.bookingId()
      const error = yield* Effect.flip(repo.get(missing))
      expect(error._tag).toBe("BookingNotFound")
      if (error._tag === "BookingNotFound") expect(error.bookingId).toBe(missing)
    }),
  )

  it.effect("rejects bookings that overlap a confirmed one with SlotTaken and stores nothing", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const businessId = Fixtures.businessId()
      yield* repo.insert(Fixtures.newBooking({ businessId, start: "2030-01-07T14:00:00Z" }))

      const attempts = [
        Fixtures.newBooking({ businessId, start: "2030-01-07T14:30:00Z" }), // overlaps the end
        Fixtures.newBooking({ businessId, start: "2030-01-07T13:30:00Z" }), // overlaps the start
        Fixtures.newBooking({ businessId, start: "2030-01-07T14:15:00Z", durationMinutes: 30 }), // inside
        Fixtures.newBooking({ businessId, start: "2030-01-07T13:00:00Z", durationMinutes: 180 }), // around
        Fixtures.newBooking({ businessId, start: "2030-01-07T14:00:00Z" }), // identical
      ]
      for (const attempt of attempts) {
        const error = yield* Effect.flip(repo.insert(attempt))
        expect(error._tag).toBe("SlotTaken")
        if (error._tag === "SlotTaken") expect(error.businessId).toBe(businessId)
        const lookup = yield* Effect.flip(repo.get(attempt.id))
        expect(lookup._tag).toBe("BookingNotFound")
      }
      const inRange = yield* repo.overlapping(businessId, range("2030-01-07T00:00:00Z", "2030-01-08T00:00:00Z"))
      expect(inRange).toHaveLength(1)
    }),
  )

  it.effect("allows back-to-back bookings (one ends when the next starts)", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const businessId = Fixtures.businessId()
      yield* repo.insert(Fixtures.newBooking({ businessId, start: "2030-01-07T14:00:00Z" }))
      yield* repo.insert(Fixtures.newBooking({ businessId, start: "2030-01-07T13:00:00Z" }))
      yield* repo.insert(Fixtures.newBooking({ businessId, start: "2030-01-07T15:00:00Z", durationMinutes: 30 }))
      const day = yield* repo.overlapping(businessId, range("2030-01-07T00:00:00Z", "2030-01-08T00:00:00Z"))
      expect(day).toHaveLength(3)
    }),
  )

  it.effect("does not let bookings of different businesses conflict", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const first = Fixtures.businessId()
      const second = Fixtures.businessId()
      yield* repo.insert(Fixtures.newBooking({ businessId: first, start: "2030-01-07T14:00:00Z" }))
      const other = yield* repo.insert(Fixtures.newBooking({ businessId: second, start: "2030-01-07T14:00:00Z" }))
      expect(other.businessId).toBe(second)
    }),
  )

  it.effect("lets exactly one of 50 concurrent overlapping inserts succeed", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const businessId = Fixtures.businessId()
      // Every pair overlaps: starts spread over 14:00–14:49, each an hour long.
      const attempts = Arr.makeBy(50, (i) =>
        Fixtures.newBooking({ businessId, start: DateTime.add(at("2030-01-07T14:00:00Z"), { minutes: i }) }),
      )
      const results = yield* Effect.all(
        attempts.map((b) => Effect.either(repo.insert(b))),
        { concurrency: "unbounded" },
      )
      const [failures, successes] = Arr.partitionMap(results, (r) => r)
      expect(successes).toHaveLength(1)
      expect(failures.map((e) => e._tag)).toEqual(Arr.replicate("SlotTaken", 49))
      const stored = yield* repo.overlapping(businessId, range("2030-01-07T00:00:00Z", "2030-01-08T00:00:00Z"))
      expect(ids(stored)).toEqual([successes[0]?.id])
    }),
  )

  it.effect("cancelling frees the slot", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const businessId = Fixtures.businessId()
      const first = yield* repo.insert(Fixtures.newBooking({ businessId, start: "2030-01-07T14:00:00Z" }))
      const cancelled = yield* repo.cancel(first.id)
      expect(cancelled.id).toBe(first.id)
      expect(cancelled.status).toBe("cancelled")
      expect((yield* repo.get(first.id)).status).toBe("cancelled")

      const second = yield* repo.insert(Fixtures.newBooking({ businessId, start: "2030-01-07T14:30:00Z" }))
      const inRange = yield* repo.overlapping(businessId, range("2030-01-07T14:00:00Z", "2030-01-07T16:00:00Z"))
      expect(ids(inRange)).toEqual([second.id])
    }),
  )

  it.effect("cancelling twice returns the cancelled booking both times", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const booking = yield* repo.insert(
        Fixtures.newBooking({ businessId: Fixtures.businessId(), start: "2030-01-07T14:00:00Z" }),
      )
      yield* repo.cancel(booking.id)
      const again = yield* repo.cancel(booking.id)
      expect(again.id).toBe(booking.id)
      expect(again.status).toBe("cancelled")
      expect(millis(again.startsAt)).toBe(millis(booking.startsAt))
    }),
  )

  it.effect("cancelling an unknown booking fails with BookingNotFound", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const error = yield* Effect.flip(repo.cancel(Fixtures.bookingId()))
      expect(error._tag).toBe("BookingNotFound")
    }),
  )

  it.effect("rescheduling into a free slot moves the booking and frees the old slot", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const businessId = Fixtures.businessId()
      const booking = yield* repo.insert(Fixtures.newBooking({ businessId, start: "2030-01-07T14:00:00Z" }))

      const moved = yield* repo.reschedule(booking.id, range("2030-01-08T16:00:00Z", "2030-01-08T17:00:00Z"))
      expect(moved.id).toBe(booking.id)
      expect(moved.status).toBe("confirmed")
      expect(DateTime.formatIso(moved.startsAt)).toBe("2030-01-08T16:00:00.000Z")
      expect(DateTime.formatIso(moved.endsAt)).toBe("2030-01-08T17:00:00.000Z")
      const loaded = yield* repo.get(booking.id)
      expect(DateTime.formatIso(loaded.startsAt)).toBe("2030-01-08T16:00:00.000Z")
      expect(loaded.customer.phone).toBe(booking.customer.phone)

      yield* repo.insert(Fixtures.newBooking({ businessId, start: "2030-01-07T14:00:00Z" }))
    }),
  )

  it.effect("rescheduling may overlap the booking's own current slot", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const booking = yield* repo.insert(
        Fixtures.newBooking({ businessId: Fixtures.businessId(), start: "2030-01-07T14:00:00Z" }),
      )
      const moved = yield* repo.reschedule(booking.id, range("2030-01-07T14:30:00Z", "2030-01-07T15:30:00Z"))
      expect(DateTime.formatIso(moved.startsAt)).toBe("2030-01-07T14:30:00.000Z")
    }),
  )

  it.effect("rescheduling into a taken slot fails with SlotTaken and leaves the booking where it was", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const businessId = Fixtures.businessId()
      const booking = yield* repo.insert(Fixtures.newBooking({ businessId, start: "2030-01-07T14:00:00Z" }))
      yield* repo.insert(Fixtures.newBooking({ businessId, start: "2030-01-07T16:00:00Z" }))

      const error = yield* Effect.flip(
        repo.reschedule(booking.id, range("2030-01-07T16:30:00Z", "2030-01-07T17:30:00Z")),
      )
      expect(error._tag).toBe("SlotTaken")
      const loaded = yield* repo.get(booking.id)
      expect(DateTime.formatIso(loaded.startsAt)).toBe("2030-01-07T14:00:00.000Z")
      expect(DateTime.formatIso(loaded.endsAt)).toBe("2030-01-07T15:00:00.000Z")
    }),
  )

  it.effect("rescheduling an unknown booking fails with BookingNotFound", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const error = yield* Effect.flip(
        repo.reschedule(Fixtures.bookingId(), range("2030-01-07T14:00:00Z", "2030-01-07T15:00:00Z")),
      )
      expect(error._tag).toBe("BookingNotFound")
    }),
  )

  it.effect("records calendar sync state and the external event id", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const booking = yield* repo.insert(
        Fixtures.newBooking({ businessId: Fixtures.businessId(), start: "2030-01-07T14:00:00Z" }),
      )
      const eventId = EventId.make(`fd${booking.id.replaceAll("_", "")}`)

      const synced = yield* repo.setCalendarSync(booking.id, "synced", eventId)
      expect(synced.calendarSync).toBe("synced")
      expect(synced.externalEventId).toBe(eventId)
      const loaded = yield* repo.get(booking.id)
      expect(loaded.calendarSync).toBe("synced")
      expect(loaded.externalEventId).toBe(eventId)

      // Without an event id the known one is kept.
      const failed = yield* repo.setCalendarSync(booking.id, "failed")
      expect(failed.calendarSync).toBe("failed")
      expect((yield* repo.get(booking.id)).externalEventId).toBe(eventId)

      const error = yield* Effect.flip(repo.setCalendarSync(Fixtures.bookingId(), "synced"))
      expect(error._tag).toBe("BookingNotFound")
    }),
  )
}
