import type { DateTime } from "effect"
import { Option } from "effect"
import * as AvailabilityPolicy from "../availability/AvailabilityPolicy.js"
import { DatePassed } from "../availability/AvailabilityResult.js"
import type { Business, Service } from "../model/Business.js"
import * as LocalDate from "../model/LocalDate.js"
import * as PhoneNumbers from "../model/PhoneNumbers.js"
import { zoneOf } from "../model/TimeZone.js"
import type { Slots } from "../ports/Understanding.js"
import { type Correction, gotIt } from "../speech/Corrections.js"
import * as Prompts from "../speech/Prompts.js"
import * as Refusals from "../speech/Refusals.js"
import type { DialogueState } from "./DialogueState.js"

/**
 * What the caller said, applied to where the call stands: a chosen alternative, a service, a day
 * and time, a name, a phone number. A day the business cannot take is refused here, with the
 * availability rules' own reason, so the caller hears it before being asked for a time.
 */

export interface Applied {
  readonly state: DialogueState
  /** Something to tell the caller before the next question (a refused date, an unknown service). */
  readonly notes: ReadonlyArray<string>
  /** Slots that had a value and were given another one, acknowledged before the next question. */
  readonly corrections: ReadonlyArray<Correction>
  readonly changed: boolean
}

interface Heard {
  readonly business: Business
  /** The state before anything was applied (some slots are read against the last question). */
  readonly before: DialogueState
  readonly slots: Slots
  readonly now: DateTime.Utc
}

type Step = (heard: Heard, applied: Applied) => Applied

const changedTo = (applied: Applied, state: DialogueState, note?: string, correction?: Correction): Applied => ({
  state,
  notes: note === undefined ? applied.notes : [...applied.notes, note],
  corrections: correction === undefined ? applied.corrections : [...applied.corrections, correction],
  changed: true,
})

/** "The second one": the offered start becomes the day and time. */
const alternative: Step = ({ business, before, slots }, applied) => {
  if (slots.alternative === undefined || before.offered.length === 0) return applied
  const chosen = before.offered[slots.alternative]
  if (chosen === undefined) return applied
  const zone = zoneOf(business.timezone)
  return changedTo(applied, {
    ...applied.state,
    date: LocalDate.localDateOf(chosen, zone),
    time: LocalDate.clockTimeOf(chosen, zone),
    partOfDay: undefined,
    // Just found free by the check that offered it; booking re-checks anyway.
    verified: true,
    offered: [],
  })
}

const service: Step = ({ business, slots }, applied) => {
  if (slots.service !== undefined && slots.service !== applied.state.service) {
    // A new service keeps the day and time ("make it a beard trim" after Friday keeps Friday).
    const correction =
      applied.state.service === undefined ? undefined : ({ _tag: "service", service: slots.service } as const)
    return changedTo(applied, { ...applied.state, service: slots.service, verified: false }, undefined, correction)
  }
  if (slots.service === undefined && slots.unknownService !== undefined) {
    return changedTo(applied, applied.state, Prompts.unknownService(business, slots.unknownService))
  }
  return applied
}

const date = ({ business, slots, now }: Heard, applied: Applied, day: LocalDate.LocalDate): Applied => {
  const problem =
    slots.when?.past === true
      ? Option.some(DatePassed.make({ date: day }))
      : AvailabilityPolicy.dateProblem(business, day, now)
  if (Option.isSome(problem)) {
    return changedTo(
      applied,
      { ...applied.state, date: undefined, verified: false },
      Refusals.sentence(business, problem.value),
    )
  }
  // A new day without a new time keeps the time ("can we do Saturday instead"), unless the
  // time was the one just refused.
  const previous = applied.state.date
  const correction =
    previous === undefined || LocalDate.equals(previous, day) ? undefined : ({ _tag: "date", date: day } as const)
  return changedTo(applied, { ...applied.state, date: day, verified: false, offered: [] }, undefined, correction)
}

/** The day and time; ignored alongside a chosen alternative, which already fixes both. */
const when: Step = (heard, applied) => {
  const said = heard.slots.when
  if (said === undefined || heard.slots.alternative !== undefined) return applied
  const dated = said.date === undefined ? applied : date(heard, applied, said.date)
  if (said.time !== undefined) {
    const previous = dated.state.time
    const correction =
      previous === undefined || (previous.hour === said.time.hour && previous.minute === said.time.minute)
        ? undefined
        : ({ _tag: "time", time: said.time } as const)
    return changedTo(
      dated,
      { ...dated.state, time: said.time, partOfDay: undefined, verified: false, offered: [] },
      undefined,
      correction,
    )
  }
  if (said.partOfDay !== undefined) {
    return changedTo(dated, { ...dated.state, partOfDay: said.partOfDay, time: undefined, verified: false })
  }
  return dated
}

const name: Step = ({ before, slots }, applied) => {
  if (slots.name === undefined) return applied
  if (before.name !== undefined && slots.name !== before.name) {
    return changedTo(applied, { ...applied.state, name: slots.name }, undefined, { _tag: "name", name: slots.name })
  }
  return before.asking === "name" || before.name === undefined
    ? changedTo(applied, { ...applied.state, name: slots.name })
    : applied
}

const phone: Step = ({ business, slots }, applied) => {
  if (slots.phone === undefined) return applied
  const normalized = PhoneNumbers.normalize(slots.phone, business.country)
  if (Option.isNone(normalized)) return changedTo(applied, applied.state, Prompts.notAPhoneNumber)
  if (normalized.value === applied.state.phone && applied.state.phoneConfirmed) return applied
  // A number replacing one already given (or the caller id) is acknowledged, then read back.
  const correction =
    applied.state.phone === undefined || applied.state.phone === normalized.value
      ? undefined
      : ({ _tag: "phone" } as const)
  return changedTo(applied, { ...applied.state, phone: normalized.value, phoneConfirmed: false }, undefined, correction)
}

const steps: ReadonlyArray<Step> = [alternative, service, when, name, phone]

/** Applies every slot the caller filled, in a fixed order. */
export const fill = (business: Business, state: DialogueState, slots: Slots, now: DateTime.Utc): Applied => {
  const heard: Heard = { business, before: state, slots, now }
  const none: Applied = { state, notes: [], corrections: [], changed: false }
  return steps.reduce((applied, step) => step(heard, applied), none)
}

/** The notes as one lead-in sentence, or nothing. */
export const noted = (applied: Applied): string | undefined => {
  const said = [gotIt(applied.corrections), ...applied.notes].filter((s): s is string => s !== undefined)
  return said.length === 0 ? undefined : said.join(" ")
}

/** What the caller's words point at when they only say "no, the time" at the read-back. */
export const clearNamedSlot = (state: DialogueState, text: string): DialogueState | undefined => {
  const t = text.toLowerCase()
  if (/\b(?:time|hour|earlier|later)\b/.test(t)) return { ...state, time: undefined, verified: false }
  // A new day keeps the time, as "Saturday instead" does.
  if (/\b(?:day|date)\b/.test(t)) return { ...state, date: undefined, verified: false }
  if (/\b(?:service|appointment type)\b/.test(t)) return { ...state, service: undefined, verified: false }
  if (/\bname\b/.test(t)) return { ...state, name: undefined }
  if (/\b(?:number|phone)\b/.test(t)) return { ...state, phone: undefined, phoneConfirmed: false }
  return undefined
}

/** The start the caller asked for, or None when the wall time does not exist (spring-forward gap). */
export const requestedStart = (business: Business, state: DialogueState): Option.Option<DateTime.Utc> =>
  state.date === undefined || state.time === undefined
    ? Option.none()
    : LocalDate.atLocal(zoneOf(business.timezone), state.date, state.time.hour * 60 + state.time.minute)

export const serviceOf = (business: Business, name: string | undefined): Service | undefined =>
  business.services.find((s) => s.name === name)
