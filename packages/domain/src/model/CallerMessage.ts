import { Effect, Random, Schema } from "effect"
import { BusinessId, CallSid, PhoneNumber } from "./Ids.js"

export const CallerMessageId = Schema.NonEmptyTrimmedString.pipe(Schema.brand("CallerMessageId"))
export type CallerMessageId = typeof CallerMessageId.Type

/** A message a caller left for the owner, kept until the owner marks it handled. */
export class CallerMessage extends Schema.Class<CallerMessage>("CallerMessage")({
  id: CallerMessageId,
  businessId: BusinessId,
  callSid: CallSid,
  /** Absent when the caller withheld their number. */
  callerPhone: Schema.optional(PhoneNumber),
  /** The caller's words in full, however long; only the text to the owner is shortened. */
  text: Schema.String,
  createdAt: Schema.DateTimeUtc,
  handledAt: Schema.optional(Schema.DateTimeUtc),
}) {}

/** What the conversation hands to storage; the store stamps `createdAt`. */
export class NewCallerMessage extends Schema.Class<NewCallerMessage>("NewCallerMessage")({
  id: CallerMessageId,
  businessId: BusinessId,
  callSid: CallSid,
  callerPhone: Schema.optional(PhoneNumber),
  text: Schema.String,
}) {}

const idAlphabet = "0123456789abcdefghijklmnopqrstuv"

/**
 * Chosen before storing, so the message and the job that texts it can be written together.
 * From effect's Random (like booking ids), so tests can seed it.
 */
export const newId: Effect.Effect<CallerMessageId> = Effect.map(
  Effect.all(Array.from({ length: 26 }, () => Random.nextIntBetween(0, 32))),
  (digits) => CallerMessageId.make(`msg_${digits.map((d) => idAlphabet[d]).join("")}`),
)
