import { Cause, Chunk, Data, DateTime, Duration, Effect, FiberSet, Queue, Random, Ref } from "effect"
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
  /** Most jobs leased by one claim. */
  readonly batchSize: number
  /**
   * Jobs run at once by this instance. Follow-ups are almost all waiting on Google or Twilio, so
   * this is sized to keep those round trips overlapped, not to the number of cores.
   */
  readonly concurrency: number
  /** How long a claimed job stays invisible to other instances; longer than any single run. */
  readonly leaseMillis: number
  /** Attempts before a retryable failure is parked as dead. */
  readonly maxAttempts: number
  readonly baseDelayMillis: number
  readonly maxDelayMillis: number
  /** Sleep between polls when there was nothing to do; never while work is waiting. */
  readonly idleMillis: number
}

export const defaultOptions: WorkerOptions = {
  batchSize: 32,
  concurrency: 32,
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

/**
 * Runs one job and records a failure; a handler defect counts as a retryable failure. Returns
 * `true` when the job succeeded: its completion is the caller's to write, batched with others.
 */
const runJob = <R>(
  job: OutboxJob,
  handlers: JobHandlers<R>,
  options: WorkerOptions,
): Effect.Effect<boolean, PersistenceError, Outbox | R> =>
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
    if (outcome._tag === "Right") return true
    const failure = outcome.left
    const exhausted = failure.permanent || job.attempts >= options.maxAttempts
    if (exhausted) {
      yield* Effect.logWarning("outbox job parked as dead").pipe(
        Effect.annotateLogs({ jobId: job.id, kind: job.kind, attempts: job.attempts, error: describe(failure) }),
      )
      yield* outbox.fail(job.id, { error: describe(failure), retryAt: undefined })
      if (handler?.onDead !== undefined) yield* handler.onDead(job, failure)
      return false
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
    return false
  })

/** One job's storage error must not stop the others; its lease expires and a later claim retries it. */
const runLogged = <R>(job: OutboxJob, handlers: JobHandlers<R>, options: WorkerOptions) =>
  runJob(job, handlers, options).pipe(
    Effect.catchAll((error) =>
      Effect.logError("outbox job outcome not recorded").pipe(
        Effect.annotateLogs({ jobId: job.id, kind: job.kind, error: error.message }),
        Effect.as(false),
      ),
    ),
  )

/** Writes completions; when that fails the jobs keep their leases and run again (handlers are idempotent). */
const completeAll = (outbox: Outbox["Type"], ids: ReadonlyArray<string>) =>
  ids.length === 0
    ? Effect.void
    : outbox
        .completeAll(ids)
        .pipe(
          Effect.catchAll((error) =>
            Effect.logError("outbox completions not recorded").pipe(
              Effect.annotateLogs({ jobs: ids.length, error: error.message }),
            ),
          ),
        )

/**
 * Claims one batch of due jobs, runs them and records their completions in one write; returns how
 * many were claimed. Tests and tools drive the outbox with this; the server runs `run`.
 */
export const processBatch = <R>(
  handlers: JobHandlers<R>,
  options: WorkerOptions = defaultOptions,
): Effect.Effect<number, PersistenceError, Outbox | R> =>
  Effect.gen(function* () {
    const outbox = yield* Outbox
    const jobs = yield* outbox.claim({ limit: options.batchSize, leaseMillis: options.leaseMillis })
    const succeeded = yield* Effect.forEach(jobs, (job) => runLogged(job, handlers, options), {
      concurrency: options.concurrency,
    })
    yield* completeAll(
      outbox,
      jobs.filter((_, i) => succeeded[i] === true).map((job) => job.id),
    )
    return jobs.length
  })

/**
 * Runs forever, up to `concurrency` jobs at a time: a new claim is made as soon as a quarter of the
 * slots (or a whole batch) are free, so a slow job never holds back the ones queued behind it and
 * a backlog is worked through without any wait between claims; it sleeps `idleMillis` only when a
 * claim found nothing. Completions are gathered and written together. Survives storage outages
 * (logs and waits). Fork it in a scope; interrupting it stops the jobs in flight (their leases
 * expire and they run again), after writing the completions already gathered.
 */
export const run = <R>(
  handlers: JobHandlers<R>,
  options: WorkerOptions = defaultOptions,
): Effect.Effect<never, never, Outbox | R> =>
  Effect.scoped(
    Effect.gen(function* () {
      const outbox = yield* Outbox
      const finished = yield* Queue.unbounded<string>()
      // Added first, so it runs last: after the job fibers below are stopped.
      yield* Effect.addFinalizer(() =>
        Queue.takeAll(finished).pipe(Effect.flatMap((ids) => completeAll(outbox, Chunk.toReadonlyArray(ids)))),
      )
      const running = yield* FiberSet.make<void, never>()
      const inFlight = yield* Ref.make(0)
      // Holds at most one wake-up: a job finishing between the check and the wait is not missed.
      const freed = yield* Queue.sliding<void>(1)
      const claimAt = Math.max(1, Math.min(options.batchSize, Math.ceil(options.concurrency / 4)))

      // Each write takes every completion gathered while the previous one was in flight (group
      // commit): one write per job when the line is quiet, one per burst under load.
      const writer = Queue.takeBetween(finished, 1, 1_000).pipe(
        Effect.flatMap((ids) => completeAll(outbox, Chunk.toReadonlyArray(ids))),
        Effect.forever,
      )
      yield* Effect.forkScoped(writer)

      const start = (job: OutboxJob) =>
        FiberSet.run(
          running,
          runLogged(job, handlers, options).pipe(
            Effect.flatMap((ok) => (ok ? Queue.offer(finished, job.id) : Effect.void)),
            Effect.ensuring(Ref.update(inFlight, (n) => n - 1).pipe(Effect.zipRight(Queue.offer(freed, undefined)))),
            Effect.asVoid,
          ),
        )

      const step = Effect.gen(function* () {
        const busy = yield* Ref.get(inFlight)
        const free = options.concurrency - busy
        // Jobs that finish together wake this once; yielding lets the rest of them free their slots
        // too, so the next claim takes them all in one round trip.
        if (free < claimAt && busy > 0) return yield* Queue.take(freed).pipe(Effect.zipRight(Effect.yieldNow()))
        const jobs = yield* outbox.claim({ limit: Math.min(options.batchSize, free), leaseMillis: options.leaseMillis })
        if (jobs.length === 0) return yield* Effect.sleep(Duration.millis(options.idleMillis))
        yield* Ref.update(inFlight, (n) => n + jobs.length)
        for (const job of jobs) yield* start(job)
      }).pipe(
        Effect.catchAll((error) =>
          Effect.logError("outbox poll failed").pipe(
            Effect.annotateLogs({ error: error.message }),
            Effect.zipRight(Effect.sleep(Duration.millis(options.idleMillis))),
          ),
        ),
      )
      return yield* Effect.forever(step)
    }),
  )
