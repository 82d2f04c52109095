import { CallSid } from "@frontdesk/domain/model/Ids"
import type { Businesses } from "@frontdesk/domain/ports/Businesses"
import type { CallSessions } from "@frontdesk/domain/ports/CallSessions"
import * as TwilioSignature from "@frontdesk/twilio/TwilioSignature"
import * as TwiML from "@frontdesk/twilio/TwiML"
import type { Redacted } from "effect"
import { type Effect, type ManagedRuntime, Schema } from "effect"
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify"
import * as CallFlow from "../CallFlow.js"
import type { Metrics } from "../Metrics.js"
import type { Receptionist } from "../Receptionist.js"

export type VoiceServices = Businesses | CallSessions | Receptionist | Metrics

export interface VoiceOptions {
  readonly runtime: ManagedRuntime.ManagedRuntime<VoiceServices, unknown>
  readonly publicBaseUrl: string
  readonly twilioAuthToken: Redacted.Redacted<string>
}

type Form = Record<string, string>

const formOf = (request: FastifyRequest): Form | undefined => {
  const body = request.body
  if (typeof body !== "object" || body === null) return undefined
  const form: Form = {}
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === "string") form[key] = value
    else if (Array.isArray(value)) form[key] = value.map(String).join(",")
  }
  return form
}

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

/**
 * Postgres text cannot hold NUL or half a surrogate pair, so such a value would fail every turn of
 * the call as a storage error. Twilio sends neither; they are replaced once the signature is checked.
 */
const storable = (text: string) => text.replaceAll("\u0000", "\ufffd").replace(loneSurrogate, "\ufffd")

const maxCallSidLength = 128

const TurnQuery = Schema.Struct({
  // 0 only comes back from a hold on the incoming call.
  turn: Schema.NumberFromString.pipe(Schema.int(), Schema.between(0, 1000)),
  silence: Schema.optional(Schema.Literal("1")),
  hold: Schema.optional(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, CallFlow.maxHolds))),
})

const sendTwiml = (reply: FastifyReply, twiml: string) => reply.code(200).type(TwiML.contentType).send(twiml)

export const register = (app: FastifyInstance, options: VoiceOptions) => {
  /** Signature first: nothing about an unsigned request is trusted, not even its CallSid. */
  const verified = (request: FastifyRequest, reply: FastifyReply): Form | undefined => {
    const form = formOf(request)
    if (form === undefined) {
      void reply.code(400).send({ error: "bad_request", message: "expected a form-encoded Twilio webhook" })
      return undefined
    }
    const url = TwilioSignature.publicUrl(options.publicBaseUrl, request.url)
    const signature = request.headers["x-twilio-signature"]
    if (
      !TwilioSignature.isValid(
        options.twilioAuthToken,
        typeof signature === "string" ? signature : undefined,
        url,
        form,
      )
    ) {
      request.log.warn({ url }, "rejected a webhook with a missing or wrong Twilio signature")
      void reply.code(403).send({ error: "forbidden", message: "invalid Twilio signature" })
      return undefined
    }
    const callSid = Schema.decodeUnknownOption(CallSid)(form.CallSid)
    // Twilio's are 34 characters; kilobytes of CallSid are not a call and do not fit the session key index.
    if (callSid._tag === "None" || callSid.value.length > maxCallSidLength) {
      void reply.code(400).send({ error: "bad_request", message: "CallSid is required" })
      return undefined
    }
    return Object.fromEntries(Object.entries(form).map(([key, value]) => [key, storable(value)]))
  }

  const run = (effect: Effect.Effect<string, never, VoiceServices>) => options.runtime.runPromise(effect)

  app.post<{ Params: { businessId: string } }>("/voice/incoming/:businessId", async (request, reply) => {
    const form = verified(request, reply)
    if (form === undefined) return reply
    const twiml = await run(
      CallFlow.handle({
        businessId: storable(request.params.businessId),
        call: { callSid: CallSid.make(form.CallSid ?? ""), from: form.From, to: form.To },
        turn: 0,
        caller: { silence: false },
        urls: { publicBaseUrl: options.publicBaseUrl },
      }),
    )
    return sendTwiml(reply, twiml)
  })

  app.post<{ Params: { businessId: string } }>("/voice/turn/:businessId", async (request, reply) => {
    const form = verified(request, reply)
    if (form === undefined) return reply
    const query = Schema.decodeUnknownEither(TurnQuery)(request.query)
    if (query._tag === "Left") {
      return reply.code(400).send({ error: "bad_request", message: "turn must be a positive integer" })
    }
    const speech = form.SpeechResult?.trim()
    const digits = form.Digits?.trim()
    const twiml = await run(
      CallFlow.handle({
        businessId: storable(request.params.businessId),
        call: { callSid: CallSid.make(form.CallSid ?? ""), from: form.From, to: form.To },
        turn: query.right.turn,
        ...(query.right.hold === undefined ? {} : { hold: query.right.hold }),
        caller: {
          silence: query.right.silence === "1" || ((speech ?? "") === "" && (digits ?? "") === ""),
          ...(speech ? { speech } : {}),
          ...(digits ? { digits } : {}),
        },
        urls: { publicBaseUrl: options.publicBaseUrl },
      }),
    )
    return sendTwiml(reply, twiml)
  })

  /** Twilio's status callback (optional in the console); acknowledged so it never shows as an error. */
  app.post("/voice/status/:businessId", async (request, reply) => {
    const form = verified(request, reply)
    if (form === undefined) return reply
    return reply.code(204).send()
  })
}
