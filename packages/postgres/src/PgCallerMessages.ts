import { SqlClient } from "@effect/sql/SqlClient"
import { CallerMessage, type CallerMessageId, type NewCallerMessage } from "@frontdesk/domain/model/CallerMessage"
import { CallerMessageNotFound } from "@frontdesk/domain/model/Errors"
import type { BusinessId } from "@frontdesk/domain/model/Ids"
import { CallerMessages } from "@frontdesk/domain/ports/CallerMessages"
import type { NewOutboxJob } from "@frontdesk/domain/ports/Outbox"
import { DateTime, Effect, Layer, type ParseResult, Schema } from "effect"
import { orPersistenceError } from "./PgErrors.js"
import { insertWithJobs } from "./PgInsertWithJobs.js"

const MessageRow = Schema.Struct({
  id: Schema.String,
  business_id: Schema.String,
  call_sid: Schema.String,
  caller_phone: Schema.NullOr(Schema.String),
  body: Schema.String,
  created_at: Schema.DateFromSelf,
  handled_at: Schema.NullOr(Schema.DateFromSelf),
})

/** Rows decode through the domain's schema (brands, E.164 phone), so a malformed row is an error. */
export const CallerMessageFromRow = Schema.transform(MessageRow, CallerMessage, {
  strict: true,
  decode: (row) => ({
    id: row.id,
    businessId: row.business_id,
    callSid: row.call_sid,
    ...(row.caller_phone === null ? {} : { callerPhone: row.caller_phone }),
    text: row.body,
    createdAt: row.created_at.toISOString(),
    ...(row.handled_at === null ? {} : { handledAt: row.handled_at.toISOString() }),
  }),
  encode: (message) => ({
    id: message.id,
    business_id: message.businessId,
    call_sid: message.callSid,
    caller_phone: message.callerPhone ?? null,
    body: message.text,
    created_at: new Date(message.createdAt),
    handled_at: message.handledAt === undefined ? null : new Date(message.handledAt),
  }),
})

const decodeMessages = Schema.decodeUnknown(Schema.Array(CallerMessageFromRow))

const columns = (sql: SqlClient) => sql`id, business_id, call_sid, caller_phone, body, created_at, handled_at`

export const make: Effect.Effect<CallerMessages["Type"], never, SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient

  const one =
    (id: CallerMessageId) =>
    (rows: ReadonlyArray<unknown>): Effect.Effect<CallerMessage, CallerMessageNotFound | ParseResult.ParseError> =>
      rows.length === 0
        ? Effect.fail(new CallerMessageNotFound({ messageId: id }))
        : Effect.map(decodeMessages(rows.slice(0, 1)), (messages) => messages[0] as CallerMessage)

  const record = (message: NewCallerMessage, enqueue: ReadonlyArray<NewOutboxJob> = []) =>
    Effect.gen(function* () {
      const now = yield* DateTime.now
      const row = sql.insert({
        id: message.id,
        business_id: message.businessId,
        call_sid: message.callSid,
        caller_phone: message.callerPhone ?? null,
        body: message.text,
        created_at: DateTime.toDate(now),
      })
      // The message and its delivery job commit together, or (a repeated id) neither does.
      const rows = yield* insertWithJobs(
        sql,
        sql`INSERT INTO caller_messages ${row} RETURNING ${columns(sql)}`,
        enqueue,
        now,
      )
      const [stored] = yield* decodeMessages(rows)
      return stored as CallerMessage
    }).pipe(orPersistenceError("CallerMessages.record"))

  const get = (id: CallerMessageId) =>
    sql`SELECT ${columns(sql)} FROM caller_messages WHERE id = ${id}`.pipe(
      Effect.flatMap(one(id)),
      orPersistenceError("CallerMessages.get"),
    )

  const list = (businessId: BusinessId, options?: { readonly unhandledOnly?: boolean; readonly limit?: number }) =>
    sql`SELECT ${columns(sql)} FROM caller_messages
      WHERE business_id = ${businessId}
        ${options?.unhandledOnly === true ? sql`AND handled_at IS NULL` : sql``}
      ORDER BY created_at DESC, seq DESC
      ${options?.limit !== undefined ? sql`LIMIT ${options.limit}` : sql``}`.pipe(
      Effect.flatMap(decodeMessages),
      orPersistenceError("CallerMessages.list"),
    )

  const markHandled = (id: CallerMessageId) =>
    Effect.gen(function* () {
      const now = DateTime.toDate(yield* DateTime.now)
      // COALESCE keeps the first time it was handled when two people mark it.
      const rows = yield* sql`UPDATE caller_messages SET handled_at = COALESCE(handled_at, ${now})
        WHERE id = ${id} RETURNING ${columns(sql)}`
      return yield* one(id)(rows)
    }).pipe(orPersistenceError("CallerMessages.markHandled"))

  return CallerMessages.of({ record, get, list, markHandled })
})

export const layer: Layer.Layer<CallerMessages, never, SqlClient> = Layer.effect(CallerMessages, make)
