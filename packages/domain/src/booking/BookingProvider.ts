import { DateTime, type Effect } from "effect"
import type { AvailabilityResult } from "../availability/AvailabilityResult.js"
import type { Booking, CalendarSync, NewBooking } from "../model/Booking.js"
import { BookingContext } from "../model/BookingContext.js"
import type { BookingIntent } from "../model/BookingIntent.js"
import type { PersistenceError } from "../model/Errors.js"
import type { LocalDate } from "../model/LocalDate.js"
import type { NewOutboxJob } from "../ports/Outbox.js"

/**
 * The provider protocol (`check_availability`, `create_booking`, `after_booking`), one
 * instance per business. Providers are built by an Effect that captures the ports they use
 * (see ProviderRegistry), so every method here has R = never and callers need not know which
 * provider they hold.
 *
 * Calendar trouble never appears in an error channel: providers resolve it through
 * DegradationRules. The only failure left is local storage, which a caller must handle.
 *
 * `afterBooking`, `afterCancel` and `afterReschedule` do no work themselves: they name the
 * follow-ups the change needs (FollowUpJobs: calendar event, customer's text), which BookingService
 * commits in the same transaction as the change and the outbox worker carries out
 * (FollowUpHandlers). So a crash or an outage after the commit delays a follow-up, never loses it.
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
  /** The follow-ups of a new booking, stored with it: its event (if this provider keeps one) and the confirmation. */
  readonly afterBooking: (context: BookingContext, booking: NewBooking) => ReadonlyArray<NewOutboxJob>
  /** The follow-ups of cancelling this booking: remove its event, tell the customer. */
  readonly afterCancel: (booking: Booking) => ReadonlyArray<NewOutboxJob>
  /** The follow-ups of moving this booking: move its event (or create it if it never got there), tell the customer. */
  readonly afterReschedule: (booking: Booking) => ReadonlyArray<NewOutboxJob>
}

/** Rebuilds the context a stored booking was made from (a reschedule checks the new time with it). */
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
