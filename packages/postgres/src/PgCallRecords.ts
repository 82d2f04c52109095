import { SqlClient } from "@effect/sql/SqlClient"
import type { Fragment } from "@effect/sql/Statement"
import { type CallEntry, CallRecord, CallTurn } from "@frontdesk/domain/model/CallRecord"
import type { BusinessId, CallSid } from "@frontdesk/domain/model/Ids"
import { CallRecords } from "@frontdesk/domain/ports/CallRecords"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { orPersistenceError } from "./PgErrors.js"

const CallRow = Schema.Struct({
  call_sid: Schema.String,
  business_id: Schema.String,
  caller: Schema.String,
  started_at: Schema.DateFromSelf,
  ended_at: Schema.NullOr(Schema.DateFromSelf),
  outcome: Schema.String,
  booking_id: Schema.NullOr(Schema.String),
  turns: Schema.Unknown,
})

/** Rows decode through the domain's schema (brands, outcome literals, turn shapes). */
export const CallRecordFromRow = Schema.transform(CallRow, CallRecord, {
  strict: false,
  decode: (row) => ({
    callSid: row.call_sid,
    businessId: row.business_id,
    caller: row.caller,
    startedAt: row.started_at.toISOString(),
    ...(row.ended_at === null ? {} : { endedAt: row.ended_at.toISOString() }),
    outcome: row.outcome,
    ...(row.booking_id === null ? {} : { bookingId: row.booking_id }),
    // PGlite and node-postgres both hand jsonb back parsed; text is accepted too.
    turns: typeof row.turns === "string" ? JSON.parse(row.turns) : row.turns,
  }),
  encode: (record) => ({
    call_sid: record.callSid,
    business_id: record.businessId,
    caller: record.caller,
    started_at: new Date(record.startedAt),
    ended_at: record.endedAt === undefined ? null : new Date(record.endedAt),
    outcome: record.outcome,
    booking_id: record.bookingId ?? null,
    turns: record.turns,
  }),
})

const decodeCalls = Schema.decodeUnknown(Schema.Array(CallRecordFromRow))
const encodeTurns = Schema.encodeSync(Schema.Array(CallTurn))

/**
 * One entry into its call's record, as one statement: the first entry creates the row, later ones
 * append to its transcript. `when` (a condition over the statement's other CTEs) makes the entry
 * conditional: PgCallSessions writes it with the session, in the session's own statement.
 */
export const upsert = (sql: SqlClient, entry: CallEntry, when?: Fragment) => {
  const at = DateTime.toDate(entry.at)
  const turns = JSON.stringify(encodeTurns(entry.turns))
  // INSERT … SELECT types nothing from the target columns, hence the casts.
  return sql`INSERT INTO call_records (call_sid, business_id, caller, started_at, ended_at, outcome, booking_id, turns)
    SELECT ${entry.callSid}::text, ${entry.businessId}::text, ${entry.caller}::text, ${at}::timestamptz,
      ${entry.ended ? at : null}::timestamptz, ${entry.outcome}::text, ${entry.bookingId ?? null}::text, ${turns}::jsonb
    ${when === undefined ? sql`` : sql`WHERE ${when}`}
    ON CONFLICT (call_sid) DO UPDATE SET
      turns = call_records.turns || EXCLUDED.turns,
      -- CallRecord.mergeOutcome: goodbye turns do not undo what the call did.
      outcome = CASE
        WHEN call_records.outcome IN ('booked', 'rescheduled', 'cancelled', 'transferred')
          AND EXCLUDED.outcome IN ('in_progress', 'ended') THEN call_records.outcome
        ELSE EXCLUDED.outcome END,
      booking_id = COALESCE(EXCLUDED.booking_id, call_records.booking_id),
      ended_at = COALESCE(EXCLUDED.ended_at, call_records.ended_at)`
}

export const make: Effect.Effect<CallRecords["Type"], never, SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient
  const columns = sql`call_sid, business_id, caller, started_at, ended_at, outcome, booking_id, turns`

  const record = (entry: CallEntry) =>
    Effect.flatMap(upsert(sql, entry), () => Effect.void).pipe(orPersistenceError("CallRecords.record"))

  const get = (callSid: CallSid) =>
    sql`SELECT ${columns} FROM call_records WHERE call_sid = ${callSid}`.pipe(
      Effect.flatMap(decodeCalls),
      Effect.map((calls) => Option.fromNullable(calls[0])),
      orPersistenceError("CallRecords.get"),
    )

  const list = (businessId: BusinessId, options?: { readonly limit?: number }) =>
    sql`SELECT ${columns} FROM call_records WHERE business_id = ${businessId}
      ORDER BY started_at DESC, seq DESC
      ${options?.limit !== undefined ? sql`LIMIT ${options.limit}` : sql``}`.pipe(
      Effect.flatMap(decodeCalls),
      orPersistenceError("CallRecords.list"),
    )

  const purgeStartedBefore = (cutoff: DateTime.Utc) =>
    sql<{ n: number }>`WITH purged AS (
        DELETE FROM call_records WHERE started_at < ${DateTime.toDate(cutoff)} RETURNING 1
      ) SELECT count(*)::int AS n FROM purged`.pipe(
      Effect.map((rows) => rows[0]?.n ?? 0),
      orPersistenceError("CallRecords.purgeStartedBefore"),
    )

  return CallRecords.of({ record, get, list, purgeStartedBefore })
})

export const layer: Layer.Layer<CallRecords, never, SqlClient> = Layer.effect(CallRecords, make)
