import { createHash, createHmac, randomBytes, timingSafeEqual } from "node:crypto"
import type { PersistenceError } from "@frontdesk/domain/model/Errors"
import { BusinessId } from "@frontdesk/domain/model/Ids"
import { OAuthStates } from "@frontdesk/domain/ports/OAuthStates"
import { CalendarCredentials, TokenVault, type TokenVaultError } from "@frontdesk/domain/ports/TokenVault"
import {
  Clock,
  type Config,
  type ConfigError,
  Context,
  Data,
  DateTime,
  Effect,
  Layer,
  Option,
  Redacted,
  Schema,
} from "effect"
import { CodeChallengeMethod } from "google-auth-library"
import { AccessTokens } from "./AccessTokens.js"
import { oauthClient } from "./GoogleClients.js"
import { config as defaultConfig, defaultTokenUrl, type GoogleOptions } from "./GoogleConfig.js"
import { errorReason, fromGoogle, isInvalidGrant } from "./GoogleErrors.js"

/**
 * Connecting a business's Google Calendar: the consent URL and the callback's code exchange.
 *
 * `state` is `payload.signature` (HMAC-SHA256 with the state secret) carrying the business id, a
 * nonce and an expiry 10 minutes out. The PKCE verifier is not stored anywhere: it is derived from
 * the nonce with the same secret, so any instance holding the secret can finish the exchange.
 */

export const scopes: ReadonlyArray<string> = [
  "https://www.googleapis.com/auth/calendar.events",
  "https://www.googleapis.com/auth/calendar.freebusy",
]

const STATE_TTL_MILLIS = 10 * 60 * 1000

export type OAuthFailure =
  /** The owner clicked "Cancel" on Google's consent screen (or Google reported another error). */
  | "AccessDenied"
  /** Missing, malformed or not signed by us: forged or tampered. */
  | "InvalidState"
  | "ExpiredState"
  /** This state was already used: a replayed or double-submitted callback. */
  | "ReusedState"
  /** Google refused the code (already used, expired, or not ours). */
  | "InvalidCode"
  /** The owner unticked calendar access on the consent screen. */
  | "InsufficientScope"
  /** Google sent no refresh token, so the connection could not outlive this hour. */
  | "MissingRefreshToken"
  /** Google's token endpoint could not be reached or failed. */
  | "Unavailable"

export class GoogleOAuthError extends Data.TaggedError("GoogleOAuthError")<{
  readonly reason: OAuthFailure
  readonly message: string
  /** Known whenever the state was genuine, so the caller can send the owner back to that business. */
  readonly businessId?: BusinessId
  readonly cause?: unknown
}> {}

/** The query Google appends to the redirect URL. */
export interface CallbackParams {
  readonly code?: string | undefined
  readonly state?: string | undefined
  readonly scope?: string | undefined
  readonly error?: string | undefined
}

export class GoogleOAuth extends Context.Tag("@frontdesk/google-calendar/GoogleOAuth")<
  GoogleOAuth,
  {
    /** Where to send the owner to grant access for this business. */
    /** Records the state's nonce in OAuthStates first, so any instance can take the callback. */
    readonly authorizationUrl: (businessId: BusinessId) => Effect.Effect<string, PersistenceError>
    /** Verifies the callback, exchanges the code and stores the refresh token; the business connected. */
    readonly completeAuthorization: (
      params: CallbackParams,
    ) => Effect.Effect<BusinessId, GoogleOAuthError | TokenVaultError>
    /**
     * Revokes the business's grant at Google and deletes the stored token. The token is deleted
     * even when Google cannot be reached (`revokedAtGoogle: false`): the owner asked to disconnect,
     * and they can also remove the app in their Google account.
     */
    readonly disconnect: (
      businessId: BusinessId,
    ) => Effect.Effect<{ readonly revokedAtGoogle: boolean }, TokenVaultError>
  }
>() {}

/** Google's revoke endpoint sits beside its token endpoint (oauth2.googleapis.com/token → /revoke). */
export const revokeUrlFor = (tokenUrl: string): string => tokenUrl.replace(/\/token$/, "/revoke")

const StatePayload = Schema.parseJson(Schema.Struct({ b: BusinessId, n: Schema.String, e: Schema.Number }))
const decodePayload = Schema.decodeUnknownOption(StatePayload)

const hmac = (secret: Redacted.Redacted<string>, data: string) =>
  createHmac("sha256", Redacted.value(secret)).update(data).digest()

const grants = (granted: string, wanted: ReadonlyArray<string>) => {
  const have = new Set(granted.split(/\s+/))
  const full = have.has("https://www.googleapis.com/auth/calendar")
  return wanted.every(
    (scope) =>
      have.has(scope) ||
      full ||
      // freeBusy is also allowed by read access to the calendars.
      (scope.endsWith("calendar.freebusy") && have.has("https://www.googleapis.com/auth/calendar.readonly")),
  )
}

export const make = (options: GoogleOptions): Effect.Effect<GoogleOAuth["Type"], never, TokenVault | OAuthStates> =>
  Effect.gen(function* () {
    const vault = yield* TokenVault
    /** Issued and used nonces, shared by every instance (Postgres in production). */
    const states = yield* OAuthStates
    /** The token cache GoogleCalendar uses, when the two were given a shared one (AccessTokens.layer). */
    const sharedTokens = yield* Effect.serviceOption(AccessTokens)
    const client = oauthClient(options)

    const verifierFor = (nonce: string) => hmac(options.stateSecret, `pkce:${nonce}`).toString("base64url")

    const authorizationUrl = (businessId: BusinessId) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const nonce = randomBytes(16).toString("base64url")
        const expiresAt = now + STATE_TTL_MILLIS
        yield* states.issue(nonce, businessId, DateTime.unsafeMake(expiresAt))
        const payload = Buffer.from(JSON.stringify({ b: businessId, n: nonce, e: expiresAt })).toString("base64url")
        const state = `${payload}.${hmac(options.stateSecret, payload).toString("base64url")}`
        return client.generateAuthUrl({
          access_type: "offline",
          prompt: "consent",
          include_granted_scopes: true,
          scope: [...scopes],
          state,
          code_challenge: createHash("sha256").update(verifierFor(nonce)).digest("base64url"),
          code_challenge_method: CodeChallengeMethod.S256,
        })
      })

    const fail = (reason: OAuthFailure, message: string, extra: { businessId?: BusinessId; cause?: unknown } = {}) =>
      Effect.fail(new GoogleOAuthError({ reason, message, ...extra }))

    const verifyState = (state: string | undefined) =>
      Effect.gen(function* () {
        const [payload, signature, ...rest] = (state ?? "").split(".")
        if (payload === undefined || signature === undefined || rest.length > 0 || payload === "") {
          return yield* fail("InvalidState", "the sign-in link is not valid; please start again")
        }
        const expected = hmac(options.stateSecret, payload)
        const given = Buffer.from(signature, "base64url")
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          return yield* fail("InvalidState", "the sign-in link is not valid; please start again")
        }
        const decoded = decodePayload(Buffer.from(payload, "base64url").toString("utf8"))
        if (Option.isNone(decoded))
          return yield* fail("InvalidState", "the sign-in link is not valid; please start again")
        const { b: businessId, n: nonce, e: expiresAt } = decoded.value
        const now = yield* Clock.currentTimeMillis
        if (expiresAt <= now) {
          return yield* fail("ExpiredState", "the sign-in link expired; please start again", { businessId })
        }
        // Single use across instances: the first callback to consume the nonce wins; the binding
        // to the business is checked again against what was issued.
        const issuedFor = yield* states.consume(nonce, DateTime.unsafeMake(now)).pipe(
          Effect.mapError(
            (cause) =>
              new GoogleOAuthError({
                reason: "Unavailable",
                message: "could not check the sign-in link; please try again",
                businessId,
                cause,
              }),
          ),
        )
        if (Option.isNone(issuedFor) || issuedFor.value !== businessId) {
          return yield* fail("ReusedState", "this sign-in link was already used", { businessId })
        }
        return { businessId, nonce }
      })

    const completeAuthorization = (params: CallbackParams) =>
      Effect.gen(function* () {
        const { businessId, nonce } = yield* verifyState(params.state)
        if (params.error !== undefined) {
          return yield* fail(
            "AccessDenied",
            params.error === "access_denied"
              ? "access to Google Calendar was not granted"
              : `Google reported an error: ${params.error}`,
            { businessId },
          )
        }
        if (params.code === undefined || params.code === "") {
          return yield* fail("InvalidCode", "Google sent no authorization code", { businessId })
        }
        const code = params.code
        const { tokens } = yield* Effect.tryPromise({
          try: () => client.getToken({ code, codeVerifier: verifierFor(nonce), redirect_uri: options.redirectUrl }),
          catch: (cause) => {
            const summary = fromGoogle("code exchange", cause)
            return isInvalidGrant(cause)
              ? new GoogleOAuthError({
                  reason: "InvalidCode",
                  message: "Google refused the authorization code (already used or expired); please start again",
                  businessId,
                  cause: summary.cause,
                })
              : new GoogleOAuthError({
                  reason: "Unavailable",
                  message: `could not reach Google to finish connecting (${errorReason((cause as { response?: { data?: unknown } }).response?.data) ?? summary.kind})`,
                  businessId,
                  cause: summary.cause,
                })
          },
        })
        const refreshToken = tokens.refresh_token
        if (refreshToken === null || refreshToken === undefined || refreshToken === "") {
          return yield* fail("MissingRefreshToken", "Google did not grant offline access; please start again", {
            businessId,
          })
        }
        const scope = tokens.scope ?? params.scope ?? ""
        if (!grants(scope, scopes)) {
          return yield* fail(
            "InsufficientScope",
            "Frontdesk needs permission to see free/busy times and manage events; please allow both",
            { businessId },
          )
        }
        const now = yield* DateTime.now
        yield* vault.store(
          businessId,
          new CalendarCredentials({
            provider: "google",
            refreshToken: Redacted.make(refreshToken),
            scope,
            status: "connected",
            updatedAt: now,
          }),
        )
        // A cached access token may belong to the previous connection (even another Google account).
        if (Option.isSome(sharedTokens)) yield* sharedTokens.value.forget(businessId)
        yield* Effect.logInfo("Google Calendar connected").pipe(Effect.annotateLogs({ businessId }))
        return businessId
      })

    const revokeUrl = revokeUrlFor(options.oauthTokenUrl ?? defaultTokenUrl)

    const disconnect = (businessId: BusinessId) =>
      Effect.gen(function* () {
        const stored = yield* vault.load(businessId)
        const revokedAtGoogle = Option.isNone(stored)
          ? true
          : yield* Effect.tryPromise({
              try: (signal) =>
                fetch(revokeUrl, {
                  method: "POST",
                  headers: { "content-type": "application/x-www-form-urlencoded" },
                  body: new URLSearchParams({ token: Redacted.value(stored.value.refreshToken) }).toString(),
                  signal: AbortSignal.any([signal, AbortSignal.timeout(10_000)]),
                }),
              catch: (cause) => cause,
            }).pipe(
              // 400 invalid_token: already revoked (by the owner in their Google account): done too.
              Effect.map((response) => response.ok || response.status === 400),
              Effect.catchAll((cause) =>
                Effect.logWarning("Could not reach Google to revoke the calendar grant").pipe(
                  Effect.annotateLogs({ businessId, error: String(cause) }),
                  Effect.as(false),
                ),
              ),
            )
        yield* vault.delete(businessId)
        if (Option.isSome(sharedTokens)) yield* sharedTokens.value.forget(businessId)
        yield* Effect.logInfo("Google Calendar disconnected").pipe(Effect.annotateLogs({ businessId, revokedAtGoogle }))
        return { revokedAtGoogle }
      })

    return GoogleOAuth.of({ authorizationUrl, completeAuthorization, disconnect })
  })

export const layer = (options: GoogleOptions): Layer.Layer<GoogleOAuth, never, TokenVault | OAuthStates> =>
  Layer.effect(GoogleOAuth, make(options))

export const layerConfig = (
  config: Config.Config<GoogleOptions> = defaultConfig,
): Layer.Layer<GoogleOAuth, ConfigError.ConfigError, TokenVault | OAuthStates> =>
  Layer.unwrapEffect(Effect.map(config, layer))
