import { createServer } from "node:http"
import { HttpRouter, type HttpServer, type HttpServerRequest, HttpServerResponse } from "@effect/platform"
import { NodeHttpServer, NodeHttpServerRequest } from "@effect/platform-node"
import { Clock, Context, Duration, Effect, Layer, type Scope } from "effect"
import type { FakeEvent, OwnerEvent } from "./FakeGoogleCalendarStore.js"
import { calendarRoutes, type FakeGoogleEndpoint, oauthRoutes } from "./FakeGoogleRoutes.js"
import { DEFAULT_ACCOUNT, makeStore } from "./FakeGoogleStore.js"
import { type Delivery, type FakeChannel, makeChannels, syncRoutes } from "./FakeGoogleSync.js"
import { GoogleWireError, OAuthWireError } from "./FakeGoogleWireErrors.js"

/**
 * A fake of Google's OAuth and Calendar v3 endpoints on a real loopback HTTP server, speaking the
 * wire format the SDKs expect, with switches to misbehave. Point an adapter at `url` (API root),
 * `authUrl` and `tokenUrl`.
 */

export type Fault =
  /** Answer with this status and a Google error body (`reason`), optionally with Retry-After (seconds). */
  | { readonly _tag: "Status"; readonly status: number; readonly reason: string; readonly retryAfter?: string }
  /** Accept the request and never answer. */
  | { readonly _tag: "Hang" }
  /** Close the connection before doing anything. */
  | { readonly _tag: "Drop" }
  /** Do the work, then close the connection instead of answering (the "lost response"). */
  | { readonly _tag: "LoseResponse" }

export const Fault = {
  rateLimited: (retryAfterSeconds?: number): Fault => ({
    _tag: "Status",
    status: 429,
    reason: "rateLimitExceeded",
    ...(retryAfterSeconds === undefined ? {} : { retryAfter: String(retryAfterSeconds) }),
  }),
  rateLimited403: (reason: "rateLimitExceeded" | "userRateLimitExceeded" | "quotaExceeded" = "rateLimitExceeded") =>
    ({ _tag: "Status", status: 403, reason }) as Fault,
  forbidden: (): Fault => ({ _tag: "Status", status: 403, reason: "forbiddenForNonOrganizer" }),
  serverError: (status = 503): Fault => ({ _tag: "Status", status, reason: "backendError" }),
  hang: { _tag: "Hang" } as Fault,
  drop: { _tag: "Drop" } as Fault,
  loseResponse: { _tag: "LoseResponse" } as Fault,
}

export interface InjectOptions {
  /** Which endpoints misbehave; all when absent. */
  readonly endpoints?: ReadonlyArray<FakeGoogleEndpoint>
  /** For the next N matching requests (default 1 unless `during` is given). */
  readonly times?: number
  /** For a period from now, by the Effect clock (a test on the TestClock ends it by moving the clock). */
  readonly during?: Duration.DurationInput
}

export interface RecordedRequest {
  readonly endpoint: FakeGoogleEndpoint
  /** Epoch millis when the request arrived, by the Effect clock of whoever built the fake. */
  readonly at: number
  readonly fault?: Fault["_tag"]
}

export interface FakeGoogleOptions {
  readonly clientId?: string
  readonly clientSecret?: string
}

export interface FakeGoogleService {
  /** API root (`GOOGLE_API_ROOT_URL`), ending with "/". */
  readonly url: string
  /** Consent screen (`GOOGLE_OAUTH_AUTH_URL`). */
  readonly authUrl: string
  /** Token endpoint (`GOOGLE_OAUTH_TOKEN_URL`). */
  readonly tokenUrl: string
  readonly clientId: string
  readonly clientSecret: string
  readonly account: string

  /** Delay before every answer (also before faults). */
  readonly setLatency: (latency: Duration.DurationInput) => Effect.Effect<void>
  readonly inject: (fault: Fault, options?: InjectOptions) => Effect.Effect<void>
  readonly clearFaults: Effect.Effect<void>

  /** A refresh token for an account as if its owner had consented earlier. */
  readonly connect: (options?: { readonly account?: string; readonly scope?: string }) => Effect.Effect<string>
  readonly revoke: (refreshToken: string) => Effect.Effect<void>
  /** Every issued access token stops working (as after an hour, or a password change). */
  readonly expireAccessTokens: Effect.Effect<void>
  /** `expires_in` of newly issued access tokens. */
  readonly setAccessTokenLifetime: (seconds: number) => Effect.Effect<void>
  /** The next consents answer `error=access_denied`. */
  readonly setDenyConsent: (deny: boolean) => Effect.Effect<void>
  /** Scope the user grants on the consent screen (granular consent); the requested scope when undefined. */
  readonly setGrantedScope: (scope: string | undefined) => Effect.Effect<void>

  /** A calendar of the account (its calendarList name is `summary`, the id when absent). */
  readonly addCalendar: (calendarId: string, account?: string, summary?: string) => Effect.Effect<void>
  /** Every refresh token issued, and whether it was revoked (by `revoke` or Google's revoke endpoint). */
  readonly grants: Effect.Effect<ReadonlyArray<{ readonly account: string; readonly revoked: boolean }>>
  readonly removeCalendar: (calendarId: string, account?: string) => Effect.Effect<void>
  /** An event the owner put in their calendar (busy unless transparent). */
  readonly addEvent: (calendarId: string, event: OwnerEvent, account?: string) => Effect.Effect<FakeEvent>
  readonly events: (calendarId: string, account?: string) => Effect.Effect<ReadonlyArray<FakeEvent>>

  /** The owner drags an event to another time in Google Calendar. */
  readonly moveEvent: (
    calendarId: string,
    eventId: string,
    to: { readonly start: Date | string; readonly end: Date | string },
    account?: string,
  ) => Effect.Effect<FakeEvent>
  /** The owner deletes an event in Google Calendar. */
  readonly deleteEvent: (calendarId: string, eventId: string, account?: string) => Effect.Effect<void>
  /** Every sync token handed out so far answers 410 Gone. */
  readonly invalidateSyncTokens: Effect.Effect<void>
  /** Open push channels (FakeGoogleSync). */
  readonly channels: Effect.Effect<ReadonlyArray<FakeChannel>>
  /** Google forgets every channel without a word. */
  readonly dropChannels: Effect.Effect<void>
  /** Notifications sent so far, once each has been answered. */
  readonly deliveries: Effect.Effect<ReadonlyArray<Delivery>>

  readonly requestCount: (endpoint?: FakeGoogleEndpoint) => Effect.Effect<number>
  readonly requests: Effect.Effect<ReadonlyArray<RecordedRequest>>
  readonly resetRequests: Effect.Effect<void>
}

export class FakeGoogle extends Context.Tag("@frontdesk/testkit/FakeGoogle")<FakeGoogle, FakeGoogleService>() {}

interface FaultRule {
  readonly fault: Fault
  readonly endpoints: ReadonlyArray<FakeGoogleEndpoint> | undefined
  remaining: number
  readonly until: number
}

const googleError = (status: number, reason: string, message: string, headers?: Record<string, string>) =>
  HttpServerResponse.unsafeJson(
    { error: { code: status, message, errors: [{ domain: "global", reason, message }] } },
    { status, ...(headers === undefined ? {} : { headers }) },
  )

const fromWireError = (error: unknown) => {
  if (error instanceof GoogleWireError) return googleError(error.status, error.reason, error.message)
  if (error instanceof OAuthWireError) {
    return HttpServerResponse.unsafeJson(
      { error: error.error, error_description: error.description },
      { status: error.status },
    )
  }
  return googleError(500, "backendError", String(error))
}

export const make = (options: FakeGoogleOptions = {}): Effect.Effect<FakeGoogleService, never, Scope.Scope> =>
  Effect.gen(function* () {
    const clientId = options.clientId ?? "fake-client-id.apps.googleusercontent.com"
    const clientSecret = options.clientSecret ?? "fake-client-secret"
    const store = makeStore({ clientId, clientSecret })
    let latency = Duration.zero
    let faults: Array<FaultRule> = []
    let recorded: Array<RecordedRequest> = []
    let denyConsent = false
    let grantedScope: string | undefined

    const takeFault = (endpoint: FakeGoogleEndpoint, now: number): Fault | undefined => {
      faults = faults.filter((rule) => rule.remaining > 0 && rule.until > now)
      const rule = faults.find((rule) => rule.endpoints === undefined || rule.endpoints.includes(endpoint))
      if (rule === undefined) return undefined
      rule.remaining -= 1
      return rule.fault
    }

    const dropConnection = (request: HttpServerRequest.HttpServerRequest) =>
      Effect.sync(() => NodeHttpServerRequest.toIncomingMessage(request).socket.destroy())

    /** Counting, latency and faults around one endpoint's real behaviour. */
    const endpoint =
      <R>(
        name: FakeGoogleEndpoint,
        handle: (
          request: HttpServerRequest.HttpServerRequest,
        ) => Effect.Effect<HttpServerResponse.HttpServerResponse, unknown, R>,
      ) =>
      (request: HttpServerRequest.HttpServerRequest) =>
        Effect.gen(function* () {
          const at = yield* Clock.currentTimeMillis
          const fault = takeFault(name, at)
          recorded.push(fault === undefined ? { endpoint: name, at } : { endpoint: name, at, fault: fault._tag })
          if (Duration.toMillis(latency) > 0) yield* Effect.sleep(latency)
          const run = handle(request).pipe(Effect.catchAll((error) => Effect.succeed(fromWireError(error))))
          if (fault === undefined) return yield* run
          switch (fault._tag) {
            case "Status":
              return googleError(
                fault.status,
                fault.reason,
                fault.status === 429 || fault.reason.endsWith("Exceeded") ? "Rate Limit Exceeded" : "Backend Error",
                fault.retryAfter === undefined ? undefined : { "retry-after": fault.retryAfter },
              )
            case "Hang":
              return yield* Effect.never
            case "Drop":
              yield* dropConnection(request)
              return yield* Effect.never
            case "LoseResponse":
              yield* run
              yield* dropConnection(request)
              return yield* Effect.never
          }
        })

    const channels = makeChannels(store)
    const router = HttpRouter.concat(
      oauthRoutes(store, endpoint, () => ({ deny: denyConsent, grantedScope })),
      HttpRouter.concat(syncRoutes(store, channels, endpoint), calendarRoutes(store, endpoint)),
    )

    const nodeServer = createServer()
    const server = yield* NodeHttpServer.make(() => nodeServer, { port: 0, host: "127.0.0.1" }).pipe(Effect.orDie)
    // Hung requests (the Hang fault) would otherwise hold the close until every client gives up.
    yield* Effect.addFinalizer(() => Effect.sync(() => nodeServer.closeAllConnections()))
    yield* server.serve(
      router.pipe(Effect.catchTag("RouteNotFound", () => Effect.succeed(googleError(404, "notFound", "Not Found")))),
    )
    const address = server.address as HttpServer.TcpAddress
    const url = `http://127.0.0.1:${address.port}/`

    const service: FakeGoogleService = {
      url,
      authUrl: `${url}o/oauth2/v2/auth`,
      tokenUrl: `${url}token`,
      clientId,
      clientSecret,
      account: DEFAULT_ACCOUNT,
      setLatency: (value) =>
        Effect.sync(() => {
          latency = Duration.decode(value)
        }),
      inject: (fault, injectOptions = {}) =>
        Effect.map(Clock.currentTimeMillis, (now) => {
          faults.push({
            fault,
            endpoints: injectOptions.endpoints,
            remaining: injectOptions.times ?? (injectOptions.during === undefined ? 1 : Number.POSITIVE_INFINITY),
            until:
              injectOptions.during === undefined
                ? Number.POSITIVE_INFINITY
                : now + Duration.toMillis(injectOptions.during),
          })
        }),
      clearFaults: Effect.sync(() => {
        faults = []
      }),
      connect: (connectOptions = {}) =>
        Effect.sync(() =>
          store.issueRefreshToken(
            connectOptions.account ?? DEFAULT_ACCOUNT,
            connectOptions.scope ??
              "https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.freebusy",
          ),
        ),
      revoke: (refreshToken) => Effect.sync(() => store.revokeRefreshToken(refreshToken)),
      expireAccessTokens: Effect.sync(() => store.expireAccessTokens()),
      setAccessTokenLifetime: (seconds) => Effect.sync(() => store.setAccessTokenLifetime(seconds)),
      setDenyConsent: (deny) =>
        Effect.sync(() => {
          denyConsent = deny
        }),
      setGrantedScope: (scope) =>
        Effect.sync(() => {
          grantedScope = scope
        }),
      addCalendar: (calendarId, account = DEFAULT_ACCOUNT, summary) =>
        Effect.sync(() => store.addCalendar(account, calendarId, summary)),
      grants: Effect.sync(() => store.grants()),
      removeCalendar: (calendarId, account = DEFAULT_ACCOUNT) =>
        Effect.sync(() => store.removeCalendar(account, calendarId)),
      addEvent: (calendarId, event, account = DEFAULT_ACCOUNT) =>
        Effect.sync(() => store.addOwnerEvent(account, calendarId, event)),
      events: (calendarId, account = DEFAULT_ACCOUNT) => Effect.sync(() => store.events(account, calendarId)),
      moveEvent: (calendarId, eventId, to, account = DEFAULT_ACCOUNT) =>
        Effect.sync(() =>
          store.patchEvent(account, calendarId, eventId, {
            start: { dateTime: to.start instanceof Date ? to.start.toISOString() : to.start },
            end: { dateTime: to.end instanceof Date ? to.end.toISOString() : to.end },
          }),
        ),
      deleteEvent: (calendarId, eventId, account = DEFAULT_ACCOUNT) =>
        Effect.sync(() => store.deleteEvent(account, calendarId, eventId)),
      invalidateSyncTokens: Effect.sync(() => store.invalidateSyncTokens()),
      channels: Effect.sync(() => channels.list()),
      dropChannels: Effect.sync(() => channels.drop()),
      deliveries: Effect.promise(() => channels.settle()).pipe(Effect.map(() => channels.deliveries())),
      requestCount: (name) =>
        Effect.sync(() => recorded.filter((request) => name === undefined || request.endpoint === name).length),
      requests: Effect.sync(() => [...recorded]),
      resetRequests: Effect.sync(() => {
        recorded = []
      }),
    }
    return service
  })

export const layer = (options: FakeGoogleOptions = {}): Layer.Layer<FakeGoogle> =>
  Layer.scoped(FakeGoogle, make(options))
