import type { Booking } from "../model/Booking.js"
import type { Business } from "../model/Business.js"
import { zoneOf } from "../model/TimeZone.js"
import type { SmsMessage } from "../ports/Telephony.js"
import * as SpokenTime from "./SpokenTime.js"

/**
 * The texts a customer gets about their booking, worded like the agent speaks (times in the
 * business's zone, no ISO strings). Sent by the outbox's follow-up handlers; the idempotency key
 * makes a resend after a lost response harmless.
 */

export type MessageKind = "confirmation" | "cancellation" | "rescheduled"

const when = (business: Business, booking: Booking): string =>
  SpokenTime.dateTime(booking.startsAt, zoneOf(business.timezone))

const changeHint = (business: Business): string => {
  const phone = business.phoneNumbers[0]
  // Replies reach POST /sms/incoming (conversation/TextReplies): C cancels, a change needs a call.
  return phone === undefined ? "Reply C to cancel." : `Reply C to cancel, or call ${phone} to change.`
}

export const confirmationText = (business: Business, booking: Booking): string =>
  `You're booked: ${booking.service} at ${business.name} on ${when(business, booking)}. ${changeHint(business)}`

export const cancellationText = (business: Business, booking: Booking): string => {
  const phone = business.phoneNumbers[0]
  const again = phone === undefined ? "" : ` Call ${phone} to book again.`
  return `Your ${booking.service} at ${business.name} on ${when(business, booking)} is cancelled.${again}`
}

export const rescheduledText = (business: Business, booking: Booking): string =>
  `Your ${booking.service} at ${business.name} is now on ${when(business, booking)}. ${changeHint(business)}`

export const sms = (kind: MessageKind, business: Business, booking: Booking): SmsMessage => {
  switch (kind) {
    case "confirmation":
      return {
        to: booking.customer.phone,
        body: confirmationText(business, booking),
        idempotencyKey: `confirmation:${booking.id}`,
      }
    case "cancellation":
      return {
        to: booking.customer.phone,
        body: cancellationText(business, booking),
        idempotencyKey: `cancellation:${booking.id}`,
      }
    case "rescheduled":
      return {
        to: booking.customer.phone,
        body: rescheduledText(business, booking),
        // A booking may move more than once; each move deserves its own text.
        idempotencyKey: `rescheduled:${booking.id}:${booking.startsAt.epochMillis}`,
      }
  }
}
