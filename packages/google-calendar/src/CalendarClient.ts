import type { BusinessId } from "@frontdesk/domain/model/Ids"
import type { CalendarError } from "@frontdesk/domain/ports/CalendarError"
import type { TokenVault } from "@frontdesk/domain/ports/TokenVault"
import type { calendar_v3 } from "@googleapis/calendar"
import { Effect, Redacted, type Scope } from "effect"
import * as AccessTokens from "./AccessTokens.js"
import { calendarApi } from "./GoogleClients.js"
import type { GoogleOptions } from "./GoogleConfig.js"
import { fromGoogle } from "./GoogleErrors.js"
import { type CircuitBreaker, makeCircuitBreaker, mergePolicy, type ResiliencePolicy } from "./Resilience.js"

/**
 * What each Calendar API adapter (GoogleCalendar, EventSync) starts from: the SDK client, the
 * access-token cache (AccessTokens.sharedOrMake), the resilience policy with a circuit breaker of
 * the adapter's own, and `authorized`, one request with the business's token whose failure is a
 * CalendarError (GoogleErrors).
 */
export interface CalendarClient {
  readonly api: calendar_v3.Calendar
  readonly tokens: AccessTokens.AccessTokens["Type"]
  readonly policy: ResiliencePolicy
  readonly breaker: CircuitBreaker
  /**
   * One Google call with the business's access token. A 401 means the cached token died early
   * (revoked session, clock skew): drop it, refresh once, try once more, then give up as Unauthorized.
   */
  readonly authorized: <A>(
    businessId: BusinessId,
    operation: string,
    call: (headers: Record<string, string>, signal: AbortSignal) => Promise<A>,
  ) => Effect.Effect<A, CalendarError>
}

export const make = (options: GoogleOptions): Effect.Effect<CalendarClient, never, TokenVault | Scope.Scope> =>
  Effect.gen(function* () {
    const tokens = yield* AccessTokens.sharedOrMake(options)
    const policy = mergePolicy(options.resilience)
    const breaker = yield* makeCircuitBreaker(policy.breaker)
    const api = calendarApi(options)

    const authorized: CalendarClient["authorized"] = (businessId, operation, call) => {
      const attempt = (token: Redacted.Redacted<string>) =>
        Effect.tryPromise({
          try: (signal) => call({ Authorization: `Bearer ${Redacted.value(token)}` }, signal),
          catch: (cause) => fromGoogle(operation, cause),
        })
      return Effect.flatMap(tokens.get(businessId), (token) =>
        attempt(token).pipe(
          Effect.catchIf(
            (error) => error.kind === "Unauthorized",
            () =>
              tokens
                .invalidate(businessId, token)
                .pipe(Effect.zipRight(tokens.get(businessId)), Effect.flatMap(attempt)),
          ),
        ),
      )
    }

    return { api, tokens, policy, breaker, authorized }
  })
