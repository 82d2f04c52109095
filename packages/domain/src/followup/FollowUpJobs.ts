import { Schema } from "effect"
import { CallerMessageId } from "../model/CallerMessage.js"
import { BookingId, BusinessId } from "../model/Ids.js"
import { NewOutboxJob } from "../ports/Outbox.js"

/**
 * The durable follow-ups of a booking change, as outbox jobs. Providers choose which of them a
 * change needs (BookingProvider.afterBooking …); BookingService commits them in the same
 * transaction as the change; FollowUpHandlers carry them out. A payload names the booking, never
 * copies it, so a job always acts on the booking as it stands when it runs.
 */

export const BookingJobPayload = Schema.Struct({ businessId: BusinessId, bookingId: BookingId })
export type BookingJobPayload = typeof BookingJobPayload.Type

export const OwnerAlertPayload = Schema.Struct({ businessId: BusinessId, message: Schema.String })
export type OwnerAlertPayload = typeof OwnerAlertPayload.Type

/** The booking a job is about: a stored booking, or one about to be inserted. */
export interface BookingRef {
  readonly id: BookingId
  readonly businessId: BusinessId
}

const payloadOf = (booking: BookingRef): BookingJobPayload =>
  BookingJobPayload.make({ businessId: booking.businessId, bookingId: booking.id })

// Dedupe keys make a double enqueue (a retried webhook) a no-op while the first job is live.

/** Put the booking's event in the business's calendar. */
export const createEvent = (booking: BookingRef): NewOutboxJob =>
  new NewOutboxJob({
    kind: "calendar.create_event",
    payload: payloadOf(booking),
    dedupeKey: `calendar:create:${booking.id}`,
  })

/** Bring the booking's event in line with the booking (creating it if it is missing). */
export const updateEvent = (booking: BookingRef): NewOutboxJob =>
  new NewOutboxJob({
    kind: "calendar.update_event",
    payload: payloadOf(booking),
    dedupeKey: `calendar:update:${booking.id}`,
  })

/** Take the booking's event out of the business's calendar. */
export const deleteEvent = (booking: BookingRef): NewOutboxJob =>
  new NewOutboxJob({
    kind: "calendar.delete_event",
    payload: payloadOf(booking),
    dedupeKey: `calendar:delete:${booking.id}`,
  })

export const confirmationText = (booking: BookingRef): NewOutboxJob =>
  new NewOutboxJob({
    kind: "sms.confirmation",
    payload: payloadOf(booking),
    dedupeKey: `sms:confirmation:${booking.id}`,
  })

export const cancellationText = (booking: BookingRef): NewOutboxJob =>
  new NewOutboxJob({
    kind: "sms.cancellation",
    payload: payloadOf(booking),
    dedupeKey: `sms:cancellation:${booking.id}`,
  })

/** No dedupe key: each move deserves its own text (its idempotency key includes the new start). */
export const rescheduledText = (booking: BookingRef): NewOutboxJob =>
  new NewOutboxJob({ kind: "sms.rescheduled", payload: payloadOf(booking) })

/** Names the stored message, so the owner's text is always built from what was kept. */
export const OwnerMessagePayload = Schema.Struct({ businessId: BusinessId, messageId: CallerMessageId })
export type OwnerMessagePayload = typeof OwnerMessagePayload.Type

/** Text a caller's message to the owner; one delivery per message. */
export const ownerMessageText = (message: { readonly id: CallerMessageId; readonly businessId: BusinessId }) =>
  new NewOutboxJob({
    kind: "sms.owner_message",
    payload: OwnerMessagePayload.make({ businessId: message.businessId, messageId: message.id }),
    dedupeKey: `sms:owner_message:${message.id}`,
  })
