import {
  Interpretation,
  type Slots,
  Understanding,
  type UnderstandingContext,
  type When,
} from "@frontdesk/domain/ports/Understanding"
import { Effect, Layer } from "effect"
import { pickByOrdinal, pickByTime } from "./Alternatives.js"
import { findDate } from "./Dates.js"
import {
  asksAboutHours,
  asksForHuman,
  asksToBook,
  asksToCancel,
  asksToRepeat,
  asksToReschedule,
  intentOf,
  keypadAnswer,
  saysNo,
  saysYes,
} from "./IntentRules.js"
import { findName } from "./Names.js"
import { normalise, withoutHesitations } from "./Normalise.js"
import { findPhone } from "./Phones.js"
import { findService, findUnknownService, serviceWords } from "./Services.js"
import { partOfDayIn, resolveMeridiem, timesIn } from "./Times.js"

/**
 * Understanding by rules: hand-written patterns for intents, names, services and phone numbers,
 * chrono-node for calendar dates. Written for what speech-to-text produces on a phone line, not
 * for typed text. Slots are read first, each by its own module; the intent table then decides
 * what the caller wants from the text and the slots.
 */

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** Date, time and part of day; times are read first, so "at 3" is never the 3rd of the month. */
const readWhen = (text: string, context: UnderstandingContext): When | undefined => {
  const times = timesIn(text, context.asking)
  let dateSource = text
  for (const hit of [...times].reverse()) dateSource = `${dateSource.slice(0, hit.start)} ${dateSource.slice(hit.end)}`
  const dateHit = findDate(dateSource, context)
  const partOfDay = partOfDayIn(text)
  const when: Mutable<When> = {}
  if (dateHit) {
    when.date = dateHit.date
    if (dateHit.past) when.past = true
  }
  const firstTime = times[0]
  if (firstTime) when.time = resolveMeridiem(firstTime, partOfDay, dateHit?.date ?? context.date, context)
  else if (partOfDay) when.partOfDay = partOfDay
  return when.date !== undefined || when.time !== undefined || when.partOfDay !== undefined ? when : undefined
}

/** Everything but the name and an unlisted service, which depend on what the caller is asking for. */
const readDetails = (utterance: string, text: string, context: UnderstandingContext): Mutable<Slots> => {
  const slots: Mutable<Slots> = {}
  // Offered choices first: "the second one" must not become "the 2nd of the month".
  const picked = pickByOrdinal(text, context)
  if (picked) slots.alternative = picked.index
  const phone = findPhone(utterance, context.asking)
  if (phone !== undefined) slots.phone = phone
  // Digits of a phone number are no time or date.
  const when = phone === undefined ? readWhen(picked?.rest ?? text, context) : undefined
  if (when !== undefined) {
    slots.when = when
    const byTime = slots.alternative === undefined ? pickByTime(when, context) : undefined
    if (byTime !== undefined) slots.alternative = byTime
  }
  const service = findService(text, context.business)
  if (service !== undefined) slots.service = service
  return slots
}

export const interpret = (utterance: string, context: UnderstandingContext): Interpretation => {
  const key = keypadAnswer(utterance, context)
  if (key !== undefined) return new Interpretation({ intent: key, slots: {}, text: utterance.trim() })
  const cleaned = withoutHesitations(utterance)
  const text = normalise(utterance)
  const asking = context.asking
  const slots = readDetails(utterance, text, context)

  const human = asksForHuman(text)
  const cancel = asksToCancel(text, context)
  const hours = asksAboutHours(text, slots)
  if (slots.service === undefined && !human && !cancel && !hours && !asksToRepeat(text)) {
    const unknown = findUnknownService(text, saysYes(text) || saysNo(text) ? "anything" : asking)
    if (unknown !== undefined && (asking === "service" || asksToBook(text))) slots.unknownService = unknown
  }
  if (!human && !cancel && !asksToReschedule(text) && !hours && slots.phone === undefined) {
    const name = findName(cleaned, asking, serviceWords(context.business))
    // A word that is both a name and a service's name is the name only when the agent asked for one.
    if (name !== undefined && (asking === "name" || name.toLowerCase() !== slots.service?.toLowerCase())) {
      slots.name = name
    }
  }
  return new Interpretation({ intent: intentOf(text, slots, context), slots, text: cleaned })
}

export const make: Effect.Effect<typeof Understanding.Service> = Effect.succeed(
  Understanding.of({ interpret: (utterance, context) => Effect.sync(() => interpret(utterance, context)) }),
)

export const layer: Layer.Layer<Understanding> = Layer.effect(Understanding, make)
