import { Context, type DateTime, type Effect, Schema } from "effect"
import type { PersistenceError } from "../model/Errors.js"

export const OutboxJobKind = Schema.Literal(
  "calendar.create_event",
  "calendar.update_event",
  "calendar.delete_event",
  "sms.confirmation",
  "sms.cancellation",
  "sms.rescheduled",
  "sms.owner_alert",
  "sms.owner_message",
  "calendar.sync",
  "calendar.watch",
  "calendar.stop_channel",
  "calendar.health_check",
)
export type OutboxJobKind = typeof OutboxJobKind.Type

export const OutboxJobStatus = Schema.Literal("pending", "done", "dead")
export type OutboxJobStatus = typeof OutboxJobStatus.Type

/** Work to do after a commit, stored in the same transaction as the change it belongs to. */
export class NewOutboxJob extends Schema.Class<NewOutboxJob>("NewOutboxJob")({
  kind: OutboxJobKind,
  /** JSON-encodable; each kind's handler decodes its own payload. */
  payload: Schema.Unknown,
  /** At most one live job per key (e.g. "sms.confirmation:<bookingId>"); a duplicate enqueue is ignored. */
  dedupeKey: Schema.optional(Schema.String),
  /** Not run before this instant (a scheduled job: channel renewal, the daily check); now when absent. */
  notBefore: Schema.optional(Schema.DateTimeUtc),
}) {}

export class OutboxJob extends Schema.Class<OutboxJob>("OutboxJob")({
  id: Schema.String,
  kind: OutboxJobKind,
  payload: Schema.Unknown,
  dedupeKey: Schema.optional(Schema.String),
  status: OutboxJobStatus,
  attempts: Schema.Int,
  nextAttemptAt: Schema.DateTimeUtc,
  leasedUntil: Schema.optional(Schema.DateTimeUtc),
  lastError: Schema.optional(Schema.String),
  doneAt: Schema.optional(Schema.DateTimeUtc),
  createdAt: Schema.DateTimeUtc,
}) {}

/** A durable job queue shared by every server instance. */
export class Outbox extends Context.Tag("@frontdesk/domain/Outbox")<
  Outbox,
  {
    readonly enqueue: (jobs: ReadonlyArray<NewOutboxJob>) => Effect.Effect<void, PersistenceError>
    /**
     * Leases up to `limit` due jobs (pending, next attempt reached, lease expired) to this caller;
     * concurrent claimers never get the same job. Each claim counts as an attempt.
     */
    readonly claim: (options: {
      readonly limit: number
      readonly leaseMillis: number
    }) => Effect.Effect<ReadonlyArray<OutboxJob>, PersistenceError>
    readonly complete: (id: string) => Effect.Effect<void, PersistenceError>
    /** `complete` for many jobs in one round trip: a worker finishing a batch writes once, not once per job. */
    readonly completeAll: (ids: ReadonlyArray<string>) => Effect.Effect<void, PersistenceError>
    /** Records the error; `retryAt` schedules another attempt, `undefined` parks the job as dead. */
    readonly fail: (
      id: string,
      failure: { readonly error: string; readonly retryAt: DateTime.Utc | undefined },
    ) => Effect.Effect<void, PersistenceError>
    /** Puts a dead job back in the queue, due now. */
    readonly replay: (id: string) => Effect.Effect<void, PersistenceError>
    readonly list: (options: {
      readonly status?: OutboxJobStatus
      readonly limit?: number
    }) => Effect.Effect<ReadonlyArray<OutboxJob>, PersistenceError>
    /** Pending jobs, for /metrics. */
    readonly depth: Effect.Effect<number, PersistenceError>
  }
>() {}
