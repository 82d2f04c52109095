import { HttpClient, HttpClientRequest } from "@effect/platform"
import * as RelayTwiML from "@frontdesk/twilio/RelayTwiML"
import * as TwilioSignature from "@frontdesk/twilio/TwilioSignature"
import { Effect, Queue, type Scope } from "effect"
import WebSocket from "ws"
import * as TwimlReader from "../TwimlReader.js"
import { accountSid, newCallSid, type Target, WebhookError } from "./WebhookClient.js"

/**
 * `pnpm call --relay`: a call as Twilio ConversationRelay carries it. The incoming webhook first
 * (a relay business answers `<Connect><ConversationRelay>`, whose greeting is printed as Twilio
 * would say it), then the signed WebSocket with `setup` and one `prompt` per line; after `end`,
 * the `<Connect action>` POST whose TwiML has the last words and the transfer or hangup.
 */

export type RelayTurn =
  | { readonly _tag: "Said"; readonly text: string }
  | { readonly _tag: "Ended"; readonly view: TwimlReader.PhoneView }

export const makeRelayCall = (target: Target, options: { readonly from: string }) =>
  Effect.gen(function* () {
    const http = (yield* HttpClient.HttpClient).pipe(HttpClient.filterStatusOk)
    const callSid = newCallSid()
    const params = (extra: Record<string, string>) => ({
      CallSid: callSid,
      AccountSid: accountSid,
      From: options.from,
      To: target.to,
      Direction: "inbound",
      ApiVersion: "2010-04-01",
      ...extra,
    })
    const post = (path: string, form: Record<string, string>) =>
      Effect.gen(function* () {
        const signature = TwilioSignature.sign(target.authToken, `${target.publicBaseUrl}${path}`, form)
        const response = yield* http.execute(
          HttpClientRequest.post(`${target.url}${path}`).pipe(
            HttpClientRequest.setHeader("x-twilio-signature", signature),
            HttpClientRequest.bodyUrlParams(form),
          ),
        )
        return yield* response.text
      }).pipe(Effect.mapError((cause) => new WebhookError({ message: `POST ${path} failed: ${cause}`, cause })))

    const business = encodeURIComponent(target.businessId)
    const incoming = yield* post(`/voice/incoming/${business}`, params({ CallStatus: "ringing" }))
    const relay = TwimlReader.readRelay(incoming)

    const path = `/voice/relay/${business}`
    const signedUrl = relay?.url ?? RelayTwiML.socketUrl(target.publicBaseUrl, path)
    const messages = yield* Queue.unbounded<Record<string, unknown>>()
    const socket = yield* Effect.acquireRelease(
      Effect.async<WebSocket, WebhookError>((resume) => {
        const ws = new WebSocket(`${target.url.replace(/^http/, "ws")}${path}`, {
          headers: { "x-twilio-signature": TwilioSignature.sign(target.authToken, signedUrl, {}) },
        })
        ws.once("open", () => resume(Effect.succeed(ws)))
        ws.once("unexpected-response", (_request, response) => {
          resume(Effect.fail(new WebhookError({ message: `the relay refused the socket (${response.statusCode})` })))
          ws.terminate()
        })
        ws.once("error", (cause) =>
          resume(Effect.fail(new WebhookError({ message: `relay: ${cause.message}`, cause }))),
        )
        ws.on("message", (data) => {
          try {
            Queue.unsafeOffer(messages, JSON.parse(data.toString()) as Record<string, unknown>)
          } catch {
            // Not JSON: nothing ConversationRelay would act on either.
          }
        })
        ws.on("close", () => Queue.unsafeOffer(messages, { type: "closed" }))
      }),
      (ws) => Effect.sync(() => ws.close()),
    )
    const send = (message: unknown) => Effect.sync(() => socket.send(JSON.stringify(message)))
    let ended = false

    /** Tokens up to `last: true`; after `end`, the `<Connect action>` answer. */
    const next: Effect.Effect<RelayTurn, WebhookError> = Effect.gen(function* () {
      let text = ""
      for (;;) {
        const message = yield* Queue.take(messages)
        if (message.type === "text") {
          text += String(message.token ?? "")
          if (message.last === true) return { _tag: "Said", text: text.trim() } as const
        } else if (message.type === "end" || message.type === "closed") {
          ended = true
          const handoff = typeof message.handoffData === "string" ? message.handoffData : undefined
          const action = relay?.action ?? `${target.publicBaseUrl}${path}/ended`
          const twiml = yield* post(
            action.startsWith(target.publicBaseUrl) ? action.slice(target.publicBaseUrl.length) : action,
            params({
              SessionId: `VX${callSid.slice(2)}`,
              SessionStatus: handoff === undefined ? "ended" : "completed",
              ...(handoff === undefined ? {} : { HandoffData: handoff }),
            }),
          )
          return { _tag: "Ended", view: TwimlReader.read(twiml) } as const
        }
      }
    })

    yield* send({
      type: "setup",
      sessionId: `VX${callSid.slice(2)}`,
      callSid,
      accountSid,
      from: options.from,
      to: target.to,
      direction: "inbound",
      customParameters: {},
    })
    return {
      callSid,
      /** What Twilio says from the TwiML before the socket speaks; none for a `<Gather>` business. */
      welcomeGreeting: relay?.welcomeGreeting,
      get ended() {
        return ended
      },
      /** The greeting over the socket, for a call no relay TwiML started. */
      greeting: relay === undefined ? next : Effect.succeed(undefined),
      say: (text: string) =>
        Effect.zipRight(send({ type: "prompt", voicePrompt: text, lang: "en-US", last: true }), next),
      silence: Effect.zipRight(send({ type: "prompt", voicePrompt: "", lang: "en-US", last: true }), next),
    }
  }) satisfies Effect.Effect<unknown, WebhookError, HttpClient.HttpClient | Scope.Scope>
