import type { BusinessId } from "@frontdesk/domain/model/Ids"
import { CalendarError, isRetryable } from "@frontdesk/domain/ports/CalendarError"
import { Clock, Data, Duration, Effect, HashMap, Option, Ref, Schedule } from "effect"

/**
 * How the adapter survives a slow or failing Google: per-attempt timeouts, an overall deadline,
 * retries with full jitter for retryable kinds only (honouring Retry-After), and a per-business
 * circuit breaker so a Google outage costs callers nothing but a fast "Unavailable".
 */

export interface CallPolicy {
  /** Longest single HTTP attempt. */
  readonly attemptTimeout: Duration.DurationInput
  /** Longest the whole call may take, retries included. */
  readonly deadline: Duration.DurationInput
  readonly maxRetries: number
  /** Backoff base and cap; each delay is uniform in [0, min(cap, base·2^n)] ("full jitter"). */
  readonly baseDelay: Duration.DurationInput
  readonly maxDelay: Duration.DurationInput
}

export interface BreakerPolicy {
  /** Consecutive infrastructure failures (Unavailable, Timeout, Network) that open the circuit. */
  readonly failureThreshold: number
  /** How long an open circuit fails fast before letting one probe through (half-open). */
  readonly cooldown: Duration.DurationInput
}

export interface ResiliencePolicy {
  /** Availability checks run while a caller waits on the phone: a tight budget. */
  readonly busy: CallPolicy
  /** Event writes run from the outbox worker: patient. */
  readonly write: CallPolicy
  readonly breaker: BreakerPolicy
}

/**
 * Production values; `GoogleOptions.resilience` overrides any of them where the adapter is built.
 *
 * `busy.attemptTimeout` is about half the deadline, and the deadline is the webhook's own 2.5 s: a
 * hung first attempt still leaves time for one retry. It is not tighter because an attempt may carry
 * a token refresh as well as the query (two round trips), and Google's p99 for either is a few
 * hundred milliseconds: 1.2 s leaves room for a busy event loop and GC pauses, so an ordinary loaded
 * server does not retry (doubling Google traffic exactly when it is slow) on answers that were
 * merely on their way.
 */
export const defaultPolicy: ResiliencePolicy = {
  busy: {
    attemptTimeout: Duration.millis(1200),
    deadline: Duration.millis(2500),
    maxRetries: 2,
    baseDelay: Duration.millis(100),
    maxDelay: Duration.millis(800),
  },
  write: {
    attemptTimeout: Duration.seconds(5),
    deadline: Duration.seconds(20),
    maxRetries: 4,
    baseDelay: Duration.millis(250),
    maxDelay: Duration.seconds(4),
  },
  breaker: { failureThreshold: 5, cooldown: Duration.seconds(30) },
}

export const mergePolicy = (overrides: Partial<ResiliencePolicy> | undefined): ResiliencePolicy => ({
  busy: { ...defaultPolicy.busy, ...overrides?.busy },
  write: { ...defaultPolicy.write, ...overrides?.write },
  breaker: { ...defaultPolicy.breaker, ...overrides?.breaker },
})

/** The cause of a fail-fast answer from an open circuit; never retried. */
export class CircuitOpen extends Data.TaggedError("CircuitOpen")<{ readonly retryInMillis: number }> {}

const shouldRetry = (error: CalendarError) => isRetryable(error) && !(error.cause instanceof CircuitOpen)

/**
 * Exponential backoff with full jitter, stretched to at least Retry-After when Google sent one, and
 * only while that wait still fits the call's deadline: a caller on the line is better served by a
 * prompt "RateLimited" (offer other times) than by a Timeout after sleeping on Google's behalf.
 */
export const retrySchedule = (
  policy: CallPolicy,
  startedAt: number,
): Schedule.Schedule<[[Duration.Duration, number], CalendarError], CalendarError> =>
  Schedule.exponential(policy.baseDelay).pipe(
    Schedule.modifyDelay((delay) => Duration.min(delay, Duration.decode(policy.maxDelay))),
    Schedule.jitteredWith({ min: 0, max: 1 }),
    Schedule.intersect(Schedule.recurs(policy.maxRetries)),
    Schedule.intersect(Schedule.identity<CalendarError>()),
    Schedule.whileInputEffect((error: CalendarError) =>
      Effect.map(Clock.currentTimeMillis, (now) => {
        if (!shouldRetry(error)) return false
        const wait = error.retryAfter === undefined ? 0 : Duration.toMillis(error.retryAfter)
        return now - startedAt + wait < Duration.toMillis(policy.deadline)
      }),
    ),
    Schedule.modifyDelay(([, error], delay) =>
      error.retryAfter === undefined ? delay : Duration.max(delay, error.retryAfter),
    ),
  )

const timeout = (operation: string, duration: Duration.DurationInput) => () =>
  new CalendarError({ kind: "Timeout", message: `${operation}: no answer within ${Duration.format(duration)}` })

/** One attempt bounded by `attemptTimeout`, retried per policy (no overall deadline: see `withDeadline`). */
export const withRetries =
  (operation: string, policy: CallPolicy) =>
  <A, R>(attempt: Effect.Effect<A, CalendarError, R>): Effect.Effect<A, CalendarError, R> =>
    Effect.flatMap(Clock.currentTimeMillis, (startedAt) =>
      attempt.pipe(
        Effect.timeoutFail({ duration: policy.attemptTimeout, onTimeout: timeout(operation, policy.attemptTimeout) }),
        Effect.retry(retrySchedule(policy, startedAt)),
      ),
    )

/** Bounds everything inside (several requests, their retries and waits) by the policy's deadline. */
export const withDeadline =
  (operation: string, policy: CallPolicy) =>
  <A, R>(effect: Effect.Effect<A, CalendarError, R>): Effect.Effect<A, CalendarError, R> =>
    Effect.timeoutFail(effect, { duration: policy.deadline, onTimeout: timeout(operation, policy.deadline) })

/** A single call: retries within the deadline. */
export const withPolicy =
  (operation: string, policy: CallPolicy) =>
  <A, R>(attempt: Effect.Effect<A, CalendarError, R>): Effect.Effect<A, CalendarError, R> =>
    withDeadline(operation, policy)(withRetries(operation, policy)(attempt))

type BreakerState =
  | { readonly _tag: "Closed"; readonly failures: number }
  | { readonly _tag: "Open"; readonly until: number }
  | { readonly _tag: "HalfOpen" }

const closed: BreakerState = { _tag: "Closed", failures: 0 }

const countsAgainstGoogle = (error: CalendarError) =>
  error.kind === "Unavailable" || error.kind === "Timeout" || error.kind === "Network"

export interface CircuitBreaker {
  readonly protect: <A, R>(
    businessId: BusinessId,
    attempt: Effect.Effect<A, CalendarError, R>,
  ) => Effect.Effect<A, CalendarError, R>
}

/**
 * Per business, because one owner's broken calendar or revoked quota must not silence the others.
 * In-process state: each server instance learns on its own that Google is down, which costs at most
 * `failureThreshold` slow calls per instance.
 */
export const makeCircuitBreaker = (policy: BreakerPolicy): Effect.Effect<CircuitBreaker> =>
  Effect.map(Ref.make(HashMap.empty<BusinessId, BreakerState>()), (states) => {
    /** Decides atomically whether this attempt may go to Google. */
    const admit = (businessId: BusinessId, now: number) =>
      Ref.modify(states, (all): [Option.Option<number>, HashMap.HashMap<BusinessId, BreakerState>] => {
        const state = Option.getOrElse(HashMap.get(all, businessId), () => closed)
        switch (state._tag) {
          case "Closed":
            return [Option.none(), all]
          case "HalfOpen":
            return [Option.some(Duration.toMillis(policy.cooldown)), all]
          case "Open":
            return now < state.until
              ? [Option.some(state.until - now), all]
              : [Option.none(), HashMap.set(all, businessId, { _tag: "HalfOpen" })]
        }
      })

    /** The attempt's outcome, applied atomically; logs when this outcome opened the circuit. */
    const record = (businessId: BusinessId, failed: boolean) =>
      Effect.flatMap(Clock.currentTimeMillis, (now) =>
        Ref.modify(states, (all): [boolean, HashMap.HashMap<BusinessId, BreakerState>] => {
          const state = Option.getOrElse(HashMap.get(all, businessId), () => closed)
          const open = (): [boolean, HashMap.HashMap<BusinessId, BreakerState>] => [
            true,
            HashMap.set(all, businessId, { _tag: "Open", until: now + Duration.toMillis(policy.cooldown) }),
          ]
          if (!failed) return [false, HashMap.remove(all, businessId)]
          // Opened meanwhile by a concurrent attempt: a late failure changes nothing.
          if (state._tag === "Open") return [false, all]
          if (state._tag === "HalfOpen") return open()
          const failures = state.failures + 1
          return failures >= policy.failureThreshold
            ? open()
            : [false, HashMap.set(all, businessId, { _tag: "Closed", failures })]
        }),
      ).pipe(
        Effect.flatMap((opened) =>
          opened
            ? Effect.logWarning("Google Calendar circuit opened").pipe(Effect.annotateLogs({ businessId }))
            : Effect.void,
        ),
      )

    return {
      protect: (businessId, attempt) =>
        Effect.flatMap(Clock.currentTimeMillis, (now) =>
          Effect.flatMap(admit(businessId, now), (rejected) =>
            Option.match(rejected, {
              onSome: (retryInMillis) =>
                Effect.fail(
                  new CalendarError({
                    kind: "Unavailable",
                    message: "Google Calendar is failing for this business; not calling it for now",
                    // Background work (the outbox) waits for the probe instead of spending attempts on a closed door.
                    retryAfter: Duration.millis(retryInMillis),
                    cause: new CircuitOpen({ retryInMillis }),
                  }),
                ),
              onNone: () =>
                attempt.pipe(
                  Effect.tapBoth({
                    onFailure: (error) => record(businessId, countsAgainstGoogle(error)),
                    onSuccess: () => record(businessId, false),
                  }),
                  // An abandoned probe (caller's deadline) must not leave the circuit half-open forever.
                  Effect.onInterrupt(() =>
                    Ref.update(states, (all) =>
                      Option.match(HashMap.get(all, businessId), {
                        onNone: () => all,
                        onSome: (state) =>
                          state._tag === "HalfOpen" ? HashMap.set(all, businessId, { _tag: "Open", until: 0 }) : all,
                      }),
                    ),
                  ),
                ),
            }),
          ),
        ),
    }
  })
