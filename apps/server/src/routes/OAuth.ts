import { Businesses } from "@frontdesk/domain/ports/Businesses"
import type { CallbackParams, GoogleOAuthError } from "@frontdesk/google-calendar/GoogleOAuth"
import { Effect, type ManagedRuntime, Option, type Redacted } from "effect"
import type { FastifyInstance, FastifyReply } from "fastify"
import { GoogleConnect } from "../GoogleConnect.js"
import { bearerMatches, businessIdFrom } from "./Admin.js"

export type OAuthServices = GoogleConnect | Businesses

export interface OAuthOptions {
  readonly runtime: ManagedRuntime.ManagedRuntime<OAuthServices, unknown>
  readonly adminToken: Redacted.Redacted<string>
  /** Where the owner lands after connecting; a plain confirmation page when absent. */
  readonly settingsUrl?: (businessId: string) => string
}

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c)

const page = (reply: FastifyReply, status: number, title: string, text: string) =>
  reply
    .code(status)
    .type("text/html; charset=utf-8")
    .send(
      `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
        `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`,
    )

/** What the owner reads when connecting did not work, by cause. */
const failurePage = (error: GoogleOAuthError): { readonly status: number; readonly text: string } => {
  switch (error.reason) {
    case "AccessDenied":
      return { status: 400, text: "Google did not grant access, so nothing was changed." }
    case "InvalidState":
    case "ExpiredState":
    case "ReusedState":
      return {
        status: 400,
        text: "This connection link is invalid, expired or already used. Start again from the settings.",
      }
    case "InvalidCode":
      return { status: 400, text: "Google refused the sign-in code. Please start again." }
    case "InsufficientScope":
      return { status: 400, text: "Calendar access was not granted. Please start again and allow calendar access." }
    case "MissingRefreshToken":
      return {
        status: 400,
        text: "Google did not send a lasting permission. Remove Frontdesk from your Google account's connected apps and start again.",
      }
    case "Unavailable":
      return { status: 502, text: "Google could not be reached. Please try again in a minute." }
  }
}

/** A repeated parameter arrives as an array; Google sends each once, so anything else is not Google's answer. */
const callbackParams = (query: Record<string, unknown>): CallbackParams => {
  const text = (value: unknown) => (typeof value === "string" ? value : undefined)
  return { code: text(query.code), state: text(query.state), error: text(query.error), scope: text(query.scope) }
}

export const register = (app: FastifyInstance, options: OAuthOptions) => {
  app.get<{ Querystring: { businessId?: string } }>("/oauth/google/start", async (request, reply) => {
    if (!bearerMatches(request.headers.authorization, options.adminToken)) {
      return reply.code(401).send({ error: "unauthorized", message: "send Authorization: Bearer <ADMIN_TOKEN>" })
    }
    const given: unknown = request.query.businessId
    if (typeof given !== "string" || given.trim() === "") {
      return reply.code(400).send({ error: "bad_request", message: "businessId is required" })
    }
    const businessId = businessIdFrom(given)
    const answer = await options.runtime.runPromise(
      Effect.gen(function* () {
        const google = yield* GoogleConnect
        if (Option.isNone(google)) {
          return {
            status: 503,
            error: "not_configured",
            message: "Google Calendar is not configured: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET",
          } as const
        }
        if (Option.isNone(businessId)) return { status: 404, error: "not_found", message: "no such business" } as const
        const found = yield* Effect.flatMap(Businesses, (b) => b.get(businessId.value)).pipe(Effect.either)
        if (found._tag === "Left") {
          return found.left._tag === "BusinessNotFound"
            ? ({ status: 404, error: "not_found", message: "no such business" } as const)
            : ({ status: 503, error: "unavailable", message: "storage is unavailable, try again" } as const)
        }
        return { status: 302, location: yield* google.value.authorizationUrl(found.right.id) } as const
      }),
    )
    if (answer.status === 302) return reply.redirect(answer.location, 302)
    return reply.code(answer.status).send({ error: answer.error, message: answer.message })
  })

  app.get<{ Querystring: { code?: string; state?: string; error?: string; scope?: string } }>(
    "/oauth/google/callback",
    async (request, reply) => {
      const result = await options.runtime.runPromise(
        Effect.gen(function* () {
          const google = yield* GoogleConnect
          if (Option.isNone(google))
            return { ok: false, status: 503, text: "Google Calendar is not configured." } as const
          return yield* google.value.completeAuthorization(callbackParams(request.query)).pipe(
            Effect.map((businessId) => ({ ok: true, businessId }) as const),
            Effect.catchTags({
              GoogleOAuthError: (error) =>
                Effect.logWarning("Google Calendar connection failed").pipe(
                  Effect.annotateLogs({ reason: error.reason, businessId: error.businessId ?? null }),
                  Effect.as({ ok: false, ...failurePage(error) } as const),
                ),
              TokenVaultError: (error) =>
                Effect.logError("Could not store the Google connection").pipe(
                  Effect.annotateLogs({ error: error.message }),
                  Effect.as({
                    ok: false,
                    status: 503,
                    text: "The connection could not be saved. Please try again.",
                  } as const),
                ),
            }),
          )
        }),
      )
      if (!result.ok) return page(reply, result.status, "Google Calendar not connected", result.text)
      if (options.settingsUrl !== undefined) return reply.redirect(options.settingsUrl(result.businessId), 302)
      return page(
        reply,
        200,
        "Google Calendar connected",
        "Frontdesk will now check this calendar before booking and add new bookings to it. You can close this page.",
      )
    },
  )
}
