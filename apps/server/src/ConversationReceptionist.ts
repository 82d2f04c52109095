import * as Conversation from "@frontdesk/domain/conversation/Conversation"
import * as DialogueState from "@frontdesk/domain/conversation/DialogueState"
import type { Reply } from "@frontdesk/domain/conversation/Turn"
import { Effect, Layer } from "effect"
import { type AgentReply, type CallerInput, Receptionist } from "./Receptionist.js"

/** The domain's Conversation runner behind the server's Receptionist seam. */

const replyOf = (turn: Reply): AgentReply => ({
  say: turn.say,
  next: turn.action,
  hints: turn.hints,
})

const inputOf = (caller: CallerInput): Conversation.CallerInput => {
  const speech = caller.speech?.trim() ?? ""
  if (speech !== "") return { _tag: "Speech", text: speech }
  const digits = caller.digits?.trim() ?? ""
  if (digits !== "") return { _tag: "Digits", digits }
  return { _tag: "Silence" }
}

export const make = Effect.map(Effect.context<Conversation.Services>(), (services) =>
  Receptionist.of({
    start: (business, call) =>
      Effect.sync(() => {
        const turn = Conversation.start({ business, from: call.from ?? "", callSid: call.callSid })
        return { state: DialogueState.encode(turn.state), reply: replyOf(turn) }
      }),
    respond: (business, _call, stored, caller) =>
      Effect.gen(function* () {
        const decoded = yield* Effect.either(DialogueState.decode(stored))
        if (decoded._tag === "Left") {
          // Written by an incompatible release: end the call politely rather than guess.
          yield* Effect.logWarning("Unreadable call state").pipe(Effect.annotateLogs({ businessId: business.id }))
          return { state: stored, reply: replyOf(Conversation.unreadable(business)) }
        }
        const turn = yield* Conversation.respond({ business, state: decoded.right, input: inputOf(caller) })
        return {
          state: DialogueState.encode(turn.state),
          reply: replyOf(turn),
          committed: turn.committed,
        }
      }).pipe(Effect.provide(services)),
  }),
)

export const layer: Layer.Layer<Receptionist, never, Conversation.Services> = Layer.effect(Receptionist, make)
