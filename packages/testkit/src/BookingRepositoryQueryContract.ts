import { expect } from "@effect/vitest"
import type { Booking } from "@frontdesk/domain/model/Booking"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { Effect } from "effect"
import { at, type BookingRepositoryIt, ids, millis, range } from "./BookingRepositoryContractSupport.js"

/* How a BookingRepository answers lookups: a business's list, a caller's upcoming bookings, a time range. */

export const queries = (it: BookingRepositoryIt) => {
  it.effect("lists a business's bookings newest first, cancelled ones included, with a limit", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const businessId = Fixtures.businessId()
      // Created in an order different from their start times, so the order shows which one is used.
      const starts = ["2030-01-09T14:00:00Z", "2030-01-07T14:00:00Z", "2030-01-08T14:00:00Z"]
      const created: Array<Booking> = []
      for (const start of starts) {
        created.push(yield* repo.insert(Fixtures.newBooking({ businessId, start })))
        // Distinct creation instants even on a coarse clock.
        yield* Effect.sleep("3 millis")
      }
      yield* repo.insert(Fixtures.newBooking({ businessId: Fixtures.businessId(), start: "2030-01-10T14:00:00Z" }))
      const [oldest, middle, newest] = created as [Booking, Booking, Booking]
      yield* repo.cancel(middle.id)

      const all = yield* repo.listByBusiness(businessId)
      expect(ids(all)).toEqual([newest.id, middle.id, oldest.id])
      expect(all.map((b) => b.status)).toEqual(["confirmed", "cancelled", "confirmed"])
      expect(ids(yield* repo.listByBusiness(businessId, { limit: 2 }))).toEqual([newest.id, middle.id])
      expect(yield* repo.listByBusiness(Fixtures.businessId())).toEqual([])
    }),
  )

  it.effect("finds a caller's upcoming confirmed bookings, soonest first", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const businessId = Fixtures.businessId()
      const caller = Fixtures.customer({ name: "Sam Caller" })
      const now = at("2030-01-07T12:00:00Z")
      const book = (start: string, options: { businessId?: typeof businessId; other?: boolean } = {}) =>
        repo.insert(
          Fixtures.newBooking({
            businessId: options.businessId ?? businessId,
            start,
            customer: options.other ? Fixtures.customer() : caller,
          }),
        )

      yield* book("2030-01-06T14:00:00Z") // in the past
      yield* book("2030-01-07T11:30:00Z") // started before now
      const later = yield* book("2030-01-09T14:00:00Z")
      const sooner = yield* book("2030-01-08T14:00:00Z")
      const cancelled = yield* book("2030-01-08T16:00:00Z")
      yield* repo.cancel(cancelled.id)
      yield* book("2030-01-08T18:00:00Z", { other: true }) // someone else
      yield* book("2030-01-08T14:00:00Z", { businessId: Fixtures.businessId() }) // another business

      const upcoming = yield* repo.upcomingByCustomerPhone(businessId, caller.phone, now)
      expect(ids(upcoming)).toEqual([sooner.id, later.id])
      expect(yield* repo.upcomingByCustomerPhone(businessId, Fixtures.phoneNumber(), now)).toEqual([])
    }),
  )

  it.effect("answers overlapping-range queries with confirmed bookings only", () =>
    Effect.gen(function* () {
      const repo = yield* BookingRepository
      const businessId = Fixtures.businessId()
      const nine = yield* repo.insert(Fixtures.newBooking({ businessId, start: "2030-01-07T09:00:00Z" }))
      const ten = yield* repo.insert(Fixtures.newBooking({ businessId, start: "2030-01-07T10:00:00Z" }))
      const eleven = yield* repo.insert(Fixtures.newBooking({ businessId, start: "2030-01-07T11:00:00Z" }))
      const noon = yield* repo.insert(Fixtures.newBooking({ businessId, start: "2030-01-07T12:00:00Z" }))
      yield* repo.cancel(eleven.id)
      yield* repo.insert(Fixtures.newBooking({ businessId: Fixtures.businessId(), start: "2030-01-07T11:00:00Z" }))

      const sorted = (bookings: ReadonlyArray<Booking>) =>
        ids([...bookings].sort((a, b) => millis(a.startsAt) - millis(b.startsAt)))
      const middle = yield* repo.overlapping(businessId, range("2030-01-07T10:30:00Z", "2030-01-07T12:30:00Z"))
      expect(sorted(middle)).toEqual([ten.id, noon.id])
      for (const b of middle) expect(b.businessId).toBe(businessId)
      // Touching ranges do not overlap; the only booking inside is cancelled.
      expect(yield* repo.overlapping(businessId, range("2030-01-07T11:00:00Z", "2030-01-07T12:00:00Z"))).toEqual([])
      const morning = yield* repo.overlapping(businessId, range("2030-01-07T08:00:00Z", "2030-01-07T09:00:01Z"))
      expect(ids(morning)).toEqual([nine.id])
    }),
  )
}
