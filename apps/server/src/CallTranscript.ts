import type * as Conversation from "@frontdesk/domain/conversation/Conversation"
import type { Reply } from "@frontdesk/domain/conversation/Turn"
import type { Business } from "@frontdesk/domain/model/Business"
import type { CallEntry, CallOutcome, CallTurn } from "@frontdesk/domain/model/CallRecord"
import { BookingId } from "@frontdesk/domain/model/Ids"
import { DateTime, Effect, Option, Schema } from "effect"
import type { Call } from "./Call.js"

/**
 * Each answered turn's entry in the call's record: what the caller said (as heard) and what the
 * agent replied, with what the call has come to. CallFlow and RelayFlow hand it to
 * `CallSessions.save`, which stores it with the turn in one write.
 */

/** Postgres text cannot hold NUL; speech recognition never sends one, a forged webhook might. */
const storable = (text: string) => text.replaceAll("\u0000", "")

const heard = (caller: Conversation.CallerInput | undefined): string | undefined => {
  if (caller === undefined) return undefined
  switch (caller._tag) {
    case "Speech":
      return caller.text.trim() === "" ? undefined : storable(caller.text.trim())
    case "Digits":
      return `[keypad] ${storable(caller.digits)}`
    case "Silence":
      return "[silence]"
  }
}

/** The parts of the encoded dialogue state the record needs, read leniently. */
const StateFacts = Schema.Struct({
  goal: Schema.optional(Schema.String),
  bookingId: Schema.optional(BookingId),
})

const outcomeOf = (reply: Reply, facts: typeof StateFacts.Type, committed: boolean): CallOutcome => {
  if (reply.action._tag === "Transfer") return "transferred"
  if (committed && facts.goal === "cancel") return "cancelled"
  if (committed && facts.goal === "reschedule") return "rescheduled"
  if (committed) return "booked"
  return reply.action._tag === "Hangup" ? "ended" : "in_progress"
}

export const entry = (input: {
  readonly business: Business
  readonly call: Call
  /** Undefined on the call's first webhook, where the agent speaks first. */
  readonly caller: Conversation.CallerInput | undefined
  readonly reply: Reply
  readonly state: unknown
  readonly committed: boolean
}): Effect.Effect<CallEntry> =>
  Effect.map(DateTime.now, (at) => {
    const facts: typeof StateFacts.Type = Option.getOrElse(
      Schema.decodeUnknownOption(StateFacts)(input.state),
      () => ({}),
    )
    const said = heard(input.caller)
    const turns: Array<CallTurn> = [
      ...(said === undefined ? [] : [{ at, speaker: "caller" as const, text: said }]),
      { at, speaker: "agent" as const, text: storable(input.reply.say) },
    ]
    return {
      callSid: input.call.callSid,
      businessId: input.business.id,
      caller: storable(input.call.from ?? ""),
      at,
      turns,
      outcome: outcomeOf(input.reply, facts, input.committed),
      bookingId: input.committed && facts.goal !== "cancel" ? facts.bookingId : undefined,
      ended: input.reply.action._tag !== "Listen",
    }
  })
