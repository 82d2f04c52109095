import { randomBytes } from "node:crypto"
import { HttpClient, HttpClientRequest } from "@effect/platform"
import * as TwilioSignature from "@frontdesk/twilio/TwilioSignature"
import { Data, Effect, type Redacted } from "effect"
import * as TwimlReader from "../TwimlReader.js"

/** Where simulated Twilio webhooks go and how they are signed. */
export interface Target {
  /** Where the server actually listens. */
  readonly url: string
  /** What the server believes its public URL is; signatures are computed against it. */
  readonly publicBaseUrl: string
  readonly authToken: Redacted.Redacted<string>
  readonly businessId: string
  /** The dialled number (the business's). */
  readonly to: string
}

export class WebhookError extends Data.TaggedError("WebhookError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

export const newCallSid = () => `CA${randomBytes(16).toString("hex")}`
export const accountSid = "AC00000000000000000000000000000000"

/**
 * One phone call as Twilio would make it: every request signed, form-encoded, with the same
 * CallSid, following the `<Gather action>` and `<Redirect>` URLs of the last answer.
 */
export const makeCall = (target: Target, options: { readonly from: string; readonly callSid?: string }) =>
  Effect.gen(function* () {
    const client = (yield* HttpClient.HttpClient).pipe(HttpClient.filterStatusOk)
    const callSid = options.callSid ?? newCallSid()
    let next: string | undefined
    let onSilence: string | undefined
    let ended = false

    const base = (status: string): Record<string, string> => ({
      CallSid: callSid,
      AccountSid: accountSid,
      From: options.from,
      To: target.to,
      Caller: options.from,
      Called: target.to,
      CallStatus: status,
      Direction: "inbound",
      ApiVersion: "2010-04-01",
    })

    const relative = (absolute: string) =>
      absolute.startsWith(target.publicBaseUrl) ? absolute.slice(target.publicBaseUrl.length) : absolute

    const post = (path: string, params: Record<string, string>) =>
      Effect.gen(function* () {
        const signature = TwilioSignature.sign(target.authToken, `${target.publicBaseUrl}${path}`, params)
        const response = yield* client.execute(
          HttpClientRequest.post(`${target.url}${path}`).pipe(
            HttpClientRequest.setHeader("x-twilio-signature", signature),
            HttpClientRequest.bodyUrlParams(params),
          ),
        )
        const view = TwimlReader.read(yield* response.text)
        next = view.action === undefined ? undefined : relative(view.action)
        onSilence = view.redirect === undefined ? undefined : relative(view.redirect)
        ended = view.hangup || view.dial !== undefined || (next === undefined && onSilence === undefined)
        return view
      }).pipe(Effect.mapError((cause) => new WebhookError({ message: `POST ${path} failed: ${cause}`, cause })))

    /** Like Twilio: a hold ("one moment", no Gather) is followed to its Redirect without waiting for the caller. */
    const turn = (path: string, params: Record<string, string>) =>
      Effect.gen(function* () {
        let view = yield* post(path, params)
        for (let holds = 0; holds < 5 && TwimlReader.isHold(view) && onSilence !== undefined; holds++) {
          view = yield* post(onSilence, base("in-progress"))
        }
        return view
      })

    return {
      callSid,
      get ended() {
        return ended
      },
      start: turn(`/voice/incoming/${encodeURIComponent(target.businessId)}`, base("ringing")),
      say: (speech: string) =>
        Effect.suspend(() =>
          next === undefined
            ? Effect.fail(new WebhookError({ message: "the agent is not listening" }))
            : turn(next, { ...base("in-progress"), SpeechResult: speech, Confidence: "0.93" }),
        ),
      silence: Effect.suspend(() =>
        onSilence === undefined
          ? Effect.fail(new WebhookError({ message: "nothing to do on silence" }))
          : turn(onSilence, base("in-progress")),
      ),
    }
  })
