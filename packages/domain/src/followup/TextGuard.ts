import { Context, DateTime, Duration, Effect } from "effect"
import type { Business } from "../model/Business.js"
import type { PhoneNumber } from "../model/Ids.js"
import { redact } from "../model/PhoneNumbers.js"
import * as TextPolicy from "../model/TextPolicy.js"
import { OptOuts } from "../ports/OptOuts.js"
import { NewOutboxJob, Outbox } from "../ports/Outbox.js"
import { TextBudget } from "../ports/TextBudget.js"
import { textBudgetAlert } from "../speech/OwnerMessages.js"
import { JobFailure } from "./OutboxWorker.js"

/**
 * The checks every text passes before FollowUpHandlers send it: the destination (TextPolicy), the
 * recipient's STOP (OptOuts), and for customer texts the business's hourly budget (TextBudget).
 * A refused destination or an opted-out number fails the job permanently, so it is parked with
 * the reason (no digits of the number) instead of being retried; a spent budget holds the text
 * until the next hour and tells the owner once.
 */

export interface TextSettingsShape {
  /** `SMS_ALLOWED_COUNTRIES`: ISO 3166 codes allowed for every business on top of its own numbers' countries. */
  readonly extraCountries: ReadonlyArray<string>
  /** `SMS_HOURLY_BUDGET`: customer texts one business may send in an hour. */
  readonly hourlyBudget: number
}

export const defaultTextSettings: TextSettingsShape = { extraCountries: [], hourlyBudget: 100 }

/** Deployment settings for texting; the defaults hold when the server does not provide them. */
export class TextSettings extends Context.Reference<TextSettings>()("@frontdesk/domain/TextSettings", {
  defaultValue: (): TextSettingsShape => defaultTextSettings,
}) {}

export type GuardServices = OptOuts | TextBudget | Outbox

/** Who a text is for: the owner's own number is the owner's choice, a customer's number is anyone's. */
export type Recipient = "customer" | "owner"

const refused = (message: string) => new JobFailure({ message, permanent: true })

const storage = (cause: { readonly message: string }) =>
  new JobFailure({ message: `text checks: ${cause.message}`, permanent: false, cause })

const hourOf = (now: DateTime.Utc): DateTime.Utc => DateTime.startOf(now, "hour")

/** Passes when the text may go now; fails the job otherwise (see above). */
export const check = (
  business: Business,
  to: PhoneNumber,
  recipient: Recipient,
): Effect.Effect<void, JobFailure, GuardServices> =>
  Effect.gen(function* () {
    const settings = yield* TextSettings
    if (recipient === "customer") {
      const refusal = TextPolicy.check(to, TextPolicy.allowedCountries(business, settings.extraCountries))
      if (refusal !== undefined) {
        yield* Effect.logWarning("text refused by policy").pipe(
          Effect.annotateLogs({ businessId: business.id, to: redact(to), reason: refusal._tag }),
        )
        return yield* Effect.fail(refused(`text refused: ${TextPolicy.describe(refusal)}`))
      }
    }
    const optedOut = yield* Effect.mapError(
      Effect.flatMap(OptOuts, (o) => o.isOptedOut(business.id, to)),
      storage,
    )
    if (optedOut) return yield* Effect.fail(refused("text not sent: the recipient replied STOP"))
    if (recipient === "owner") return
    const now = yield* DateTime.now
    const hour = hourOf(now)
    const count = yield* Effect.mapError(
      Effect.flatMap(TextBudget, (b) => b.take(business.id, hour)),
      storage,
    )
    if (count <= settings.hourlyBudget) return
    if (count === settings.hourlyBudget + 1) {
      // The first text over the budget in this hour: one alert, whatever happens to the others.
      yield* Effect.mapError(
        Effect.flatMap(Outbox, (outbox) =>
          outbox.enqueue([
            new NewOutboxJob({
              kind: "sms.owner_alert",
              payload: { businessId: business.id, message: textBudgetAlert(business, settings.hourlyBudget) },
              dedupeKey: `owner-alert:text-budget:${business.id}:${hour.epochMillis}`,
            }),
          ]),
        ),
        storage,
      )
      yield* Effect.logWarning("hourly text budget spent; texts wait for the next hour").pipe(
        Effect.annotateLogs({ businessId: business.id, budget: settings.hourlyBudget }),
      )
    }
    const nextHour = DateTime.add(hour, { hours: 1 })
    return yield* Effect.fail(
      new JobFailure({
        message: "hourly text budget spent",
        permanent: false,
        retryAfter: Duration.millis(Math.max(1_000, DateTime.distance(now, nextHour))),
      }),
    )
  })
