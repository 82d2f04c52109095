import { SqlClient } from "@effect/sql/SqlClient"
import type { SqlError } from "@effect/sql/SqlError"
import { type NewOutboxJob, Outbox, OutboxJob, OutboxJobKind, OutboxJobStatus } from "@frontdesk/domain/ports/Outbox"
import { Array as Arr, DateTime, Effect, Layer, Schema } from "effect"
import { orPersistenceError } from "./PgErrors.js"

const OutboxRow = Schema.Struct({
  id: Schema.String,
  kind: OutboxJobKind,
  payload: Schema.Unknown,
  dedupe_key: Schema.NullOr(Schema.String),
  status: OutboxJobStatus,
  attempts: Schema.Int,
  next_attempt_at: Schema.DateFromSelf,
  leased_until: Schema.NullOr(Schema.DateFromSelf),
  last_error: Schema.NullOr(Schema.String),
  done_at: Schema.NullOr(Schema.DateFromSelf),
  created_at: Schema.DateFromSelf,
})

const iso = (date: Date) => date.toISOString()

/** Rows go through the domain's OutboxJob schema, so a malformed row is an error, not a surprise. */
export const OutboxJobFromRow = Schema.transform(OutboxRow, OutboxJob, {
  strict: true,
  decode: (row) => ({
    id: row.id,
    kind: row.kind,
    payload: row.payload,
    ...(row.dedupe_key === null ? {} : { dedupeKey: row.dedupe_key }),
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: iso(row.next_attempt_at),
    ...(row.leased_until === null ? {} : { leasedUntil: iso(row.leased_until) }),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.done_at === null ? {} : { doneAt: iso(row.done_at) }),
    createdAt: iso(row.created_at),
  }),
  encode: (job) => ({
    id: job.id,
    kind: job.kind,
    payload: job.payload,
    dedupe_key: job.dedupeKey ?? null,
    status: job.status,
    attempts: job.attempts,
    next_attempt_at: new Date(job.nextAttemptAt),
    leased_until: job.leasedUntil === undefined ? null : new Date(job.leasedUntil),
    last_error: job.lastError ?? null,
    done_at: job.doneAt === undefined ? null : new Date(job.doneAt),
    created_at: new Date(job.createdAt),
  }),
})

const decodeJobs = Schema.decodeUnknown(Schema.Array(OutboxJobFromRow))

const columns = (sql: SqlClient) =>
  sql`id::text AS id, kind, payload, dedupe_key, status, attempts, next_attempt_at, leased_until, last_error, done_at, created_at`

/** Column values for new jobs, due now. */
export const jobRows = (jobs: ReadonlyArray<NewOutboxJob>, now: DateTime.Utc) =>
  jobs.map((job) => ({
    kind: job.kind,
    payload: JSON.stringify(job.payload ?? null),
    dedupe_key: job.dedupeKey ?? null,
    status: "pending",
    attempts: 0,
    next_attempt_at: DateTime.toDate(job.notBefore ?? now),
    created_at: DateTime.toDate(now),
  }))

/**
 * Inserts jobs on whatever connection is current, so inside `withTransaction` they commit or
 * roll back with the change they belong to. A pending job with the same dedupe key wins
 * (also within one batch: DO NOTHING skips the later duplicate).
 */
export const insertJobs = (
  sql: SqlClient,
  jobs: ReadonlyArray<NewOutboxJob>,
  now: DateTime.Utc,
): Effect.Effect<void, SqlError> =>
  jobs.length === 0
    ? Effect.void
    : Effect.asVoid(
        sql`INSERT INTO outbox_jobs ${sql.insert(jobRows(jobs, now))}
          ON CONFLICT (dedupe_key) WHERE status = 'pending' DO NOTHING`,
      )

export const make: Effect.Effect<Outbox["Type"], never, SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient

  const enqueue = (jobs: ReadonlyArray<NewOutboxJob>) =>
    Effect.gen(function* () {
      if (jobs.length === 0) return
      const now = yield* DateTime.now
      yield* sql.withTransaction(insertJobs(sql, jobs, now))
    }).pipe(orPersistenceError("Outbox.enqueue"))

  const claim = (options: { readonly limit: number; readonly leaseMillis: number }) =>
    Effect.gen(function* () {
      if (options.limit <= 0) return []
      const now = yield* DateTime.now
      const nowDate = DateTime.toDate(now)
      const leaseEnd = DateTime.toDate(DateTime.add(now, { millis: options.leaseMillis }))
      // SKIP LOCKED: concurrent claimers each take different rows instead of queueing behind one another.
      const rows = yield* sql`
        UPDATE outbox_jobs SET attempts = attempts + 1, leased_until = ${leaseEnd}
        WHERE id IN (
          SELECT id FROM outbox_jobs
          WHERE status = 'pending' AND next_attempt_at <= ${nowDate}
            AND (leased_until IS NULL OR leased_until <= ${nowDate})
          ORDER BY next_attempt_at, id
          LIMIT ${options.limit}
          FOR UPDATE SKIP LOCKED
        )
        RETURNING ${columns(sql)}`
      const jobs = yield* decodeJobs(rows)
      return Arr.sort(
        jobs,
        (a: OutboxJob, b: OutboxJob) =>
          DateTime.Order(a.nextAttemptAt, b.nextAttemptAt) || (BigInt(a.id) < BigInt(b.id) ? -1 : 1),
      )
    }).pipe(orPersistenceError("Outbox.claim"))

  const complete = (id: string) =>
    Effect.gen(function* () {
      const now = yield* DateTime.now
      yield* sql`UPDATE outbox_jobs SET status = 'done', done_at = ${DateTime.toDate(now)}, leased_until = NULL
        WHERE id = ${toId(id)}`
    }).pipe(orPersistenceError("Outbox.complete"))

  const completeAll = (ids: ReadonlyArray<string>) =>
    Effect.gen(function* () {
      const valid = ids.map(toId).filter((id) => id !== "0")
      if (valid.length === 0) return
      const now = yield* DateTime.now
      // One statement for the batch; the ids go as one array parameter, so the statement text (and
      // its prepared plan) is the same whatever the batch size.
      yield* sql`UPDATE outbox_jobs SET status = 'done', done_at = ${DateTime.toDate(now)}, leased_until = NULL
        WHERE id = ANY(${`{${valid.join(",")}}`}::bigint[])`
    }).pipe(orPersistenceError("Outbox.completeAll"))

  // Only a pending job can fail: a late report from a worker whose lease ran out must not undo a
  // completion by the worker that took the job over.
  const fail = (id: string, failure: { readonly error: string; readonly retryAt: DateTime.Utc | undefined }) =>
    (failure.retryAt === undefined
      ? sql`UPDATE outbox_jobs SET status = 'dead', last_error = ${failure.error}, leased_until = NULL
          WHERE id = ${toId(id)} AND status = 'pending'`
      : sql`UPDATE outbox_jobs SET last_error = ${failure.error}, leased_until = NULL,
            next_attempt_at = ${DateTime.toDate(failure.retryAt)}
          WHERE id = ${toId(id)} AND status = 'pending'`
    ).pipe(Effect.asVoid, orPersistenceError("Outbox.fail"))

  const replay = (id: string) =>
    Effect.gen(function* () {
      const now = yield* DateTime.now
      // A newer pending job with the same dedupe key already covers the work; leave this one parked.
      yield* sql`UPDATE outbox_jobs SET status = 'pending', next_attempt_at = ${DateTime.toDate(now)}, leased_until = NULL
        WHERE id = ${toId(id)} AND status = 'dead'
          AND NOT EXISTS (
            SELECT 1 FROM outbox_jobs other
            WHERE other.status = 'pending' AND other.dedupe_key = outbox_jobs.dedupe_key
          )`
    }).pipe(orPersistenceError("Outbox.replay"))

  const list = (options: { readonly status?: OutboxJobStatus; readonly limit?: number }) =>
    Effect.gen(function* () {
      const rows = yield* sql`SELECT ${columns(sql)} FROM outbox_jobs
        ${options.status === undefined ? sql`` : sql`WHERE status = ${options.status}`}
        ORDER BY id DESC
        ${options.limit === undefined ? sql`` : sql`LIMIT ${options.limit}`}`
      return yield* decodeJobs(rows)
    }).pipe(orPersistenceError("Outbox.list"))

  const depth = sql<{ n: number }>`SELECT count(*)::int AS n FROM outbox_jobs WHERE status = 'pending'`.pipe(
    Effect.map((rows) => rows[0]?.n ?? 0),
    orPersistenceError("Outbox.depth"),
  )

  return Outbox.of({ enqueue, claim, complete, completeAll, fail, replay, list, depth })
})

/** Ids are bigint in the table; a non-numeric id names no job rather than failing the statement. */
const toId = (id: string): string => (/^\d{1,18}$/.test(id) ? id : "0")

export const layer: Layer.Layer<Outbox, never, SqlClient> = Layer.effect(Outbox, make)
