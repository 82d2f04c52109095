import { SqlClient } from "@effect/sql/SqlClient"
import { ConsoleSession } from "@frontdesk/domain/model/ConsoleSession"
import { ConsoleSessions } from "@frontdesk/domain/ports/ConsoleSessions"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { orPersistenceError } from "./PgErrors.js"

const SessionRow = Schema.Struct({
  id_hash: Schema.String,
  subject_kind: Schema.Literal("operator", "owner"),
  account_id: Schema.NullOr(Schema.String),
  business_id: Schema.NullOr(Schema.String),
  csrf_token: Schema.String,
  created_at: Schema.DateFromSelf,
  expires_at: Schema.DateFromSelf,
  oauth_state_hash: Schema.NullOr(Schema.String),
})

const SessionFromRow = Schema.transform(SessionRow, ConsoleSession, {
  strict: false,
  decode: (row) => ({
    idHash: row.id_hash,
    subject:
      row.subject_kind === "owner"
        ? { _tag: "Owner", accountId: row.account_id, businessId: row.business_id }
        : { _tag: "Operator" },
    csrfToken: row.csrf_token,
    createdAt: row.created_at.toISOString(),
    expiresAt: row.expires_at.toISOString(),
    ...(row.oauth_state_hash === null ? {} : { oauthStateHash: row.oauth_state_hash }),
  }),
  encode: (session) => ({
    id_hash: session.idHash,
    subject_kind: session.subject._tag === "Owner" ? ("owner" as const) : ("operator" as const),
    account_id: session.subject._tag === "Owner" ? session.subject.accountId : null,
    business_id: session.subject._tag === "Owner" ? session.subject.businessId : null,
    csrf_token: session.csrfToken,
    created_at: new Date(session.createdAt),
    expires_at: new Date(session.expiresAt),
    oauth_state_hash: session.oauthStateHash ?? null,
  }),
})

const decodeSessions = Schema.decodeUnknown(Schema.Array(SessionFromRow))

export const make: Effect.Effect<ConsoleSessions["Type"], never, SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient
  const columns = sql`id_hash, subject_kind, account_id, business_id, csrf_token, created_at, expires_at, oauth_state_hash`
  const first = (rows: ReadonlyArray<unknown>) =>
    Effect.map(decodeSessions(rows.slice(0, 1)), (sessions) => Option.fromNullable(sessions[0]))

  const create = (session: ConsoleSession) =>
    sql`INSERT INTO console_sessions ${sql.insert({
      id_hash: session.idHash,
      subject_kind: session.subject._tag === "Owner" ? "owner" : "operator",
      account_id: session.subject._tag === "Owner" ? session.subject.accountId : null,
      business_id: session.subject._tag === "Owner" ? session.subject.businessId : null,
      csrf_token: session.csrfToken,
      created_at: DateTime.toDate(session.createdAt),
      expires_at: DateTime.toDate(session.expiresAt),
      oauth_state_hash: session.oauthStateHash ?? null,
    })}`.pipe(Effect.asVoid, orPersistenceError("ConsoleSessions.create"))

  const get = (idHash: string, now: DateTime.Utc) =>
    sql`SELECT ${columns} FROM console_sessions
      WHERE id_hash = ${idHash} AND expires_at > ${DateTime.toDate(now)}`.pipe(
      Effect.flatMap(first),
      orPersistenceError("ConsoleSessions.get"),
    )

  const bindOAuthState = (idHash: string, stateHash: string) =>
    sql`UPDATE console_sessions SET oauth_state_hash = ${stateHash} WHERE id_hash = ${idHash}`.pipe(
      Effect.asVoid,
      orPersistenceError("ConsoleSessions.bindOAuthState"),
    )

  const findByOAuthState = (stateHash: string) =>
    sql`SELECT ${columns} FROM console_sessions WHERE oauth_state_hash = ${stateHash}`.pipe(
      Effect.flatMap(first),
      orPersistenceError("ConsoleSessions.findByOAuthState"),
    )

  const delete_ = (idHash: string) =>
    sql`DELETE FROM console_sessions WHERE id_hash = ${idHash}`.pipe(
      Effect.asVoid,
      orPersistenceError("ConsoleSessions.delete"),
    )

  const purgeExpired = (now: DateTime.Utc) =>
    sql<{ n: number }>`WITH purged AS (
        DELETE FROM console_sessions WHERE expires_at <= ${DateTime.toDate(now)} RETURNING 1
      ) SELECT count(*)::int AS n FROM purged`.pipe(
      Effect.map((rows) => rows[0]?.n ?? 0),
      orPersistenceError("ConsoleSessions.purgeExpired"),
    )

  return ConsoleSessions.of({ create, get, bindOAuthState, findByOAuthState, delete: delete_, purgeExpired })
})

export const layer: Layer.Layer<ConsoleSessions, never, SqlClient> = Layer.effect(ConsoleSessions, make)
