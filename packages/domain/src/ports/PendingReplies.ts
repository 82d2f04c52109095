import { Context, type DateTime, type Effect, type Option } from "effect"
import type { PersistenceError } from "../model/Errors.js"
import type { BookingId, BusinessId, PhoneNumber } from "../model/Ids.js"

/**
 * A cancellation a customer asked for by text and has not yet confirmed: "C" stores which booking
 * the next "YES" from that number cancels, until it expires. Durable and shared, because the YES
 * may reach any instance, minutes later.
 */
export class PendingReplies extends Context.Tag("@frontdesk/domain/PendingReplies")<
  PendingReplies,
  {
    /** Replaces whatever that number had pending with this business. */
    readonly put: (
      businessId: BusinessId,
      phone: PhoneNumber,
      bookingId: BookingId,
      expiresAt: DateTime.Utc,
    ) => Effect.Effect<void, PersistenceError>
    /** Removes and answers the pending booking, unless none is pending or it expired before `now`. Atomic. */
    readonly take: (
      businessId: BusinessId,
      phone: PhoneNumber,
      now: DateTime.Utc,
    ) => Effect.Effect<Option.Option<BookingId>, PersistenceError>
  }
>() {}
