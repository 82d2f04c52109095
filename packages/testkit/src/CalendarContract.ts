import { expect, layer } from "@effect/vitest"
import type { Business } from "@frontdesk/domain/model/Business"
import type { BookingId } from "@frontdesk/domain/model/Ids"
import * as TimeRange from "@frontdesk/domain/model/TimeRange"
import { Calendar, CalendarEvent } from "@frontdesk/domain/ports/Calendar"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { DateTime, Effect, type Layer } from "effect"

/*
 * Behaviour every Calendar must show, run against the memory calendar and the Google adapter on the
 * fake Google. The follow-up handlers rely on it: writes are safe to repeat, `updateEvent` puts back
 * an event that went missing, and the calendar (not the domain) chooses the event id. Each test uses
 * a fresh business, and the live clock drives the adapters.
 */

/** An event Frontdesk wrote, as the calendar itself holds it (read around the port, not through it). */
export interface SeenEvent {
  readonly id: string
  readonly summary: string
  readonly start: DateTime.Utc
  readonly end: DateTime.Utc
}

/** What the suite needs of an implementation besides the port. */
export interface CalendarBackstage<R> {
  /** A fresh business whose calendar this implementation can reach (connected, where that matters). */
  readonly business: Effect.Effect<Business, never, R>
  /** Frontdesk's events now in the business's calendar; deleted ones left out. */
  readonly events: (business: Business) => Effect.Effect<ReadonlyArray<SeenEvent>, never, R>
  /** Someone else's appointment in the business's calendar. */
  readonly addBusy: (business: Business, range: TimeRange.TimeRange) => Effect.Effect<void, never, R>
}

const at = Fixtures.utc
const millis = (instant: DateTime.DateTime) => DateTime.toEpochMillis(instant)
const times = (events: ReadonlyArray<SeenEvent>) =>
  events.map((event) => [event.id, millis(event.start), millis(event.end)] as const)

const eventFor = (bookingId: BookingId, start: string, end: string, summary = "Haircut - Ana Ruiz") =>
  new CalendarEvent({ bookingId, summary, description: "Customer: +15551234567", start: at(start), end: at(end) })

export const suite = <E, R>(name: string, layer_: Layer.Layer<Calendar | R, E>, backstage: CalendarBackstage<R>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
    it.effect("createEvent answers the booking's event id; creating it again finds the same event", () =>
      Effect.gen(function* () {
        const calendar = yield* Calendar
        const business = yield* backstage.business
        const bookingId = Fixtures.bookingId()
        const event = eventFor(bookingId, "2030-01-07T14:00:00Z", "2030-01-07T15:00:00Z")
        const id = yield* calendar.createEvent(business, event)
        const [seen] = yield* backstage.events(business)
        expect(seen).toMatchObject({ id, summary: "Haircut - Ana Ruiz" })
        expect(times([seen!])).toEqual([[id, millis(event.start), millis(event.end)]])

        // A retried follow-up (its first answer lost) must not add a second appointment.
        expect(yield* calendar.createEvent(business, event)).toBe(id)
        expect((yield* backstage.events(business)).map((e) => e.id)).toEqual([id])
      }),
    )

    it.effect("each booking gets its own event", () =>
      Effect.gen(function* () {
        const calendar = yield* Calendar
        const business = yield* backstage.business
        const first = yield* calendar.createEvent(
          business,
          eventFor(Fixtures.bookingId(), "2030-01-07T14:00:00Z", "2030-01-07T15:00:00Z"),
        )
        const second = yield* calendar.createEvent(
          business,
          eventFor(Fixtures.bookingId(), "2030-01-07T14:00:00Z", "2030-01-07T15:00:00Z"),
        )
        expect(second).not.toBe(first)
        expect((yield* backstage.events(business)).map((e) => e.id).sort()).toEqual([first, second].sort())
      }),
    )

    it.effect("updateEvent moves the booking's event and answers the id createEvent gave", () =>
      Effect.gen(function* () {
        const calendar = yield* Calendar
        const business = yield* backstage.business
        const bookingId = Fixtures.bookingId()
        const id = yield* calendar.createEvent(
          business,
          eventFor(bookingId, "2030-01-07T14:00:00Z", "2030-01-07T15:00:00Z"),
        )
        const moved = eventFor(bookingId, "2030-01-08T18:00:00Z", "2030-01-08T19:30:00Z", "Color - Ana Ruiz")
        expect(yield* calendar.updateEvent(business, moved)).toBe(id)
        const seen = yield* backstage.events(business)
        expect(times(seen)).toEqual([[id, millis(moved.start), millis(moved.end)]])
        expect(seen[0]?.summary).toBe("Color - Ana Ruiz")
      }),
    )

    it.effect("updateEvent creates an event that never got there, under the id createEvent would give", () =>
      Effect.gen(function* () {
        const calendar = yield* Calendar
        const business = yield* backstage.business
        const bookingId = Fixtures.bookingId()
        const event = eventFor(bookingId, "2030-01-09T14:00:00Z", "2030-01-09T15:00:00Z")
        const id = yield* calendar.updateEvent(business, event)
        expect(times(yield* backstage.events(business))).toEqual([[id, millis(event.start), millis(event.end)]])
        expect(yield* calendar.createEvent(business, event)).toBe(id)
        expect(yield* backstage.events(business)).toHaveLength(1)
      }),
    )

    it.effect("updateEvent brings back an event that was deleted from the calendar", () =>
      Effect.gen(function* () {
        const calendar = yield* Calendar
        const business = yield* backstage.business
        const bookingId = Fixtures.bookingId()
        const id = yield* calendar.createEvent(
          business,
          eventFor(bookingId, "2030-01-10T14:00:00Z", "2030-01-10T15:00:00Z"),
        )
        yield* calendar.deleteEvent(business, id)
        expect(yield* backstage.events(business)).toEqual([])
        const moved = eventFor(bookingId, "2030-01-10T16:00:00Z", "2030-01-10T17:00:00Z")
        expect(yield* calendar.updateEvent(business, moved)).toBe(id)
        expect(times(yield* backstage.events(business))).toEqual([[id, millis(moved.start), millis(moved.end)]])
      }),
    )

    it.effect("deleteEvent removes the event; deleting it again, or an event never written, is fine", () =>
      Effect.gen(function* () {
        const calendar = yield* Calendar
        const business = yield* backstage.business
        const kept = yield* calendar.createEvent(
          business,
          eventFor(Fixtures.bookingId(), "2030-01-11T14:00:00Z", "2030-01-11T15:00:00Z"),
        )
        const removed = yield* calendar.createEvent(
          business,
          eventFor(Fixtures.bookingId(), "2030-01-11T16:00:00Z", "2030-01-11T17:00:00Z"),
        )
        yield* calendar.deleteEvent(business, removed)
        yield* calendar.deleteEvent(business, removed)
        const other = yield* backstage.business
        const neverWritten = yield* calendar.createEvent(
          other,
          eventFor(Fixtures.bookingId(), "2030-01-11T16:00:00Z", "2030-01-11T17:00:00Z"),
        )
        yield* calendar.deleteEvent(other, neverWritten)
        yield* calendar.deleteEvent(business, neverWritten)
        expect((yield* backstage.events(business)).map((e) => e.id)).toEqual([kept])
      }),
    )

    it.effect("busy is other appointments in the range, never Frontdesk's own events", () =>
      Effect.gen(function* () {
        const calendar = yield* Calendar
        const business = yield* backstage.business
        const appointment = TimeRange.make(at("2030-01-14T14:00:00Z"), at("2030-01-14T15:00:00Z"))
        yield* backstage.addBusy(business, appointment)
        yield* backstage.addBusy(business, TimeRange.make(at("2030-01-16T14:00:00Z"), at("2030-01-16T15:00:00Z")))
        yield* calendar.createEvent(
          business,
          eventFor(Fixtures.bookingId(), "2030-01-14T17:00:00Z", "2030-01-14T18:00:00Z"),
        )
        const day = TimeRange.make(at("2030-01-14T00:00:00Z"), at("2030-01-15T00:00:00Z"))
        const busy = yield* calendar.busy(business, day)
        expect(busy.map((range) => [millis(range.start), millis(range.end)])).toEqual([
          [millis(appointment.start), millis(appointment.end)],
        ])
        // Another business's calendar is its own.
        expect(yield* calendar.busy(yield* backstage.business, day)).toEqual([])
      }),
    )
  })
