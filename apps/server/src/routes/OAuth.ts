import { Businesses } from "@frontdesk/domain/Businesses"
import { BusinessId } from "@frontdesk/domain/Ids"
import { CalendarCredentials, TokenVault } from "@frontdesk/domain/TokenVault"
import { Clock, DateTime, Effect, type ManagedRuntime, Option, type Redacted } from "effect"
import type { FastifyInstance } from "fastify"
import { GoogleConnect } from "../GoogleConnect.js"
import * as OAuthState from "../OAuthState.js"
import { bearerMatches } from "./Admin.js"

export type OAuthServices = GoogleConnect | TokenVault | Businesses

export interface OAuthOptions {
  readonly runtime: ManagedRuntime.ManagedRuntime<OAuthServices, unknown>
  readonly adminToken: Redacted.Redacted<string>
  readonly stateSecret: Redacted.Redacted<string>
  /** Where the owner lands after connecting; a plain confirmation page when absent. */
  readonly settingsUrl?: (businessId: string) => string
}

/** Long enough to pick an account and click through consent, short enough that a leaked URL goes stale. */
const stateLifetimeMillis = 15 * 60 * 1000

const page = (title: string, text: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1><p>${text}</p></body></html>`

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c)

export const register = (app: FastifyInstance, options: OAuthOptions) => {
  app.get<{ Querystring: { businessId?: string } }>("/oauth/google/start", async (request, reply) => {
    if (!bearerMatches(request.headers.authorization, options.adminToken)) {
      return reply.code(401).send({ error: "unauthorized", message: "send Authorization: Bearer <ADMIN_TOKEN>" })
    }
    const businessId = request.query.businessId
    if (businessId === undefined || businessId === "") {
      return reply.code(400).send({ error: "bad_request", message: "businessId is required" })
    }
    const answer = await options.runtime.runPromise(
      Effect.gen(function* () {
        const google = yield* GoogleConnect
        if (!google.configured) {
          return {
            status: 503,
            error: "Google Calendar is not configured (set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET)",
          }
        }
        const exists = yield* Effect.flatMap(Businesses, (b) => b.get(BusinessId.make(businessId))).pipe(
          Effect.as(true),
          Effect.catchTag("BusinessNotFound", () => Effect.succeed(false)),
          Effect.catchTag("PersistenceError", () => Effect.succeed(false)),
        )
        if (!exists) return { status: 404, error: "no such business" }
        const codeVerifier = OAuthState.newCodeVerifier()
        const now = yield* Clock.currentTimeMillis
        const state = OAuthState.seal(options.stateSecret, {
          businessId,
          codeVerifier,
          expiresAt: now + stateLifetimeMillis,
        })
        return {
          status: 302,
          location: google.authorizationUrl({ state, codeChallenge: OAuthState.codeChallenge(codeVerifier) }),
        }
      }),
    )
    if ("location" in answer) return reply.redirect(answer.location, 302)
    return reply
      .code(answer.status)
      .send({ error: answer.status === 404 ? "not_found" : "unavailable", message: answer.error })
  })

  app.get<{ Querystring: { code?: string; state?: string; error?: string; scope?: string } }>(
    "/oauth/google/callback",
    async (request, reply) => {
      const { code, state, error } = request.query
      const opened = OAuthState.open(options.stateSecret, state ?? "", Date.now())
      if (Option.isNone(opened)) {
        return reply
          .code(400)
          .type("text/html; charset=utf-8")
          .send(page("Link expired", "This connection link is invalid or has expired. Start again from the settings."))
      }
      const { businessId, codeVerifier } = opened.value
      if (error !== undefined || code === undefined || code === "") {
        return reply
          .code(400)
          .type("text/html; charset=utf-8")
          .send(
            page(
              "Not connected",
              `Google did not grant access (${escapeHtml(error ?? "no code")}). Nothing was changed.`,
            ),
          )
      }
      const result = await options.runtime.runPromise(
        Effect.gen(function* () {
          const google = yield* GoogleConnect
          const tokens = yield* google.exchange({ code, codeVerifier })
          const vault = yield* TokenVault
          const now = yield* DateTime.now
          yield* vault.store(
            BusinessId.make(businessId),
            new CalendarCredentials({
              provider: "google",
              refreshToken: tokens.refreshToken,
              scope: tokens.scope,
              status: "connected",
              updatedAt: now,
            }),
          )
          yield* Effect.logInfo("Google Calendar connected").pipe(Effect.annotateLogs({ businessId }))
          return { ok: true as const }
        }).pipe(
          Effect.catchAll((failure) =>
            Effect.logWarning("Google Calendar connection failed").pipe(
              Effect.annotateLogs({ businessId, reason: failure._tag, message: failure.message }),
              Effect.as({ ok: false as const, message: failure.message }),
            ),
          ),
        ),
      )
      if (!result.ok) {
        return reply
          .code(502)
          .type("text/html; charset=utf-8")
          .send(
            page(
              "Not connected",
              `Connecting Google Calendar failed: ${escapeHtml(result.message)}. Please try again.`,
            ),
          )
      }
      if (options.settingsUrl !== undefined) return reply.redirect(options.settingsUrl(businessId), 302)
      return reply
        .code(200)
        .type("text/html; charset=utf-8")
        .send(page("Google Calendar connected", "Frontdesk will now check this calendar and add new bookings to it."))
    },
  )
}
