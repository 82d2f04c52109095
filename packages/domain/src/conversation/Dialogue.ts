import type { DateTime } from "effect"
import { Option } from "effect"
import type { Business } from "../model/Business.js"
import type { CallSid } from "../model/Ids.js"
import * as PhoneNumbers from "../model/PhoneNumbers.js"
import type { UnderstandingContext } from "../ports/Understanding.js"
import * as Prompts from "../speech/Prompts.js"
import { type Decision, reply } from "./Decision.js"
import type { DialogueState } from "./DialogueState.js"

/**
 * The receptionist's side of a call as a pure state machine. It never performs anything itself:
 * each step either replies (what to say, what the line should do) or asks its runner to perform a
 * request (check a time, book, look up or cancel bookings, pass on a message) and to feed the
 * outcome back with `resume`. That keeps every turn testable without a clock, database or network.
 *
 * The parts: SlotFilling applies what the caller said to the state, NextQuestion decides what to
 * ask next, Hearing reads one caller turn, Resuming carries on after a request; the words are in
 * speech/Prompts.
 */

export type { Action, Decision, Input, Outcome, Request } from "./Decision.js"
export { hear, maxMisunderstandings, maxSilences } from "./Hearing.js"
export { resume } from "./Resuming.js"

export interface StartInput {
  readonly business: Business
  /** Twilio's `From`; withheld numbers are asked for when needed. */
  readonly from: string
  readonly callSid: CallSid
}

/** The greeting and the state of a new call. */
export const start = (input: StartInput): Decision => {
  const phone = PhoneNumbers.fromCaller(input.from, input.business.country)
  const state: DialogueState = {
    businessId: input.business.id,
    callSid: input.callSid,
    from: input.from,
    asking: "anything",
    phone: Option.getOrUndefined(phone),
    phoneConfirmed: Option.isSome(phone),
    verified: false,
    offered: [],
    lastPrompt: "",
    silences: 0,
    misunderstandings: 0,
    ended: false,
  }
  return reply(state, Prompts.greeting(input.business), "anything")
}

/** What the understanding needs to read the next utterance in the light of the last question. */
export const understandingContext = (
  business: Business,
  state: DialogueState,
  now: DateTime.Utc,
): UnderstandingContext => ({
  business,
  now,
  asking: state.asking,
  alternatives: state.offered,
  date: state.date,
})
