import { SqlClient } from "@effect/sql/SqlClient"
import type { CallEntry } from "@frontdesk/domain/model/CallRecord"
import { SessionConflict } from "@frontdesk/domain/model/Errors"
import { BusinessId, CallSid } from "@frontdesk/domain/model/Ids"
import { CallSessions, type StoredSession } from "@frontdesk/domain/ports/CallSessions"
import { DateTime, Duration, Effect, Layer, Option, Schedule, Schema } from "effect"
import * as PgCallRecords from "./PgCallRecords.js"
import { orPersistenceError } from "./PgErrors.js"

const SessionRow = Schema.Struct({
  call_sid: CallSid,
  business_id: BusinessId,
  state: Schema.Unknown,
  version: Schema.Int,
  updated_at: Schema.DateTimeUtcFromDate,
})

const decodeSession = Schema.decodeUnknown(SessionRow)

export const make: Effect.Effect<CallSessions["Type"], never, SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient

  const load = (callSid: CallSid) =>
    Effect.gen(function* () {
      const rows = yield* sql`SELECT call_sid, business_id, state, version, updated_at
        FROM call_sessions WHERE call_sid = ${callSid}`
      if (rows[0] === undefined) return Option.none<StoredSession>()
      const row = yield* decodeSession(rows[0])
      return Option.some<StoredSession>({
        callSid: row.call_sid,
        businessId: row.business_id,
        state: row.state,
        version: row.version,
        updatedAt: row.updated_at,
      })
    }).pipe(orPersistenceError("CallSessions.load"))

  const save = (
    session: { readonly callSid: CallSid; readonly businessId: BusinessId; readonly state: unknown },
    expectedVersion: number,
    record?: CallEntry,
  ) =>
    Effect.gen(function* () {
      const now = DateTime.toDate(yield* DateTime.now)
      const state = JSON.stringify(session.state ?? null)
      // Both branches are a single conditional statement: the version check and the write are one step.
      const write =
        expectedVersion === 0
          ? sql`INSERT INTO call_sessions ${sql.insert({
              call_sid: session.callSid,
              business_id: session.businessId,
              state,
              version: 1,
              updated_at: now,
            })} ON CONFLICT (call_sid) DO NOTHING RETURNING version`
          : sql`UPDATE call_sessions
              SET state = ${state}, business_id = ${session.businessId}, version = version + 1, updated_at = ${now}
              WHERE call_sid = ${session.callSid} AND version = ${expectedVersion}
              RETURNING version`
      // The turn's record entry rides in the same statement, written only if the session was.
      const rows =
        record === undefined
          ? yield* sql<{ version: number }>`${write}`
          : yield* sql<{ version: number }>`WITH saved AS (${write}),
              recorded AS (${PgCallRecords.upsert(sql, record, sql`EXISTS (SELECT 1 FROM saved)`)})
              SELECT version FROM saved`
      const saved = rows[0]
      if (saved === undefined) {
        return yield* new SessionConflict({ callSid: session.callSid, expectedVersion })
      }
      return saved.version
    }).pipe(orPersistenceError("CallSessions.save"))

  const purgeOlderThan = (cutoff: DateTime.Utc) =>
    sql<{ n: number }>`WITH purged AS (
        DELETE FROM call_sessions WHERE updated_at < ${DateTime.toDate(cutoff)} RETURNING 1
      ) SELECT count(*)::int AS n FROM purged`.pipe(
      Effect.map((rows) => rows[0]?.n ?? 0),
      orPersistenceError("CallSessions.purgeOlderThan"),
    )

  return CallSessions.of({ load, save, purgeOlderThan })
})

export const layer: Layer.Layer<CallSessions, never, SqlClient> = Layer.effect(CallSessions, make)

/**
 * Keeps the table small: removes sessions not saved for `maxAge` (a day by default) at start and
 * then every `every`. Calls last minutes; a day-old session is never resumed. Failures are
 * logged and retried on the next round rather than stopping the server.
 */
export const layerPurge = (
  options: { readonly every?: Duration.DurationInput; readonly maxAge?: Duration.DurationInput } = {},
): Layer.Layer<never, never, CallSessions> =>
  Layer.scopedDiscard(
    Effect.gen(function* () {
      const sessions = yield* CallSessions
      const maxAge = Duration.decode(options.maxAge ?? "1 day")
      const purge = Effect.gen(function* () {
        const now = yield* DateTime.now
        const purged = yield* sessions.purgeOlderThan(DateTime.subtract(now, { millis: Duration.toMillis(maxAge) }))
        if (purged > 0) yield* Effect.logInfo(`Purged ${purged} call session(s) idle for ${Duration.format(maxAge)}`)
      }).pipe(Effect.catchAll((error) => Effect.logWarning("Call session purge failed", error)))
      yield* Effect.forkScoped(Effect.repeat(purge, Schedule.spaced(options.every ?? "1 hour")))
    }),
  )
