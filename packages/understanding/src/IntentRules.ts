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
  /\b(?:your hours|opening hours|business hours|what hours|hours of|are you open|you guys open|is the (?:salon|shop|studio|office|store) open|when do you (?:open|close)|what time do you (?:open|close)|when are you open|how late|how early|open (?:on|today|tomorrow|this|until|till|late|early|at)|close today|closing time|opening times|what time do you (?:guys )?(?:open|close|shut))\b|^(?:hours|what are your hours)$/
/** Asking what is free: a list of starts, not a booking of one. */
const availabilityRe =
  /\bwhat (?:times?|slots?|openings?|appointments?|days?|spots?|availability|else)? ?(?:do you have|have you got|do you guys have|you got|you have|is there|are there|are (?:available|free|open|left)|is (?:available|free|open|left)|works)\b|\bwhat's (?:available|free|open|left)\b|\b(?:do|would|did) you (?:guys )?have (?:anything|any ?(?:thing|times?|openings?|availability|slots?|spots?|appointments?|room|space))\b|\b(?:is there|are there|got) (?:anything|any (?:openings?|availability|slots?|spots?|times?|room|space))\b|\bany (?:openings?|availability|slots?|spots?|free times?)\b|^(?:and |or |so |ok |okay )?anything\b|\banything (?:available|free|open|after|before|between|later|earlier|sooner|in the|on|this|next|tomorrow|today|else)\b|\bwhen (?:are you free|is the next|is your next|is the earliest|is the first|can you (?:fit|see|take|get) me|could you (?:fit|see|take|get) me|'s (?:the|your) (?:next|earliest|first))\b|\b(?:earliest|soonest)\b|\b(?:first|next) (?:available|opening|free)\b|\bas soon as possible\b|\basap\b|\bfirst thing\b|\bwhat are my options\b|\bwhen works\b/
const earliestRe =
  /\b(?:earliest|soonest|first available|next available|first opening|next opening|as soon as possible|asap|first thing)\b/
/** Leaving word for the owner. */
const messageRe =
  /\b(?:leave (?:a |her |him |them |you )?(?:message|note|voicemail)|take (?:a )?message|pass (?:on|along) (?:a )?(?:message|note)|give (?:her|him|them) (?:a )?message|tell (?:her|him|them|the (?:owner|manager|stylist|boss)|[a-z]+(?<!\b(?:me|you|us|it))) (?:that |i |i'm |i'll |i'd |i've |i was |my |we |to |she |he )|let (?:her|him|them|the (?:owner|manager|stylist)) know|(?:have|get) (?:her|him|them|someone|the owner|the manager) (?:to )?call me(?: back)?|call me back|can (?:she|he|they|someone) call me|a message for)\b/
// Questions the business profile answers, by topic.
const policyRe =
  /\bpolic(?:y|ies)\b|\bcancellation\b|\bdeposit\b|\blate fee\b|\bno ?shows?\b|\brefunds?\b|\bif i(?:'m| am) (?:running )?late\b|\bwhat happens if i\b|\bhow (?:far|much notice|late can)\b/
const priceRe =
  /\bhow much(?! (?:time|longer|notice))\b|\bprices?\b|\bpricing\b|\bcosts?\b|\bcharge\b|\brates\b|\bfees?\b|\bexpensive\b|\bcheap(?:est)?\b|\bprice list\b|\bwhat do you charge\b/
const locationRe =
  /\bwhere (?:are|is|r) (?:you|ya|y'all|the (?:salon|shop|studio|store|office|place|clinic))\b|\b(?:your|the) address\b|\baddress\b|\blocation\b|\blocated\b|\bdirections\b|\bhow do i (?:get|find) (?:there|you|to you)\b|\bwhere (?:do|should|can) i (?:go|come|find you)\b|\bwhat street\b|\bwhereabouts\b|\bwhere's (?:the|your) (?:salon|shop|studio|store|office|place)\b/
const parkingRe = /\bpark(?:ing)?\b|\bgarage nearby\b/
const servicesRe =
  /\bwhat (?:kinds? of |sort of |types? of )?(?:services?|treatments?|things)\b|\bwhat (?:else )?(?:do|can) you (?:guys )?(?:offer|do|provide)\b(?! (?:on|at|for|this|next|tomorrow|today))|\bwhat do you have on (?:offer|the menu)\b|\b(?:do|can|does) (?:you|y'all|anyone|someone|she|he) (?:guys )?(?:do|offer|provide|have|carry|sell|take care of|specialize in)\b/
/** Other questions for the FAQ: said as a question and asking about the place, not a time. */
const faqRe =
  /\b(?:credit cards?|cards?|cash|apple pay|pay|payment|wi-?fi|walk-?ins?|gift (?:cards?|certificates?)|accessible|wheelchair|kids|children|child|pets?|dogs?|bring|products?|masks?|covid|vaccinated|licensed|experience|how long (?:does|will|is))\b/
const questionShape =
  /^(?:so |and |also |oh |hi |hey |yeah |um |quick question |i have a question |i was wondering )*(?:do|does|did|are|is|can|could|will|would|what|where|who|how|which|why|whats|what's|where's|how's)\b/
const repeatRe =
  /\b(?:repeat|say (?:that|it) again|come again|pardon|what was that|didn't (?:catch|hear|get) that|one more time|say again|what did you say)\b|^(?:sorry|what|huh|excuse me)$/
const yesRe =
  /^(?:yes|yeah|yea|yep|yup|ya|yah|sure|correct|right|ok|okay|perfect|great|absolutely|definitely|certainly|please|uh huh|mhm|mm hmm|alright|all right|fine|exactly|of course|affirmative|good|sounds good|that works|go ahead|do it|book it)\b|\b(?:that's right|that is right|that's correct|sounds good|sounds great|go ahead|book it|that works|works for me|that's perfect|that's fine|yes please|please do|let's do it|perfect|that'll work|that would work)\b/
const noRe =
  /^(?:no(?! (?:later|earlier|sooner) than\b)|nope|nah|not really|negative|wrong|incorrect|actually|wait|hold on|change)\b|\b(?:that's (?:not|wrong)|that is not|not right|not correct|doesn't work|won't work|can't do|no thanks|no thank you|not quite|none of (?:those|them|these)|neither)\b/
const bookRe =
  /\bdo you (?:guys )?(?:do|offer|have)\b|\b(?:book|booking|appointment|schedule|reserve|reservation|come in|fit me in|squeeze me in|get me in|see me|pop in|stop by|get (?:a|an|my|in)|i'd like|i would like|i want|i need|looking for|available|availability|opening|slot)\b/

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

/** "Are you open Friday at 3" names a time, so it is a request for that time, not for the hours. */
export const asksAboutHours = (text: string, slots: Slots): boolean =>
  hoursRe.test(text) && slots.when?.time === undefined

/** "What do you have Friday", "the earliest you have", "anything after 4": free starts, not one booking. */
export const asksForAvailability = (text: string, slots: Slots): boolean =>
  availabilityRe.test(text) && slots.when?.time === undefined && slots.alternative === undefined

export const asksForEarliest = (text: string): boolean => earliestRe.test(text)

export const wantsToLeaveMessage = (text: string): boolean => messageRe.test(text)

export type Topic = NonNullable<Slots["topic"]>

/**
 * What a question is about, if the text asks one the business profile may answer. A question
 * about services needs no day or time with it: "do you do highlights on Friday at 3?" books.
 */
export const questionTopic = (text: string, slots: Slots): Topic | undefined => {
  if (policyRe.test(text)) return "policy"
  if (priceRe.test(text)) return "price"
  if (locationRe.test(text)) return "location"
  if (parkingRe.test(text)) return "parking"
  const timed = slots.when !== undefined
  if (!timed && servicesRe.test(text) && !availabilityRe.test(text)) {
    const asksAboutOne = /(?<!\bwhat (?:else )?)\b(?:do|can|does) (?:you|y'all|anyone|someone|she|he)\b/.test(text)
    if (!asksAboutOne || slots.service !== undefined || slots.unknownService !== undefined) return "services"
  }
  if (!timed && faqRe.test(text) && questionShape.test(text)) return "faq"
  return undefined
}

/** A question no other rule took, said as one ("do you sell gift cards?"). */
export const asksSomethingElse = (text: string, slots: Slots): boolean =>
  questionShape.test(text) && Object.keys(slots).length === 0 && !asksToBook(text)

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
  { intent: "message", matches: (text) => wantsToLeaveMessage(text) },
  // "How much is a haircut" asks a price; it books nothing.
  { intent: "question", matches: (_, slots) => slots.topic !== undefined && slots.topic !== "hours" },
  { intent: "cancel", matches: (text, _, context) => asksToCancel(text, context) },
  { intent: "reschedule", matches: (text) => asksToReschedule(text) },
  // "Are you open Sunday for a check-up" asks to book one.
  { intent: "hours", matches: (text, slots) => asksAboutHours(text, slots) && slots.service === undefined },
  { intent: "availability", matches: (text, slots) => asksForAvailability(text, slots) },
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
  { intent: "question", matches: (text, slots) => asksSomethingElse(text, slots) },
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
