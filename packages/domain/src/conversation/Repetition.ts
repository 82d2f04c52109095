import { DateTime } from "effect"
import type { Business } from "../model/Business.js"
import type { Asking } from "../ports/Understanding.js"
import * as OwnerMessages from "../speech/OwnerMessages.js"
import * as Prompts from "../speech/Prompts.js"
import * as Rephrasings from "../speech/Rephrasings.js"
import { type Decision, joinSpeech, perform, reply } from "./Decision.js"
import type { DialogueState } from "./DialogueState.js"

/**
 * Keeps a call from going round in circles. After every caller turn it compares where the call
 * stands with where it stood before the turn:
 *
 * - the same question, with nothing gained, is asked at most twice in a row: the second time
 *   with an example of an answer ("You can say a day like Friday or December 8th"), the third
 *   time the agent offers a person (when the business has a transfer number) or a message;
 * - after `maxStalledTurns` turns in a row that gained nothing the call ends with a note left
 *   for the owner to call back — never with a bare hang-up.
 *
 * "Gained" means a slot, the goal, the offers or the booking changed, or the caller's own
 * question (hours, prices, free times) was answered.
 */

export const maxStalledTurns = 6

/** What the runner knows about the turn besides the states. */
export interface TurnFacts {
  readonly silence: boolean
  /** The caller asked something and was answered (hours, a profile question, free times, "repeat that"). */
  readonly answered: boolean
  /** What the caller said, for the owner's note when the call ends unfinished. */
  readonly text: string
}

const sentences = (say: string): ReadonlyArray<string> => say.split(/(?<=[.?!])\s+/).filter((s) => s.length > 0)

/** Questions whose sentence before the question mark is part of it (a read-back, the offers). */
const readBacks: ReadonlySet<Asking> = new Set(["confirm", "phone_confirm", "cancel_confirm", "alternative"])

/**
 * The question a reply asks, without what was said before it: its last sentence, and for a
 * read-back or an offer the sentence before too ("I have 2 PM or 4 PM. Would one of those work?").
 */
export const questionOf = (say: string, asking: Asking): string =>
  sentences(say)
    .slice(readBacks.has(asking) ? -2 : -1)
    .join(" ")

/** What progress is measured on: everything a turn can gain besides the words said. */
const fingerprint = (s: DialogueState): string =>
  JSON.stringify([
    s.goal,
    s.service,
    s.date,
    s.time,
    s.partOfDay,
    s.name,
    s.phone,
    s.phoneConfirmed,
    s.verified,
    s.offered.map(DateTime.toEpochMillis),
    s.candidates?.map((c) => c.bookingId),
    s.moving?.bookingId,
    s.bookingId,
    s.listing,
    // Each code try moves the identity check toward its own end (three tries, CallerIdentity.ts), so
    // a wrong code is progress here, not a question going round.
    s.identity?.tries,
    s.identity?.verified,
  ])

/** Offers a person when the business has a number for one, else asks for a message to pass on. */
export const stuck = (business: Business, state: DialogueState): Decision =>
  business.transferPhone === undefined
    ? reply(state, Rephrasings.stuckMessage, "message")
    : reply(state, Prompts.troubleTransfer, state.asking, { _tag: "Transfer", to: business.transferPhone })

/** The question asked once more, with an example of an answer; undefined when there is no better wording. */
const rephrased = (business: Business, state: DialogueState, question: ReadonlyArray<string>): string | undefined => {
  const readBack = question.length > 1 ? question[0] : undefined
  switch (state.asking) {
    case "date":
      return Rephrasings.date
    case "time":
      return Rephrasings.time(business, state.date)
    case "service":
      return Rephrasings.service(business)
    case "name":
      return Rephrasings.name
    case "phone":
      return Rephrasings.phone
    case "phone_confirm":
    case "cancel_confirm":
      return readBack === undefined ? undefined : Rephrasings.yesOrNo(readBack)
    case "confirm":
      return readBack === undefined ? undefined : Rephrasings.confirm(readBack)
    case "alternative":
      return state.offered.length === 0 ? undefined : Rephrasings.alternative(business, state.offered)
    case "anything":
      return Rephrasings.anything
    case "message":
      return undefined
  }
}

const counted = (decision: Extract<Decision, { _tag: "Reply" }>, repeats: number, stalled: number): Decision => ({
  ...decision,
  state: { ...decision.state, repeats, stalled },
})

/** Swaps the reply's question for its rephrasing, keeping whatever was said before it. */
type Replying = Extract<Decision, { _tag: "Reply" }>

const rephrase = (business: Business, decision: Replying): Replying => {
  const parts = sentences(decision.say)
  const n = readBacks.has(decision.state.asking) ? 2 : 1
  const better = rephrased(business, decision.state, parts.slice(-n))
  if (better === undefined) return decision
  const say = joinSpeech(parts.slice(0, -n).join(" "), better)
  // A re-prompt keeps the question it re-asks as the one to repeat; a fresh reply stores what was said.
  const lastPrompt = decision.state.lastPrompt === decision.say ? say : decision.state.lastPrompt
  return { ...decision, say, state: { ...decision.state, lastPrompt } }
}

/** Ends the call with a note for the owner to call back (a message the caller did not have to say). */
const unfinished = (state: DialogueState, facts: TurnFacts, stalled: number): Decision =>
  perform(
    { ...state, unfinished: true, repeats: 1, stalled },
    { _tag: "TakeMessage", message: OwnerMessages.unfinishedCall(facts.text), callerPhone: state.phone },
  )

/** Looks at one finished caller turn (`before` → `decision`) and steps in when the call is going round. */
export const guard = (business: Business, before: DialogueState, decision: Decision, facts: TurnFacts): Decision => {
  if (decision._tag !== "Reply") return decision
  const after = decision.state
  const progressed = facts.answered || fingerprint(before) !== fingerprint(after)
  const stalled = progressed ? 0 : (before.stalled ?? 0) + 1
  if (decision.action._tag !== "Listen") return counted(decision, 1, stalled)
  if (stalled >= maxStalledTurns && !facts.silence) return unfinished(after, facts, stalled)
  const repeats = !progressed && after.asking === before.asking ? (before.repeats ?? 1) + 1 : 1
  // Asked for a message three times and still none: leave the owner a note rather than ask again.
  if (after.asking === "message" && repeats >= 3 && !facts.silence) return unfinished(after, facts, stalled)
  if (repeats === 2) {
    const same = questionOf(decision.say, after.asking) === questionOf(before.lastPrompt, before.asking)
    return counted(same ? rephrase(business, decision) : decision, repeats, stalled)
  }
  if (repeats >= 3) {
    if (facts.silence) {
      const again = reply(after, Rephrasings.stillThere(questionOf(before.lastPrompt, before.asking)), after.asking)
      return again._tag === "Reply"
        ? counted({ ...again, state: { ...after, lastPrompt: after.lastPrompt } }, repeats, stalled)
        : again
    }
    const offered = stuck(business, after)
    return offered._tag === "Reply" ? counted(offered, 1, stalled) : offered
  }
  return counted(decision, repeats, stalled)
}
