import { Context, Effect, Layer } from "effect"
import { contextOf } from "../booking/BookingProvider.js"
import { type ProviderServices, resolveProvider } from "../booking/ProviderRegistry.js"
import type { Booking } from "../model/Booking.js"
import type { Business } from "../model/Business.js"
import type { BookingId } from "../model/Ids.js"
import { redact } from "../model/PhoneNumbers.js"
import type { NewOutboxJob } from "../ports/Outbox.js"
import { Telephony } from "../ports/Telephony.js"
import * as BookingMessages from "../speech/BookingMessages.js"

export type Change = "Booked" | "Cancelled" | "Rescheduled"

/**
 * What happens after a booking change is committed: the calendar event and the customer's text.
 *
 * This is the seam for the durable outbox (issue 7). BookingService always asks for `jobs` before
 * writing and passes them to the repository, which commits them in the same transaction as the
 * booking, then calls `run` with the stored booking.
 *
 * - `layerInline` (now): `jobs` is empty and `run` does the work right away — provider.afterBooking
 *   (calendar) then the SMS. A crash between commit and `run` loses the follow-up.
 * - an outbox strategy (later): `jobs` returns `calendar.create_event` / `sms.confirmation` … jobs
 *   keyed by booking id, and `run` just returns the booking; the outbox worker's handlers do the work
 *   with the same building blocks (ProviderRegistry.resolveProvider + afterBooking, BookingMessages.sms).
 *
 * `run` never fails: calendar and SMS trouble is logged, never a failed booking.
 */
export class FollowUp extends Context.Tag("@frontdesk/domain/FollowUp")<
  FollowUp,
  {
    readonly jobs: (change: Change, business: Business, bookingId: BookingId) => ReadonlyArray<NewOutboxJob>
    readonly run: (change: Change, business: Business, booking: Booking) => Effect.Effect<Booking>
  }
>() {}

const messageKind: { readonly [C in Change]: BookingMessages.MessageKind } = {
  Booked: "confirmation",
  Cancelled: "cancellation",
  Rescheduled: "rescheduled",
}

/** Sends the customer's text for a change; failures are logged with the number redacted. */
export const notify = (change: Change, business: Business, booking: Booking): Effect.Effect<void, never, Telephony> =>
  Effect.flatMap(Telephony, (telephony) =>
    telephony.sendSms(BookingMessages.sms(messageKind[change], business, booking)).pipe(
      Effect.asVoid,
      Effect.catchAll((error) =>
        Effect.logWarning("booking text not sent").pipe(
          Effect.annotateLogs({
            businessId: business.id,
            bookingId: booking.id,
            change,
            to: redact(booking.customer.phone),
            kind: error.kind,
          }),
        ),
      ),
    ),
  )

export const makeInline: Effect.Effect<FollowUp["Type"], never, ProviderServices | Telephony> = Effect.map(
  Effect.context<ProviderServices | Telephony>(),
  (context) =>
    FollowUp.of({
      jobs: () => [],
      run: (change, business, booking) =>
        Effect.gen(function* () {
          const provider = yield* resolveProvider(business.aiConfig.integrations, business)
          const synced =
            change === "Booked"
              ? yield* provider.afterBooking(contextOf(booking), booking)
              : change === "Cancelled"
                ? yield* provider.afterCancel(booking)
                : yield* provider.afterReschedule(booking)
          yield* notify(change, business, synced)
          return synced
        }).pipe(Effect.provide(context)),
    }),
)

/** Follow-ups run right after the commit, in the caller's fiber. */
export const layerInline: Layer.Layer<FollowUp, never, ProviderServices | Telephony> = Layer.effect(
  FollowUp,
  makeInline,
)
