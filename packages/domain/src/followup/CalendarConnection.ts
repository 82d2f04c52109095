import { Effect, Option } from "effect"
import * as DegradationRules from "../availability/DegradationRules.js"
import type { Business } from "../model/Business.js"
import type { CalendarError } from "../ports/CalendarError.js"
import { NewOutboxJob, Outbox } from "../ports/Outbox.js"
import { TokenVault, type TokenVaultError } from "../ports/TokenVault.js"
import { calendarAlert } from "../speech/OwnerMessages.js"

/**
 * Marks the business's calendar connection broken and queues one SMS to the owner.
 *
 * Once per incident: after the mark, providers treat the business as not connected and stop calling
 * Google, so no later call can flag it again until the owner reconnects; calls that were already in
 * flight and hit the same error share the alert's dedupe key while it is pending.
 * Never fails: a missed flag must not turn into a failed call.
 */
export const flagBroken = (business: Business, error: CalendarError): Effect.Effect<void, never, TokenVault | Outbox> =>
  Effect.gen(function* () {
    const vault = yield* TokenVault
    const outbox = yield* Outbox
    yield* vault.markBroken(business.id, `${error.kind}: ${error.message}`)
    yield* outbox.enqueue([
      new NewOutboxJob({
        kind: "sms.owner_alert",
        payload: { businessId: business.id, message: calendarAlert(business, error.kind) },
        dedupeKey: `owner-alert:calendar:${business.id}`,
      }),
    ])
    yield* Effect.logWarning("calendar connection flagged for the owner").pipe(
      Effect.annotateLogs({ businessId: business.id, kind: error.kind }),
    )
  }).pipe(
    Effect.catchAll((cause) =>
      Effect.logError("could not flag the calendar connection").pipe(
        Effect.annotateLogs({ businessId: business.id, error: cause.message }),
      ),
    ),
  )

/** Whether Frontdesk may call the business's calendar now. */
export type Connection =
  | { readonly _tag: "Connected" }
  /** The integration is off, or the owner never connected a calendar: nothing to do, nothing to report. */
  | { readonly _tag: "NotConnected"; readonly reason: string }
  /** It was connected and broke (revoked, calendar gone): the owner has been asked to reconnect. */
  | { readonly _tag: "Broken"; readonly reason: string }

/**
 * The business's calendar connection: its Google settings must be enabled and its credentials
 * present and not flagged. Availability checks and the follow-up handlers both ask this first,
 * so a broken connection stops every call to the calendar until the owner reconnects.
 */
export const connection = (business: Business): Effect.Effect<Connection, TokenVaultError, TokenVault> => {
  if (business.aiConfig.integrations.providers.google_calendar?.enabled !== true) {
    return Effect.succeed({ _tag: "NotConnected", reason: "Google Calendar integration is disabled" })
  }
  return Effect.map(
    Effect.flatMap(TokenVault, (vault) => vault.load(business.id)),
    Option.match({
      onNone: (): Connection => ({ _tag: "NotConnected", reason: "no Google Calendar credentials" }),
      onSome: (credentials): Connection =>
        credentials.status === "connected"
          ? { _tag: "Connected" }
          : { _tag: "Broken", reason: `connection broken: ${credentials.brokenReason ?? "unknown"}` },
    }),
  )
}

/** Flags the connection when DegradationRules say this failure needs the owner; anything else is left alone. */
export const flagIfNeeded = (
  business: Business,
  error: CalendarError,
): Effect.Effect<void, never, TokenVault | Outbox> =>
  DegradationRules.decide(business, error).flagConnection && error.kind !== "NotConnected"
    ? flagBroken(business, error)
    : Effect.void
