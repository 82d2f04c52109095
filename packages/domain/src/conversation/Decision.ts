import type { DateTime } from "effect"
import type { AvailabilityResult } from "../availability/AvailabilityResult.js"
import type * as FreeStarts from "../availability/FreeStarts.js"
import type { Booking } from "../model/Booking.js"
import type { Service } from "../model/Business.js"
import type { BookingId, CallSid, PhoneNumber } from "../model/Ids.js"
import type { Asking, Interpretation } from "../ports/Understanding.js"
import type { DialogueState } from "./DialogueState.js"
import type { IdentityState } from "./IdentityState.js"
import type { LineAction } from "./Turn.js"

/**
 * What one step of the dialogue comes to: a reply (what to say, what the line does next) or a
 * request for its runner to perform, whose outcome comes back through `Dialogue.resume`.
 */

export type Action = LineAction

export type Request =
  | {
      readonly _tag: "CheckAvailability"
      readonly service: Service
      readonly start: DateTime.Utc
      /** Set when moving a booking, so it is not its own conflict. */
      readonly reschedulingBookingId: BookingId | undefined
    }
  | {
      readonly _tag: "Book"
      readonly service: Service
      readonly start: DateTime.Utc
      readonly name: string
      readonly phone: PhoneNumber
      readonly callSid: CallSid
    }
  /** "What do you have Friday?": free starts for the service that fit what was asked. */
  | { readonly _tag: "FindFreeStarts"; readonly service: Service; readonly query: FreeStarts.Query }
  | { readonly _tag: "FindUpcoming"; readonly phone: PhoneNumber }
  | { readonly _tag: "Cancel"; readonly bookingId: BookingId }
  | { readonly _tag: "Reschedule"; readonly bookingId: BookingId; readonly start: DateTime.Utc }
  | { readonly _tag: "TakeMessage"; readonly message: string; readonly callerPhone: PhoneNumber | undefined }
  /** Text a one-time code to the number whose bookings the caller asked about (CallerIdentity). */
  | { readonly _tag: "SendCode"; readonly phone: PhoneNumber }

export type Outcome =
  | { readonly _tag: "Availability"; readonly result: AvailabilityResult }
  | { readonly _tag: "Booked"; readonly booking: Booking }
  | { readonly _tag: "Unavailable"; readonly availability: AvailabilityResult }
  | { readonly _tag: "FreeStarts"; readonly found: FreeStarts.Found }
  | { readonly _tag: "Upcoming"; readonly bookings: ReadonlyArray<Booking> }
  | { readonly _tag: "Cancelled" }
  | { readonly _tag: "MessageTaken" }
  /** The code went out (its hash is in `identity`), or could not be sent to that number. */
  | { readonly _tag: "CodeSent"; readonly identity: IdentityState }
  | { readonly _tag: "CodeNotSent" }
  /** The caller's number holds as many bookings as the business allows (BookingService's BookingLimitReached). */
  | { readonly _tag: "LimitReached"; readonly limit: "open" | "day"; readonly max: number }
  /** The request could not be carried out (storage down, calendar broken beyond the rules). */
  | { readonly _tag: "Failed" }

export type Decision =
  | { readonly _tag: "Reply"; readonly state: DialogueState; readonly say: string; readonly action: Action }
  | { readonly _tag: "Perform"; readonly state: DialogueState; readonly request: Request }

export type Input = { readonly _tag: "Heard"; readonly interpretation: Interpretation } | { readonly _tag: "Silence" }

/** Sentences said together, skipping the ones not there. */
export const joinSpeech = (...parts: ReadonlyArray<string | undefined>): string =>
  parts.filter((p): p is string => p !== undefined && p.length > 0).join(" ")

/** Says something (after any lead-in waiting from a request) and records what was asked. */
export const reply = (
  state: DialogueState,
  said: string,
  asking: Asking,
  action: Action = { _tag: "Listen" },
): Decision => {
  const ended = action._tag !== "Listen"
  const say = joinSpeech(state.pending, said)
  return {
    _tag: "Reply",
    state: { ...state, asking, lastPrompt: say, pending: undefined, ended: state.ended || ended },
    say,
    action,
  }
}

/**
 * Says something and leaves the state as it is: a re-prompt after silence or a misunderstanding
 * must not become the question "say that again" repeats.
 */
export const reprompt = (state: DialogueState, said: string): Decision => ({
  ...reply(state, said, state.asking),
  state,
})

export const endCall = (state: DialogueState, say: string, asking: Asking): Decision =>
  reply(state, say, asking, { _tag: "Hangup" })

/** Asks the runner to perform a request; a lead-in already decided is said with the next reply. */
export const perform = (state: DialogueState, request: Request, preface?: string): Decision => {
  const pending = joinSpeech(state.pending, preface)
  return { _tag: "Perform", state: { ...state, pending: pending === "" ? undefined : pending }, request }
}
