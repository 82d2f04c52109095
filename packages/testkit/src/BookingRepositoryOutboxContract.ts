import { expect } from "@effect/vitest"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { NewOutboxJob, Outbox } from "@frontdesk/domain/ports/Outbox"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { Array as Arr, Effect, Either } from "effect"
import { type BookingRepositoryIt, range } from "./BookingRepositoryContractSupport.js"

/*
 * Outbox jobs written with a booking change land in the same store in the same transaction: there
 * when the change happens, absent when it is rejected.
 */

const pendingWithKey = (key: string) =>
  Effect.flatMap(Outbox, (outbox) =>
    Effect.map(
      outbox.list({ status: "pending" }),
      Arr.filter((job) => job.dedupeKey === key),
    ),
  )

const job = (key: string, payload: unknown = { key }) =>
  new NewOutboxJob({ kind: "sms.confirmation", payload, dedupeKey: key })

export const outboxWithBooking = (it: BookingRepositoryIt) => {
  it.effect("enqueues outbox jobs together with the booking", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const input = Fixtures.newBooking({ businessId: Fixtures.businessId(), start: "2030-01-07T14:00:00Z" })
      const confirmKey = `test.sms.confirmation:${input.id}`
      const eventKey = `test.calendar.create_event:${input.id}`
      yield* repo.insert(input, [
        job(confirmKey, { bookingId: input.id, to: input.customer.phone }),
        new NewOutboxJob({ kind: "calendar.create_event", payload: { bookingId: input.id }, dedupeKey: eventKey }),
      ])
      const [confirm] = yield* pendingWithKey(confirmKey)
      expect(confirm?.kind).toBe("sms.confirmation")
      expect(confirm?.payload).toEqual({ bookingId: input.id, to: input.customer.phone })
      expect(confirm?.attempts).toBe(0)
      const [event] = yield* pendingWithKey(eventKey)
      expect(event?.kind).toBe("calendar.create_event")
    }),
  )

  it.effect("enqueues nothing when the insert is rejected", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const businessId = Fixtures.businessId()
      yield* repo.insert(Fixtures.newBooking({ businessId, start: "2030-01-07T14:00:00Z" }))
      const rejected = Fixtures.newBooking({ businessId, start: "2030-01-07T14:30:00Z" })
      const key = `test.sms.confirmation:${rejected.id}`
      const result = yield* Effect.either(repo.insert(rejected, [job(key)]))
      expect(Either.isLeft(result)).toBe(true)
      expect(yield* pendingWithKey(key)).toEqual([])
    }),
  )

  it.effect("enqueues jobs with a cancel and a reschedule, but not with a rejected reschedule", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const businessId = Fixtures.businessId()
      const booking = yield* repo.insert(Fixtures.newBooking({ businessId, start: "2030-01-07T14:00:00Z" }))
      yield* repo.insert(Fixtures.newBooking({ businessId, start: "2030-01-07T16:00:00Z" }))

      const rejectedKey = `test.calendar.update_event:rejected:${booking.id}`
      yield* Effect.either(
        repo.reschedule(booking.id, range("2030-01-07T16:00:00Z", "2030-01-07T17:00:00Z"), [job(rejectedKey)]),
      )
      expect(yield* pendingWithKey(rejectedKey)).toEqual([])

      const movedKey = `test.calendar.update_event:${booking.id}`
      yield* repo.reschedule(booking.id, range("2030-01-07T10:00:00Z", "2030-01-07T11:00:00Z"), [job(movedKey)])
      expect(yield* pendingWithKey(movedKey)).toHaveLength(1)

      const cancelKey = `test.sms.cancellation:${booking.id}`
      yield* repo.cancel(booking.id, [job(cancelKey)])
      expect(yield* pendingWithKey(cancelKey)).toHaveLength(1)
    }),
  )
}
