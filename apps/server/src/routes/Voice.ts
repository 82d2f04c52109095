import type * as Conversation from "@frontdesk/domain/conversation/Conversation"
import { CallSid } from "@frontdesk/domain/model/Ids"
import type { Businesses } from "@frontdesk/domain/ports/Businesses"
import type { CallRecords } from "@frontdesk/domain/ports/CallRecords"
import type { CallSessions } from "@frontdesk/domain/ports/CallSessions"
import { Effect, Either, type ManagedRuntime, type Redacted, Schema } from "effect"
import type { FastifyInstance, FastifyRequest } from "fastify"
import type { Call } from "../Call.js"
import * as CallFlow from "../CallFlow.js"
import * as Answer from "../http/Answer.js"
import * as SignedWebhook from "../http/SignedWebhook.js"
import * as StorableText from "../http/StorableText.js"
import type { Metrics } from "../Metrics.js"

export type VoiceServices = Businesses | CallSessions | CallRecords | Metrics | Conversation.Services

export interface VoiceOptions {
  readonly runtime: ManagedRuntime.ManagedRuntime<VoiceServices, unknown>
  readonly publicBaseUrl: string
  readonly twilioAuthToken: Redacted.Redacted<string>
}

type Form = SignedWebhook.Form

const maxCallSidLength = 128

const TurnQuery = Schema.Struct({
  // 0 only comes back from a hold on the incoming call.
  turn: Schema.NumberFromString.pipe(Schema.int(), Schema.between(0, 1000)),
  silence: Schema.optional(Schema.Literal("1")),
  hold: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, CallFlow.maxHolds))),
})

/**
 * A caller's turn is a sentence or two; interpretation runs synchronously and grows with the text,
 * so a signed but oversized SpeechResult (tens of KB) would stall every call on this instance.
 */
export const maxInputLength = 2000

/** At most `maxInputLength` characters, cut at the last word boundary and never inside a surrogate pair. */
export const clipInput = (text: string): string => {
  if (text.length <= maxInputLength) return text
  let cut = text.slice(0, maxInputLength)
  const lastSpace = cut.search(/\s\S*$/)
  if (lastSpace > maxInputLength / 2) cut = cut.slice(0, lastSpace)
  else if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1)
  return cut.trimEnd()
}

/** What the caller did, as Twilio's `<Gather>` reported it: words, else keys, else nothing. */
const callerInput = (form: Form): Conversation.CallerInput => {
  const speech = clipInput(form.SpeechResult?.trim() ?? "")
  if (speech !== "") return { _tag: "Speech", text: speech }
  const digits = clipInput(form.Digits?.trim() ?? "")
  if (digits !== "") return { _tag: "Digits", digits }
  return { _tag: "Silence" }
}

const callOf = (form: Form): Call => ({
  callSid: CallSid.make(form.CallSid ?? ""),
  from: form.From,
  to: form.To,
})

export const register = (app: FastifyInstance, options: VoiceOptions) => {
  const respond = Answer.responder(options.runtime)

  /**
   * Signature first: nothing about an unsigned request is trusted, not even its CallSid. A
   * verified form's values are made storable: Twilio sends no NUL or half surrogate pairs, and
   * one would otherwise fail every turn of the call as a storage error.
   */
  const verified = (request: FastifyRequest): Either.Either<Form, Answer.Answer> => {
    const signed = SignedWebhook.verify(request, options, "a webhook")
    if (Either.isLeft(signed)) return signed
    const form = signed.right
    const callSid = Schema.decodeUnknownOption(CallSid)(form.CallSid)
    // Twilio's are 34 characters; kilobytes of CallSid are not a call and do not fit the session key index.
    if (callSid._tag === "None" || callSid.value.length > maxCallSidLength) {
      return Either.left(Answer.problem(400, "bad_request", "CallSid is required"))
    }
    return Either.right(
      Object.fromEntries(Object.entries(form).map(([key, value]) => [key, StorableText.replaceUnstorable(value)])),
    )
  }

  app.post<{ Params: { businessId: string } }>("/voice/incoming/:businessId", async (request, reply) => {
    const form = verified(request)
    if (Either.isLeft(form)) return Answer.send(reply, form.left)
    return respond(
      reply,
      CallFlow.handle({
        businessId: StorableText.replaceUnstorable(request.params.businessId),
        call: callOf(form.right),
        turn: 0,
        caller: { _tag: "Silence" },
        urls: { publicBaseUrl: options.publicBaseUrl },
      }).pipe(Effect.map(Answer.twiml)),
    )
  })

  app.post<{ Params: { businessId: string } }>("/voice/turn/:businessId", async (request, reply) => {
    const form = verified(request)
    if (Either.isLeft(form)) return Answer.send(reply, form.left)
    const query = Schema.decodeUnknownEither(TurnQuery)(request.query)
    if (Either.isLeft(query)) {
      return Answer.send(reply, Answer.problem(400, "bad_request", "turn must be a positive integer"))
    }
    return respond(
      reply,
      CallFlow.handle({
        businessId: StorableText.replaceUnstorable(request.params.businessId),
        call: callOf(form.right),
        turn: query.right.turn,
        ...(query.right.hold === undefined ? {} : { hold: query.right.hold }),
        caller: callerInput(form.right),
        urls: { publicBaseUrl: options.publicBaseUrl },
      }).pipe(Effect.map(Answer.twiml)),
    )
  })

  /** Twilio's status callback (optional in the console); acknowledged so it never shows as an error. */
  app.post("/voice/status/:businessId", async (request, reply) =>
    Answer.send(
      reply,
      Either.match(verified(request), { onLeft: (refused) => refused, onRight: () => Answer.noContent }),
    ),
  )
}
