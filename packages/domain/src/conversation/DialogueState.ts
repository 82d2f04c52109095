import { Schema } from "effect"
import * as FreeStarts from "../availability/FreeStarts.js"
import { BookingId, BusinessId, CallSid, PhoneNumber } from "../model/Ids.js"
import { ClockTime, LocalDate } from "../model/LocalDate.js"
import { Asking, PartOfDay } from "../ports/Understanding.js"
import { IdentityState } from "./IdentityState.js"

/**
 * Where one call stands between webhooks. Everything is plain data with a Schema, so the server
 * can store it JSON-encoded in CallSessions and any instance can answer the next turn.
 */

export const Goal = Schema.Literal("book", "cancel", "reschedule")
export type Goal = typeof Goal.Type

/** An upcoming booking of the caller, as found for cancelling. */
export const Candidate = Schema.Struct({
  bookingId: BookingId,
  service: Schema.String,
  startsAt: Schema.DateTimeUtc,
  customerName: Schema.String,
})
export type Candidate = typeof Candidate.Type

export const DialogueState = Schema.Struct({
  businessId: BusinessId,
  callSid: CallSid,
  /** Twilio's `From` as received (may be "anonymous" or empty). */
  from: Schema.String,
  goal: Schema.optional(Goal),
  /** What the last prompt asked for. */
  asking: Asking,
  name: Schema.optional(Schema.String),
  /** The business's service name. */
  service: Schema.optional(Schema.String),
  date: Schema.optional(LocalDate),
  time: Schema.optional(ClockTime),
  partOfDay: Schema.optional(PartOfDay),
  phone: Schema.optional(PhoneNumber),
  /** The number came from caller id or the caller agreed to its read-back. */
  phoneConfirmed: Schema.Boolean,
  /** The current service, date and time were found free. */
  verified: Schema.Boolean,
  /** Starts offered after a refusal, best first. */
  offered: Schema.Array(Schema.DateTimeUtc),
  /** Upcoming bookings found for cancelling; the first is the one being asked about. */
  candidates: Schema.optional(Schema.Array(Candidate)),
  /** The booking being moved to the new day and time (rescheduling). */
  moving: Schema.optional(Candidate),
  lastPrompt: Schema.String,
  /** A lead-in ("On Friday we're open 9 to 5.") waiting for the reply that follows a request. */
  pending: Schema.optional(Schema.String),
  silences: Schema.Int,
  misunderstandings: Schema.Int,
  /**
   * The caller asked which times are free: what they asked, kept until a service is known and
   * the free starts are looked up (they then become `offered`).
   */
  listing: Schema.optional(FreeStarts.Query),
  /** Replies in a row asking the same thing with nothing gained (see Repetition); 1 for a fresh question. */
  repeats: Schema.optional(Schema.Int),
  /** Caller turns in a row that moved nothing forward (see Repetition). */
  stalled: Schema.optional(Schema.Int),
  /** The agent offered to take a message after a question it could not answer. */
  messageOffered: Schema.optional(Schema.Boolean),
  /** The call is ending with a note to the owner because it made no progress. */
  unfinished: Schema.optional(Schema.Boolean),
  bookingId: Schema.optional(BookingId),
  /** The code texted to prove the caller may change another number's bookings (CallerIdentity). */
  identity: Schema.optional(IdentityState),
  ended: Schema.Boolean,
})
export type DialogueState = typeof DialogueState.Type

/** JSON-ready form for CallSessions. */
export const encode = Schema.encodeSync(DialogueState)
/** Back from CallSessions; fails on a state written by an incompatible version. */
export const decode = Schema.decodeUnknown(DialogueState)
