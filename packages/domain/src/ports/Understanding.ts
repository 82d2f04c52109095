import { Context, type DateTime, type Effect, Schema } from "effect"
import type { Business } from "../model/Business.js"
import { ClockTime, LocalDate } from "../model/LocalDate.js"

/**
 * What a caller meant by one utterance. The port is deliberately narrow — text in, intent and
 * slots out — so a language-model adapter can replace the rules adapter without the dialogue noticing.
 */

export const Intent = Schema.Literal(
  "book",
  "cancel",
  "reschedule",
  "hours",
  "human",
  "yes",
  "no",
  "choose_alternative",
  /** "What do you have on Friday?", "the earliest you have", "anything after 4": list free starts. */
  "availability",
  /** A question the business profile may answer: price, location, services, parking, policies, FAQ. */
  "question",
  /** The caller wants to leave a message for the owner. */
  "message",
  "repeat",
  "unknown",
)
export type Intent = typeof Intent.Type

export const PartOfDay = Schema.Literal("morning", "afternoon", "evening")
export type PartOfDay = typeof PartOfDay.Type

/**
 * When the caller wants to come, as far as they said it. A date without a time (or with only a
 * part of the day, "next Tuesday morning") means the agent still has to ask for the time.
 */
export const When = Schema.Struct({
  date: Schema.optional(LocalDate),
  time: Schema.optional(ClockTime),
  partOfDay: Schema.optional(PartOfDay),
  /** The caller named a day that has already gone ("yesterday", "last Friday"). */
  past: Schema.optional(Schema.Boolean),
  /** "Anything after 4", "between 2 and 3": starts at or after this time of day. */
  after: Schema.optional(ClockTime),
  /** "Before noon", "between 2 and 3": starts before this time of day. */
  before: Schema.optional(ClockTime),
  /** "This week", "next week": the span ends on this day (inclusive); `date` is its first day. */
  through: Schema.optional(LocalDate),
  /** "The earliest you have", "first thing". */
  earliest: Schema.optional(Schema.Boolean),
})
export type When = typeof When.Type

export const Slots = Schema.Struct({
  /** As the caller said it. */
  name: Schema.optional(Schema.String),
  /** The business's configured service name (not the caller's word for it). */
  service: Schema.optional(Schema.String),
  /** The caller asked for something that sounds like a service the business does not offer. */
  unknownService: Schema.optional(Schema.String),
  when: Schema.optional(When),
  /** Digits as heard; the dialogue normalises them to E.164. */
  phone: Schema.optional(Schema.String),
  /** Zero-based index into the alternatives the agent offered ("the second one", "the later one", "4 then"). */
  alternative: Schema.optional(Schema.Int),
  /** What a question is about; answered from the business profile (intent "question"). */
  topic: Schema.optional(Schema.Literal("price", "location", "parking", "services", "hours", "policy", "faq")),
})
export type Slots = typeof Slots.Type

export class Interpretation extends Schema.Class<Interpretation>("Interpretation")({
  intent: Intent,
  slots: Slots,
  /** The utterance with filler removed, e.g. for a message to the owner. */
  text: Schema.String,
}) {}

/** What the agent's last question was, so a bare "3" or "Ana" can be read in its light. */
export const Asking = Schema.Literal(
  "anything",
  "service",
  "date",
  "time",
  "name",
  "phone",
  "phone_confirm",
  "confirm",
  "alternative",
  "cancel_confirm",
  "message",
  /** The one-time code texted to a booking's number (conversation/CallerIdentity). */
  "code",
)
export type Asking = typeof Asking.Type

export interface UnderstandingContext {
  readonly business: Business
  readonly now: DateTime.Utc
  readonly asking: Asking
  /** Starts the agent just offered, best first. */
  readonly alternatives: ReadonlyArray<DateTime.Utc>
  /** The day already agreed, so "4" or "the second one" can be read against it. */
  readonly date?: LocalDate | undefined
}

export class Understanding extends Context.Tag("@frontdesk/domain/Understanding")<
  Understanding,
  {
    readonly interpret: (utterance: string, context: UnderstandingContext) => Effect.Effect<Interpretation>
  }
>() {}
