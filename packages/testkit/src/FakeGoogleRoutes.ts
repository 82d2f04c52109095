import { HttpRouter, HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { Effect } from "effect"
import { DEFAULT_ACCOUNT, type FakeGoogleStore } from "./FakeGoogleStore.js"
import { OAuthWireError } from "./FakeGoogleWireErrors.js"

/**
 * FakeGoogle's HTTP routes: the OAuth consent screen and token endpoint, and the Calendar v3
 * endpoints. Each reads the request and calls the store; whatever the store throws is turned into
 * Google's error body by the `endpoint` wrapper FakeGoogle passes in, which also counts requests,
 * adds latency and injects faults.
 */

export type FakeGoogleEndpoint =
  | "auth"
  | "token"
  | "freeBusy"
  | "events.list"
  | "events.insert"
  | "events.get"
  | "events.patch"
  | "events.delete"
  | "events.watch"
  | "channels.stop"
  | "calendarList"
  | "revoke"

/** Counting, latency and faults around one endpoint's real behaviour. */
export type Endpoint = <R>(
  name: FakeGoogleEndpoint,
  handle: (
    request: HttpServerRequest.HttpServerRequest,
  ) => Effect.Effect<HttpServerResponse.HttpServerResponse, unknown, R>,
) => (request: HttpServerRequest.HttpServerRequest) => Effect.Effect<HttpServerResponse.HttpServerResponse, never, R>

/** How the user answers the consent screen, read when each consent arrives. */
export interface Consent {
  /** Answer `error=access_denied` instead of a code. */
  readonly deny: boolean
  /** Scope the user grants (granular consent); the requested scope when undefined. */
  readonly grantedScope: string | undefined
}

const searchParams = (request: HttpServerRequest.HttpServerRequest) => new URL(request.url, "http://fake").searchParams

const formBody = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.map(request.text, (text) => new URLSearchParams(text))

const jsonBody = (request: HttpServerRequest.HttpServerRequest) =>
  Effect.map(request.text, (text) => (text === "" ? {} : (JSON.parse(text) as Record<string, unknown>)))

const ok = (body: unknown) => HttpServerResponse.unsafeJson(body)

export const oauthRoutes = (store: FakeGoogleStore, endpoint: Endpoint, consent: () => Consent) =>
  HttpRouter.empty.pipe(
    HttpRouter.get(
      "/o/oauth2/v2/auth",
      Effect.flatMap(
        HttpServerRequest.HttpServerRequest,
        endpoint("auth", (request) =>
          Effect.try({
            try: () => {
              const query = searchParams(request)
              const redirectUri = query.get("redirect_uri")
              const scope = query.get("scope")
              if (redirectUri === null || scope === null || query.get("response_type") !== "code") {
                throw new OAuthWireError(400, "invalid_request", "Missing required parameter")
              }
              const callback = new URL(redirectUri)
              const state = query.get("state")
              const { deny, grantedScope } = consent()
              if (deny) {
                callback.searchParams.set("error", "access_denied")
              } else {
                const granted = grantedScope ?? scope
                const code = store.grantCode({
                  account: DEFAULT_ACCOUNT,
                  clientId: query.get("client_id") ?? "",
                  redirectUri,
                  scope: granted,
                  codeChallenge: query.get("code_challenge") ?? undefined,
                  codeChallengeMethod: query.get("code_challenge_method") ?? undefined,
                  offline: query.get("access_type") === "offline",
                })
                callback.searchParams.set("code", code)
                callback.searchParams.set("scope", granted)
              }
              if (state !== null) callback.searchParams.set("state", state)
              return HttpServerResponse.redirect(callback.toString(), { status: 302 })
            },
            catch: (error) => error,
          }),
        ),
      ),
    ),
    HttpRouter.post(
      "/token",
      Effect.flatMap(
        HttpServerRequest.HttpServerRequest,
        endpoint("token", (request) =>
          Effect.flatMap(formBody(request), (form) =>
            Effect.try({
              try: () => {
                switch (form.get("grant_type")) {
                  case "authorization_code":
                    return ok(store.exchangeCode(form))
                  case "refresh_token":
                    return ok(store.refresh(form))
                  default:
                    throw new OAuthWireError(400, "unsupported_grant_type", "Invalid grant_type")
                }
              },
              catch: (error) => error,
            }),
          ),
        ),
      ),
    ),
    // The token to revoke comes as a query parameter (google-auth-library) or a form field.
    HttpRouter.post(
      "/revoke",
      Effect.flatMap(
        HttpServerRequest.HttpServerRequest,
        endpoint("revoke", (request) =>
          Effect.flatMap(formBody(request), (form) =>
            Effect.try({
              try: () => {
                const token = form.get("token") ?? searchParams(request).get("token") ?? ""
                if (!store.revokeToken(token)) throw new OAuthWireError(400, "invalid_token", "Bad Request")
                return ok({})
              },
              catch: (error) => error,
            }),
          ),
        ),
      ),
    ),
  )

export const calendarRoutes = (store: FakeGoogleStore, endpoint: Endpoint) => {
  const authenticated = <A>(request: HttpServerRequest.HttpServerRequest, use: (account: string) => A) =>
    Effect.try({
      try: () => use(store.authenticate(request.headers.authorization)),
      catch: (error) => error,
    })

  const calendarParams = Effect.map(HttpRouter.params, (params) => ({
    calendarId: params.calendarId ?? "",
    eventId: params.eventId ?? "",
  }))

  return HttpRouter.empty.pipe(
    HttpRouter.get(
      "/calendar/v3/users/me/calendarList",
      Effect.flatMap(
        HttpServerRequest.HttpServerRequest,
        endpoint("calendarList", (request) => authenticated(request, (account) => ok(store.calendarList(account)))),
      ),
    ),
    HttpRouter.post(
      "/calendar/v3/freeBusy",
      Effect.flatMap(
        HttpServerRequest.HttpServerRequest,
        endpoint("freeBusy", (request) =>
          Effect.flatMap(jsonBody(request), (body) =>
            authenticated(request, (account) => ok(store.freeBusy(account, body))),
          ),
        ),
      ),
    ),
    HttpRouter.get(
      "/calendar/v3/calendars/:calendarId/events",
      Effect.flatMap(Effect.zip(HttpServerRequest.HttpServerRequest, calendarParams), ([request, { calendarId }]) =>
        endpoint("events.list", (request) =>
          authenticated(request, (account) => ok(store.listEvents(account, calendarId, searchParams(request)))),
        )(request),
      ),
    ),
    HttpRouter.post(
      "/calendar/v3/calendars/:calendarId/events",
      Effect.flatMap(Effect.zip(HttpServerRequest.HttpServerRequest, calendarParams), ([request, { calendarId }]) =>
        endpoint("events.insert", (request) =>
          Effect.flatMap(jsonBody(request), (body) =>
            authenticated(request, (account) => ok(store.insertEvent(account, calendarId, body))),
          ),
        )(request),
      ),
    ),
    HttpRouter.get(
      "/calendar/v3/calendars/:calendarId/events/:eventId",
      Effect.flatMap(
        Effect.zip(HttpServerRequest.HttpServerRequest, calendarParams),
        ([request, { calendarId, eventId }]) =>
          endpoint("events.get", (request) =>
            authenticated(request, (account) => ok(store.getEvent(account, calendarId, eventId))),
          )(request),
      ),
    ),
    HttpRouter.patch(
      "/calendar/v3/calendars/:calendarId/events/:eventId",
      Effect.flatMap(
        Effect.zip(HttpServerRequest.HttpServerRequest, calendarParams),
        ([request, { calendarId, eventId }]) =>
          endpoint("events.patch", (request) =>
            Effect.flatMap(jsonBody(request), (body) =>
              authenticated(request, (account) => ok(store.patchEvent(account, calendarId, eventId, body))),
            ),
          )(request),
      ),
    ),
    HttpRouter.del(
      "/calendar/v3/calendars/:calendarId/events/:eventId",
      Effect.flatMap(
        Effect.zip(HttpServerRequest.HttpServerRequest, calendarParams),
        ([request, { calendarId, eventId }]) =>
          endpoint("events.delete", (request) =>
            authenticated(request, (account) => {
              store.deleteEvent(account, calendarId, eventId)
              return HttpServerResponse.empty({ status: 204 })
            }),
          )(request),
      ),
    ),
  )
}
