import type { Business } from "../model/Business.js"

/**
 * What the receptionist says, and the text it sends, when a caller asks to cancel or move a
 * booking made under another number (or with their number withheld): the change needs the
 * one-time code texted to the number on the booking (conversation/CallerIdentity).
 */

export const codeSent =
  "I can only change a booking from the phone it was made with. I've texted a 6-digit code to the number on the booking; please read it to me."

export const askCodeAgain = "Please read me the 6-digit code from the text."

export const codeWrong = "That code doesn't match. Please read me the 6 digits from the text again."

/** After a refusal: whatever the caller says next is stored as a message for the team (the "message" question). */
const offerMessage = "If you'd like, tell me a short message for the team now and I'll pass it on."

export const codeExpired = `That code has expired, so I can't change the booking on this call. ${offerMessage}`

export const tooManyTries = `That code still doesn't match, so I can't change the booking on this call. ${offerMessage}`

export const cannotText = `I can't text a code to that number, so I can't change the booking on this call. ${offerMessage}`

/** The text with the code; says what it is for, so someone who did not call knows to ignore it. */
export const codeText = (business: Business, code: string): string =>
  `${business.name}: ${code} is your code to change your booking by phone. It expires in 10 minutes. If you didn't call us, ignore this text; nothing has been changed.`
