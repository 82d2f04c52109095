import type { DateTime } from "effect"
import type { Business } from "../model/Business.js"
import type { CallerMessage } from "../model/CallerMessage.js"
import * as CallerText from "../model/CallerText.js"
import type { PhoneNumber } from "../model/Ids.js"
import { zoneOf } from "../model/TimeZone.js"
import type { CalendarFailureKind } from "../ports/CalendarError.js"
import { maxSmsLength } from "../ports/Telephony.js"
import * as SpokenTime from "./SpokenTime.js"

/** Texts the business owner reads: messages callers leave, and alerts about their setup. */

/** What the owner reads when their calendar connection needs them; short enough for one SMS. */
export const calendarAlert = (business: Business, kind: CalendarFailureKind): string =>
  `Frontdesk: ${business.name} can't reach your Google Calendar (${kind}). Calls still book, but ` +
  "new bookings won't appear in your calendar until you reconnect it in Frontdesk settings."

/** A message a caller left for the owner, with who it is from; the caller's words cleaned of hidden characters. */
export const callerMessage = (business: Business, message: string, from: PhoneNumber | undefined): string =>
  `Message for ${business.name} from ${from === undefined ? "a caller who withheld their number" : from}: ${CallerText.clean(message)}`

/** Ends a text that had to be cut: the owner must know there is more, and where to read it. */
export const shortenedNote = "… (message shortened; the full text is saved in Frontdesk)"

/**
 * The owner's text for a stored message, within one SMS: a message too long for Twilio is cut
 * (never between the halves of a surrogate pair) and says so, instead of being refused and lost.
 */
export const callerMessageSms = (business: Business, message: CallerMessage, limit: number = maxSmsLength): string => {
  const full = callerMessage(business, message.text, message.callerPhone)
  if (full.length <= limit) return full
  const prefix = callerMessage(business, "", message.callerPhone)
  const budget = Math.max(0, limit - prefix.length - shortenedNote.length)
  let kept = ""
  for (const char of CallerText.clean(message.text)) {
    if (kept.length + char.length > budget) break
    kept += char
  }
  return `${prefix}${kept.trimEnd()}${shortenedNote}`
}

/** Sent once in an hour when the business's text budget runs out (a flood of calls, or SMS pumping). */
export const textBudgetAlert = (business: Business, budget: number): string =>
  `Frontdesk: ${business.name} has sent ${budget} texts to customers this hour, its hourly limit. ` +
  "Further confirmation texts wait for the next hour. If you did not expect this many bookings, check your recent calls."
/**
 * Left as the caller's message when a call went round in circles and ended without a booking,
 * so the owner can call back instead of losing the caller.
 */
export const unfinishedCall = (lastSaid: string): string => {
  const said = CallerText.cleanLine(lastSaid)
  return `The receptionist couldn't finish this call, please call back.${said === "" ? "" : ` They last said: "${said}"`}`
}

/**
 * The owner moved one of Frontdesk's events to a time Frontdesk cannot book (closed, taken, too
 * soon): the booking stays where it was and its event is put back.
 */
export const ownerMoveRefused = (
  business: Business,
  booking: { readonly service: string; readonly startsAt: DateTime.DateTime },
  movedTo: DateTime.DateTime,
): string => {
  const zone = zoneOf(business.timezone)
  return (
    `Frontdesk: the ${booking.service} booking on ${SpokenTime.dateTime(booking.startsAt, zone)} can't move to ` +
    `${SpokenTime.dateTime(movedTo, zone)} (outside your booking rules or taken), so it stays where it was ` +
    "and its calendar event was put back. Reschedule it in Frontdesk to choose another time."
  )
}
