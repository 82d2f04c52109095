import type { BusinessId } from "@frontdesk/domain/model/Ids"
import { CalendarError } from "@frontdesk/domain/ports/CalendarError"
import { TokenVault } from "@frontdesk/domain/ports/TokenVault"
import {
  Clock,
  Context,
  Deferred,
  Duration,
  Effect,
  Exit,
  HashMap,
  Layer,
  Option,
  Redacted,
  Ref,
  type Scope,
} from "effect"
import { oauthClient } from "./GoogleClients.js"
import type { GoogleOptions } from "./GoogleConfig.js"
import { errorReason, fromGoogle, isInvalidGrant } from "./GoogleErrors.js"

/**
 * Short-lived Google access tokens per business, minted from the refresh token in the TokenVault.
 * The original design refreshed on every call (docs/origin.md) (an extra round trip per availability check); here a token is
 * reused until `refreshMargin` before it expires, and concurrent callers share a single refresh.
 */
export class AccessTokens extends Context.Tag("@frontdesk/google-calendar/AccessTokens")<
  AccessTokens,
  {
    readonly get: (businessId: BusinessId) => Effect.Effect<Redacted.Redacted<string>, CalendarError>
    /** Forgets a token Google rejected (401), unless a newer one already replaced it. */
    readonly invalidate: (businessId: BusinessId, token: Redacted.Redacted<string>) => Effect.Effect<void>
    /** Forgets whatever is cached for the business (it was reconnected, possibly to another account). */
    readonly forget: (businessId: BusinessId) => Effect.Effect<void>
  }
>() {}

interface Entry {
  readonly result: Deferred.Deferred<Redacted.Redacted<string>, CalendarError>
  /** Known once the refresh succeeded. */
  readonly token: Option.Option<Redacted.Redacted<string>>
  readonly expiresAt: number
}

const refreshTimeout = Duration.seconds(10)

export const make = (options: GoogleOptions): Effect.Effect<AccessTokens["Type"], never, TokenVault | Scope.Scope> =>
  Effect.gen(function* () {
    const vault = yield* TokenVault
    const scope = yield* Effect.scope
    const entries = yield* Ref.make(HashMap.empty<BusinessId, Entry>())
    const margin = Duration.toMillis(options.refreshMargin ?? Duration.minutes(5))

    const markBroken = (businessId: BusinessId, reason: string) =>
      vault.markBroken(businessId, reason).pipe(
        Effect.tap(() =>
          Effect.logWarning("Google Calendar connection broken").pipe(Effect.annotateLogs({ businessId })),
        ),
        // The caller still learns TokenRevoked; failing to record it only means we ask Google again next time.
        Effect.catchAll((error) =>
          Effect.logError("could not mark the Google Calendar connection broken", error).pipe(
            Effect.annotateLogs({ businessId }),
          ),
        ),
      )

    const refresh = (businessId: BusinessId) =>
      Effect.gen(function* () {
        const credentials = yield* vault
          .load(businessId)
          .pipe(
            Effect.mapError(
              (cause) =>
                new CalendarError({ kind: "Unavailable", message: "could not load calendar credentials", cause }),
            ),
          )
        if (Option.isNone(credentials)) {
          return yield* new CalendarError({ kind: "NotConnected", message: "Google Calendar is not connected" })
        }
        if (credentials.value.status === "broken") {
          return yield* new CalendarError({
            kind: "TokenRevoked",
            message: `Google Calendar connection is broken: ${credentials.value.brokenReason ?? "reconnect needed"}`,
          })
        }
        const refreshToken = Redacted.value(credentials.value.refreshToken)
        const client = oauthClient(options)
        client.setCredentials({ refresh_token: refreshToken })
        const answer = yield* Effect.tryPromise({
          try: () => client.getAccessToken(),
          catch: (cause) => cause,
        }).pipe(
          Effect.timeoutFail({
            duration: refreshTimeout,
            onTimeout: () => new CalendarError({ kind: "Timeout", message: "token refresh: no answer" }),
          }),
          Effect.catchAll((cause) => {
            if (cause instanceof CalendarError) return Effect.fail(cause)
            if (!isInvalidGrant(cause)) return Effect.fail(fromGoogle("token refresh", cause))
            const data = (cause as { response?: { data?: { error_description?: unknown } } }).response?.data
            const reason = `invalid_grant: ${String(data?.error_description ?? errorReason(data) ?? "refresh token rejected")}`
            return Effect.zipRight(
              markBroken(businessId, reason),
              Effect.fail(
                new CalendarError({
                  kind: "TokenRevoked",
                  message: `Google refused the refresh token (${reason})`,
                  cause: fromGoogle("token refresh", cause).cause,
                }),
              ),
            )
          }),
        )
        if (answer.token === null || answer.token === undefined) {
          return yield* new CalendarError({ kind: "Unauthorized", message: "token refresh: no access token in answer" })
        }
        const now = yield* Clock.currentTimeMillis
        return { token: Redacted.make(answer.token), expiresAt: client.credentials.expiry_date ?? now + 3_599_000 }
      })

    /** Runs detached from whoever asked first, so one caller's deadline does not fail the others' wait. */
    const startRefresh = (businessId: BusinessId, result: Entry["result"]) =>
      refresh(businessId).pipe(
        Effect.exit,
        Effect.flatMap((exit) =>
          Ref.update(entries, (all) =>
            Option.match(HashMap.get(all, businessId), {
              onNone: () => all,
              onSome: (entry) => {
                if (entry.result !== result) return all
                return exit._tag === "Success"
                  ? HashMap.set(all, businessId, {
                      result,
                      token: Option.some(exit.value.token),
                      expiresAt: exit.value.expiresAt,
                    })
                  : HashMap.remove(all, businessId)
              },
            }),
          ).pipe(
            Effect.zipRight(
              Deferred.done(
                result,
                Exit.map(exit, (value) => value.token),
              ),
            ),
          ),
        ),
        Effect.forkIn(scope),
      )

    const get = (businessId: BusinessId) =>
      Effect.gen(function* () {
        const now = yield* Clock.currentTimeMillis
        const fresh = yield* Deferred.make<Redacted.Redacted<string>, CalendarError>()
        const [result, mustStart] = yield* Ref.modify(
          entries,
          (all): [readonly [Entry["result"], boolean], HashMap.HashMap<BusinessId, Entry>] => {
            const current = HashMap.get(all, businessId)
            // A pending refresh (no token yet) is shared; a token is reused until the margin.
            if (
              Option.isSome(current) &&
              (Option.isNone(current.value.token) || current.value.expiresAt - margin > now)
            ) {
              return [[current.value.result, false], all]
            }
            return [
              [fresh, true],
              HashMap.set(all, businessId, {
                result: fresh,
                token: Option.none(),
                expiresAt: Number.POSITIVE_INFINITY,
              }),
            ]
          },
        )
        if (mustStart) yield* startRefresh(businessId, result)
        return yield* Deferred.await(result)
      })

    const invalidate = (businessId: BusinessId, token: Redacted.Redacted<string>) =>
      Ref.update(entries, (all) =>
        Option.match(HashMap.get(all, businessId), {
          onNone: () => all,
          onSome: (entry) =>
            Option.isSome(entry.token) && Redacted.value(entry.token.value) === Redacted.value(token)
              ? HashMap.remove(all, businessId)
              : all,
        }),
      )

    const forget = (businessId: BusinessId) => Ref.update(entries, HashMap.remove(businessId))

    return AccessTokens.of({ get, invalidate, forget })
  })

/**
 * One token cache shared by GoogleCalendar and GoogleOAuth when both are given it, so a reconnect
 * takes effect at once. Without it each builds its own and a reconnect to another account is seen
 * once the old access token expires (under an hour).
 */
export const layer = (options: GoogleOptions): Layer.Layer<AccessTokens, never, TokenVault> =>
  Layer.scoped(AccessTokens, make(options))

/** The shared cache when the context has one, else a private one. */
export const sharedOrMake = (
  options: GoogleOptions,
): Effect.Effect<AccessTokens["Type"], never, TokenVault | Scope.Scope> =>
  Effect.flatMap(Effect.serviceOption(AccessTokens), (shared) =>
    Option.isSome(shared) ? Effect.succeed(shared.value) : make(options),
  )
