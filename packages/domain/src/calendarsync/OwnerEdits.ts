import { DateTime, Effect } from "effect"
import { BookingService } from "../booking/BookingService.js"
import * as FollowUpJobs from "../followup/FollowUpJobs.js"
import type { Business } from "../model/Business.js"
import type { PersistenceError } from "../model/Errors.js"
import { BookingRepository } from "../ports/BookingRepository.js"
import { NewOutboxJob, Outbox } from "../ports/Outbox.js"
import * as OwnerMessages from "../speech/OwnerMessages.js"
import type { OwnEventEdit } from "./EventChanges.js"

/**
 * An owner's edit of one of Frontdesk's events, carried to its booking through BookingService, so
 * the same rules and follow-ups apply as when a caller changes it: deleted → cancelled (and the
 * customer texted); moved → rescheduled to the event's new start (the customer texted the new
 * time) when the rules and other bookings allow it, otherwise the booking stays, its event is put
 * back and the owner is told why.
 */
export const apply = (
  business: Business,
  edit: OwnEventEdit,
): Effect.Effect<void, PersistenceError, BookingService | BookingRepository | Outbox> =>
  Effect.gen(function* () {
    const repository = yield* BookingRepository
    const bookings = yield* BookingService
    const found = yield* Effect.either(repository.get(edit.bookingId))
    if (found._tag === "Left") {
      if (found.left._tag === "BookingNotFound") return
      return yield* Effect.fail(found.left)
    }
    const booking = found.right
    // Cancelled bookings' events are deleted by Frontdesk itself; nothing flows back from them.
    if (booking.businessId !== business.id || booking.status !== "confirmed") return
    const annotations = { businessId: business.id, bookingId: booking.id, edit: edit._tag }
    if (edit._tag === "Deleted") {
      yield* bookings.cancel(business, booking.id).pipe(Effect.catchTag("BookingNotFound", () => Effect.void))
      return yield* Effect.logInfo("owner deleted a booking's event: booking cancelled").pipe(
        Effect.annotateLogs(annotations),
      )
    }
    if (DateTime.Equivalence(edit.start, booking.startsAt)) return
    const outcome = yield* bookings
      .reschedule(business, booking.id, edit.start)
      .pipe(Effect.catchTag("BookingNotFound", () => Effect.succeed(undefined)))
    if (outcome === undefined || outcome._tag === "Booked") {
      return yield* Effect.logInfo("owner moved a booking's event: booking rescheduled").pipe(
        Effect.annotateLogs(annotations),
      )
    }
    const outbox = yield* Outbox
    yield* outbox.enqueue([
      FollowUpJobs.updateEvent(booking),
      new NewOutboxJob({
        kind: "sms.owner_alert",
        payload: { businessId: business.id, message: OwnerMessages.ownerMoveRefused(business, booking, edit.start) },
        dedupeKey: `owner-alert:move:${booking.id}:${DateTime.toEpochMillis(edit.start)}`,
      }),
    ])
    yield* Effect.logWarning("owner moved a booking's event to a time that cannot be booked: kept").pipe(
      Effect.annotateLogs({ ...annotations, reason: outcome.availability.reasonCode ?? "unknown" }),
    )
  })
