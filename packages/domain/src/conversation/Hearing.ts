import type { DateTime } from "effect"
import { Option } from "effect"
import type { Business } from "../model/Business.js"
import { weekdayOf } from "../model/LocalDate.js"
import type { Asking, Interpretation } from "../ports/Understanding.js"
import * as Hours from "../speech/Hours.js"
import * as Prompts from "../speech/Prompts.js"
import * as CallerIdentity from "./CallerIdentity.js"
import { type Decision, endCall, type Input, perform, reply, reprompt } from "./Decision.js"
import type { DialogueState, Goal } from "./DialogueState.js"
import { advance } from "./NextQuestion.js"
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
  if (next.misunderstandings >= maxMisunderstandings) {
    const transfer = transferTo(business)
    return transfer === undefined
      ? endCall(next, Prompts.troubleGoodbye(business), state.asking)
      : reply(next, Prompts.troubleTransfer, state.asking, transfer)
  }
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

/** Whatever they say after "leave a message" is the message. */
const takeMessage: Handler = ({ state, interpretation }) =>
  state.asking === "message"
    ? perform(state, { _tag: "TakeMessage", message: interpretation.text, callerPhone: state.phone })
    : undefined

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
  if (interpretation.intent !== "hours") return undefined
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

const newGoal: Handler = ({ business, state, interpretation, now }) => {
  const goal = goalFrom(interpretation)
  if (goal === undefined || state.goal === goal) return undefined
  // "Can I move my appointment to Friday at 3?" — keep the new day and time for after the lookup.
  // "Cancel my color on Friday": the service and day pick which booking is meant.
  const applied = fill(business, state, interpretation.slots, now).state
  return advance(business, { ...applied, goal, candidates: undefined, moving: undefined, misunderstandings: 0 })
}

const crossCutting: ReadonlyArray<Handler> = [takeMessage, toPerson, repeat, hello, openingHours, newGoal]

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
    return state.offered.length === 1
      ? advance(business, fill(business, state, { alternative: 0 }, now).state)
      : reply(state, Prompts.whichOne, "alternative")
  }
  if (interpretation.intent === "no") {
    return reply({ ...state, offered: [], time: undefined, verified: false }, Prompts.otherDayOrTime, "time")
  }
  return notUnderstood(business, state)
}

/** "No" to "how can I help" ends the call. */
const anything: Handler = ({ business, state, interpretation }) =>
  interpretation.intent === "no" && state.goal === undefined && !hasSlots(interpretation)
    ? endCall(state, Prompts.alright(business), "anything")
    : undefined

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
  const utterance: Utterance = { business, state: { ...state, silences: 0 }, interpretation: input.interpretation, now }
  const answer = byAsking[state.asking]
  for (const handle of answer === undefined ? crossCutting : [...crossCutting, answer]) {
    const decision = handle(utterance)
    if (decision !== undefined) return decision
  }
  return fillIn(utterance)
}
