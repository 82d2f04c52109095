import { type DateTime, Schema } from "effect"
import { BookingId, BusinessId, CallSid } from "./Ids.js"

/** Who spoke one line of a call. */
export const Speaker = Schema.Literal("caller", "agent")
export type Speaker = typeof Speaker.Type

/** One line of a call's transcript: what the caller said (as heard) or what the agent said. */
export const CallTurn = Schema.Struct({
  at: Schema.DateTimeUtc,
  speaker: Speaker,
  text: Schema.String,
})
export type CallTurn = typeof CallTurn.Type

/**
 * What a call came to, as far as the owner cares: `in_progress` until the agent hangs up or
 * hands over; a call that made (or moved, or cancelled) a booking says so.
 */
export const CallOutcome = Schema.Literal(
  "in_progress",
  "booked",
  "rescheduled",
  "cancelled",
  "transferred",
  "ended",
  "failed",
)
export type CallOutcome = typeof CallOutcome.Type

/** What a call did stays its outcome through the goodbye turns that follow it. */
export const settledOutcomes: ReadonlyArray<CallOutcome> = ["booked", "rescheduled", "cancelled", "transferred"]

/** The outcome after a new entry: `in_progress` or `ended` never replace what the call already did. */
export const mergeOutcome = (previous: CallOutcome, next: CallOutcome): CallOutcome =>
  settledOutcomes.includes(previous) && (next === "in_progress" || next === "ended") ? previous : next

/** A call as the owner's console and the admin API show it: the audit trail's first link. */
export class CallRecord extends Schema.Class<CallRecord>("CallRecord")({
  callSid: CallSid,
  businessId: BusinessId,
  /** Twilio's `From` as sent; empty or a withheld marker when the caller hid their number. */
  caller: Schema.String,
  startedAt: Schema.DateTimeUtc,
  endedAt: Schema.optional(Schema.DateTimeUtc),
  outcome: CallOutcome,
  turns: Schema.Array(CallTurn),
  bookingId: Schema.optional(BookingId),
}) {}

/**
 * What one webhook adds to its call's record: the lines spoken in that turn, and what the call
 * has come to so far. The first entry of a call creates its record.
 */
export interface CallEntry {
  readonly callSid: CallSid
  readonly businessId: BusinessId
  readonly caller: string
  readonly at: DateTime.Utc
  readonly turns: ReadonlyArray<CallTurn>
  readonly outcome: CallOutcome
  readonly bookingId?: BookingId | undefined
  /** The agent hung up or handed the call over: `endedAt` is stamped `at`. */
  readonly ended: boolean
}
