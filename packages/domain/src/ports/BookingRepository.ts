import { Context, type DateTime, type Effect } from "effect"
import type { Booking, CalendarSync, NewBooking } from "../model/Booking.js"
import type { BookingNotFound, PersistenceError, SlotTaken } from "../model/Errors.js"
import type { BookingId, BusinessId, EventId, PhoneNumber } from "../model/Ids.js"
import type { TimeRange } from "../model/TimeRange.js"
import type { NewOutboxJob } from "./Outbox.js"

/**
 * Where bookings live. Writes are atomic and may carry outbox jobs that commit with them,
 * so a stored booking and its follow-up work (calendar event, SMS) are never separated.
 */
export class BookingRepository extends Context.Tag("@frontdesk/domain/BookingRepository")<
  BookingRepository,
  {
    /** Fails with SlotTaken when it would overlap a confirmed booking of the same business. */
    readonly insert: (
      booking: NewBooking,
      enqueue?: ReadonlyArray<NewOutboxJob>,
    ) => Effect.Effect<Booking, SlotTaken | PersistenceError>
    /** Confirmed bookings of the business that overlap the range. */
    readonly overlapping: (
      businessId: BusinessId,
      range: TimeRange,
    ) => Effect.Effect<ReadonlyArray<Booking>, PersistenceError>
    readonly get: (bookingId: BookingId) => Effect.Effect<Booking, BookingNotFound | PersistenceError>
    /** Cancelling frees the slot; cancelling twice is a no-op that returns the booking. */
    readonly cancel: (
      bookingId: BookingId,
      enqueue?: ReadonlyArray<NewOutboxJob>,
    ) => Effect.Effect<Booking, BookingNotFound | PersistenceError>
    readonly reschedule: (
      bookingId: BookingId,
      range: TimeRange,
      enqueue?: ReadonlyArray<NewOutboxJob>,
    ) => Effect.Effect<Booking, BookingNotFound | SlotTaken | PersistenceError>
    /** Newest first. */
    readonly listByBusiness: (
      businessId: BusinessId,
      options?: { readonly limit?: number },
    ) => Effect.Effect<ReadonlyArray<Booking>, PersistenceError>
    /** Confirmed bookings of this caller starting after `now`, soonest first. */
    readonly upcomingByCustomerPhone: (
      businessId: BusinessId,
      phone: PhoneNumber,
      now: DateTime.Utc,
    ) => Effect.Effect<ReadonlyArray<Booking>, PersistenceError>
    readonly setCalendarSync: (
      bookingId: BookingId,
      sync: CalendarSync,
      externalEventId?: EventId,
    ) => Effect.Effect<Booking, BookingNotFound | PersistenceError>
  }
>() {}
