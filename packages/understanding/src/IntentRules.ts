import type { Asking, Intent, Slots, UnderstandingContext } from "@frontdesk/domain/ports/Understanding"
import { findService } from "./Services.js"

/**
 * What the caller wants, as an ordered table: each rule looks at the normalised text, the slots
 * already read from it and what the agent asked; the first rule that matches names the intent.
 * Order is the policy: asking for a person beats everything, a change of plan ("cancel",
 * "reschedule") beats the details said with it, and "book" is what any other detail amounts to.
 */

export interface IntentRule {
  readonly intent: Intent
  readonly matches: (text: string, slots: Slots, context: UnderstandingContext) => boolean
}

// ---------------------------------------------------------------------------------------------
// Phrases. Exported because slot reading also listens for them: a caller asking for a person or
// for the hours is not giving their name.

// Naming a role is enough ("operator", "a real person"); "someone" needs a verb of talking, or
// "I want someone to look at my teeth" would end up on hold.
const humanRe =
  /\b(?:human|real person|live person|actual person|representative|receptionist|operator)\b|\b(?:talk|speak|connect me|transfer me|put me through|get me)\b.*\b(?:someone|somebody|a person|the owner|the manager|a manager|staff|anyone|a human)\b|\b(?:someone|somebody|anyone|a person)\b.*\b(?:talk|speak)\b/
const cancelVerb = /\b(?:cancel(?:l?ing|l?ed)?|call off)\b/
const cancelRe =
  /\b(?:cancel(?:l?ing|l?ed)?|call off)\b.*\b(?:appointment|booking|reservation|it|mine)\b|\bcan't make (?:it|my)\b|\bcancel my\b/
const rescheduleRe =
  /\b(?:reschedule|re-schedule|move my|change my (?:appointment|booking|time)|push (?:back )?my|different time for my)\b/
const hoursRe =
  /\b(?:your hours|opening hours|business hours|what hours|are you open|you guys open|when do you (?:open|close)|what time do you (?:open|close)|when are you open|how late|open (?:on|today|tomorrow|this|until|till)|close today|closing time|opening times)\b|\b(?:what times?|which times?|what|anything) (?:do you have|have you got|is (?:available|free|open)|are (?:available|free|open)|you have)\b|\bwhat's (?:available|free|open)\b|\bwhen are you free\b|^(?:hours|what are your hours)$/
const repeatRe =
  /\b(?:repeat|say (?:that|it) again|come again|pardon|what was that|didn't (?:catch|hear|get) that|one more time|say again|what did you say)\b|^(?:sorry|what|huh|excuse me)$/
const yesRe =
  /^(?:yes|yeah|yea|yep|yup|ya|yah|sure|correct|right|ok|okay|perfect|great|absolutely|definitely|certainly|please|uh huh|mhm|mm hmm|alright|all right|fine|exactly|of course|affirmative|good|sounds good|that works|go ahead|do it|book it)\b|\b(?:that's right|that is right|that's correct|sounds good|sounds great|go ahead|book it|that works|works for me|that's perfect|that's fine|yes please|please do|let's do it|perfect|that'll work|that would work)\b/
const noRe =
  /^(?:no|nope|nah|not really|negative|wrong|incorrect|actually|wait|hold on|change)\b|\b(?:that's (?:not|wrong)|that is not|not right|not correct|doesn't work|won't work|can't do|no thanks|no thank you|not quite|none of (?:those|them|these)|neither)\b/
const bookRe =
  /\bdo you (?:guys )?(?:do|offer)\b|\b(?:book|booking|appointment|schedule|reserve|reservation|come in|get (?:a|an|my|in)|i'd like|i would like|i want|i need|looking for|available|availability|opening|slot)\b/

/** Questions about something already said, where "cancel" takes back the answer, not the booking. */
const readBacks: ReadonlySet<Asking> = new Set(["confirm", "alternative", "phone_confirm"])

export const asksForHuman = (text: string): boolean => humanRe.test(text)

/** "Cancel my appointment", "call off the massage": cancelling followed by a booking or one of the services. */
const cancelsSomething = (text: string, context: UnderstandingContext): boolean => {
  if (cancelRe.test(text)) return true
  const verb = cancelVerb.exec(text)
  return verb !== null && findService(text.slice(verb.index + verb[0].length), context.business) !== undefined
}

// At a read-back "no, cancel that" takes back the answer; elsewhere "cancel" means the booking.
export const asksToCancel = (text: string, context: UnderstandingContext): boolean =>
  cancelsSomething(text, context) || (!readBacks.has(context.asking) && /\bcancel(?:l?ing)?\b/.test(text))

export const asksToReschedule = (text: string): boolean => rescheduleRe.test(text)

/** "What do you have Friday at 3" names a time, so it is a request for that time, not for the hours. */
export const asksAboutHours = (text: string, slots: Slots): boolean =>
  hoursRe.test(text) && slots.when?.time === undefined

export const asksToRepeat = (text: string): boolean => repeatRe.test(text)

export const saysNo = (text: string): boolean => noRe.test(text)

export const saysYes = (text: string): boolean => !saysNo(text) && yesRe.test(text)

export const asksToBook = (text: string): boolean => bookRe.test(text)

// ---------------------------------------------------------------------------------------------
// The table

const saidSomething = (slots: Slots): boolean => Object.keys(slots).length > 0

/** Questions a request can open with "yeah": "Yeah hi, I need an appointment…" agrees to nothing. */
const openQuestions: ReadonlySet<Asking> = new Set(["anything", "service", "date", "time", "name"])

export const intentRules: ReadonlyArray<IntentRule> = [
  { intent: "human", matches: (text) => asksForHuman(text) },
  { intent: "cancel", matches: (text, _, context) => asksToCancel(text, context) },
  { intent: "reschedule", matches: (text) => asksToReschedule(text) },
  // "Are you open Sunday for a check-up" asks to book one.
  { intent: "hours", matches: (text, slots) => asksAboutHours(text, slots) && slots.service === undefined },
  // "Pardon, I said Friday" carries an answer, so it is not a request to hear the question again.
  { intent: "repeat", matches: (text, slots) => asksToRepeat(text) && !saidSomething(slots) },
  { intent: "choose_alternative", matches: (text, slots) => slots.alternative !== undefined && !saysNo(text) },
  { intent: "no", matches: (text) => saysNo(text) },
  {
    intent: "yes",
    matches: (text, slots, context) =>
      saysYes(text) && !(openQuestions.has(context.asking) && (asksToBook(text) || saidSomething(slots))),
  },
  { intent: "book", matches: (text, slots) => asksToBook(text) || saidSomething(slots) },
]

/** The first matching rule's intent; "unknown" when none matches. */
export const intentOf = (text: string, slots: Slots, context: UnderstandingContext): Intent =>
  intentRules.find((rule) => rule.matches(text, slots, context))?.intent ?? "unknown"

/** Yes/no questions, where a lone 1 or 2 is the keypad answer the prompt offers. */
const yesNoQuestions: ReadonlySet<Asking> = new Set(["confirm", "phone_confirm", "cancel_confirm"])

/** A keypad press answering a yes/no question, read before anything else ("1" is no time there). */
export const keypadAnswer = (utterance: string, context: UnderstandingContext): Intent | undefined => {
  const key = /^\s*([12])\s*$/.exec(utterance)?.[1]
  if (key === undefined || !yesNoQuestions.has(context.asking)) return undefined
  return key === "1" ? "yes" : "no"
}
