import { DateTime, Effect } from "effect"
import * as AvailabilityPolicy from "../availability/AvailabilityPolicy.js"
import type { AvailabilityResult } from "../availability/AvailabilityResult.js"
import * as FollowUpJobs from "../followup/FollowUpJobs.js"
import type { BookingContext } from "../model/BookingContext.js"
import { BookingIntent } from "../model/BookingIntent.js"
import type { Business } from "../model/Business.js"
import type { PersistenceError } from "../model/Errors.js"
import type { BookingId } from "../model/Ids.js"
import * as TimeRange from "../model/TimeRange.js"
import { BookingRepository } from "../ports/BookingRepository.js"
import type { BookingProvider } from "./BookingProvider.js"

export const name = "native"

/**
 * Local bookings in the business's search window as busy ranges, leaving out the booking being
 * moved so it does not conflict with itself.
 */
export const localBusy = (
  repository: BookingRepository["Type"],
  business: Business,
  window: TimeRange.TimeRange,
  excluding?: BookingId,
): Effect.Effect<ReadonlyArray<TimeRange.TimeRange>, PersistenceError> =>
  Effect.map(repository.overlapping(business.id, window), (bookings) =>
    bookings
      .filter((booking) => booking.id !== excluding)
      .map((booking) => TimeRange.make(booking.startsAt, booking.endsAt)),
  )

/** Checks a request against the given busy ranges with the business's rules, as of now. */
export const checkWith = (
  business: Business,
  context: BookingContext,
  busy: ReadonlyArray<TimeRange.TimeRange>,
  now: DateTime.Utc,
): AvailabilityResult =>
  AvailabilityPolicy.check({
    business,
    start: context.requestedStart,
    durationMinutes: context.durationMinutes,
    busy,
    now,
  })

/**
 * Availability from Frontdesk's own bookings only. Unlike a stub that is always available,
 * it checks overlaps and the business's rules, so a business without a calendar is still safe.
 */
export const make = (business: Business): Effect.Effect<BookingProvider, never, BookingRepository> =>
  Effect.map(BookingRepository, (repository) => ({
    name,
    initialCalendarSync: "not_applicable",
    checkAvailability: (context) =>
      Effect.gen(function* () {
        const now = yield* DateTime.now
        const window = AvailabilityPolicy.searchWindow(business, context.requestedStart, context.durationMinutes, now)
        const busy = yield* localBusy(repository, business, window, context.reschedulingBookingId)
        return checkWith(business, context, busy, now)
      }),
    freeSlots: (date, durationMinutes) =>
      Effect.gen(function* () {
        const now = yield* DateTime.now
        const busy = yield* localBusy(repository, business, AvailabilityPolicy.dayWindow(business, date))
        return AvailabilityPolicy.freeSlots({ business, date, durationMinutes, busy, now })
      }),
    createBooking: () => Effect.succeed(new BookingIntent({ status: "confirmed" })),
    // No calendar of its own: only the customer's texts.
    afterBooking: (_context, booking) => [FollowUpJobs.confirmationText(booking)],
    afterCancel: (booking) => [FollowUpJobs.cancellationText(booking)],
    afterReschedule: (booking) => [FollowUpJobs.rescheduledText(booking)],
  }))
