import { DateTime, Effect, Either, Option } from "effect"
import * as AvailabilityPolicy from "../availability/AvailabilityPolicy.js"
import { AvailabilityResult, CalendarRateLimited } from "../availability/AvailabilityResult.js"
import * as DegradationRules from "../availability/DegradationRules.js"
import * as CalendarConnection from "../followup/CalendarConnection.js"
import type { Booking, CalendarSync } from "../model/Booking.js"
import type { BookingContext } from "../model/BookingContext.js"
import { BookingIntent } from "../model/BookingIntent.js"
import type { Business, GoogleCalendarConfig } from "../model/Business.js"
import { type BookingId, EventId } from "../model/Ids.js"
import type * as TimeRange from "../model/TimeRange.js"
import { BookingRepository } from "../ports/BookingRepository.js"
import { Calendar, CalendarEvent } from "../ports/Calendar.js"
import { CalendarError } from "../ports/CalendarError.js"
import type { Outbox } from "../ports/Outbox.js"
import { TokenVault } from "../ports/TokenVault.js"
import type { BookingProvider } from "./BookingProvider.js"
import { checkWith, localBusy } from "./NativeBookingProvider.js"

export const name = "google_calendar"

const base32hex = "0123456789abcdefghijklmnopqrstuv"

/**
 * The Google event id for a booking: "fdbk" + the booking id's UTF-8 bytes in lowercase base32hex
 * (Google allows only 0-9 and a-v, 5 to 1024 characters). Deterministic, so a retried insert finds
 * the event it already made instead of adding a duplicate, and distinct booking ids never collide.
 */
export const eventIdFor = (bookingId: BookingId): EventId => {
  let bits = 0
  let value = 0
  let out = "fdbk"
  for (const byte of new TextEncoder().encode(bookingId)) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += base32hex[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
    value &= (1 << bits) - 1
  }
  if (bits > 0) out += base32hex[(value << (5 - bits)) & 31]
  // Booking ids are 26 characters; only a pathological id over ~630 bytes would need cutting.
  return EventId.make(out.slice(0, 1024))
}

/** How the booking appears in the owner's calendar (the seed's title and description). */
export const eventFor = (booking: Booking): CalendarEvent =>
  new CalendarEvent({
    id: booking.externalEventId ?? eventIdFor(booking.id),
    bookingId: booking.id,
    summary: `${booking.service} - ${booking.customer.name}`,
    description: `Customer: ${booking.customer.phone}`,
    start: booking.startsAt,
    end: booking.endsAt,
  })

/**
 * Puts the booking's event in the calendar: creates it, or updates it — and creates it after all
 * if it never made it there or the owner deleted it. Shared by the inline follow-up and the outbox.
 */
export const writeEvent = (
  calendar: Calendar["Type"],
  business: Business,
  booking: Booking,
  mode: "create" | "update",
): Effect.Effect<EventId, CalendarError> => {
  const event = eventFor(booking)
  return mode === "create"
    ? calendar.createEvent(business, event)
    : calendar.updateEvent(business, event).pipe(
        Effect.as(event.id),
        Effect.catchIf(
          (error) => error.kind === "NotFound",
          () => calendar.createEvent(business, event),
        ),
      )
}

export const configOf = (business: Business): GoogleCalendarConfig | undefined =>
  business.aiConfig.integrations.providers.google_calendar

/** Whether this business's Google settings ask for its bookings to appear as events. */
export const createsEvents = (business: Business): boolean => {
  const config = configOf(business)
  return config?.enabled === true && config.create_events
}

const notConnected = (message: string) => new CalendarError({ kind: "NotConnected", message })

/**
 * Availability from local bookings merged with the business's Google free/busy, and events
 * written after booking — purely against the Calendar, TokenVault and BookingRepository ports.
 * Not connected (no credentials, a broken connection, `enabled: false`) it behaves natively;
 * every calendar failure goes through DegradationRules.
 */
export const make = (
  business: Business,
): Effect.Effect<BookingProvider, never, BookingRepository | Calendar | TokenVault | Outbox> =>
  Effect.gen(function* () {
    const repository = yield* BookingRepository
    const calendar = yield* Calendar
    const vault = yield* TokenVault
    const alerting = yield* Effect.context<TokenVault | Outbox>()
    const config = configOf(business)
    const annotations = { businessId: business.id, provider: name }

    /** Fails with NotConnected unless the business has usable credentials and the integration is on. */
    const connected: Effect.Effect<void, CalendarError> =
      config === undefined || !config.enabled
        ? Effect.fail(notConnected("Google Calendar integration is disabled"))
        : vault.load(business.id).pipe(
            Effect.mapError(
              (cause) => new CalendarError({ kind: "Unavailable", message: `token vault: ${cause.message}`, cause }),
            ),
            Effect.flatMap(
              Option.match({
                onNone: () => Effect.fail(notConnected("no Google Calendar credentials")),
                onSome: (credentials) =>
                  credentials.status === "connected"
                    ? Effect.void
                    : Effect.fail(notConnected(`connection broken: ${credentials.brokenReason ?? "unknown"}`)),
              }),
            ),
          )

    /** Applies the decision's side effects (flag the connection, log) and returns it. */
    const degrade = (error: CalendarError, operation: string): Effect.Effect<DegradationRules.Decision> =>
      Effect.gen(function* () {
        const decision = DegradationRules.decide(business, error)
        if (decision.log) {
          yield* Effect.logWarning("calendar failure tolerated").pipe(
            Effect.annotateLogs({ ...annotations, operation, kind: error.kind, decision: decision.action }),
            Effect.annotateLogs({ error: error.message }),
          )
        }
        if (decision.flagConnection && error.kind !== "NotConnected") {
          yield* CalendarConnection.flagBroken(business, error).pipe(Effect.provide(alerting))
        }
        return decision
      })

    const setSync = (booking: Booking, sync: CalendarSync, eventId?: EventId): Effect.Effect<Booking> =>
      repository
        .setCalendarSync(booking.id, sync, eventId)
        .pipe(
          Effect.catchAll((cause) =>
            Effect.as(
              Effect.logWarning("could not record calendar sync state").pipe(
                Effect.annotateLogs({ ...annotations, bookingId: booking.id, sync, error: cause._tag }),
              ),
              booking,
            ),
          ),
        )

    const writesEvents = createsEvents(business)

    /** Creates (or, when it exists, updates) the booking's event and records the outcome. */
    const syncEvent = (booking: Booking, operation: "createEvent" | "updateEvent"): Effect.Effect<Booking> =>
      Effect.gen(function* () {
        if (!writesEvents) {
          return booking.calendarSync === "not_applicable" ? booking : yield* setSync(booking, "not_applicable")
        }
        const write = writeEvent(calendar, business, booking, operation === "createEvent" ? "create" : "update")
        const outcome = yield* Effect.either(Effect.zipRight(connected, write))
        if (Either.isRight(outcome)) return yield* setSync(booking, "synced", outcome.right)
        if (outcome.left.kind === "NotConnected") return yield* setSync(booking, "not_applicable")
        yield* degrade(outcome.left, operation)
        return yield* setSync(booking, "failed")
      })

    const unavailableForCalendar = (
      context: BookingContext,
      busy: ReadonlyArray<TimeRange.TimeRange>,
      now: DateTime.Utc,
      degraded: string,
    ): AvailabilityResult => {
      const local = checkWith(business, context, busy, now)
      // A local reason (closed, taken …) is more useful to the caller than "the calendar is busy".
      if (!local.available) return new AvailabilityResult({ ...local, degraded })
      return new AvailabilityResult({
        available: false,
        reason: CalendarRateLimited.make({}),
        alternatives: AvailabilityPolicy.alternatives({
          business,
          start: context.requestedStart,
          durationMinutes: context.durationMinutes,
          busy,
          now,
        }),
        degraded,
      })
    }

    const provider: BookingProvider = {
      name,
      initialCalendarSync: writesEvents ? "pending" : "not_applicable",
      checkAvailability: (context) =>
        Effect.gen(function* () {
          const now = yield* DateTime.now
          const window = AvailabilityPolicy.searchWindow(business, context.requestedStart, context.durationMinutes, now)
          const local = yield* localBusy(repository, business, window, context.reschedulingBookingId)
          if (config === undefined || !config.check_availability) return checkWith(business, context, local, now)
          const remote = yield* Effect.either(Effect.zipRight(connected, calendar.busy(business, window)))
          if (Either.isRight(remote)) return checkWith(business, context, [...local, ...remote.right], now)
          const error = remote.left
          const decision = yield* degrade(error, "busy")
          const degraded = `calendar ${error.kind}: ${decision.action}`
          if (decision.action === "unavailable_offer_alternatives") {
            return unavailableForCalendar(context, local, now, degraded)
          }
          const result = checkWith(business, context, local, now)
          // Not being connected is normal for a native-like setup; nothing to report.
          return error.kind === "NotConnected" ? result : new AvailabilityResult({ ...result, degraded })
        }),
      freeSlots: (date, durationMinutes) =>
        Effect.gen(function* () {
          const now = yield* DateTime.now
          const window = AvailabilityPolicy.dayWindow(business, date)
          const local = yield* localBusy(repository, business, window)
          const slots = (busy: ReadonlyArray<TimeRange.TimeRange>) =>
            AvailabilityPolicy.freeSlots({ business, date, durationMinutes, busy, now })
          if (config === undefined || !config.check_availability) return slots(local)
          const remote = yield* Effect.either(Effect.zipRight(connected, calendar.busy(business, window)))
          if (Either.isRight(remote)) return slots([...local, ...remote.right])
          // Whatever the decision, offers can only come from local data now (the seed's rate-limit rule).
          yield* degrade(remote.left, "busy")
          return slots(local)
        }),
      createBooking: () => Effect.succeed(new BookingIntent({ status: "confirmed" })),
      afterBooking: (_context, booking) => syncEvent(booking, "createEvent"),
      afterCancel: (booking) =>
        Effect.gen(function* () {
          const eventId = booking.externalEventId
          if (eventId === undefined) return booking
          const outcome = yield* Effect.either(Effect.zipRight(connected, calendar.deleteEvent(business, eventId)))
          if (Either.isRight(outcome)) return booking
          yield* degrade(outcome.left, "deleteEvent")
          // The event is still in the owner's calendar: make that visible.
          return yield* setSync(booking, "failed")
        }),
      afterReschedule: (booking) =>
        syncEvent(booking, booking.externalEventId === undefined ? "createEvent" : "updateEvent"),
    }
    return provider
  })
