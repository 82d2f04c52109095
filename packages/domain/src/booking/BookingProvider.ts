import { DateTime, type Effect } from "effect"
import type { AvailabilityResult } from "../availability/AvailabilityResult.js"
import type { Booking, CalendarSync } from "../model/Booking.js"
import { BookingContext } from "../model/BookingContext.js"
import type { BookingIntent } from "../model/BookingIntent.js"
import type { PersistenceError } from "../model/Errors.js"
import type { LocalDate } from "../model/LocalDate.js"

/**
 * The seed's provider protocol (`check_availability`, `create_booking`, `after_booking`), one
 * instance per business. Providers are built by an Effect that captures the ports they use
 * (see ProviderRegistry), so every method here has R = never and callers need not know which
 * provider they hold.
 *
 * Calendar trouble never appears in an error channel: providers resolve it through
 * DegradationRules. The only failure left is local storage, which a caller must handle.
 */
export interface BookingProvider {
  readonly name: string
  /** What a new booking's calendar sync state starts as ("not_applicable" when nothing will sync). */
  readonly initialCalendarSync: CalendarSync
  /** Local bookings and, if the provider has one, the external calendar; alternatives when taken. */
  readonly checkAvailability: (context: BookingContext) => Effect.Effect<AvailabilityResult, PersistenceError>
  /** Free on-grid starts on one local day ("what do you have Friday?"), earliest first. */
  readonly freeSlots: (
    date: LocalDate,
    durationMinutes: number,
  ) => Effect.Effect<ReadonlyArray<DateTime.Utc>, PersistenceError>
  readonly createBooking: (context: BookingContext) => Effect.Effect<BookingIntent>
  /** After the booking is stored: put it in the external calendar. Returns the booking as it now stands. */
  readonly afterBooking: (context: BookingContext, booking: Booking) => Effect.Effect<Booking>
  /** After a cancellation is stored: take the event out of the external calendar. */
  readonly afterCancel: (booking: Booking) => Effect.Effect<Booking>
  /** After a move is stored: move the event (or create it if it never got there). */
  readonly afterReschedule: (booking: Booking) => Effect.Effect<Booking>
}

/** Rebuilds the context a stored booking was made from (for follow-ups run later, e.g. by the outbox). */
export const contextOf = (booking: Booking): BookingContext =>
  new BookingContext({
    businessId: booking.businessId,
    customer: booking.customer,
    service: booking.service,
    requestedStart: booking.startsAt,
    durationMinutes: Math.max(
      1,
      Math.round((DateTime.toEpochMillis(booking.endsAt) - DateTime.toEpochMillis(booking.startsAt)) / 60_000),
    ),
    ...(booking.sourceCallSid !== undefined ? { callSid: booking.sourceCallSid } : {}),
  })
