import fastifyWebsocket from "@fastify/websocket"
import type * as Conversation from "@frontdesk/domain/conversation/Conversation"
import { CallSid } from "@frontdesk/domain/model/Ids"
import * as RelayTwiML from "@frontdesk/twilio/RelayTwiML"
import * as TwilioSignature from "@frontdesk/twilio/TwilioSignature"
import * as TwiML from "@frontdesk/twilio/TwiML"
import { Effect, Either, type ManagedRuntime, Option, type Redacted, Schema } from "effect"
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify"
import type { WebSocket } from "ws"
import * as CallFlow from "../CallFlow.js"
import * as Answer from "../http/Answer.js"
import * as SignedWebhook from "../http/SignedWebhook.js"
import * as StorableText from "../http/StorableText.js"
import * as RelayFlow from "../RelayFlow.js"
import { clipInput, type VoiceServices } from "./Voice.js"

/**
 * Twilio ConversationRelay: `GET /voice/relay/:businessId` is the WebSocket Twilio opens after our
 * `<Connect><ConversationRelay>` (CallFlow), `POST /voice/relay/:businessId/ended` its
 * `<Connect action>`. Messages are processed one at a time per socket, in arrival order; every
 * turn's state is stored (RelayFlow), so the socket can drop and come back at any point.
 */

export interface RelayOptions {
  readonly runtime: ManagedRuntime.ManagedRuntime<VoiceServices, unknown>
  readonly publicBaseUrl: string
  readonly twilioAuthToken: Redacted.Redacted<string>
}

/** A ConversationRelay message is a few hundred bytes; a prompt is capped like a `<Gather>` result. */
export const maxMessageBytes = 16 * 1024

const Setup = Schema.Struct({
  type: Schema.Literal("setup"),
  callSid: Schema.String.pipe(Schema.minLength(1), Schema.maxLength(128)),
  from: Schema.optional(Schema.String),
  to: Schema.optional(Schema.String),
})
const Prompt = Schema.Struct({
  type: Schema.Literal("prompt"),
  voicePrompt: Schema.String,
  last: Schema.optionalWith(Schema.Boolean, { default: () => true }),
})
const Interrupt = Schema.Struct({
  type: Schema.Literal("interrupt"),
  utteranceUntilInterrupt: Schema.optionalWith(Schema.String, { default: () => "" }),
})
const Dtmf = Schema.Struct({ type: Schema.Literal("dtmf"), digit: Schema.String.pipe(Schema.maxLength(4)) })
const RelayError = Schema.Struct({ type: Schema.Literal("error"), description: Schema.optional(Schema.String) })
const Inbound = Schema.Union(Setup, Prompt, Interrupt, Dtmf, RelayError)
const decodeInbound = Schema.decodeUnknownEither(Schema.parseJson(Inbound))

/** Twilio's `end` handoffData is a string; ours is JSON naming why the session ended. */
const HandoffData = Schema.parseJson(Schema.Struct({ reason: Schema.Literal("transfer", "hangup") }))

/** Keys pressed while the agent asks for a phone number are collected until `#` or a full number. */
const phoneDigits = 15

/** Splits a reply into the tokens streamed to Twilio: one per sentence, so speech starts on the first. */
export const tokensOf = (say: string): ReadonlyArray<string> => {
  const sentences = say.match(/[^.!?]+[.!?]+["')\]]*\s*|[^.!?]+$/g) ?? [say]
  return sentences.map((sentence) => sentence).filter((sentence) => sentence.trim() !== "")
}

const send = (socket: WebSocket, message: unknown) => {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message))
}

const speak = (socket: WebSocket, say: string) => {
  const tokens = tokensOf(say)
  tokens.forEach((token, i) => {
    send(socket, { type: "text", token, last: i === tokens.length - 1 })
  })
}

/** `end` with our handoffData; Twilio then POSTs the `<Connect action>` (the ended route). */
const end = (socket: WebSocket, handoff: RelayFlow.Handoff) => {
  send(socket, { type: "end", handoffData: JSON.stringify(handoff) })
}

export const register = (app: FastifyInstance, options: RelayOptions) => {
  /** The upgrade is signed like a webhook over the `url` our TwiML gave Twilio, without params. */
  const refuseUnsigned = async (request: FastifyRequest<{ Params: { businessId: string } }>, reply: FastifyReply) => {
    const url = RelayTwiML.socketUrl(options.publicBaseUrl, CallFlow.relayPath(request.params.businessId))
    const signature = request.headers["x-twilio-signature"]
    if (
      !TwilioSignature.isValid(options.twilioAuthToken, typeof signature === "string" ? signature : undefined, url, {})
    ) {
      request.log.warn({ url }, "refused a relay upgrade with a missing or wrong Twilio signature")
      return Answer.send(reply, Answer.problem(403, "forbidden", "invalid Twilio signature"))
    }
  }

  app.register(fastifyWebsocket, { options: { maxPayload: maxMessageBytes } })
  app.register(async (scoped) => {
    scoped.get<{ Params: { businessId: string } }>(
      "/voice/relay/:businessId",
      { websocket: true, preValidation: refuseUnsigned },
      (socket, request) => {
        const businessId = StorableText.replaceUnstorable(request.params.businessId)
        const log = request.log
        let call: RelayFlow.RelayCall | undefined
        let asking = "anything"
        let keys = ""
        let ended = false
        // One message at a time: a prompt's turn must see the interrupt that came before it.
        let queue: Promise<void> = Promise.resolve()

        const act = (step: RelayFlow.RelayStep | undefined) => {
          if (step === undefined || ended) return
          if (step._tag === "End") {
            ended = true
            end(socket, step.handoff)
            return
          }
          asking = step.asking
          speak(socket, step.say)
        }

        const run = (effect: Effect.Effect<RelayFlow.RelayStep | undefined, unknown, VoiceServices>) =>
          options.runtime.runPromise(effect).then(act, (error: unknown) => {
            log.error({ err: error }, "relay message failed")
            act({ _tag: "Speak", say: RelayFlow.troubleLine, asking: "anything" })
          })

        const turn = (input: Conversation.CallerInput) =>
          call === undefined ? Promise.resolve() : run(RelayFlow.turn(businessId, call, input))

        const handle = async (raw: string) => {
          const message = decodeInbound(raw)
          if (Either.isLeft(message)) {
            log.warn("ignored a relay message that is not ConversationRelay's")
            return
          }
          const m = message.right
          if (ended) return
          switch (m.type) {
            case "setup": {
              const callSid = Schema.decodeUnknownOption(CallSid)(m.callSid)
              if (Option.isNone(callSid)) return
              call = {
                callSid: callSid.value,
                from: m.from === undefined ? undefined : StorableText.replaceUnstorable(m.from),
                to: m.to,
              }
              return run(RelayFlow.setup(businessId, call))
            }
            case "prompt": {
              if (!m.last) return
              const text = clipInput(StorableText.replaceUnstorable(m.voicePrompt.trim()))
              return turn(text === "" ? { _tag: "Silence" } : { _tag: "Speech", text })
            }
            case "interrupt":
              if (call === undefined) return
              return options.runtime.runPromise(
                RelayFlow.interrupted(call, StorableText.replaceUnstorable(m.utteranceUntilInterrupt)),
              )
            case "dtmf": {
              if (!/^[0-9*#]$/.test(m.digit)) return
              if (asking !== "phone") return turn({ _tag: "Digits", digits: m.digit })
              if (m.digit !== "#") keys += m.digit
              if (m.digit === "#" || keys.length >= phoneDigits) {
                const digits = keys
                keys = ""
                return digits === "" ? undefined : turn({ _tag: "Digits", digits })
              }
              return
            }
            case "error":
              // Twilio reports a problem it had (a TTS failure, a message it rejected); the call goes on.
              log.warn({ description: m.description?.slice(0, 200) }, "ConversationRelay reported an error")
              return
          }
        }

        socket.on("message", (data, isBinary) => {
          if (isBinary) return
          const raw = data.toString()
          queue = queue.then(() => handle(raw)).catch((error: unknown) => log.error({ err: error }, "relay failed"))
        })
        socket.on("error", (error) => log.warn({ err: error }, "relay socket error"))
      },
    )

    scoped.post<{ Params: { businessId: string } }>("/voice/relay/:businessId/ended", async (request, reply) => {
      const signed = SignedWebhook.verify(request, options, "a relay-ended webhook")
      if (Either.isLeft(signed)) return Answer.send(reply, signed.left)
      const form = signed.right
      const callSid = Schema.decodeUnknownOption(CallSid)(form.CallSid)
      if (Option.isNone(callSid) || callSid.value.length > 128) {
        return Answer.send(reply, Answer.problem(400, "bad_request", "CallSid is required"))
      }
      const handoff = Option.getOrUndefined(Schema.decodeUnknownOption(HandoffData)(form.HandoffData ?? ""))
      const businessId = StorableText.replaceUnstorable(request.params.businessId)
      return Answer.responder(options.runtime)(
        reply,
        RelayFlow.endedAnswer(businessId, { callSid: callSid.value, from: form.From, to: form.To }, handoff).pipe(
          Effect.map((ended) =>
            Answer.twiml(
              ended.say === undefined || ended.business === undefined
                ? RelayTwiML.ended(undefined)
                : TwiML.render(
                    {
                      say: ended.say,
                      action: ended.dial === undefined ? { _tag: "Hangup" } : { _tag: "Transfer", to: ended.dial },
                      hints: [],
                    },
                    TwiML.voiceOf(ended.business),
                    // Neither a hangup nor a transfer listens again.
                    { action: "", onSilence: "" },
                  ),
            ),
          ),
        ),
      )
    })
  })
}
