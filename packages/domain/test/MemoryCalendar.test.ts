import { describe, expect, it } from "@effect/vitest"
import { Duration, Effect, Option } from "effect"
import { type BookingId, EventId } from "../src/model/Ids.js"
import * as TimeRange from "../src/model/TimeRange.js"
import { Calendar, CalendarEvent } from "../src/ports/Calendar.js"
import { eventIdFor, layerMemory, MemoryCalendarControl } from "../src/ports/MemoryCalendar.js"
import * as Fixtures from "../src/testing/Fixtures.js"

const range = (start: string, end: string) => TimeRange.make(Fixtures.utc(start), Fixtures.utc(end))

const event = (bookingId: BookingId = Fixtures.bookingId(), summary = "Haircut — Jane Doe") =>
  new CalendarEvent({
    bookingId,
    summary,
    description: "Booked by phone",
    start: Fixtures.utc("2030-01-07T14:00:00Z"),
    end: Fixtures.utc("2030-01-07T15:00:00Z"),
  })

describe("MemoryCalendar", () => {
  it.effect("reports the business's busy blocks in the range, not other businesses' nor its own events", () =>
    Effect.gen(function* () {
      const calendar = yield* Calendar
      const control = yield* MemoryCalendarControl
      const business = Fixtures.demoBusinessWithGoogle()
      const morning = range("2030-01-07T14:00:00Z", "2030-01-07T15:00:00Z")
      yield* control.addBusy(business.id, morning)
      yield* control.addBusy(business.id, range("2030-01-08T14:00:00Z", "2030-01-08T15:00:00Z"))
      yield* control.addBusy(Fixtures.businessId(), range("2030-01-07T16:00:00Z", "2030-01-07T17:00:00Z"))
      yield* calendar.createEvent(business, event())

      const busy = yield* calendar.busy(business, range("2030-01-07T00:00:00Z", "2030-01-08T00:00:00Z"))
      expect(busy).toEqual([morning])
      yield* control.clearBusy(business.id)
      expect(yield* calendar.busy(business, range("2030-01-07T00:00:00Z", "2030-01-09T00:00:00Z"))).toEqual([])
    }).pipe(Effect.provide(layerMemory)),
  )

  it.effect(
    "creates an event once per booking, updates it (re-creating a missing one) and deletes it idempotently",
    () =>
      Effect.gen(function* () {
        const calendar = yield* Calendar
        const control = yield* MemoryCalendarControl
        const business = Fixtures.demoBusinessWithGoogle()
        const bookingId = Fixtures.bookingId()
        const id = eventIdFor(bookingId)

        expect(yield* calendar.createEvent(business, event(bookingId))).toBe(id)
        expect(yield* calendar.createEvent(business, event(bookingId, "retried"))).toBe(id)
        expect((yield* control.events(business.id)).map((e) => e.event.summary)).toEqual(["Haircut — Jane Doe"])

        expect(yield* calendar.updateEvent(business, event(bookingId, "Color — Jane Doe"))).toBe(id)
        expect(Option.map(yield* control.event(id), (e) => e.event.summary)).toEqual(Option.some("Color — Jane Doe"))
        const neverCreated = Fixtures.bookingId()
        expect(yield* calendar.updateEvent(business, event(neverCreated))).toBe(eventIdFor(neverCreated))
        expect(Option.isSome(yield* control.event(eventIdFor(neverCreated)))).toBe(true)
        yield* calendar.deleteEvent(business, eventIdFor(neverCreated))

        yield* calendar.deleteEvent(business, id)
        yield* calendar.deleteEvent(business, id)
        expect(yield* control.events()).toEqual([])
      }).pipe(Effect.provide(layerMemory)),
  )

  it.effect("fails the next N matching calls with the injected kind, then recovers", () =>
    Effect.gen(function* () {
      const calendar = yield* Calendar
      const control = yield* MemoryCalendarControl
      const business = Fixtures.demoBusinessWithGoogle()
      const day = range("2030-01-07T00:00:00Z", "2030-01-08T00:00:00Z")
      yield* control.failNext("RateLimited", { times: 2, operations: ["busy"], retryAfter: "30 seconds" })

      const first = yield* Effect.flip(calendar.busy(business, day))
      expect(first.kind).toBe("RateLimited")
      expect(first.retryAfter && Duration.toSeconds(first.retryAfter)).toBe(30)
      yield* calendar.createEvent(business, event())
      expect((yield* Effect.flip(calendar.busy(business, day))).kind).toBe("RateLimited")
      expect(yield* calendar.busy(business, day)).toEqual([])

      expect(yield* control.calls).toEqual({ busy: 3, createEvent: 1, updateEvent: 0, deleteEvent: 0 })
      yield* control.resetCalls
      expect((yield* control.calls).busy).toBe(0)
    }).pipe(Effect.provide(layerMemory)),
  )

  it.effect("fails every call until the failures are cleared", () =>
    Effect.gen(function* () {
      const calendar = yield* Calendar
      const control = yield* MemoryCalendarControl
      const business = Fixtures.demoBusinessWithGoogle()
      const bookingId = Fixtures.bookingId()
      yield* control.failAlways("TokenRevoked")
      for (let i = 0; i < 5; i++) {
        expect((yield* Effect.flip(calendar.createEvent(business, event(bookingId)))).kind).toBe("TokenRevoked")
      }
      expect((yield* Effect.flip(calendar.deleteEvent(business, EventId.make("fdx")))).kind).toBe("TokenRevoked")
      expect(yield* control.events()).toEqual([])
      yield* control.clearFailures
      expect(yield* calendar.createEvent(business, event(bookingId))).toBe(eventIdFor(bookingId))
    }).pipe(Effect.provide(layerMemory)),
  )
})
