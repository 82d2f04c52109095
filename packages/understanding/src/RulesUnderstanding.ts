import {
  type Asking,
  Interpretation,
  type Slots,
  Understanding,
  type UnderstandingContext,
  type When,
} from "@frontdesk/domain/ports/Understanding"
import { Effect, Layer } from "effect"
import { pickByOrdinal, pickByTime } from "./Alternatives.js"
import { type Part, partsOf } from "./Corrections.js"
import { findDate } from "./Dates.js"
import {
  asksAboutHours,
  asksForEarliest,
  asksForHuman,
  asksToBook,
  asksToCancel,
  asksToRepeat,
  asksToReschedule,
  intentOf,
  keypadAnswer,
  questionTopic,
  saysNo,
  saysYes,
} from "./IntentRules.js"
import { findName, unspell } from "./Names.js"
import { capped, normalise, withoutHesitations } from "./Normalise.js"
import { findPhone } from "./Phones.js"
import { findService, findUnknownService, serviceWords } from "./Services.js"
import { partOfDayIn, resolveMeridiem, type TimeHit, timesIn } from "./Times.js"

/**
 * Understanding by rules: hand-written patterns for intents, days, times, names, services and
 * phone numbers, written for what speech-to-text produces on a phone line, not for typed text.
 * The utterance is cut at self-corrections ("Friday — no, Saturday"); slots are read per part,
 * each by its own module, a later part's replacing an earlier one's; the intent table then
 * decides what the caller wants from the whole text and the slots.
 */

type Mutable<T> = { -readonly [K in keyof T]: T[K] }

/** Date, time, bounds and part of day; times are read first, so "at 3" is never the 3rd of the month. */
const readWhen = (text: string, context: UnderstandingContext, asking: Asking): When | undefined => {
  const times = timesIn(text, asking)
  let dateSource = text
  for (const hit of [...times].reverse()) {
    dateSource = `${dateSource.slice(0, hit.start)} ${" ".repeat(hit.end - hit.start)}${dateSource.slice(hit.end)}`
  }
  const dateHit = findDate(dateSource.replace(/\s+/g, " "), context)
  const partOfDay = partOfDayIn(text) ?? dateHit?.partOfDay
  const when: Mutable<When> = {}
  if (dateHit) {
    when.date = dateHit.date
    if (dateHit.past) when.past = true
    if (dateHit.through) when.through = dateHit.through
  }
  const day = dateHit?.date ?? context.date
  const clock = (hit: TimeHit) => resolveMeridiem(hit, partOfDay, day, context)
  const at = times.find((t) => t.role === "at")
  const after = times.find((t) => t.role === "after")
  const before = times.find((t) => t.role === "before")
  if (at) when.time = clock(at)
  if (after) when.after = clock(after)
  if (before) when.before = clock(before)
  // "between 2 and 5" read as 2 PM and 5 AM: the end of a span is after its start.
  if (
    when.after &&
    when.before &&
    when.before.hour * 60 + when.before.minute <= when.after.hour * 60 + when.after.minute
  ) {
    if (when.before.hour < 12) when.before = { hour: when.before.hour + 12, minute: when.before.minute }
  }
  if (!at && partOfDay) when.partOfDay = partOfDay
  if (asksForEarliest(text)) when.earliest = true
  return Object.keys(when).length > 0 ? when : undefined
}

/** Everything but the name and an unlisted service, which depend on what the caller is asking for. */
const readDetails = (
  utterance: string,
  text: string,
  context: UnderstandingContext,
  asking: Asking,
): Mutable<Slots> => {
  const slots: Mutable<Slots> = {}
  // Offered choices first: "the second one" must not become "the 2nd of the month".
  const picked = pickByOrdinal(text, context)
  if (picked) slots.alternative = picked.index
  const phone = findPhone(utterance, asking)
  if (phone !== undefined) slots.phone = phone
  // Digits of a phone number are no time or date.
  const when = phone === undefined ? readWhen(picked?.rest ?? text, context, asking) : undefined
  if (when !== undefined) {
    slots.when = when
    const byTime = slots.alternative === undefined ? pickByTime(when, context) : undefined
    if (byTime !== undefined) slots.alternative = byTime
  }
  const service = findService(text, context.business)
  if (service !== undefined) slots.service = service
  return slots
}

/** What an earlier part said that a correction leaves standing; `when` is merged field by field. */
const merge = (earlier: Mutable<Slots>, later: Mutable<Slots>): Mutable<Slots> => {
  const merged: Mutable<Slots> = { ...earlier, ...later }
  if (earlier.when !== undefined && later.when !== undefined) {
    const when: Mutable<When> = { ...earlier.when, ...later.when }
    // A new day drops the old day's span; a new time drops the old part of the day.
    if (later.when.date !== undefined && later.when.through === undefined) delete when.through
    if (later.when.time !== undefined) delete when.partOfDay
    merged.when = when
  }
  return merged
}

/** After "3, no, 4", the bare "4" answers the question the first part answered. */
const askingAfter = (slots: Slots, asking: Asking): Asking =>
  slots.when?.time !== undefined ? "time" : slots.when?.date !== undefined ? "date" : asking

const readPart = (part: Part, context: UnderstandingContext, asking: Asking, vocabulary: ReadonlySet<string>) => {
  const cleaned = withoutHesitations(part.said)
  const text = normalise(part.said)
  const slots = readDetails(part.said, text, context, asking)
  const human = asksForHuman(text)
  const cancel = asksToCancel(text, context)
  const hours = asksAboutHours(text, slots)
  if (slots.service === undefined && !human && !cancel && !hours && !asksToRepeat(text)) {
    const unknown = findUnknownService(text, saysYes(text) || saysNo(text) ? "anything" : asking)
    if (unknown !== undefined && (asking === "service" || asksToBook(text))) slots.unknownService = unknown
  }
  // Asked for a number, the words are digits; otherwise a number said with a name keeps both.
  if (!human && !cancel && !asksToReschedule(text) && !hours && asking !== "phone" && asking !== "phone_confirm") {
    // After "sorry, I meant", a part of capitalised words alone is the name said again.
    const name = findName(cleaned, asking, vocabulary, part.corrects)
    // A word that is both a name and a service's name is the name only when the agent asked for one.
    if (name !== undefined && (asking === "name" || name.toLowerCase() !== slots.service?.toLowerCase())) {
      slots.name = name
    }
  }
  return slots
}

export const interpret = (raw: string, context: UnderstandingContext): Interpretation => {
  const utterance = unspell(capped(raw))
  const key = keypadAnswer(utterance, context)
  if (key !== undefined) return new Interpretation({ intent: key, slots: {}, text: utterance.trim() })
  const text = normalise(utterance)
  const vocabulary = serviceWords(context.business)
  let slots: Mutable<Slots> = {}
  for (const part of partsOf(utterance)) {
    slots = merge(
      slots,
      readPart(part, context, part.corrects ? askingAfter(slots, context.asking) : context.asking, vocabulary),
    )
  }
  const topic = questionTopic(text, slots)
  if (topic !== undefined) slots.topic = topic
  const intent = intentOf(text, slots, context)
  if (intent === "question" && slots.topic === undefined) slots.topic = "faq"
  if (intent === "hours") slots.topic = "hours"
  return new Interpretation({ intent, slots, text: withoutHesitations(utterance) })
}

export const make: Effect.Effect<typeof Understanding.Service> = Effect.succeed(
  Understanding.of({ interpret: (utterance, context) => Effect.sync(() => interpret(utterance, context)) }),
)

export const layer: Layer.Layer<Understanding> = Layer.effect(Understanding, make)
