import type { DateTime } from "effect"
import { Option } from "effect"
import * as AvailabilityPolicy from "../availability/AvailabilityPolicy.js"
import type * as FreeStarts from "../availability/FreeStarts.js"
import type { Business } from "../model/Business.js"
import { localDateOf, weekdayOf } from "../model/LocalDate.js"
import { zoneOf } from "../model/TimeZone.js"
import type { Asking, Interpretation } from "../ports/Understanding.js"
import * as FreeTimes from "../speech/FreeTimes.js"
import * as Hours from "../speech/Hours.js"
import * as ProfileAnswers from "../speech/ProfileAnswers.js"
import * as Prompts from "../speech/Prompts.js"
import * as Refusals from "../speech/Refusals.js"
import * as CallerIdentity from "./CallerIdentity.js"
import { type Decision, endCall, type Input, joinSpeech, perform, reply, reprompt } from "./Decision.js"
import type { DialogueState, Goal } from "./DialogueState.js"
import { advance } from "./NextQuestion.js"
import * as ProfileQuestions from "./ProfileQuestions.js"
import { questionOf, stuck } from "./Repetition.js"
import { clearNamedSlot, fill, noted, requestedStart, serviceOf } from "./SlotFilling.js"

/**
 * One caller turn. Checks that hold whatever was asked come first, in order (taking a message,
 * asking for a person, "say that again", "hello?", opening hours, a new goal); then the answer is
 * read in the light of the question asked (`byAsking`); whatever is left fills slots.
 */

/** Silent turns tolerated before saying goodbye (re-prompt twice, hang up on the third). */
export const maxSilences = 2
/** Turns in a row the agent did not understand before handing over or ending. */
export const maxMisunderstandings = 3

interface Utterance {
  readonly business: Business
  readonly state: DialogueState
  readonly interpretation: Interpretation
  readonly now: DateTime.Utc
  /** The last reply offered to take a message (the offer lasts one turn). */
  readonly messageOffered: boolean
}

/** A decision, or undefined to let the next handler read the utterance. */
type Handler = (utterance: Utterance) => Decision | undefined

const hasSlots = (interpretation: Interpretation): boolean => Object.keys(interpretation.slots).length > 0

const isHello = (text: string): boolean =>
  /^(?:(?:hello|hi|hey|hiya|yes|yeah|um|uh|so)[\s,.?!]*)+$|^(?:hello[\s,?]*)?(?:are you there|is anyone there|can you hear me)\b/i.test(
    text.trim(),
  )

const goalFrom = (interpretation: Interpretation): Goal | undefined =>
  interpretation.intent === "cancel" ? "cancel" : interpretation.intent === "reschedule" ? "reschedule" : undefined

const transferTo = (business: Business) =>
  business.transferPhone === undefined ? undefined : ({ _tag: "Transfer", to: business.transferPhone } as const)

const notCaught: Partial<Record<Asking, (business: Business) => string>> = {
  name: () => Prompts.notCaughtName,
  phone: () => Prompts.notCaughtNumber,
  service: Prompts.notCaughtService,
}

const notUnderstood = (business: Business, state: DialogueState): Decision => {
  const next = { ...state, misunderstandings: state.misunderstandings + 1 }
  // Never "please call back": a person, or a message the owner gets.
  if (next.misunderstandings >= maxMisunderstandings) return stuck(business, next)
  const hint = notCaught[state.asking]
  return reprompt(next, hint === undefined ? Prompts.notUnderstood(state.lastPrompt) : hint(business))
}

const silence = (business: Business, state: DialogueState): Decision => {
  const next = { ...state, silences: state.silences + 1 }
  return next.silences > maxSilences
    ? endCall(next, Prompts.cantHear(business), state.asking)
    : reprompt(next, Prompts.notCaught(state.lastPrompt))
}

// ---------------------------------------------------------------------------------------------
// Whatever was asked

/** Whatever they say after "leave a message" is the message; a bare "no thanks" leaves none. */
const takeMessage: Handler = ({ business, state, interpretation }) => {
  if (state.asking !== "message") return undefined
  if (interpretation.intent === "unknown" && isHello(interpretation.text)) {
    return reprompt(state, Prompts.stillHere(questionOf(state.lastPrompt, "message")))
  }
  if (interpretation.intent === "no" && interpretation.text.split(/\s+/).length <= 3) {
    return endCall(state, Prompts.alright(business), "anything")
  }
  return perform(state, { _tag: "TakeMessage", message: interpretation.text, callerPhone: state.phone })
}

/** "Can I leave a message?", or yes to the offer of one after a question the agent could not answer. */
const leaveMessage: Handler = ({ state, interpretation, messageOffered }) => {
  const accepted = messageOffered && state.asking === "anything" && interpretation.intent === "yes"
  if (interpretation.intent !== "message" && !accepted) return undefined
  return reply(state, Prompts.whatMessage, "message")
}

const toPerson: Handler = ({ business, state, interpretation }) => {
  if (interpretation.intent !== "human") return undefined
  const transfer = transferTo(business)
  return transfer === undefined
    ? reply(state, Prompts.nobodyFree, "message")
    : reply(state, Prompts.transferring, state.asking, transfer)
}

const repeat: Handler = ({ state, interpretation }) =>
  interpretation.intent === "repeat" ? reply(state, state.lastPrompt, state.asking) : undefined

/** "Hello? Are you there?" is not a misunderstanding: the line may just have been quiet. */
const hello: Handler = ({ state, interpretation }) => {
  if (interpretation.intent !== "unknown" || hasSlots(interpretation) || !isHello(interpretation.text)) return undefined
  return reprompt(state, Prompts.stillHere(state.asking === "anything" ? Prompts.howCanIHelp : state.lastPrompt))
}

const openingHours: Handler = ({ business, state, interpretation, now }) => {
  const asksHours =
    interpretation.intent === "hours" ||
    (interpretation.intent === "question" && interpretation.slots.topic === "hours")
  if (!asksHours) return undefined
  // "What times are free?" while a day is already chosen is about that day.
  const date = interpretation.slots.when?.date ?? (state.goal === "book" ? state.date : undefined)
  const answer = date === undefined ? Hours.summary(business) : Hours.onDate(business, date)
  if (state.goal === undefined) return reply(state, Prompts.wantToBook(answer), "anything")
  // "What do you have on Friday?" while booking: answer, and take Friday as the day asked for.
  if (state.goal === "book" && date !== undefined && business.hours[weekdayOf(date)].length > 0) {
    const applied = fill(business, state, interpretation.slots, now)
    if (applied.changed && applied.notes.length === 0) return advance(business, applied.state, answer)
  }
  return reply(state, `${answer} ${state.lastPrompt}`, state.asking)
}

/** After answering a question: back to the question that was pending, or the offer of a booking. */
const returnTo = (business: Business, state: DialogueState, answer: ProfileQuestions.Answer): Decision => {
  if (state.goal === undefined) {
    return answer.known
      ? reply(state, Prompts.wantToBook(answer.text), "anything")
      : reply({ ...state, messageOffered: true }, joinSpeech(answer.text, ProfileAnswers.leaveOne), "anything")
  }
  if (state.asking === "alternative" && state.offered.length > 0) {
    return reply(state, joinSpeech(answer.text, FreeTimes.again(business, state.offered)), "alternative")
  }
  return advance(business, state, answer.text)
}

/**
 * "How much is a haircut?", "Where are you?", "Do you do highlights?": answered from the profile.
 * A service the caller asks about is the one they want, until they say otherwise: "do you do
 * colour?" then "book me in Tuesday" books a color (the read-back names it), and "how much is it?"
 * prices the service already named.
 */
const profileQuestion: Handler = ({ business, state, interpretation }) => {
  if (interpretation.intent !== "question") return undefined
  const { service, unknownService, topic } = interpretation.slots
  const named = business.services.find((s) => s.name === service)
  const remembered = named !== undefined && state.service === undefined ? { ...state, service: named.name } : state
  const asked =
    topic === "price" && service === undefined && unknownService === undefined && remembered.service !== undefined
      ? { ...interpretation, slots: { ...interpretation.slots, service: remembered.service } }
      : interpretation
  return returnTo(business, remembered, ProfileQuestions.answer(business, asked))
}

/**
 * "What do you have on Friday?", "the earliest you have", "anything after 4": free starts to
 * offer, looked up once the service (and so the length) is known. A time of its own ("anything
 * at 3 on Friday?") is a request for that time, checked like any other.
 */
const freeTimes: Handler = ({ business, state, interpretation, now }) => {
  if (interpretation.intent !== "availability") return undefined
  if (state.goal === "cancel" || (state.goal === "reschedule" && state.moving === undefined)) return undefined
  const { when: said = {}, ...others } = interpretation.slots
  if (said.time !== undefined) return undefined
  const applied = fill(business, state, others, now)
  const today = localDateOf(now, zoneOf(business.timezone))
  const day = said.date ?? (said.earliest === true || said.through !== undefined ? undefined : applied.state.date)
  const base: DialogueState = {
    ...applied.state,
    goal: "book",
    time: undefined,
    partOfDay: undefined,
    verified: false,
    offered: [],
    misunderstandings: 0,
  }
  if (said.date !== undefined && said.through === undefined) {
    const problem = said.past === true ? Option.none() : AvailabilityPolicy.dateProblem(business, said.date, now)
    if (said.past === true || Option.isSome(problem)) {
      const why = Option.isSome(problem)
        ? Refusals.sentence(business, problem.value)
        : Refusals.sentence(business, { _tag: "DatePassed", date: said.date })
      return advance(business, { ...base, date: undefined }, joinSpeech(noted(applied), why))
    }
  }
  const query: FreeStarts.Query = {
    from: day ?? today,
    ...(said.through !== undefined ? { through: said.through } : day !== undefined ? { through: day } : {}),
    ...(said.after !== undefined ? { after: said.after } : {}),
    ...(said.before !== undefined ? { before: said.before } : {}),
    ...(said.partOfDay !== undefined ? { partOfDay: said.partOfDay } : {}),
  }
  const single = said.through === undefined ? day : undefined
  return advance(business, { ...base, date: single, listing: query }, noted(applied))
}

const newGoal: Handler = ({ business, state, interpretation, now }) => {
  const goal = goalFrom(interpretation)
  if (goal === undefined || state.goal === goal) return undefined
  // "Can I move my appointment to Friday at 3?" — keep the new day and time for after the lookup.
  // "Cancel my color on Friday": the service and day pick which booking is meant.
  const applied = fill(business, state, interpretation.slots, now).state
  return advance(business, { ...applied, goal, candidates: undefined, moving: undefined, misunderstandings: 0 })
}

const crossCutting: ReadonlyArray<Handler> = [
  takeMessage,
  toPerson,
  leaveMessage,
  repeat,
  hello,
  openingHours,
  profileQuestion,
  freeTimes,
  newGoal,
]

// ---------------------------------------------------------------------------------------------
// Answers to the question asked

const cancelConfirm: Handler = ({ business, state, interpretation, now }) => {
  const { intent } = interpretation
  const candidates = state.candidates ?? []
  const candidate = candidates[0]
  if (candidate !== undefined && state.goal === "reschedule" && (intent === "yes" || intent === "reschedule")) {
    const moving: DialogueState = {
      ...state,
      goal: "book",
      moving: candidate,
      service: candidate.service,
      name: candidate.customerName,
      phoneConfirmed: true,
      candidates: undefined,
      verified: false,
      misunderstandings: 0,
    }
    return advance(business, fill(business, moving, interpretation.slots, now).state)
  }
  if (candidate !== undefined && (intent === "yes" || intent === "cancel")) {
    return perform(state, { _tag: "Cancel", bookingId: candidate.bookingId })
  }
  if (intent !== "no") return notUnderstood(business, state)
  const rest = candidates.slice(1)
  return rest.length > 0
    ? advance(business, { ...state, candidates: rest }, Prompts.nextOne)
    : advance(business, { ...state, goal: undefined, candidates: undefined }, Prompts.leftAsItIs)
}

/** A new number is read as slots; a bare yes or no answers the read-back. */
const phoneConfirm: Handler = ({ business, state, interpretation }) => {
  if (interpretation.slots.phone !== undefined) return undefined
  if (interpretation.intent === "yes")
    return advance(business, { ...state, phoneConfirmed: true, misunderstandings: 0 })
  if (interpretation.intent === "no") {
    return reply({ ...state, phone: undefined, phoneConfirmed: false }, Prompts.wrongPhone, "phone")
  }
  return undefined
}

/** "Yes" to the read-back: book, or move the booking. */
const commit = (business: Business, state: DialogueState): Decision => {
  const service = serviceOf(business, state.service)
  const start = requestedStart(business, state)
  if (state.moving !== undefined && Option.isSome(start)) {
    return perform(state, { _tag: "Reschedule", bookingId: state.moving.bookingId, start: start.value })
  }
  if (service !== undefined && Option.isSome(start) && state.name !== undefined && state.phone !== undefined) {
    return perform(state, {
      _tag: "Book",
      service,
      start: start.value,
      name: state.name,
      phone: state.phone,
      callSid: state.callSid,
    })
  }
  return advance(business, state)
}

const confirm: Handler = ({ business, state, interpretation, now }) => {
  const applied = fill(business, state, interpretation.slots, now)
  if (applied.changed) return advance(business, { ...applied.state, misunderstandings: 0 }, noted(applied))
  if (interpretation.intent === "yes") return commit(business, state)
  const cleared = clearNamedSlot(state, interpretation.text)
  if (cleared !== undefined) return advance(business, cleared, Prompts.noProblem)
  if (interpretation.intent === "no") return reply(state, Prompts.whatToChange, "confirm")
  return notUnderstood(business, state)
}

const alternative: Handler = ({ business, state, interpretation, now }) => {
  const applied = fill(business, state, interpretation.slots, now)
  if (applied.changed) return advance(business, { ...applied.state, misunderstandings: 0 }, noted(applied))
  if (interpretation.intent === "yes") {
    // "Yes" to several offers: name them once more and ask which (Repetition stops a second round).
    return state.offered.length === 1
      ? advance(business, fill(business, state, { alternative: 0 }, now).state)
      : reply(state, FreeTimes.relist(business, state.offered), "alternative")
  }
  if (interpretation.intent === "no") {
    return reply({ ...state, offered: [], time: undefined, verified: false }, Prompts.otherDayOrTime, "time")
  }
  return notUnderstood(business, state)
}

/** "No" to "how can I help" ends the call; "no" to the offer of a message just moves on. */
const anything: Handler = ({ business, state, interpretation, messageOffered }) => {
  if (interpretation.intent !== "no" || state.goal !== undefined || hasSlots(interpretation)) return undefined
  return messageOffered
    ? advance(business, state, Prompts.noProblem)
    : endCall(state, Prompts.alright(business), "anything")
}

/** The one-time code read back (CallerIdentity). */
const code: Handler = ({ business, state, interpretation, now }) =>
  CallerIdentity.hearCode(business, state, interpretation.text, now, (next) => advance(business, next))

const byAsking: Partial<Record<Asking, Handler>> = {
  code,
  cancel_confirm: cancelConfirm,
  phone_confirm: phoneConfirm,
  confirm,
  alternative,
  anything,
}

/** Slots said in answer to anything else (or not answered above): fill them and ask what's next. */
const fillIn = ({ business, state, interpretation, now }: Utterance): Decision => {
  const { intent } = interpretation
  const applied = fill(business, state, interpretation.slots, now)
  const goal = state.goal ?? (intent === "book" || intent === "yes" || applied.changed ? "book" : undefined)
  if (!applied.changed && goal === state.goal && intent !== "book") return notUnderstood(business, state)
  return advance(business, { ...applied.state, goal, misunderstandings: 0 }, noted(applied))
}

/** One caller turn: speech (already interpreted) or silence. */
export const hear = (business: Business, state: DialogueState, input: Input, now: DateTime.Utc): Decision => {
  if (state.ended) return endCall(state, Prompts.goodbye(business), state.asking)
  if (input._tag === "Silence") return silence(business, state)
  const utterance: Utterance = {
    business,
    state: { ...state, silences: 0, messageOffered: undefined },
    interpretation: input.interpretation,
    now,
    messageOffered: state.messageOffered === true,
  }
  const answer = byAsking[state.asking]
  for (const handle of answer === undefined ? crossCutting : [...crossCutting, answer]) {
    const decision = handle(utterance)
    if (decision !== undefined) return decision
  }
  return fillIn(utterance)
}
