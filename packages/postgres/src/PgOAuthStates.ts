import { SqlClient } from "@effect/sql/SqlClient"
import { BusinessId } from "@frontdesk/domain/model/Ids"
import { OAuthStates } from "@frontdesk/domain/ports/OAuthStates"
import { DateTime, Effect, Layer, Option } from "effect"
import { orPersistenceError } from "./PgErrors.js"

export const make: Effect.Effect<OAuthStates["Type"], never, SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient
  return OAuthStates.of({
    issue: (nonce, businessId, expiresAt) =>
      Effect.flatMap(DateTime.now, (now) =>
        sql.withTransaction(
          Effect.zipRight(
            // States live ten minutes; each start clears the long-expired ones.
            sql`DELETE FROM oauth_states WHERE expires_at < ${DateTime.toDate(DateTime.subtract(now, { hours: 1 }))}`,
            sql`INSERT INTO oauth_states (nonce, business_id, expires_at)
                VALUES (${nonce}, ${businessId}, ${DateTime.toDate(expiresAt)})`,
          ),
        ),
      ).pipe(Effect.asVoid, orPersistenceError("issue OAuth state")),
    consume: (nonce, now) =>
      sql<{ readonly business_id: string }>`UPDATE oauth_states SET used_at = ${DateTime.toDate(now)}
        WHERE nonce = ${nonce} AND used_at IS NULL AND expires_at > ${DateTime.toDate(now)}
        RETURNING business_id`.pipe(
        Effect.map((rows) => Option.map(Option.fromNullable(rows[0]), (row) => BusinessId.make(row.business_id))),
        orPersistenceError("consume OAuth state"),
      ),
  })
})

export const layer: Layer.Layer<OAuthStates, never, SqlClient> = Layer.effect(OAuthStates, make)
