import { DateTime, Option } from "effect"
import * as AvailabilityPolicy from "../availability/AvailabilityPolicy.js"
import { type AvailabilityResult, DatePassed } from "../availability/AvailabilityResult.js"
import type { Booking } from "../model/Booking.js"
import type { Business, Service, Weekday } from "../model/Business.js"
import type { BookingId, CallSid, PhoneNumber } from "../model/Ids.js"
import * as LocalDate from "../model/LocalDate.js"
import * as PhoneNumbers from "../model/PhoneNumbers.js"
import { zoneOf } from "../model/TimeZone.js"
import type { Asking, Interpretation, UnderstandingContext } from "../ports/Understanding.js"
import * as Refusals from "../speech/Refusals.js"
import * as SpokenTime from "../speech/SpokenTime.js"
import type { Candidate, DialogueState, Goal } from "./DialogueState.js"

/**
 * The receptionist's side of a call as a pure state machine. It never performs anything itself:
 * each step either replies (what to say, what the line should do) or asks its runner to perform a
 * request (check a time, book, look up or cancel bookings, pass on a message) and to feed the
 * outcome back with `resume`. That keeps every turn testable without a clock, database or network.
 */

export type Action =
  | { readonly _tag: "Listen" }
  | { readonly _tag: "Hangup" }
  | { readonly _tag: "Transfer"; readonly to: PhoneNumber }

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
  | { readonly _tag: "FindUpcoming"; readonly phone: PhoneNumber }
  | { readonly _tag: "Cancel"; readonly bookingId: BookingId }
  | { readonly _tag: "Reschedule"; readonly bookingId: BookingId; readonly start: DateTime.Utc }
  | { readonly _tag: "TakeMessage"; readonly message: string; readonly callerPhone: PhoneNumber | undefined }

export type Outcome =
  | { readonly _tag: "Availability"; readonly result: AvailabilityResult }
  | { readonly _tag: "Booked"; readonly booking: Booking }
  | { readonly _tag: "Unavailable"; readonly availability: AvailabilityResult }
  | { readonly _tag: "Upcoming"; readonly bookings: ReadonlyArray<Booking> }
  | { readonly _tag: "Cancelled" }
  | { readonly _tag: "MessageTaken" }
  /** The request could not be carried out (storage down, calendar broken beyond the rules). */
  | { readonly _tag: "Failed" }

export type Decision =
  | { readonly _tag: "Reply"; readonly state: DialogueState; readonly say: string; readonly action: Action }
  | { readonly _tag: "Perform"; readonly state: DialogueState; readonly request: Request }

export type Input = { readonly _tag: "Heard"; readonly interpretation: Interpretation } | { readonly _tag: "Silence" }

/** Silent turns tolerated before saying goodbye (re-prompt twice, hang up on the third). */
export const maxSilences = 2
/** Turns in a row the agent did not understand before handing over or ending. */
export const maxMisunderstandings = 3

// ---------------------------------------------------------------------------------------------
// Speaking

const weekdayOrder: ReadonlyArray<Weekday> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
const weekdayNames: Record<Weekday, string> = {
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
  sun: "Sunday",
}

const clockOf = (hhmm: string): string => {
  const [h, m] = hhmm.split(":")
  return SpokenTime.clock(Number(h) % 24, Number(m))
}

const dayHours = (business: Business, day: Weekday): string =>
  SpokenTime.list(
    business.hours[day].map(([open, close]) => `${clockOf(open)} to ${clockOf(close)}`),
    "and",
  )

/** "We're open Monday to Friday, 9 AM to 5 PM, and Saturday, 10 AM to 2 PM. We're closed on Sunday." */
export const hoursSummary = (business: Business): string => {
  const groups: Array<{ days: Array<Weekday>; hours: string }> = []
  for (const day of weekdayOrder) {
    const hours = dayHours(business, day)
    const last = groups[groups.length - 1]
    if (last !== undefined && last.hours === hours) last.days.push(day)
    else groups.push({ days: [day], hours })
  }
  const span = (days: ReadonlyArray<Weekday>): string => {
    const first = days[0] ?? "mon"
    const last = days[days.length - 1] ?? first
    if (days.length === 1) return weekdayNames[first]
    if (days.length === 2) return `${weekdayNames[first]} and ${weekdayNames[last]}`
    return `${weekdayNames[first]} to ${weekdayNames[last]}`
  }
  const open = groups.filter((g) => g.hours !== "")
  const closed = groups.filter((g) => g.hours === "").flatMap((g) => g.days)
  if (open.length === 0) return "We're not taking appointments at the moment."
  const openPart = `We're open ${SpokenTime.list(
    open.map((g) => `${span(g.days)}, ${g.hours}`),
    "and",
  )}.`
  return closed.length === 0
    ? openPart
    : `${openPart} We're closed on ${SpokenTime.list(
        closed.map((d) => weekdayNames[d]),
        "and",
      )}.`
}

const article = (serviceName: string): string => {
  const lower = serviceName.toLowerCase()
  return `${/^[aeiou]/.test(lower) ? "an" : "a"} ${lower}`
}

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)

const offerings = (business: Business): string =>
  SpokenTime.list(
    business.services.map((s) => article(s.name)),
    "or",
  )

const noonOf = (business: Business, date: LocalDate.LocalDate): DateTime.Utc =>
  Option.getOrElse(LocalDate.atLocal(zoneOf(business.timezone), date, 12 * 60), () =>
    DateTime.unsafeMake({ ...date, hours: 12 }),
  )

const spokenDate = (business: Business, date: LocalDate.LocalDate): string =>
  SpokenTime.date(noonOf(business, date), zoneOf(business.timezone))

const dayNumber = LocalDate.dayNumber
const weekdayOf = LocalDate.weekdayOf

/** The start the caller asked for, or None when the wall time does not exist (spring-forward gap). */
export const requestedStart = (business: Business, state: DialogueState): Option.Option<DateTime.Utc> =>
  state.date === undefined || state.time === undefined
    ? Option.none()
    : LocalDate.atLocal(zoneOf(business.timezone), state.date, state.time.hour * 60 + state.time.minute)

const serviceOf = (business: Business, name: string | undefined): Service | undefined =>
  business.services.find((s) => s.name === name)

/** Words Twilio's recogniser should listen for: the services and what callers call them. */
export const speechHints = (business: Business): ReadonlyArray<string> =>
  business.services.flatMap((s) => [s.name, ...s.aliases])

// ---------------------------------------------------------------------------------------------
// Replies

const joinSpeech = (...parts: ReadonlyArray<string | undefined>): string =>
  parts.filter((p): p is string => p !== undefined && p.length > 0).join(" ")

const reply = (state: DialogueState, said: string, asking: Asking, action: Action = { _tag: "Listen" }): Decision => {
  const ended = action._tag !== "Listen"
  const say = joinSpeech(state.pending, said)
  return {
    _tag: "Reply",
    state: { ...state, asking, lastPrompt: say, pending: undefined, ended: state.ended || ended },
    say,
    action,
  }
}

/** Asks the runner to perform a request; a lead-in already decided is said with the next reply. */
const perform = (state: DialogueState, request: Request, preface: string | undefined): Decision => {
  const pending = joinSpeech(state.pending, preface)
  return { _tag: "Perform", state: { ...state, pending: pending === "" ? undefined : pending }, request }
}

const goodbye = (business: Business) => `Thanks for calling ${business.name}. Goodbye!`

/** Decides what to ask or do next from what is known, with an optional lead-in sentence. */
const advance = (business: Business, state: DialogueState, _now: DateTime.Utc, preface?: string): Decision => {
  const ask = (question: string, asking: Asking) => reply(state, joinSpeech(preface, question), asking)
  const goal = state.goal
  if (goal === undefined) {
    return ask(
      preface === undefined ? "How can I help you today?" : "Is there anything else I can help with?",
      "anything",
    )
  }
  if (goal === "cancel" || goal === "reschedule") {
    if (state.phone === undefined) {
      return ask("What's the phone number the appointment was booked under?", "phone")
    }
    if (state.candidates === undefined) {
      return perform(state, { _tag: "FindUpcoming", phone: state.phone }, preface)
    }
    const candidate = state.candidates[0]
    if (candidate === undefined) {
      return reply(
        { ...state, goal: undefined, candidates: undefined },
        joinSpeech(
          preface,
          "I couldn't find any upcoming appointments for that number. Is there anything else I can help with?",
        ),
        "anything",
      )
    }
    const zone = zoneOf(business.timezone)
    const what = `${article(candidate.service)} on ${SpokenTime.dateTime(candidate.startsAt, zone)}`
    const question =
      goal === "cancel" ? `I see ${what}. Shall I cancel it?` : `I see ${what}. Is that the one you'd like to move?`
    return ask(question, "cancel_confirm")
  }
  const service = serviceOf(business, state.service)
  if (service === undefined) {
    return ask(
      business.services.length <= 4
        ? `What would you like to book: ${offerings(business)}?`
        : "What would you like to book?",
      "service",
    )
  }
  if (state.date === undefined) {
    return ask(
      state.moving === undefined ? "What day would you like to come in?" : "What day would you like to move it to?",
      "date",
    )
  }
  if (state.time === undefined) {
    const when = spokenDate(business, state.date)
    return ask(
      state.partOfDay === undefined ? `What time on ${when}?` : `What time in the ${state.partOfDay} on ${when}?`,
      "time",
    )
  }
  const start = requestedStart(business, state)
  if (Option.isNone(start)) {
    return reply(
      { ...state, time: undefined },
      joinSpeech(preface, "That time doesn't exist that day, because the clocks go forward. What other time works?"),
      "time",
    )
  }
  if (!state.verified) {
    return perform(
      state,
      { _tag: "CheckAvailability", service, start: start.value, reschedulingBookingId: state.moving?.bookingId },
      preface,
    )
  }
  if (state.name === undefined) {
    return ask("And what name should I put the booking under?", "name")
  }
  if (state.phone === undefined) {
    return ask("What's the best phone number to reach you?", "phone")
  }
  if (!state.phoneConfirmed) {
    return ask(`I have ${PhoneNumbers.spoken(state.phone, business.country)}. Is that right?`, "phone_confirm")
  }
  const zone = zoneOf(business.timezone)
  if (state.moving !== undefined) {
    return ask(
      `Move your ${service.name.toLowerCase()} to ${SpokenTime.dateTime(start.value, zone)}. Shall I do that?`,
      "confirm",
    )
  }
  return ask(
    `${capitalize(article(service.name))} for ${state.name} on ${SpokenTime.dateTime(start.value, zone)}. Shall I book it?`,
    "confirm",
  )
}

// ---------------------------------------------------------------------------------------------
// Reading what the caller said into the state

interface Applied {
  readonly state: DialogueState
  /** Something to tell the caller before the next question (a refused date, an unknown service). */
  readonly notes: ReadonlyArray<string>
  readonly changed: boolean
}

const applySlots = (
  business: Business,
  state: DialogueState,
  interpretation: Interpretation,
  now: DateTime.Utc,
): Applied => {
  const slots = interpretation.slots
  let next = state
  const notes: Array<string> = []
  let changed = false
  const zone = zoneOf(business.timezone)

  if (slots.alternative !== undefined && state.offered.length > 0) {
    const chosen = state.offered[slots.alternative]
    if (chosen !== undefined) {
      const local = DateTime.toParts(DateTime.setZone(chosen, zone))
      next = {
        ...next,
        date: { year: local.year, month: local.month, day: local.day },
        time: { hour: local.hours, minute: local.minutes },
        partOfDay: undefined,
        // Just found free by the check that offered it; booking re-checks anyway.
        verified: true,
        offered: [],
      }
      changed = true
    }
  }

  if (slots.service !== undefined && slots.service !== next.service) {
    next = { ...next, service: slots.service, verified: false }
    changed = true
  } else if (slots.service === undefined && slots.unknownService !== undefined) {
    notes.push(`Sorry, we don't offer ${slots.unknownService}. We do ${offerings(business)}.`)
    changed = true
  }

  const when = slots.when
  if (when !== undefined && slots.alternative === undefined) {
    if (when.date !== undefined) {
      const date = when.date
      const problem =
        when.past === true
          ? Option.some(DatePassed.make({ date }))
          : AvailabilityPolicy.dateProblem(business, date, now)
      if (Option.isSome(problem)) {
        notes.push(Refusals.sentence(business, problem.value))
        next = { ...next, date: undefined, verified: false }
      } else {
        // A new day without a new time keeps the time ("can we do Saturday instead"), unless the
        // time was the one just refused.
        next = { ...next, date, verified: false, offered: [] }
      }
      changed = true
    }
    if (when.time !== undefined) {
      next = { ...next, time: when.time, partOfDay: undefined, verified: false, offered: [] }
      changed = true
    } else if (when.partOfDay !== undefined) {
      next = { ...next, partOfDay: when.partOfDay, time: undefined, verified: false }
      changed = true
    }
  }

  if (slots.name !== undefined && (state.asking === "name" || state.name === undefined || slots.name !== state.name)) {
    next = { ...next, name: slots.name }
    changed = true
  }

  if (slots.phone !== undefined) {
    const phone = PhoneNumbers.normalize(slots.phone, business.country)
    if (Option.isSome(phone)) {
      next = { ...next, phone: phone.value, phoneConfirmed: false }
    } else {
      notes.push("Sorry, that didn't sound like a full phone number.")
    }
    changed = true
  }
  return { state: next, notes, changed }
}

/** What the caller's words point at when they only say "no, the time" at the read-back. */
const clearNamedSlot = (state: DialogueState, text: string): DialogueState | undefined => {
  const t = text.toLowerCase()
  if (/\b(?:time|hour|earlier|later)\b/.test(t)) return { ...state, time: undefined, verified: false }
  if (/\b(?:day|date)\b/.test(t)) return { ...state, date: undefined, time: undefined, verified: false }
  if (/\b(?:service|appointment type)\b/.test(t)) return { ...state, service: undefined, verified: false }
  if (/\bname\b/.test(t)) return { ...state, name: undefined }
  if (/\b(?:number|phone)\b/.test(t)) return { ...state, phone: undefined, phoneConfirmed: false }
  return undefined
}

const isHello = (text: string): boolean =>
  /^(?:(?:hello|hi|hey|hiya|yes|yeah|um|uh|so)[\s,.?!]*)+$|^(?:hello[\s,?]*)?(?:are you there|is anyone there|can you hear me)\b/i.test(
    text.trim(),
  )

const goalFrom = (interpretation: Interpretation): Goal | undefined =>
  interpretation.intent === "cancel" ? "cancel" : interpretation.intent === "reschedule" ? "reschedule" : undefined

// ---------------------------------------------------------------------------------------------
// Public API

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
  return reply(state, `Thanks for calling ${input.business.name}. How can I help you today?`, "anything")
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

const endCall = (state: DialogueState, say: string, asking: Asking): Decision =>
  reply(state, say, asking, { _tag: "Hangup" })

const notUnderstood = (business: Business, state: DialogueState): Decision => {
  const misunderstandings = state.misunderstandings + 1
  const next = { ...state, misunderstandings }
  if (misunderstandings >= maxMisunderstandings) {
    if (business.transferPhone !== undefined) {
      return reply(next, "Sorry, I'm having trouble understanding. Let me put you through to someone.", state.asking, {
        _tag: "Transfer",
        to: business.transferPhone,
      })
    }
    return endCall(
      next,
      `Sorry, I'm having trouble understanding. Please call back, or try again in a little while. ${goodbye(business)}`,
      state.asking,
    )
  }
  const hint =
    state.asking === "name"
      ? "Sorry, I didn't catch your name. What name should I put the booking under?"
      : state.asking === "phone"
        ? "Sorry, I didn't catch the number. Could you say it digit by digit?"
        : state.asking === "service"
          ? `Sorry, I didn't catch that. We offer ${offerings(business)}. Which would you like?`
          : `Sorry, I didn't quite get that. ${state.lastPrompt}`
  return { ...reply(next, hint, state.asking), state: { ...next, lastPrompt: state.lastPrompt, asking: state.asking } }
}

/** One caller turn: speech (already interpreted) or silence. */
export const hear = (business: Business, state0: DialogueState, input: Input, now: DateTime.Utc): Decision => {
  if (state0.ended) return endCall(state0, goodbye(business), state0.asking)
  if (input._tag === "Silence") {
    const silences = state0.silences + 1
    const state = { ...state0, silences }
    if (silences > maxSilences) {
      return endCall(
        state,
        `I'm sorry, I can't hear you. Please call us back anytime. ${goodbye(business)}`,
        state.asking,
      )
    }
    return {
      ...reply(state, `Sorry, I didn't catch that. ${state0.lastPrompt}`, state0.asking),
      state: { ...state, lastPrompt: state0.lastPrompt },
    }
  }
  const interpretation = input.interpretation
  const state = { ...state0, silences: 0 }
  const { intent } = interpretation

  if (state.asking === "message") {
    return {
      _tag: "Perform",
      state,
      request: { _tag: "TakeMessage", message: interpretation.text, callerPhone: state.phone },
    }
  }

  if (intent === "human") {
    if (business.transferPhone !== undefined) {
      return reply(state, "Of course. Let me put you through to someone now.", state.asking, {
        _tag: "Transfer",
        to: business.transferPhone,
      })
    }
    return reply(
      state,
      "Sorry, there's nobody free to take your call right now. Leave a short message and I'll pass it on. What would you like to say?",
      "message",
    )
  }

  if (intent === "repeat") return reply(state, state.lastPrompt, state.asking)

  // "Hello? Are you there?" is not a misunderstanding: the line may just have been quiet.
  if (intent === "unknown" && Object.keys(interpretation.slots).length === 0 && isHello(interpretation.text)) {
    const question = state.asking === "anything" ? "How can I help you today?" : state.lastPrompt
    return {
      ...reply(state, `Yes, I'm here. ${question}`, state.asking),
      state: { ...state, lastPrompt: state.lastPrompt },
    }
  }

  if (intent === "hours") {
    // "What times are free?" while a day is already chosen is about that day.
    const date = interpretation.slots.when?.date ?? (state.goal === "book" ? state.date : undefined)
    const answer =
      date === undefined
        ? hoursSummary(business)
        : business.hours[weekdayOf(date)].length === 0
          ? `We're closed on ${spokenDate(business, date)}.`
          : `On ${spokenDate(business, date)} we're open ${dayHours(business, weekdayOf(date))}.`
    if (state.goal === undefined) return reply(state, `${answer} Would you like to book an appointment?`, "anything")
    // "What do you have on Friday?" while booking: answer, and take Friday as the day asked for.
    if (state.goal === "book" && date !== undefined && business.hours[weekdayOf(date)].length > 0) {
      const applied = applySlots(business, state, interpretation, now)
      if (applied.changed && applied.notes.length === 0) return advance(business, applied.state, now, answer)
    }
    return reply(state, `${answer} ${state.lastPrompt}`, state.asking)
  }

  const newGoal = goalFrom(interpretation)
  if (newGoal !== undefined && state.goal !== newGoal) {
    // "Can I move my appointment to Friday at 3?" — keep the new day and time for after the lookup.
    // "Cancel my color on Friday": the service and day pick which booking is meant.
    const applied = applySlots(business, state, interpretation, now).state
    return advance(
      business,
      { ...applied, goal: newGoal, candidates: undefined, moving: undefined, misunderstandings: 0 },
      now,
    )
  }

  switch (state.asking) {
    case "cancel_confirm": {
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
        return advance(business, applySlots(business, moving, interpretation, now).state, now)
      }
      if (candidate !== undefined && (intent === "yes" || intent === "cancel")) {
        return { _tag: "Perform", state, request: { _tag: "Cancel", bookingId: candidate.bookingId } }
      }
      if (intent === "no") {
        const rest = candidates.slice(1)
        if (rest.length > 0) return advance(business, { ...state, candidates: rest }, now, "Okay.")
        return advance(
          { ...business },
          { ...state, goal: undefined, candidates: undefined },
          now,
          "Okay, I'll leave it as it is.",
        )
      }
      return notUnderstood(business, state)
    }
    case "phone_confirm": {
      if (interpretation.slots.phone !== undefined) break
      if (intent === "yes") return advance(business, { ...state, phoneConfirmed: true, misunderstandings: 0 }, now)
      if (intent === "no") {
        return reply(
          { ...state, phone: undefined, phoneConfirmed: false },
          "Sorry about that. What's the right number?",
          "phone",
        )
      }
      break
    }
    case "confirm": {
      const applied = applySlots(business, state, interpretation, now)
      if (applied.changed) {
        return advance(business, { ...applied.state, misunderstandings: 0 }, now, noted(applied))
      }
      if (intent === "yes") {
        const service = serviceOf(business, state.service)
        const start = requestedStart(business, state)
        if (state.moving !== undefined && Option.isSome(start)) {
          return {
            _tag: "Perform",
            state,
            request: { _tag: "Reschedule", bookingId: state.moving.bookingId, start: start.value },
          }
        }
        if (service !== undefined && Option.isSome(start) && state.name !== undefined && state.phone !== undefined) {
          return {
            _tag: "Perform",
            state,
            request: {
              _tag: "Book",
              service,
              start: start.value,
              name: state.name,
              phone: state.phone,
              callSid: state.callSid,
            },
          }
        }
        return advance(business, state, now)
      }
      const cleared = clearNamedSlot(state, interpretation.text)
      if (cleared !== undefined) return advance(business, cleared, now, "No problem.")
      if (intent === "no") {
        return reply(state, "No problem. What would you like to change: the service, the day, or the time?", "confirm")
      }
      return notUnderstood(business, state)
    }
    case "alternative": {
      const applied = applySlots(business, state, interpretation, now)
      if (applied.changed) return advance(business, { ...applied.state, misunderstandings: 0 }, now, noted(applied))
      if (intent === "yes") {
        if (state.offered.length === 1) {
          return advance(
            business,
            applySlots(business, state, { ...interpretation, slots: { alternative: 0 } }, now).state,
            now,
          )
        }
        return reply(state, "Which one would you like?", "alternative")
      }
      if (intent === "no") {
        return reply(
          { ...state, offered: [], time: undefined, verified: false },
          "No problem. What other day or time would work for you?",
          "time",
        )
      }
      return notUnderstood(business, state)
    }
    case "anything": {
      if (intent === "no" && state.goal === undefined && Object.keys(interpretation.slots).length === 0) {
        return endCall(state, `Alright. ${goodbye(business)}`, "anything")
      }
      break
    }
    default:
      break
  }

  const applied = applySlots(business, state, interpretation, now)
  const goal: Goal | undefined =
    state.goal ?? (intent === "book" || intent === "yes" || applied.changed ? "book" : undefined)
  if (!applied.changed && goal === state.goal && intent !== "book") {
    return notUnderstood(business, state)
  }
  return advance(business, { ...applied.state, goal, misunderstandings: 0 }, now, noted(applied))
}

const noted = (applied: Applied): string | undefined =>
  applied.notes.length === 0 ? undefined : applied.notes.join(" ")

const offerSentence = (business: Business, alternatives: ReadonlyArray<DateTime.Utc>, requested: DateTime.Utc) => {
  const zone = zoneOf(business.timezone)
  const sameDay = alternatives.every((a) => SpokenTime.date(a, zone) === SpokenTime.date(requested, zone))
  const offer = SpokenTime.offer(alternatives, zone, requested)
  return `I have ${offer}${sameDay ? " that day" : ""}. ${alternatives.length === 1 ? "Would that work?" : "Would one of those work?"}`
}

const refused = (
  business: Business,
  state: DialogueState,
  availability: AvailabilityResult,
  now: DateTime.Utc,
): Decision => {
  const reason = Refusals.refusal(business, availability.reason)
  const requested = Option.getOrElse(requestedStart(business, state), () => now)
  if (availability.alternatives.length === 0) {
    return reply(
      { ...state, date: undefined, time: undefined, verified: false, offered: [] },
      joinSpeech(reason, "Is there another day that works for you?"),
      "date",
    )
  }
  return reply(
    { ...state, time: undefined, verified: false, offered: availability.alternatives },
    joinSpeech(reason, offerSentence(business, availability.alternatives, requested)),
    "alternative",
  )
}

/** Feeds the outcome of a performed request back into the conversation. */
export const resume = (business: Business, state: DialogueState, outcome: Outcome, now: DateTime.Utc): Decision => {
  const zone = zoneOf(business.timezone)
  switch (outcome._tag) {
    case "Availability":
      return outcome.result.available
        ? advance(business, { ...state, verified: true, offered: [] }, now)
        : refused(business, state, outcome.result, now)
    case "Unavailable":
      return refused(business, state, outcome.availability, now)
    case "Booked": {
      const booking = outcome.booking
      if (state.moving !== undefined) {
        return endCall(
          { ...state, bookingId: booking.id, moving: undefined },
          `Done! Your ${booking.service.toLowerCase()} is now on ${SpokenTime.dateTime(
            booking.startsAt,
            zone,
          )}. We'll text you the new details. ${goodbye(business)}`,
          "anything",
        )
      }
      return endCall(
        { ...state, bookingId: booking.id },
        `You're all set! ${capitalize(article(booking.service))} on ${SpokenTime.dateTime(
          booking.startsAt,
          zone,
        )}. We'll text you a confirmation. ${goodbye(business)}`,
        "anything",
      )
    }
    case "Upcoming": {
      // The one the caller described comes first: same service, and for cancelling the same day
      // (when moving, a day said is where to move it to).
      const score = (b: Booking) => {
        const day = LocalDate.localDateOf(b.startsAt, zone)
        const sameDay = state.goal === "cancel" && state.date !== undefined && dayNumber(state.date) === dayNumber(day)
        return (b.service === state.service ? 2 : 0) + (sameDay ? 1 : 0)
      }
      const candidates: Array<Candidate> = outcome.bookings
        .filter((b) => b.status === "confirmed")
        .map((b, i) => ({ b, i, score: score(b) }))
        .sort((x, y) => y.score - x.score || x.i - y.i)
        .map(({ b }) => ({ bookingId: b.id, service: b.service, startsAt: b.startsAt, customerName: b.customer.name }))
      const lookedUp: DialogueState =
        state.goal === "cancel"
          ? { ...state, candidates, service: undefined, date: undefined, time: undefined }
          : { ...state, candidates }
      return advance(business, lookedUp, now)
    }
    case "Cancelled": {
      const candidate = state.candidates?.[0]
      const what =
        candidate === undefined
          ? "Your appointment"
          : `Your ${candidate.service.toLowerCase()} on ${SpokenTime.dateTime(candidate.startsAt, zone)}`
      return reply(
        { ...state, goal: undefined, candidates: undefined },
        `${what} is cancelled. Is there anything else I can help with?`,
        "anything",
      )
    }
    case "MessageTaken":
      return endCall(state, `Thank you, I'll pass that on. ${goodbye(business)}`, "anything")
    case "Failed":
      if (business.transferPhone !== undefined) {
        return reply(
          state,
          "Sorry, I'm having trouble with our booking system. Let me put you through to someone.",
          state.asking,
          {
            _tag: "Transfer",
            to: business.transferPhone,
          },
        )
      }
      return endCall(
        state,
        `Sorry, I'm having trouble with our booking system right now. Please try again in a little while. ${goodbye(business)}`,
        state.asking,
      )
  }
}
