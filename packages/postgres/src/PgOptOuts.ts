import { SqlClient } from "@effect/sql/SqlClient"
import { OptOuts } from "@frontdesk/domain/ports/OptOuts"
import { DateTime, Effect, Layer } from "effect"
import { orPersistenceError } from "./PgErrors.js"

export const make: Effect.Effect<OptOuts["Type"], never, SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient
  return OptOuts.of({
    record: (businessId, phone, keyword) =>
      keyword === "HELP"
        ? Effect.void
        : Effect.flatMap(
            DateTime.now,
            (now) =>
              sql`INSERT INTO sms_opt_outs (business_id, phone, opted_out, updated_at)
                VALUES (${businessId}, ${phone}, ${keyword === "STOP"}, ${DateTime.toDate(now)})
                ON CONFLICT (business_id, phone)
                DO UPDATE SET opted_out = EXCLUDED.opted_out, updated_at = EXCLUDED.updated_at`,
          ).pipe(Effect.asVoid, orPersistenceError("record opt-out")),
    isOptedOut: (businessId, phone) =>
      sql<{ readonly opted_out: boolean }>`SELECT opted_out FROM sms_opt_outs
        WHERE business_id = ${businessId} AND phone = ${phone}`.pipe(
        Effect.map((rows) => rows[0]?.opted_out === true),
        orPersistenceError("read opt-out"),
      ),
  })
})

export const layer: Layer.Layer<OptOuts, never, SqlClient> = Layer.effect(OptOuts, make)
