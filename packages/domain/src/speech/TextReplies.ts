import type { Booking } from "../model/Booking.js"
import type { Business } from "../model/Business.js"
import { zoneOf } from "../model/TimeZone.js"
import * as SpokenTime from "./SpokenTime.js"

/**
 * The answers to texts customers send the business's number (conversation/TextReplies). Each
 * promises only what the system does: YES cancels and the cancellation text follows; a change is
 * made by calling; any other text is kept for the team.
 */

const callUs = (business: Business): string => {
  const phone = business.phoneNumbers[0]
  return phone === undefined ? "call us" : `call us at ${phone}`
}

export const confirmCancel = (business: Business, booking: Booking): string =>
  `Reply YES within 30 minutes to cancel your ${booking.service.toLowerCase()} at ${business.name} on ${SpokenTime.dateTime(booking.startsAt, zoneOf(business.timezone))}.`

export const nothingToCancel = (business: Business): string =>
  `${business.name}: we couldn't find an upcoming booking for this number. To book, ${callUs(business)}.`

export const nothingPending = (business: Business): string =>
  `${business.name}: there's no cancellation waiting for a YES. Reply C to cancel your next booking.`

export const howToChange = (business: Business): string =>
  `${business.name}: to change your booking, ${callUs(business)} and we'll find a new time. Reply C to cancel it instead.`

export const help = (business: Business): string =>
  `${business.name}: reply C to cancel your next booking, or ${callUs(business)} to change it. Reply STOP to stop texts.`

export const messageKept = (business: Business): string =>
  `Thanks, your message is saved for the team at ${business.name}.`
