import * as GoogleConfig from "@frontdesk/google-calendar/GoogleConfig"
import type { ManagedRuntime, Redacted } from "effect"
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from "fastify"
import type pino from "pino"
import { defaultHttpLimits, type HttpLimits, type TrustProxy } from "./Config.js"
import * as Answer from "./http/Answer.js"
import * as FormBody from "./http/FormBody.js"
import * as SecurityHeaders from "./http/SecurityHeaders.js"
import * as Admin from "./routes/Admin.js"
import * as AdminCalls from "./routes/AdminCalls.js"
import * as Console from "./routes/Console.js"
import * as GoogleWebhook from "./routes/GoogleWebhook.js"
import * as Health from "./routes/Health.js"
import * as OAuth from "./routes/OAuth.js"
import * as Relay from "./routes/Relay.js"
import * as Sms from "./routes/Sms.js"
import * as Voice from "./routes/Voice.js"

export type AppServices =
  | Voice.VoiceServices
  | Admin.AdminServices
  | Health.HealthServices
  | OAuth.OAuthServices
  | GoogleWebhook.GoogleWebhookServices
  | AdminCalls.AdminCallsServices
  | Console.ConsoleServices
  | Sms.SmsServices

export interface ServerOptions {
  readonly runtime: ManagedRuntime.ManagedRuntime<AppServices, unknown>
  readonly publicBaseUrl: string
  readonly adminToken: Redacted.Redacted<string>
  readonly twilioAuthToken: Redacted.Redacted<string>
  readonly logger: pino.Logger
  /** Defaults to Config.defaultHttpLimits. */
  readonly http?: HttpLimits
  /** Defaults to trusting no proxy: X-Forwarded-For is then ignored. */
  readonly trustProxy?: TrustProxy
  /** Where the console's "Connect Google Calendar" form may redirect: Google's sign-in by default. */
  readonly oauthAuthUrl?: string
}

/**
 * Node checks request and header timeouts on a timer, 30 s apart by default, which would let a
 * slow request live up to twice its timeout; a tighter check keeps the cut close to the limit.
 */
const checkingInterval = (requestTimeoutMs: number) => Math.max(50, Math.min(1000, Math.floor(requestTimeoutMs / 4)))

/** Twilio posts a few hundred bytes; anything near this is not a webhook. */
export const bodyLimit = 64 * 1024

export const build = (options: ServerOptions): FastifyInstance => {
  const limits = options.http ?? defaultHttpLimits
  const trustProxy = options.trustProxy ?? false
  const app = Fastify({
    loggerInstance: options.logger as unknown as FastifyBaseLogger,
    bodyLimit,
    // X-Forwarded-For is anyone's to write: only the proxies named in TRUST_PROXY are believed.
    trustProxy:
      typeof trustProxy === "number"
        ? // A hop count, as Fastify itself reads a number (its types do not admit one).
          (_address: string, hop: number) => hop < trustProxy
        : typeof trustProxy === "object"
          ? [...trustProxy]
          : trustProxy,
    return503OnClosing: true,
    requestTimeout: limits.requestTimeoutMs,
    connectionTimeout: limits.connectionTimeoutMs,
    keepAliveTimeout: limits.keepAliveTimeoutMs,
    maxRequestsPerSocket: limits.maxRequestsPerSocket,
    http: {
      // Given at construction too, so Node derives its header timeout from it.
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: checkingInterval(limits.requestTimeoutMs),
    },
  })
  app.server.maxConnections = limits.maxConnections

  FormBody.register(app, { bodyLimit })
  SecurityHeaders.register(app, [new URL(options.oauthAuthUrl ?? GoogleConfig.defaultAuthUrl).origin])

  // Shutdown: answers still being written when close starts tell the client to hang up the
  // connection, or an idle keep-alive socket (Twilio keeps them) would hold close open for 72 s.
  let closing = false
  app.addHook("preClose", async () => {
    closing = true
  })
  app.addHook("onSend", async (_request, reply, payload) => {
    if (closing) reply.header("connection", "close")
    return payload
  })

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500
    if (status >= 500) {
      request.log.error({ err: error }, "request failed")
      return Answer.send(reply, Answer.problem(500, "internal_error", "something went wrong"))
    }
    const code = status === 413 ? "payload_too_large" : status === 415 ? "unsupported_media_type" : "bad_request"
    return Answer.send(reply, Answer.problem(status, code, error.message))
  })

  app.setNotFoundHandler((request, reply) =>
    Answer.send(reply, Answer.problem(404, "not_found", `no route for ${request.method} ${request.url.split("?")[0]}`)),
  )

  Health.register(app, { runtime: options.runtime, adminToken: options.adminToken })
  Voice.register(app, {
    runtime: options.runtime,
    publicBaseUrl: options.publicBaseUrl,
    twilioAuthToken: options.twilioAuthToken,
  })
  Relay.register(app, {
    runtime: options.runtime,
    publicBaseUrl: options.publicBaseUrl,
    twilioAuthToken: options.twilioAuthToken,
  })
  Sms.register(app, {
    runtime: options.runtime,
    publicBaseUrl: options.publicBaseUrl,
    twilioAuthToken: options.twilioAuthToken,
  })
  Admin.register(app, { runtime: options.runtime, adminToken: options.adminToken })
  AdminCalls.register(app, {
    runtime: options.runtime,
    adminToken: options.adminToken,
    publicBaseUrl: options.publicBaseUrl,
  })
  OAuth.register(app, {
    runtime: options.runtime,
    adminToken: options.adminToken,
    settingsUrl: Console.oauthSettingsUrl,
    browserCheck: Console.oauthBrowserCheck(options.runtime, options.publicBaseUrl),
  })
  Console.register(app, {
    runtime: options.runtime,
    adminToken: options.adminToken,
    publicBaseUrl: options.publicBaseUrl,
  })
  GoogleWebhook.register(app, { runtime: options.runtime })
  return app
}
