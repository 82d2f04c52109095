import { createHmac } from "node:crypto"
import { createServer } from "node:http"
import { HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { NodeHttpServer, NodeHttpServerRequest } from "@effect/platform-node"
import { Context, Effect, Layer, Ref } from "effect"

/** A message the fake accepted, as Twilio would have stored it. */
export interface FakeMessage {
  readonly sid: string
  readonly accountSid: string
  readonly to: string
  readonly from: string | undefined
  readonly messagingServiceSid: string | undefined
  readonly body: string
  readonly statusCallback: string | undefined
  readonly dateCreated: Date
}

/** Twilio failures worth rehearsing; each answers with Twilio's own status, code and message. */
export type FakeFailure = "InvalidNumber" | "Unsubscribed" | "RateLimited" | "Unavailable" | "Unauthorized"

/** Twilio got the message and sent it, but the answer never reached the caller (connection cut). */
export type FakeFault = FakeFailure | "LoseResponse"

const failures: Record<FakeFailure, { readonly status: number; readonly code: number; readonly message: string }> = {
  InvalidNumber: { status: 400, code: 21211, message: "The 'To' number is not a valid phone number." },
  Unsubscribed: {
    status: 400,
    code: 21610,
    message: "Attempt to send to unsubscribed recipient",
  },
  RateLimited: { status: 429, code: 20429, message: "Too Many Requests" },
  Unavailable: { status: 503, code: 20500, message: "Service Unavailable" },
  Unauthorized: { status: 401, code: 20003, message: "Authenticate" },
}

export interface FakeTwilio {
  /** Base URL to hand to the SDK as TWILIO_API_BASE_URL. */
  readonly url: string
  readonly accountSid: string
  readonly authToken: string
  /** Every accepted message, oldest first. */
  readonly messages: Effect.Effect<ReadonlyArray<FakeMessage>>
  /** Every request that reached the Messages endpoint, including refused ones. */
  readonly requestCount: Effect.Effect<number>
  /** The next `times` sends fail this way (default once). */
  readonly failNext: (failure: FakeFault, times?: number) => Effect.Effect<void>
  /** Sends to this number always fail this way (a number that texted STOP, a landline). */
  readonly failFor: (to: string, failure: FakeFailure) => Effect.Effect<void>
  readonly reset: Effect.Effect<void>
}

export class FakeTwilioServer extends Context.Tag("@frontdesk/testkit/FakeTwilio")<FakeTwilioServer, FakeTwilio>() {}

const hex = (n: number) => Array.from({ length: n }, () => Math.floor(Math.random() * 16).toString(16)).join("")

export const defaultAccountSid = "AC00000000000000000000000000000000"
export const defaultAuthToken = "fake-twilio-auth-token"

const errorBody = (failure: { readonly status: number; readonly code: number; readonly message: string }) =>
  HttpServerResponse.unsafeJson(
    {
      code: failure.code,
      message: failure.message,
      more_info: `https://www.twilio.com/docs/errors/${failure.code}`,
      status: failure.status,
    },
    { status: failure.status },
  )

/** A message as the Messages API returns it (snake_case, RFC 2822 dates). */
const wire = (message: FakeMessage) => ({
  sid: message.sid,
  account_sid: message.accountSid,
  to: message.to,
  from: message.from ?? null,
  messaging_service_sid: message.messagingServiceSid ?? null,
  body: message.body,
  status: "queued",
  num_segments: "1",
  direction: "outbound-api",
  api_version: "2010-04-01",
  date_created: message.dateCreated.toUTCString(),
  date_updated: message.dateCreated.toUTCString(),
  date_sent: null,
  error_code: null,
  error_message: null,
  price: null,
  uri: `/2010-04-01/Accounts/${message.accountSid}/Messages/${message.sid}.json`,
})

const messagesPath = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/

/** A loopback HTTP server that speaks the Messages API well enough for the twilio SDK. */
export const make = (options: { readonly accountSid?: string; readonly authToken?: string } = {}) =>
  Effect.gen(function* () {
    const accountSid = options.accountSid ?? defaultAccountSid
    const authToken = options.authToken ?? defaultAuthToken
    const messages = yield* Ref.make<ReadonlyArray<FakeMessage>>([])
    const requests = yield* Ref.make(0)
    const queued = yield* Ref.make<ReadonlyArray<FakeFault>>([])
    const perNumber = yield* Ref.make<ReadonlyMap<string, FakeFailure>>(new Map())
    const expectedAuth = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString("base64")}`

    const app = Effect.gen(function* () {
      const request = yield* HttpServerRequest.HttpServerRequest
      const url = new URL(request.url, "http://fake")
      const match = messagesPath.exec(url.pathname)
      if ((request.method !== "POST" && request.method !== "GET") || match === null) {
        return errorBody({ status: 404, code: 20404, message: "The requested resource was not found" })
      }
      yield* Ref.update(requests, (n) => n + 1)
      if (match[1] !== accountSid || request.headers.authorization !== expectedAuth) {
        return errorBody(failures.Unauthorized)
      }
      if (request.method === "GET") {
        // Newest first, like Twilio; filtered by To when given.
        const to = url.searchParams.get("To")
        const pageSize = Math.min(1000, Number(url.searchParams.get("PageSize") ?? 50) || 50)
        const all = (yield* Ref.get(messages)).filter((m) => to === null || m.to === to).reverse()
        const listUri = `/2010-04-01/Accounts/${accountSid}/Messages.json`
        return HttpServerResponse.unsafeJson({
          messages: all.slice(0, pageSize).map(wire),
          end: Math.min(all.length, pageSize) - 1,
          first_page_uri: `${listUri}?PageSize=${pageSize}&Page=0`,
          next_page_uri: null,
          page: 0,
          page_size: pageSize,
          previous_page_uri: null,
          start: 0,
          uri: `${listUri}?PageSize=${pageSize}&Page=0`,
        })
      }
      const params = new URLSearchParams(
        (yield* Effect.orDie(request.urlParamsBody)).map(([k, v]): [string, string] => [k, v]),
      )
      const to = params.get("To") ?? ""
      const body = params.get("Body") ?? ""
      const from = params.get("From") ?? undefined
      const messagingServiceSid = params.get("MessagingServiceSid") ?? undefined
      if (to === "") return errorBody({ status: 400, code: 21604, message: "A 'To' phone number is required." })
      if (from === undefined && messagingServiceSid === undefined) {
        return errorBody({ status: 400, code: 21603, message: "A 'From' phone number is required." })
      }
      if (body === "") return errorBody({ status: 400, code: 21602, message: "Message body is required." })

      const injected = yield* Ref.modify(queued, (all) => [all[0], all.slice(1)] as const)
      const forNumber = (yield* Ref.get(perNumber)).get(to)
      const failure = injected ?? forNumber ?? (/^\+[1-9]\d{6,14}$/.test(to) ? undefined : "InvalidNumber")
      if (failure !== undefined && failure !== "LoseResponse") return errorBody(failures[failure])

      const message: FakeMessage = {
        sid: `SM${hex(32)}`,
        accountSid,
        to,
        from,
        messagingServiceSid,
        body,
        statusCallback: params.get("StatusCallback") ?? undefined,
        dateCreated: new Date(),
      }
      yield* Ref.update(messages, (all) => [...all, message])
      if (failure === "LoseResponse") {
        yield* Effect.sync(() => NodeHttpServerRequest.toIncomingMessage(request).socket.destroy())
        return yield* Effect.interrupt
      }
      return HttpServerResponse.unsafeJson(wire(message), { status: 201 })
    })

    const server = yield* NodeHttpServer.make(() => createServer(), { port: 0, host: "127.0.0.1" })
    yield* server.serve(app)
    const address = server.address
    const url = address._tag === "TcpAddress" ? `http://127.0.0.1:${address.port}` : "http://127.0.0.1"

    return FakeTwilioServer.of({
      url,
      accountSid,
      authToken,
      messages: Ref.get(messages),
      requestCount: Ref.get(requests),
      failNext: (failure, times = 1) =>
        Ref.update(queued, (all) => [...all, ...Array.from({ length: times }, () => failure)]),
      failFor: (to, failure) => Ref.update(perNumber, (all) => new Map([...all, [to, failure]])),
      reset: Effect.all([
        Ref.set(messages, []),
        Ref.set(queued, []),
        Ref.set(perNumber, new Map()),
        Ref.set(requests, 0),
      ]).pipe(Effect.asVoid),
    })
  })

export const layer = (options: { readonly accountSid?: string; readonly authToken?: string } = {}) =>
  Layer.scoped(FakeTwilioServer, make(options))

/** A customer's text to a business number, as Twilio's Messaging webhook delivers it. */
export interface InboundSms {
  readonly from: string
  readonly to: string
  readonly body: string
  /** Set by Twilio's opt-out handling when the body matched a keyword. */
  readonly optOutType?: "STOP" | "START" | "HELP"
}

/** The webhook Twilio would POST: path, form and `X-Twilio-Signature` (HMAC-SHA1 over URL + sorted params). */
export const signedInboundSms = (
  options: { readonly publicBaseUrl: string; readonly businessId: string; readonly authToken: string },
  sms: InboundSms,
): { readonly path: string; readonly form: Record<string, string>; readonly signature: string } => {
  const path = `/sms/incoming/${encodeURIComponent(options.businessId)}`
  const form: Record<string, string> = {
    MessageSid: `SM${hex(32)}`,
    AccountSid: defaultAccountSid,
    From: sms.from,
    To: sms.to,
    Body: sms.body,
    NumMedia: "0",
    ...(sms.optOutType === undefined ? {} : { OptOutType: sms.optOutType }),
  }
  const data = Object.keys(form)
    .sort()
    .reduce((acc, key) => acc + key + form[key], `${options.publicBaseUrl.replace(/\/+$/, "")}${path}`)
  const signature = createHmac("sha1", options.authToken).update(data).digest("base64")
  return { path, form, signature }
}

/** POSTs a signed inbound text to a running server (`serverUrl`), as Twilio would; answers status and TwiML. */
export const sendInboundSms = (
  serverUrl: string,
  options: { readonly publicBaseUrl: string; readonly businessId: string; readonly authToken: string },
  sms: InboundSms,
): Effect.Effect<{ readonly status: number; readonly body: string }> =>
  Effect.promise(async () => {
    const { path, form, signature } = signedInboundSms(options, sms)
    const response = await fetch(`${serverUrl}${path}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(10_000),
    })
    return { status: response.status, body: await response.text() }
  })
