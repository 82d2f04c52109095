import * as SyncHandlers from "@frontdesk/domain/calendarsync/SyncHandlers"
import * as FollowUpHandlers from "@frontdesk/domain/followup/FollowUpHandlers"
import * as OutboxWorker from "@frontdesk/domain/followup/OutboxWorker"
import { Effect, Layer } from "effect"

/** Booking follow-ups and the calendar sync's jobs share one queue and one worker. */
export const handlers: OutboxWorker.JobHandlers<FollowUpHandlers.HandlerServices | SyncHandlers.SyncServices> = {
  ...FollowUpHandlers.handlers,
  ...SyncHandlers.handlers,
}

/**
 * The in-process outbox worker, one per server instance. Instances share the queue safely: a job
 * is leased to one claimer at a time (`FOR UPDATE SKIP LOCKED`), and a lease left by a crashed
 * instance expires and is picked up by another.
 *
 * Stopping: the worker fiber is interrupted when the runtime is disposed (after Fastify has
 * drained its requests). A job interrupted mid-run keeps its lease and runs again after it
 * expires; its handler is idempotent, so the repeat has no second visible effect.
 */
export const layer = (
  options: Partial<OutboxWorker.WorkerOptions> = {},
): Layer.Layer<never, never, FollowUpHandlers.HandlerServices | SyncHandlers.SyncServices> =>
  Layer.scopedDiscard(
    Effect.gen(function* () {
      const settings = { ...OutboxWorker.defaultOptions, ...options }
      yield* Effect.logInfo("outbox worker started").pipe(
        Effect.annotateLogs({ concurrency: settings.concurrency, maxAttempts: settings.maxAttempts }),
      )
      yield* Effect.forkScoped(OutboxWorker.run(handlers, settings))
    }),
  )
