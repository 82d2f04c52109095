import { expect, layer } from "@effect/vitest"
import { Booking } from "@frontdesk/domain/model/Booking"
import { EventId } from "@frontdesk/domain/model/Ids"
import * as TimeRange from "@frontdesk/domain/model/TimeRange"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { NewOutboxJob, Outbox } from "@frontdesk/domain/ports/Outbox"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { Array as Arr, DateTime, Effect, Either, type Layer, Schema } from "effect"

/*
 * Behaviour every BookingRepository must show, run against the memory layer, PGlite and PostgreSQL.
 * Stores keep rows between tests, so each test works on its own fresh business and never assumes
 * an empty store. Test services are excluded so the live clock drives `createdAt` everywhere.
 */

const at = Fixtures.utc
const range = (start: string, end: string) => TimeRange.make(at(start), at(end))
const millis = (d: DateTime.DateTime) => DateTime.toEpochMillis(d)
const encode = Schema.encodeSync(Booking)
const ids = (bookings: ReadonlyArray<Booking>) => bookings.map((b) => b.id)

const pendingWithKey = (key: string) =>
  Effect.flatMap(Outbox, (outbox) =>
    Effect.map(
      outbox.list({ status: "pending" }),
      Arr.filter((job) => job.dedupeKey === key),
    ),
  )

const job = (key: string, payload: unknown = { key }) =>
  new NewOutboxJob({ kind: "sms.confirmation", payload, dedupeKey: key })

export const suite = <E>(name: string, layer_: Layer.Layer<BookingRepository | Outbox, E>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
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
  })
