import { describe, expect, it } from "@effect/vitest"
import { Array as Arr, DateTime, Duration, Effect, Fiber, Layer, Ref, TestClock } from "effect"
import * as OutboxWorker from "../src/followup/OutboxWorker.js"
import * as MemoryOutbox from "../src/ports/MemoryOutbox.js"
import { NewOutboxJob, Outbox } from "../src/ports/Outbox.js"

const options: OutboxWorker.WorkerOptions = {
  ...OutboxWorker.defaultOptions,
  maxAttempts: 3,
  baseDelayMillis: 1_000,
  maxDelayMillis: 60_000,
}

const enqueueOne = (payload: unknown = { bookingId: "b1" }) =>
  Effect.flatMap(Outbox, (outbox) => outbox.enqueue([new NewOutboxJob({ kind: "sms.confirmation", payload })]))

const noHandlers: OutboxWorker.JobHandlers<never> = {}

const allJobs = Effect.flatMap(Outbox, (outbox) => outbox.list({}))

describe("OutboxWorker", () => {
  it("spreads retries with full jitter under an exponential ceiling", () => {
    expect(OutboxWorker.retryDelayMillis(1, options, 0.999)).toBeLessThan(1_000)
    expect(OutboxWorker.retryDelayMillis(3, options, 0.999)).toBeGreaterThan(3_900)
    expect(OutboxWorker.retryDelayMillis(3, options, 0.999)).toBeLessThan(4_000)
    expect(OutboxWorker.retryDelayMillis(30, options, 0.999)).toBeLessThan(60_000)
    expect(OutboxWorker.retryDelayMillis(2, options, 0)).toBe(0)
    // The vendor's Retry-After is a floor, whatever the dice say.
    expect(OutboxWorker.retryDelayMillis(1, options, 0, Duration.seconds(30))).toBe(30_000)
  })

  it.effect("completes a job whose handler succeeds", () =>
    Effect.gen(function* () {
      const ran = yield* Ref.make<ReadonlyArray<unknown>>([])
      yield* enqueueOne({ bookingId: "b1" })
      const claimed = yield* OutboxWorker.processBatch(
        { "sms.confirmation": { run: (job) => Ref.update(ran, (xs) => [...xs, job.payload]) } },
        options,
      )
      expect(claimed).toBe(1)
      expect(yield* Ref.get(ran)).toEqual([{ bookingId: "b1" }])
      const [job] = yield* allJobs
      expect(job?.status).toBe("done")
      // Nothing left to do: a second poll claims nothing and runs nothing again.
      expect(yield* OutboxWorker.processBatch(noHandlers, options)).toBe(0)
    }).pipe(Effect.provide(MemoryOutbox.layerMemory)),
  )

  it.effect("retries a transient failure later, then completes it", () =>
    Effect.gen(function* () {
      const calls = yield* Ref.make(0)
      const handlers: OutboxWorker.JobHandlers<never> = {
        "sms.confirmation": {
          run: () =>
            Ref.getAndUpdate(calls, (n) => n + 1).pipe(
              Effect.flatMap((n) =>
                n === 0 ? Effect.fail(new OutboxWorker.JobFailure({ message: "503", permanent: false })) : Effect.void,
              ),
            ),
        },
      }
      yield* enqueueOne()
      yield* OutboxWorker.processBatch(handlers, options)
      const [afterFailure] = yield* allJobs
      expect(afterFailure?.status).toBe("pending")
      expect(afterFailure?.lastError).toBe("503")
      // First retry waits somewhere in [0, base) — jittered, so a burst does not retry in lockstep.
      const wait = DateTime.distance(yield* DateTime.now, afterFailure!.nextAttemptAt)
      expect(wait).toBeGreaterThanOrEqual(0)
      expect(wait).toBeLessThan(options.baseDelayMillis)
      yield* TestClock.adjust(Duration.seconds(2))
      yield* OutboxWorker.processBatch(handlers, options)
      const [done] = yield* allJobs
      expect(done?.status).toBe("done")
      expect(yield* Ref.get(calls)).toBe(2)
    }).pipe(Effect.provide(MemoryOutbox.layerMemory)),
  )

  it.effect("parks a permanent failure as dead at once and tells the handler", () =>
    Effect.gen(function* () {
      const dead = yield* Ref.make<ReadonlyArray<string>>([])
      yield* enqueueOne()
      yield* OutboxWorker.processBatch(
        {
          "sms.confirmation": {
            run: () => Effect.fail(new OutboxWorker.JobFailure({ message: "21610 unsubscribed", permanent: true })),
            onDead: (_job, failure) => Ref.update(dead, (xs) => [...xs, failure.message]),
          },
        },
        options,
      )
      const [job] = yield* allJobs
      expect(job?.status).toBe("dead")
      expect(job?.attempts).toBe(1)
      expect(job?.lastError).toContain("21610")
      expect(yield* Ref.get(dead)).toEqual(["21610 unsubscribed"])
    }).pipe(Effect.provide(MemoryOutbox.layerMemory)),
  )

  it.effect("parks a job that keeps failing after maxAttempts", () =>
    Effect.gen(function* () {
      yield* enqueueOne()
      const failing: OutboxWorker.JobHandlers<never> = {
        "sms.confirmation": {
          run: () => Effect.fail(new OutboxWorker.JobFailure({ message: "timeout", permanent: false })),
        },
      }
      for (let i = 0; i < options.maxAttempts; i++) {
        yield* OutboxWorker.processBatch(failing, options)
        yield* TestClock.adjust(Duration.millis(options.maxDelayMillis))
      }
      const [job] = yield* allJobs
      expect(job?.status).toBe("dead")
      expect(job?.attempts).toBe(options.maxAttempts)
      // A dead job is never claimed again.
      yield* TestClock.adjust(Duration.hours(1))
      expect(yield* OutboxWorker.processBatch(failing, options)).toBe(0)
    }).pipe(Effect.provide(MemoryOutbox.layerMemory)),
  )

  it.effect("waits at least the vendor's Retry-After", () =>
    Effect.gen(function* () {
      yield* enqueueOne()
      yield* OutboxWorker.processBatch(
        {
          "sms.confirmation": {
            run: () =>
              Effect.fail(
                new OutboxWorker.JobFailure({ message: "429", permanent: false, retryAfter: Duration.seconds(45) }),
              ),
          },
        },
        options,
      )
      const now = yield* DateTime.now
      const [job] = yield* allJobs
      expect(DateTime.distance(now, job!.nextAttemptAt)).toBeGreaterThanOrEqual(45_000)
    }).pipe(Effect.provide(MemoryOutbox.layerMemory)),
  )

  it.effect("treats a crashing handler as a transient failure, not a dead worker", () =>
    Effect.gen(function* () {
      yield* enqueueOne()
      yield* OutboxWorker.processBatch({ "sms.confirmation": { run: () => Effect.die(new Error("boom")) } }, options)
      const [job] = yield* allJobs
      expect(job?.status).toBe("pending")
      expect(job?.lastError).toContain("boom")
    }).pipe(Effect.provide(MemoryOutbox.layerMemory)),
  )

  it.effect("parks a job nobody can handle", () =>
    Effect.gen(function* () {
      yield* enqueueOne()
      yield* OutboxWorker.processBatch(noHandlers, options)
      const [job] = yield* allJobs
      expect(job?.status).toBe("dead")
      expect(job?.lastError).toContain("no handler for sms.confirmation")
    }).pipe(Effect.provide(MemoryOutbox.layerMemory)),
  )

  describe("run", () => {
    /** The memory outbox, counting the round trips a database would see. */
    const counted = (calls: Ref.Ref<{ readonly claims: number; readonly completions: number }>) =>
      Layer.effect(
        Outbox,
        Effect.map(Outbox, (outbox) =>
          Outbox.of({
            ...outbox,
            claim: (o) =>
              Effect.zipRight(
                Ref.update(calls, (c) => ({ ...c, claims: c.claims + 1 })),
                outbox.claim(o),
              ),
            complete: () => Effect.dieMessage("the worker completes in batches"),
            completeAll: (ids) =>
              Effect.zipRight(
                Ref.update(calls, (c) => ({ ...c, completions: c.completions + 1 })),
                outbox.completeAll(ids),
              ),
          }),
        ),
      ).pipe(Layer.provide(MemoryOutbox.layerMemory))

    /** Lets the worker's fibers run to their next sleep after the clock moves. */
    const settle = Effect.repeatN(Effect.yieldNow(), 50)

    it.effect("works through a backlog without waiting between claims, completing in batches", () =>
      Effect.gen(function* () {
        const calls = yield* Ref.make({ claims: 0, completions: 0 })
        yield* Effect.gen(function* () {
          const outbox = yield* Outbox
          yield* outbox.enqueue(
            Arr.makeBy(40, (i) => new NewOutboxJob({ kind: "sms.confirmation", payload: { bookingId: `b${i}` } })),
          )
          const ran = yield* Ref.make(0)
          // Each job waits 100 ms on its vendor; the idle poll is far longer than the whole backlog takes.
          const handlers: OutboxWorker.JobHandlers<never> = {
            "sms.confirmation": {
              run: () =>
                Effect.zipRight(
                  Effect.sleep("100 millis"),
                  Ref.update(ran, (n) => n + 1),
                ),
            },
          }
          const worker = yield* Effect.fork(
            OutboxWorker.run(handlers, { ...options, concurrency: 16, batchSize: 16, idleMillis: 60_000 }),
          )
          yield* settle
          for (let round = 0; round < 3; round++) {
            yield* TestClock.adjust("100 millis")
            yield* settle
          }
          // 40 jobs, 16 at a time, 100 ms each: done after 300 ms, with no idle poll in between, and
          // claims of a quarter of the slots at least (a claim per job would be 40).
          expect(yield* Ref.get(ran)).toBe(40)
          expect(yield* outbox.depth).toBe(0)
          expect((yield* outbox.list({ status: "done" })).length).toBe(40)
          const { claims, completions } = yield* Ref.get(calls)
          expect(claims).toBeLessThanOrEqual(12)
          // Completions go through completeAll only (`complete` dies above); how many share a write
          // depends on how many finish while the previous write is in flight.
          expect(completions).toBeGreaterThan(0)
          yield* Fiber.interrupt(worker)
        }).pipe(Effect.provide(counted(calls)))
      }),
    )

    it.effect("keeps at most `concurrency` jobs running", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        yield* outbox.enqueue(
          Arr.makeBy(20, (i) => new NewOutboxJob({ kind: "sms.confirmation", payload: { bookingId: `b${i}` } })),
        )
        const running = yield* Ref.make(0)
        const most = yield* Ref.make(0)
        const handlers: OutboxWorker.JobHandlers<never> = {
          "sms.confirmation": {
            run: () =>
              Ref.updateAndGet(running, (n) => n + 1).pipe(
                Effect.tap((n) => Ref.update(most, (m) => Math.max(m, n))),
                Effect.zipRight(Effect.sleep("50 millis")),
                Effect.ensuring(Ref.update(running, (n) => n - 1)),
              ),
          },
        }
        const worker = yield* Effect.fork(OutboxWorker.run(handlers, { ...options, concurrency: 5, batchSize: 32 }))
        yield* settle
        for (let round = 0; round < 10; round++) {
          yield* TestClock.adjust("50 millis")
          yield* settle
        }
        expect(yield* outbox.depth).toBe(0)
        expect(yield* Ref.get(most)).toBe(5)
        yield* Fiber.interrupt(worker)
      }).pipe(Effect.provide(MemoryOutbox.layerMemory)),
    )

    it.effect("writes the completions it has gathered when stopped", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        yield* enqueueOne({ bookingId: "b1" })
        const worker = yield* Effect.fork(
          OutboxWorker.run({ "sms.confirmation": { run: () => Effect.void } }, { ...options, idleMillis: 60_000 }),
        )
        yield* settle
        yield* Fiber.interrupt(worker)
        expect((yield* outbox.list({ status: "done" })).length).toBe(1)
      }).pipe(Effect.provide(MemoryOutbox.layerMemory)),
    )
  })
})
