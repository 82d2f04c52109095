import type { ManagedRuntime, Redacted } from "effect"
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from "fastify"
import type pino from "pino"
import * as Admin from "./routes/Admin.js"
import * as Health from "./routes/Health.js"
import * as OAuth from "./routes/OAuth.js"
import * as Voice from "./routes/Voice.js"

export type AppServices = Voice.VoiceServices | Admin.AdminServices | Health.HealthServices | OAuth.OAuthServices

export interface ServerOptions {
  readonly runtime: ManagedRuntime.ManagedRuntime<AppServices, unknown>
  readonly publicBaseUrl: string
  readonly adminToken: Redacted.Redacted<string>
  readonly twilioAuthToken: Redacted.Redacted<string>
  readonly logger: pino.Logger
}

/** Twilio posts a few hundred bytes; anything near this is not a webhook. */
export const bodyLimit = 64 * 1024

const strictFormParser = (body: string): Record<string, string> => {
  const form: Record<string, string> = {}
  if (body === "") return form
  for (const pair of body.split("&")) {
    if (pair === "") continue
    const eq = pair.indexOf("=")
    const rawKey = eq === -1 ? pair : pair.slice(0, eq)
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1)
    // decodeURIComponent throws on broken escapes (%zz, truncated UTF-8): that is a malformed body.
    const key = decodeURIComponent(rawKey.replace(/\+/g, " "))
    const value = decodeURIComponent(rawValue.replace(/\+/g, " "))
    form[key] = value
  }
  return form
}

export const build = (options: ServerOptions): FastifyInstance => {
  const app = Fastify({
    loggerInstance: options.logger as unknown as FastifyBaseLogger,
    bodyLimit,
    // Behind a load balancer; client IPs in logs come from X-Forwarded-For.
    trustProxy: true,
    return503OnClosing: true,
  })

  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit },
    (_request, body, done) => {
      try {
        done(null, strictFormParser(body as string))
      } catch {
        const error = new Error("malformed form body") as FastifyError
        error.statusCode = 400
        done(error, undefined)
      }
    },
  )

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
      return reply.code(500).send({ error: "internal_error", message: "something went wrong" })
    }
    const code = status === 413 ? "payload_too_large" : status === 415 ? "unsupported_media_type" : "bad_request"
    return reply.code(status).send({ error: code, message: error.message })
  })

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send({ error: "not_found", message: `no route for ${request.method} ${request.url.split("?")[0]}` }),
  )

  Health.register(app, { runtime: options.runtime })
  Voice.register(app, {
    runtime: options.runtime,
    publicBaseUrl: options.publicBaseUrl,
    twilioAuthToken: options.twilioAuthToken,
  })
  Admin.register(app, { runtime: options.runtime, adminToken: options.adminToken })
  OAuth.register(app, { runtime: options.runtime, adminToken: options.adminToken })
  return app
}
