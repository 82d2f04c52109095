import { Option } from "effect"
import type { Business } from "../model/Business.js"
import * as Prompts from "../speech/Prompts.js"
import * as CallerIdentity from "./CallerIdentity.js"
import { type Decision, joinSpeech, perform, reply } from "./Decision.js"
import type { DialogueState } from "./DialogueState.js"
import { requestedStart, serviceOf } from "./SlotFilling.js"

/**
 * What to ask or do next from what is known: the first missing piece of the caller's goal, in a
 * fixed order, or the request that needs performing before the call can go on. An optional
 * lead-in ("No problem.", a refused date) is said before the question.
 */

type Ask = (question: string, asking: DialogueState["asking"]) => Decision

/** Cancelling or moving: find the caller's bookings, then ask about each in turn. */
const existingBooking = (business: Business, state: DialogueState, ask: Ask, preface: string | undefined) => {
  if (state.phone === undefined) return ask(Prompts.askBookedPhone, "phone")
  if (state.candidates === undefined) {
    // Only a caller who is (or proved to be) the booking's number hears what is booked under it.
    const gated = CallerIdentity.gate(business, state, preface)
    if (gated !== undefined) return gated
    return perform(state, { _tag: "FindUpcoming", phone: state.phone }, preface)
  }
  const candidate = state.candidates[0]
  if (candidate === undefined) {
    return reply(
      { ...state, goal: undefined, candidates: undefined },
      joinSpeech(preface, Prompts.noUpcoming),
      "anything",
    )
  }
  const goal = state.goal === "cancel" ? "cancel" : "reschedule"
  return ask(Prompts.isThisTheOne(business, goal, candidate.service, candidate.startsAt), "cancel_confirm")
}

/** Booking (or the new time of a move): service, day, time, a free check, then who it is for. */
const newBooking = (business: Business, state: DialogueState, ask: Ask, preface: string | undefined) => {
  const service = serviceOf(business, state.service)
  if (service === undefined) return ask(Prompts.askService(business), "service")
  // "What do you have on Friday?": the free starts depend on how long the service takes.
  if (state.listing !== undefined)
    return perform(state, { _tag: "FindFreeStarts", service, query: state.listing }, preface)
  if (state.date === undefined) return ask(Prompts.askDate(state.moving !== undefined), "date")
  if (state.time === undefined) return ask(Prompts.askTime(business, state.date, state.partOfDay), "time")
  const start = requestedStart(business, state)
  if (Option.isNone(start)) {
    return reply({ ...state, time: undefined }, joinSpeech(preface, Prompts.timeSkippedByDst), "time")
  }
  if (!state.verified) {
    return perform(
      state,
      { _tag: "CheckAvailability", service, start: start.value, reschedulingBookingId: state.moving?.bookingId },
      preface,
    )
  }
  if (state.name === undefined) return ask(Prompts.askName, "name")
  if (state.phone === undefined) return ask(Prompts.askPhone, "phone")
  if (!state.phoneConfirmed) return ask(Prompts.confirmPhone(business, state.phone), "phone_confirm")
  if (state.moving !== undefined) return ask(Prompts.confirmMove(business, service, start.value), "confirm")
  return ask(Prompts.confirmBooking(business, service, state.name, start.value), "confirm")
}

/** Decides what to ask or do next from what is known, with an optional lead-in sentence. */
export const advance = (business: Business, state: DialogueState, preface?: string): Decision => {
  const ask: Ask = (question, asking) => reply(state, joinSpeech(preface, question), asking)
  switch (state.goal) {
    case undefined:
      return ask(preface === undefined ? Prompts.howCanIHelp : Prompts.anythingElse, "anything")
    case "cancel":
    case "reschedule":
      return existingBooking(business, state, ask, preface)
    case "book":
      return newBooking(business, state, ask, preface)
  }
}
