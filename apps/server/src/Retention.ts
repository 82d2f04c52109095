import { CallRecords } from "@frontdesk/domain/ports/CallRecords"
import { ConsoleSessions } from "@frontdesk/domain/ports/ConsoleSessions"
import { DateTime, Effect, Layer, Schedule } from "effect"

/**
 * Forgetting on schedule: call records (transcripts name callers and what they said) older than
 * CALL_RETENTION_DAYS, and console sessions past their expiry. Runs at start and then hourly; a
 * failed round is logged and the next one tries again.
 */

export interface RetentionOptions {
  readonly callRetentionDays: number
}

export const defaultCallRetentionDays = 90

/** One round; returns what it removed. */
export const purgeOnce = (options: RetentionOptions) =>
  Effect.gen(function* () {
    const now = yield* DateTime.now
    const calls = yield* (yield* CallRecords).purgeStartedBefore(
      DateTime.subtract(now, { days: options.callRetentionDays }),
    )
    const sessions = yield* (yield* ConsoleSessions).purgeExpired(now)
    if (calls > 0 || sessions > 0) {
      yield* Effect.logInfo("Retention purge").pipe(Effect.annotateLogs({ calls, sessions }))
    }
    return { calls, sessions }
  })

export const layer = (options: RetentionOptions): Layer.Layer<never, never, CallRecords | ConsoleSessions> =>
  Layer.scopedDiscard(
    Effect.forkScoped(
      Effect.repeat(
        purgeOnce(options).pipe(Effect.catchAll((error) => Effect.logWarning("Retention purge failed", error))),
        Schedule.spaced("1 hour"),
      ),
    ),
  )
