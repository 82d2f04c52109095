import { BusinessId } from "@frontdesk/domain/model/Ids"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import type { CallbackParams, GoogleOAuthError } from "@frontdesk/google-calendar/GoogleOAuth"
import { Effect, type ManagedRuntime, Option, type Redacted } from "effect"
import type { FastifyInstance, FastifyRequest } from "fastify"
import { GoogleConnect } from "../GoogleConnect.js"
import * as AdminAuth from "../http/AdminAuth.js"
import * as Answer from "../http/Answer.js"
import * as StorableText from "../http/StorableText.js"

export type OAuthServices = GoogleConnect | Businesses

export interface OAuthOptions {
  readonly runtime: ManagedRuntime.ManagedRuntime<OAuthServices, unknown>
  readonly adminToken: Redacted.Redacted<string>
  /** Where the owner lands after connecting; a plain confirmation page when absent. */
  readonly settingsUrl?: (businessId: string) => string
  /** False when the callback reaches a browser other than the one that started it (see Console.oauthBrowserCheck). */
  readonly browserCheck?: (request: FastifyRequest, state: string | undefined) => Promise<boolean>
}

const notConnected = "Google Calendar not connected"

/** What the owner reads when connecting did not work, by cause. */
const failurePage = (error: GoogleOAuthError): Answer.Answer => {
  switch (error.reason) {
    case "AccessDenied":
      return Answer.page(400, notConnected, "Google did not grant access, so nothing was changed.")
    case "InvalidState":
    case "ExpiredState":
    case "ReusedState":
      return Answer.page(
        400,
        notConnected,
        "This connection link is invalid, expired or already used. Start again from the settings.",
      )
    case "InvalidCode":
      return Answer.page(400, notConnected, "Google refused the sign-in code. Please start again.")
    case "InsufficientScope":
      return Answer.page(
        400,
        notConnected,
        "Calendar access was not granted. Please start again and allow calendar access.",
      )
    case "MissingRefreshToken":
      return Answer.page(
        400,
        notConnected,
        "Google did not send a lasting permission. Remove Frontdesk from your Google account's connected apps and start again.",
      )
    case "Unavailable":
      return Answer.page(502, notConnected, "Google could not be reached. Please try again in a minute.")
  }
}

/** A repeated parameter arrives as an array; Google sends each once, so anything else is not Google's answer. */
const callbackParams = (query: Record<string, unknown>): CallbackParams => {
  const text = (value: unknown) => (typeof value === "string" ? value : undefined)
  return { code: text(query.code), state: text(query.state), error: text(query.error), scope: text(query.scope) }
}

const businessIdFrom = StorableText.idFrom(BusinessId)

/** Sends the owner to Google's consent screen for this business. */
const start = (given: string) =>
  Effect.gen(function* () {
    const google = yield* GoogleConnect
    if (Option.isNone(google)) {
      return Answer.problem(
        503,
        "not_configured",
        "Google Calendar is not configured: set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET",
      )
    }
    const businessId = businessIdFrom(given)
    if (Option.isNone(businessId)) return Answer.problem(404, "not_found", "no such business")
    const business = yield* Effect.flatMap(Businesses, (b) => b.get(businessId.value))
    return Answer.redirect(yield* google.value.authorizationUrl(business.id))
  }).pipe(Answer.recover)

/** Google sends the owner back here with a code (or a refusal). */
const callback = (params: CallbackParams, settingsUrl: OAuthOptions["settingsUrl"]) =>
  Effect.gen(function* () {
    const google = yield* GoogleConnect
    if (Option.isNone(google)) return Answer.page(503, notConnected, "Google Calendar is not configured.")
    return yield* google.value.completeAuthorization(params).pipe(
      Effect.map((businessId) =>
        settingsUrl !== undefined
          ? Answer.redirect(settingsUrl(businessId))
          : Answer.page(
              200,
              "Google Calendar connected",
              "Frontdesk will now check this calendar before booking and add new bookings to it. You can close this page.",
            ),
      ),
      Effect.catchTags({
        GoogleOAuthError: (error) =>
          Effect.logWarning("Google Calendar connection failed").pipe(
            Effect.annotateLogs({ reason: error.reason, businessId: error.businessId ?? null }),
            Effect.as(failurePage(error)),
          ),
        TokenVaultError: (error) =>
          Effect.logError("Could not store the Google connection").pipe(
            Effect.annotateLogs({ error: error.message }),
            Effect.as(Answer.page(503, notConnected, "The connection could not be saved. Please try again.")),
          ),
      }),
    )
  })

export const register = (app: FastifyInstance, options: OAuthOptions) => {
  const respond = Answer.responder(options.runtime)

  app.register(async (owner) => {
    await owner.register(AdminAuth.plugin, { adminToken: options.adminToken })
    owner.get<{ Querystring: { businessId?: string } }>("/oauth/google/start", async (request, reply) => {
      const given: unknown = request.query.businessId
      if (typeof given !== "string" || given.trim() === "") {
        return Answer.send(reply, Answer.problem(400, "bad_request", "businessId is required"))
      }
      return respond(reply, start(given))
    })
  })

  // Google's redirect carries no token: the signed, single-use state is what ties it to the owner.
  app.get<{ Querystring: { code?: string; state?: string; error?: string; scope?: string } }>(
    "/oauth/google/callback",
    async (request, reply) => {
      const params = callbackParams(request.query)
      if (options.browserCheck !== undefined && !(await options.browserCheck(request, params.state))) {
        return Answer.send(
          reply,
          Answer.page(
            400,
            notConnected,
            "This connection was started from another browser session. Sign in to the console and start again from Calendar.",
          ),
        )
      }
      return respond(reply, callback(params, options.settingsUrl))
    },
  )
}
