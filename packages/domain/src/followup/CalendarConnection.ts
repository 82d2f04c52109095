import { Effect } from "effect"
import type { Business } from "../model/Business.js"
import type { CalendarError } from "../ports/CalendarError.js"
import { NewOutboxJob, Outbox } from "../ports/Outbox.js"
import { TokenVault } from "../ports/TokenVault.js"
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
