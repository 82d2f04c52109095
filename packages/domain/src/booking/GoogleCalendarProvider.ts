import { DateTime, Effect, Either } from "effect"
import * as AvailabilityPolicy from "../availability/AvailabilityPolicy.js"
import { AvailabilityResult, CalendarRateLimited } from "../availability/AvailabilityResult.js"
import * as DegradationRules from "../availability/DegradationRules.js"
import * as CalendarConnection from "../followup/CalendarConnection.js"
import * as FollowUpJobs from "../followup/FollowUpJobs.js"
import type { BookingContext } from "../model/BookingContext.js"
import { BookingIntent } from "../model/BookingIntent.js"
import type { Business, GoogleCalendarConfig } from "../model/Business.js"
import type * as TimeRange from "../model/TimeRange.js"
import { BookingRepository } from "../ports/BookingRepository.js"
import { Calendar } from "../ports/Calendar.js"
import { CalendarError } from "../ports/CalendarError.js"
import type { Outbox } from "../ports/Outbox.js"
import type { TokenVault } from "../ports/TokenVault.js"
import type { BookingProvider } from "./BookingProvider.js"
import { checkWith, localBusy } from "./NativeBookingProvider.js"

export const name = "google_calendar"

export const configOf = (business: Business): GoogleCalendarConfig | undefined =>
  business.aiConfig.integrations.providers.google_calendar

/** Whether this business's Google settings ask for its bookings to appear as events. */
export const createsEvents = (business: Business): boolean => {
  const config = configOf(business)
  return config?.enabled === true && config.create_events
}

/**
 * Availability from local bookings merged with the business's Google free/busy — purely against
 * the Calendar, TokenVault and BookingRepository ports — and, after a booking change, the jobs that
 * put it in the owner's calendar (run later by FollowUpHandlers). Not connected (no credentials, a
 * broken connection, `enabled: false`) it behaves natively; every calendar failure during a call
 * goes through DegradationRules.
 */
export const make = (
  business: Business,
): Effect.Effect<BookingProvider, never, BookingRepository | Calendar | TokenVault | Outbox> =>
  Effect.gen(function* () {
    const repository = yield* BookingRepository
    const calendar = yield* Calendar
    const connectionPorts = yield* Effect.context<TokenVault | Outbox>()
    const config = configOf(business)
    const annotations = { businessId: business.id, provider: name }

    /** Fails with NotConnected unless the business has usable credentials and the integration is on. */
    const connected: Effect.Effect<void, CalendarError> = CalendarConnection.connection(business).pipe(
      Effect.mapError(
        (cause) => new CalendarError({ kind: "Unavailable", message: `token vault: ${cause.message}`, cause }),
      ),
      Effect.flatMap((state) =>
        state._tag === "Connected"
          ? Effect.void
          : Effect.fail(new CalendarError({ kind: "NotConnected", message: state.reason })),
      ),
      Effect.provide(connectionPorts),
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
        yield* CalendarConnection.flagIfNeeded(business, error).pipe(Effect.provide(connectionPorts))
        return decision
      })

    const writesEvents = createsEvents(business)

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
          // Whatever the decision, offers can only come from local data now (the rate-limit rule).
          yield* degrade(remote.left, "busy")
          return slots(local)
        }),
      createBooking: () => Effect.succeed(new BookingIntent({ status: "confirmed" })),
      afterBooking: (_context, booking) =>
        writesEvents
          ? [FollowUpJobs.createEvent(booking), FollowUpJobs.confirmationText(booking)]
          : [FollowUpJobs.confirmationText(booking)],
      // Queued even before an event exists: the create job may still be pending, and the handler
      // deletes only what was written.
      afterCancel: (booking) =>
        writesEvents
          ? [FollowUpJobs.deleteEvent(booking), FollowUpJobs.cancellationText(booking)]
          : [FollowUpJobs.cancellationText(booking)],
      afterReschedule: (booking) =>
        writesEvents
          ? [FollowUpJobs.updateEvent(booking), FollowUpJobs.rescheduledText(booking)]
          : [FollowUpJobs.rescheduledText(booking)],
    }
    return provider
  })
