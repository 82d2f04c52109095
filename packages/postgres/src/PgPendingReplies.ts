import { SqlClient } from "@effect/sql/SqlClient"
import { BookingId } from "@frontdesk/domain/model/Ids"
import { PendingReplies } from "@frontdesk/domain/ports/PendingReplies"
import { DateTime, Effect, Layer, Option } from "effect"
import { orPersistenceError } from "./PgErrors.js"

export const make: Effect.Effect<PendingReplies["Type"], never, SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient
  return PendingReplies.of({
    put: (businessId, phone, bookingId, expiresAt) =>
      sql`INSERT INTO sms_pending_replies (business_id, phone, booking_id, expires_at)
          VALUES (${businessId}, ${phone}, ${bookingId}, ${DateTime.toDate(expiresAt)})
          ON CONFLICT (business_id, phone)
          DO UPDATE SET booking_id = EXCLUDED.booking_id, expires_at = EXCLUDED.expires_at`.pipe(
        Effect.asVoid,
        orPersistenceError("store pending reply"),
      ),
    // DELETE … RETURNING: of two YES texts racing, one gets the booking.
    take: (businessId, phone, now) =>
      sql<{ readonly booking_id: string; readonly expires_at: Date }>`DELETE FROM sms_pending_replies
        WHERE business_id = ${businessId} AND phone = ${phone}
        RETURNING booking_id, expires_at`.pipe(
        Effect.map((rows) =>
          Option.filter(Option.fromNullable(rows[0]), (row) => row.expires_at.getTime() > now.epochMillis).pipe(
            Option.map((row) => BookingId.make(row.booking_id)),
          ),
        ),
        orPersistenceError("take pending reply"),
      ),
  })
})

export const layer: Layer.Layer<PendingReplies, never, SqlClient> = Layer.effect(PendingReplies, make)
