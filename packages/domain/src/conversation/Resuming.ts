import type { DateTime } from "effect"
import { Option } from "effect"
import type { AvailabilityResult } from "../availability/AvailabilityResult.js"
import type * as FreeStarts from "../availability/FreeStarts.js"
import type { Booking } from "../model/Booking.js"
import type { Business } from "../model/Business.js"
import * as LocalDate from "../model/LocalDate.js"
import { zoneOf } from "../model/TimeZone.js"
import * as FreeTimes from "../speech/FreeTimes.js"
import * as Prompts from "../speech/Prompts.js"
import * as Refusals from "../speech/Refusals.js"
import * as Rephrasings from "../speech/Rephrasings.js"
import * as CallerIdentity from "./CallerIdentity.js"
import { type Decision, endCall, joinSpeech, type Outcome, reply } from "./Decision.js"
import type { Candidate, DialogueState } from "./DialogueState.js"
import { advance } from "./NextQuestion.js"
import { requestedStart } from "./SlotFilling.js"

/** Carries on after the runner performed a request: the outcome decides what the caller hears. */

/** Says why the time cannot be had, then offers the alternatives or asks for another day. */
const refused = (
  business: Business,
  state: DialogueState,
  availability: AvailabilityResult,
  now: DateTime.Utc,
): Decision => {
  const reason = Refusals.refusal(business, availability.reason)
  if (availability.alternatives.length === 0) {
    return reply(
      { ...state, date: undefined, time: undefined, verified: false, offered: [] },
      joinSpeech(reason, Prompts.anotherDay),
      "date",
    )
  }
  const requested = Option.getOrElse(requestedStart(business, state), () => now)
  return reply(
    { ...state, time: undefined, verified: false, offered: availability.alternatives },
    joinSpeech(reason, Prompts.offer(business, availability.alternatives, requested)),
    "alternative",
  )
}

/** The free starts found for "what do you have…?" become the offers the caller picks from. */
const listed = (business: Business, state: DialogueState, found: FreeStarts.Found): Decision => {
  const query = state.listing
  const next: DialogueState = { ...state, listing: undefined, time: undefined, verified: false }
  if (query === undefined) return advance(business, next)
  if (found.starts.length === 0) {
    return reply(
      { ...next, date: undefined, offered: [] },
      joinSpeech(FreeTimes.noneFree(business, query), Prompts.anotherDay),
      "date",
    )
  }
  const zone = zoneOf(business.timezone)
  const days = found.starts.map((start) => LocalDate.localDateOf(start, zone))
  const [first] = days
  // Offers on one day fix the day, so "how about 3 then?" is read against it.
  const day = first !== undefined && days.every((d) => LocalDate.equals(d, first)) ? first : undefined
  return reply({ ...next, date: day, offered: found.starts }, FreeTimes.listed(business, query, found), "alternative")
}

const booked = (business: Business, state: DialogueState, booking: Booking): Decision =>
  state.moving === undefined
    ? endCall(
        { ...state, bookingId: booking.id },
        Prompts.booked(business, booking.service, booking.startsAt),
        "anything",
      )
    : endCall(
        { ...state, bookingId: booking.id, moving: undefined },
        Prompts.moved(business, booking.service, booking.startsAt),
        "anything",
      )

/**
 * The caller's confirmed upcoming bookings, the one they described first: same service, and for
 * cancelling the same day (when moving, a day said is where to move it to).
 */
const lookedUp = (business: Business, state: DialogueState, bookings: ReadonlyArray<Booking>): Decision => {
  const zone = zoneOf(business.timezone)
  const score = (b: Booking) => {
    const sameDay =
      state.goal === "cancel" &&
      state.date !== undefined &&
      LocalDate.equals(state.date, LocalDate.localDateOf(b.startsAt, zone))
    return (b.service === state.service ? 2 : 0) + (sameDay ? 1 : 0)
  }
  const candidates: Array<Candidate> = bookings
    .filter((b) => b.status === "confirmed")
    .map((b, i) => ({ b, i, score: score(b) }))
    .sort((x, y) => y.score - x.score || x.i - y.i)
    .map(({ b }) => ({ bookingId: b.id, service: b.service, startsAt: b.startsAt, customerName: b.customer.name }))
  const next: DialogueState =
    state.goal === "cancel"
      ? { ...state, candidates, service: undefined, date: undefined, time: undefined }
      : { ...state, candidates }
  return advance(business, next)
}

const failed = (business: Business, state: DialogueState): Decision =>
  business.transferPhone === undefined
    ? endCall(state, Prompts.systemGoodbye(business), state.asking)
    : reply(state, Prompts.systemTransfer, state.asking, { _tag: "Transfer", to: business.transferPhone })

/** Feeds the outcome of a performed request back into the conversation. */
export const resume = (business: Business, state: DialogueState, outcome: Outcome, now: DateTime.Utc): Decision => {
  switch (outcome._tag) {
    case "Availability":
      return outcome.result.available
        ? advance(business, { ...state, verified: true, offered: [] })
        : refused(business, state, outcome.result, now)
    case "Unavailable":
      return refused(business, state, outcome.availability, now)
    case "FreeStarts":
      return listed(business, state, outcome.found)
    case "Booked":
      return booked(business, state, outcome.booking)
    case "Upcoming":
      return lookedUp(business, state, outcome.bookings)
    case "Cancelled":
      return reply(
        { ...state, goal: undefined, candidates: undefined },
        Prompts.cancelled(business, state.candidates?.[0]),
        "anything",
      )
    case "LimitReached":
      return reply(
        { ...state, goal: undefined, service: undefined, date: undefined, time: undefined, verified: false },
        joinSpeech(Refusals.bookingLimit(outcome.limit, outcome.max), Prompts.anythingElse),
        "anything",
      )
    case "CodeSent":
      return CallerIdentity.afterSend(business, state, outcome.identity)
    case "CodeNotSent":
      return CallerIdentity.afterSend(business, state, undefined)
    case "MessageTaken":
      return state.unfinished === true
        ? endCall(state, Rephrasings.unfinishedGoodbye(business, state.phone !== undefined), "anything")
        : endCall(state, Prompts.messageTaken(business), "anything")
    case "Failed":
      return failed(business, state)
  }
}
