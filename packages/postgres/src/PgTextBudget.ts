import { SqlClient } from "@effect/sql/SqlClient"
import { TextBudget } from "@frontdesk/domain/ports/TextBudget"
import { DateTime, Effect, Layer } from "effect"
import { orPersistenceError } from "./PgErrors.js"

export const make: Effect.Effect<TextBudget["Type"], never, SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient
  return TextBudget.of({
    // One upsert: concurrent senders on several instances each get a distinct count.
    take: (businessId, hour) =>
      sql<{ readonly sent: number }>`INSERT INTO sms_hourly_counts (business_id, hour, sent)
        VALUES (${businessId}, ${DateTime.toDate(hour)}, 1)
        ON CONFLICT (business_id, hour) DO UPDATE SET sent = sms_hourly_counts.sent + 1
        RETURNING sent`.pipe(
        Effect.map((rows) => Number(rows[0]?.sent ?? 0)),
        orPersistenceError("count text"),
      ),
  })
})

export const layer: Layer.Layer<TextBudget, never, SqlClient> = Layer.effect(TextBudget, make)
