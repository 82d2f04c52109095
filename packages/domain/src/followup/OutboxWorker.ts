import { Cause, Data, DateTime, Duration, Effect, Random } from "effect"
import type { PersistenceError } from "../model/Errors.js"
import { Outbox, type OutboxJob, type OutboxJobKind } from "../ports/Outbox.js"

/**
 * Why a job's run failed. `permanent` failures (an invalid number, a revoked calendar) are parked
 * at once: retrying cannot fix them and would only delay the owner seeing them.
 */
export class JobFailure extends Data.TaggedError("JobFailure")<{
  readonly message: string
  readonly permanent: boolean
  /** The vendor asked us to wait at least this long (Retry-After). */
  readonly retryAfter?: Duration.Duration
  readonly cause?: unknown
}> {}

export interface JobHandler<R> {
  readonly run: (job: OutboxJob) => Effect.Effect<void, JobFailure, R>
  /** Called once when the job is parked as dead, e.g. to mark the booking's calendar sync failed. */
  readonly onDead?: (job: OutboxJob, failure: JobFailure) => Effect.Effect<void, never, R>
}

export type JobHandlers<R> = { readonly [K in OutboxJobKind]?: JobHandler<R> }

export interface WorkerOptions {
  /** Jobs leased per poll. */
  readonly batchSize: number
  /** Jobs run at once by this instance. */
  readonly concurrency: number
  /** How long a claimed job stays invisible to other instances; longer than any single run. */
  readonly leaseMillis: number
  /** Attempts before a retryable failure is parked as dead. */
  readonly maxAttempts: number
  readonly baseDelayMillis: number
  readonly maxDelayMillis: number
  /** Sleep between polls when there was nothing to do. */
  readonly idleMillis: number
}

export const defaultOptions: WorkerOptions = {
  batchSize: 16,
  concurrency: 8,
  leaseMillis: 60_000,
  maxAttempts: 10,
  baseDelayMillis: 1_000,
  maxDelayMillis: 15 * 60_000,
  idleMillis: 250,
}

/**
 * Exponential backoff with full jitter (uniform in [0, min(cap, base·2^(attempt-1)))), never
 * sooner than the vendor's Retry-After. Full jitter spreads a burst of failures (Google down for
 * everyone at once) so the recovery is not a thundering herd.
 */
export const retryDelayMillis = (
  attempt: number,
  options: Pick<WorkerOptions, "baseDelayMillis" | "maxDelayMillis">,
  random: number,
  retryAfter?: Duration.Duration,
): number => {
  const ceiling = Math.min(options.maxDelayMillis, options.baseDelayMillis * 2 ** Math.max(0, attempt - 1))
  const jittered = Math.floor(random * ceiling)
  return retryAfter === undefined ? jittered : Math.max(jittered, Duration.toMillis(retryAfter))
}

const describe = (failure: JobFailure): string =>
  failure.permanent ? `permanent: ${failure.message}` : failure.message

/** Runs one job and records the outcome; a handler defect counts as a retryable failure. */
const runJob = <R>(job: OutboxJob, handlers: JobHandlers<R>, options: WorkerOptions) =>
  Effect.gen(function* () {
    const outbox = yield* Outbox
    const handler = handlers[job.kind]
    const outcome = yield* Effect.either(
      handler === undefined
        ? Effect.fail(new JobFailure({ message: `no handler for ${job.kind}`, permanent: true }))
        : handler
            .run(job)
            .pipe(
              Effect.catchAllDefect((defect) =>
                Effect.fail(
                  new JobFailure({ message: `defect: ${Cause.pretty(Cause.die(defect))}`, permanent: false }),
                ),
              ),
            ),
    )
    if (outcome._tag === "Right") {
      return yield* outbox.complete(job.id)
    }
    const failure = outcome.left
    const exhausted = failure.permanent || job.attempts >= options.maxAttempts
    if (exhausted) {
      yield* Effect.logWarning("outbox job parked as dead").pipe(
        Effect.annotateLogs({ jobId: job.id, kind: job.kind, attempts: job.attempts, error: describe(failure) }),
      )
      yield* outbox.fail(job.id, { error: describe(failure), retryAt: undefined })
      if (handler?.onDead !== undefined) yield* handler.onDead(job, failure)
      return
    }
    const now = yield* DateTime.now
    const random = yield* Random.next
    const delay = retryDelayMillis(job.attempts, options, random, failure.retryAfter)
    yield* Effect.logInfo("outbox job will be retried").pipe(
      Effect.annotateLogs({
        jobId: job.id,
        kind: job.kind,
        attempts: job.attempts,
        delayMillis: delay,
        error: failure.message,
      }),
    )
    yield* outbox.fail(job.id, { error: describe(failure), retryAt: DateTime.addDuration(now, Duration.millis(delay)) })
  })

/** Claims one batch of due jobs and runs them; returns how many were claimed. */
export const processBatch = <R>(
  handlers: JobHandlers<R>,
  options: WorkerOptions = defaultOptions,
): Effect.Effect<number, PersistenceError, Outbox | R> =>
  Effect.gen(function* () {
    const outbox = yield* Outbox
    const jobs = yield* outbox.claim({ limit: options.batchSize, leaseMillis: options.leaseMillis })
    // One job's storage error must not abandon the rest of the batch; its lease expires and
    // another poll (here or on another instance) picks it up again.
    yield* Effect.forEach(
      jobs,
      (job) =>
        runJob(job, handlers, options).pipe(
          Effect.catchAll((error) =>
            Effect.logError("outbox job outcome not recorded").pipe(
              Effect.annotateLogs({ jobId: job.id, kind: job.kind, error: error.message }),
            ),
          ),
        ),
      { concurrency: options.concurrency, discard: true },
    )
    return jobs.length
  })

/**
 * Polls forever: runs batches back to back while there is work, sleeps `idleMillis` when there
 * is none, and survives storage outages (logs and waits). Fork it in a scope; interrupting it
 * lets the jobs in flight finish their current step and leaves the rest leased until expiry.
 */
export const run = <R>(handlers: JobHandlers<R>, options: WorkerOptions = defaultOptions) =>
  processBatch(handlers, options).pipe(
    Effect.catchAll((error) =>
      Effect.logError("outbox poll failed").pipe(Effect.annotateLogs({ error: error.message }), Effect.as(0)),
    ),
    Effect.flatMap((claimed) => (claimed === 0 ? Effect.sleep(Duration.millis(options.idleMillis)) : Effect.void)),
    Effect.forever,
  )
