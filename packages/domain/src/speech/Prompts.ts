import type { DateTime } from "effect"
import type { Business, Service } from "../model/Business.js"
import type { PhoneNumber } from "../model/Ids.js"
import type { LocalDate } from "../model/LocalDate.js"
import * as PhoneNumbers from "../model/PhoneNumbers.js"
import { zoneOf } from "../model/TimeZone.js"
import type { PartOfDay } from "../ports/Understanding.js"
import * as SpokenTime from "./SpokenTime.js"
import { article, capitalize, offerings } from "./Words.js"

/**
 * What the receptionist says on a call: questions, read-backs, confirmations and apologies. The
 * dialogue (conversation/) decides which one comes next; the words are here, one or two short
 * sentences each, times always in the business's zone.
 */

// ---------------------------------------------------------------------------------------------
// Words

const when = (business: Business, start: DateTime.DateTime): string =>
  SpokenTime.dateTime(start, zoneOf(business.timezone))

// ---------------------------------------------------------------------------------------------
// Opening and closing

export const howCanIHelp = "How can I help you today?"
export const anythingElse = "Is there anything else I can help with?"

export const greeting = (business: Business): string => `Thanks for calling ${business.name}. ${howCanIHelp}`

export const goodbye = (business: Business): string => `Thanks for calling ${business.name}. Goodbye!`

/** The caller said there is nothing else. */
export const alright = (business: Business): string => `Alright. ${goodbye(business)}`

/** A call whose stored state could not be read. */
export const unreadableState = (business: Business): string =>
  `Sorry, something went wrong on our side. Please call ${business.name} again. Goodbye!`

// ---------------------------------------------------------------------------------------------
// Booking questions

export const askService = (business: Business): string =>
  business.services.length <= 4
    ? `What would you like to book: ${offerings(business)}?`
    : "What would you like to book?"

export const askDate = (moving: boolean): string =>
  moving ? "What day would you like to move it to?" : "What day would you like to come in?"

export const askTime = (business: Business, date: LocalDate, partOfDay: PartOfDay | undefined): string => {
  const day = SpokenTime.localDate(date, zoneOf(business.timezone))
  return partOfDay === undefined ? `What time on ${day}?` : `What time in the ${partOfDay} on ${day}?`
}

export const timeSkippedByDst =
  "That time doesn't exist that day, because the clocks go forward. What other time works?"

export const askName = "And what name should I put the booking under?"
export const askPhone = "What's the best phone number to reach you?"

export const confirmPhone = (business: Business, phone: PhoneNumber): string =>
  `I have ${PhoneNumbers.spoken(phone, business.country)}. Is that right?`

export const confirmBooking = (business: Business, service: Service, name: string, start: DateTime.Utc): string =>
  `${capitalize(article(service.name))} for ${name} on ${when(business, start)}. Shall I book it?`

export const confirmMove = (business: Business, service: Service, start: DateTime.Utc): string =>
  `Move your ${service.name.toLowerCase()} to ${when(business, start)}. Shall I do that?`

export const unknownService = (business: Business, asked: string): string =>
  `Sorry, we don't offer ${asked}. We do ${offerings(business)}.`

export const notAPhoneNumber = "Sorry, that didn't sound like a full phone number."
export const wrongPhone = "Sorry about that. What's the right number?"
export const whatToChange =
  "No problem. What would you like to change: the service, the day, the time, the name or the phone number?"
export const noProblem = "No problem."

// ---------------------------------------------------------------------------------------------
// Refused times and alternatives

export const anotherDay = "Is there another day that works for you?"
export const otherDayOrTime = "No problem. What other day or time would work for you?"

/** "I have 4 PM or 2 PM that day. Would one of those work?" */
export const offer = (
  business: Business,
  alternatives: ReadonlyArray<DateTime.Utc>,
  requested: DateTime.Utc,
): string => {
  const zone = zoneOf(business.timezone)
  const sameDay = alternatives.every((a) => SpokenTime.date(a, zone) === SpokenTime.date(requested, zone))
  const offered = SpokenTime.offer(alternatives, zone, requested)
  return `I have ${offered}${sameDay ? " that day" : ""}. ${alternatives.length === 1 ? "Would that work?" : "Would one of those work?"}`
}

// ---------------------------------------------------------------------------------------------
// Done

export const booked = (business: Business, service: string, start: DateTime.Utc): string =>
  `You're all set! ${capitalize(article(service))} on ${when(business, start)}. We'll text you a confirmation. ${goodbye(business)}`

export const moved = (business: Business, service: string, start: DateTime.Utc): string =>
  `Done! Your ${service.toLowerCase()} is now on ${when(business, start)}. We'll text you the new details. ${goodbye(business)}`

// ---------------------------------------------------------------------------------------------
// Cancelling and moving an existing booking

export const askBookedPhone = "What's the phone number the appointment was booked under?"
export const noUpcoming = `I couldn't find any upcoming appointments for that number. ${anythingElse}`

/** Asks whether the booking found is the one meant. */
export const isThisTheOne = (
  business: Business,
  goal: "cancel" | "reschedule",
  service: string,
  start: DateTime.Utc,
): string => {
  const what = `${article(service)} on ${when(business, start)}`
  return goal === "cancel" ? `I see ${what}. Shall I cancel it?` : `I see ${what}. Is that the one you'd like to move?`
}

export const nextOne = "Okay."
export const leftAsItIs = "Okay, I'll leave it as it is."

export const cancelled = (
  business: Business,
  booking: { readonly service: string; readonly startsAt: DateTime.Utc } | undefined,
): string => {
  const what =
    booking === undefined
      ? "Your appointment"
      : `Your ${booking.service.toLowerCase()} on ${when(business, booking.startsAt)}`
  return `${what} is cancelled. ${anythingElse}`
}

// ---------------------------------------------------------------------------------------------
// Hours

export const wantToBook = (hoursAnswer: string): string => `${hoursAnswer} Would you like to book an appointment?`

// ---------------------------------------------------------------------------------------------
// Trouble on the line

export const stillHere = (question: string): string => `Yes, I'm here. ${question}`
export const notCaught = (lastPrompt: string): string => `Sorry, I didn't catch that. ${lastPrompt}`
export const cantHear = (business: Business): string =>
  `I'm sorry, I can't hear you. Please call us back anytime. ${goodbye(business)}`

export const notCaughtName = "Sorry, I didn't catch your name. What name should I put the booking under?"
export const notCaughtNumber = "Sorry, I didn't catch the number. Could you say it digit by digit?"
export const notCaughtService = (business: Business): string =>
  `Sorry, I didn't catch that. We offer ${offerings(business)}. Which would you like?`
export const notUnderstood = (lastPrompt: string): string => `Sorry, I didn't quite get that. ${lastPrompt}`

export const troubleTransfer = "Sorry, I'm having trouble understanding. Let me put you through to someone."

// ---------------------------------------------------------------------------------------------
// A person, a message

export const transferring = "Of course. Let me put you through to someone now."
export const nobodyFree =
  "Sorry, there's nobody free to take your call right now. Leave a short message and I'll pass it on. What would you like to say?"
/** The caller asked to leave a message, or said yes to the offer of one. */
export const whatMessage = "Of course. What would you like me to pass on?"
export const messageTaken = (business: Business): string => `Thank you, I'll pass that on. ${goodbye(business)}`

export const systemTransfer = "Sorry, I'm having trouble with our booking system. Let me put you through to someone."
export const systemGoodbye = (business: Business): string =>
  `Sorry, I'm having trouble with our booking system right now. Please try again in a little while. ${goodbye(business)}`
