import { expect, layer } from "@effect/vitest"
import { NewOutboxJob, Outbox, type OutboxJob, type OutboxJobKind } from "@frontdesk/domain/ports/Outbox"
import { Array as Arr, DateTime, Effect, type Layer } from "effect"

/*
 * Behaviour every Outbox must show. The queue is global and stores keep rows between tests, so
 * each test marks its jobs with fresh dedupe keys and looks only at those; claims use a large
 * limit so jobs left behind by earlier tests cannot crowd them out. The live clock runs, so lease
 * expiry is a short real wait.
 */

const millis = DateTime.toEpochMillis
const unique = (label: string) => `test.${label}:${crypto.randomUUID()}`

const newJob = (key: string, kind: OutboxJobKind = "sms.confirmation") =>
  new NewOutboxJob({ kind, payload: { key, bookingId: "bk_1", nested: { tries: [1, 2], note: null } }, dedupeKey: key })

const withKeys = (jobs: ReadonlyArray<OutboxJob>, keys: ReadonlyArray<string>) =>
  jobs.filter((job) => job.dedupeKey !== undefined && keys.includes(job.dedupeKey))

const listed = (status: OutboxJob["status"], keys: ReadonlyArray<string>) =>
  Effect.flatMap(Outbox, (outbox) => Effect.map(outbox.list({ status }), (jobs) => withKeys(jobs, keys)))

const claimMine = (keys: ReadonlyArray<string>, leaseMillis = 60_000) =>
  Effect.flatMap(Outbox, (outbox) =>
    Effect.map(outbox.claim({ limit: 1_000, leaseMillis }), (jobs) => withKeys(jobs, keys)),
  )

/** Claims the one job with this key, failing the test when it is not handed out. */
const claimOne = (key: string, leaseMillis?: number) =>
  Effect.map(claimMine([key], leaseMillis), (jobs) => {
    expect(jobs).toHaveLength(1)
    return jobs[0] as OutboxJob
  })

export const suite = <E>(name: string, layer_: Layer.Layer<Outbox, E>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
    it.effect("stores an enqueued job as pending and due now", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const key = unique("enqueue")
        const before = yield* DateTime.now
        yield* outbox.enqueue([newJob(key, "calendar.create_event")])
        const after = yield* DateTime.now

        const [job] = yield* listed("pending", [key])
        expect(job?.kind).toBe("calendar.create_event")
        expect(job?.payload).toEqual({ key, bookingId: "bk_1", nested: { tries: [1, 2], note: null } })
        expect(job?.status).toBe("pending")
        expect(job?.attempts).toBe(0)
        expect(job?.leasedUntil).toBeUndefined()
        expect(job?.lastError).toBeUndefined()
        expect(job?.doneAt).toBeUndefined()
        expect(millis(job!.createdAt)).toBeGreaterThanOrEqual(millis(before))
        expect(millis(job!.createdAt)).toBeLessThanOrEqual(millis(after))
        expect(millis(job!.nextAttemptAt)).toBeLessThanOrEqual(millis(after))
      }),
    )

    it.effect("a job with a not-before time waits for it (scheduled jobs: renewals, daily checks)", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const key = unique("scheduled")
        const now = yield* DateTime.now
        const later = DateTime.add(now, { hours: 1 })
        yield* outbox.enqueue([
          new NewOutboxJob({ kind: "calendar.watch", payload: {}, dedupeKey: key, notBefore: later }),
        ])
        const [stored] = yield* listed("pending", [key])
        expect(DateTime.toEpochMillis(stored!.nextAttemptAt)).toBe(DateTime.toEpochMillis(later))
        expect(yield* claimMine([key])).toEqual([])
        // While it waits it holds its dedupe key.
        yield* outbox.enqueue([new NewOutboxJob({ kind: "calendar.watch", payload: {}, dedupeKey: key })])
        expect(yield* listed("pending", [key])).toHaveLength(1)
      }),
    )

    it.effect("claims a due job with a lease and counts the attempt", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const key = unique("claim")
        yield* outbox.enqueue([newJob(key)])
        const before = yield* DateTime.now
        const job = yield* claimOne(key, 60_000)
        expect(job.attempts).toBe(1)
        expect(job.status).toBe("pending")
        expect(job.kind).toBe("sms.confirmation")
        expect(job.payload).toEqual({ key, bookingId: "bk_1", nested: { tries: [1, 2], note: null } })
        expect(job.leasedUntil).toBeDefined()
        expect(millis(job.leasedUntil!)).toBeGreaterThanOrEqual(millis(before) + 60_000)
        yield* outbox.complete(job.id)
      }),
    )

    it.effect("does not hand out a leased job again until its lease expires", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const key = unique("lease")
        yield* outbox.enqueue([newJob(key)])
        const first = yield* claimOne(key, 300)
        expect(yield* claimMine([key])).toEqual([])

        yield* Effect.sleep("700 millis")
        const second = yield* claimOne(key)
        expect(second.id).toBe(first.id)
        expect(second.attempts).toBe(2)
        yield* outbox.complete(second.id)
      }),
    )

    it.effect("completes a job: done, timestamped, never handed out again", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const key = unique("complete")
        yield* outbox.enqueue([newJob(key)])
        const job = yield* claimOne(key, 200)
        yield* outbox.complete(job.id)

        const [done] = yield* listed("done", [key])
        expect(done?.id).toBe(job.id)
        expect(done?.doneAt).toBeDefined()
        expect(yield* listed("pending", [key])).toEqual([])
        // Not even after the lease it had would have run out.
        yield* Effect.sleep("400 millis")
        expect(yield* claimMine([key])).toEqual([])
      }),
    )

    it.effect("claims a batch: at most `limit` due jobs, oldest first, each handed out once", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        // Lease whatever earlier tests left due, so the limits below count only this test's jobs.
        yield* outbox.claim({ limit: 1_000, leaseMillis: 60_000 })
        const keys = Arr.makeBy(5, (i) => unique(`batch-${i}`))
        for (const key of keys) yield* outbox.enqueue([newJob(key)])

        const first = yield* outbox.claim({ limit: 2, leaseMillis: 60_000 })
        expect(first.map((job) => job.dedupeKey)).toEqual(keys.slice(0, 2))
        const rest = yield* outbox.claim({ limit: 10, leaseMillis: 60_000 })
        expect(rest.map((job) => job.dedupeKey)).toEqual(keys.slice(2))
        expect(yield* outbox.claim({ limit: 10, leaseMillis: 60_000 })).toEqual([])
        expect([...first, ...rest].every((job) => job.attempts === 1 && job.leasedUntil !== undefined)).toBe(true)
        yield* outbox.completeAll([...first, ...rest].map((job) => job.id))
      }),
    )

    it.effect("completeAll marks every job of a batch done and leaves the others alone", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const keys = Arr.makeBy(3, (i) => unique(`complete-all-${i}`))
        const other = unique("complete-all-other")
        yield* outbox.enqueue([...keys, other].map((key) => newJob(key)))
        const claimed = yield* claimMine([...keys, other], 200)
        expect(claimed).toHaveLength(4)
        const mine = claimed.filter((job) => job.dedupeKey !== other)

        yield* outbox.completeAll([])
        // An id that names no job is ignored, as by `complete`.
        yield* outbox.completeAll([...mine.map((job) => job.id), "not-a-job"])

        const done = yield* listed("done", keys)
        expect(done.map((job) => job.dedupeKey).sort()).toEqual([...keys].sort())
        expect(done.every((job) => job.doneAt !== undefined && job.leasedUntil === undefined)).toBe(true)
        expect((yield* listed("pending", [...keys, other])).map((job) => job.dedupeKey)).toEqual([other])
        // The done ones stay done after their lease would have run out; the other one comes back.
        yield* Effect.sleep("400 millis")
        expect((yield* claimMine([...keys, other])).map((job) => job.dedupeKey)).toEqual([other])
      }),
    )

    it.effect("fail with a retry time records the error and reschedules the job", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const key = unique("retry-later")
        yield* outbox.enqueue([newJob(key)])
        const job = yield* claimOne(key)
        const retryAt = DateTime.add(yield* DateTime.now, { hours: 1 })
        yield* outbox.fail(job.id, { error: "Google said 503", retryAt })

        const [pending] = yield* listed("pending", [key])
        expect(pending?.lastError).toBe("Google said 503")
        expect(pending?.attempts).toBe(1)
        expect(millis(pending!.nextAttemptAt)).toBe(millis(retryAt))
        expect(pending?.leasedUntil).toBeUndefined()
        expect(yield* claimMine([key])).toEqual([])
      }),
    )

    it.effect("a job whose retry time has come is claimed again", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const key = unique("retry-now")
        yield* outbox.enqueue([newJob(key)])
        const job = yield* claimOne(key)
        yield* outbox.fail(job.id, {
          error: "timeout",
          retryAt: DateTime.subtract(yield* DateTime.now, { seconds: 1 }),
        })

        const again = yield* claimOne(key)
        expect(again.id).toBe(job.id)
        expect(again.attempts).toBe(2)
        yield* outbox.complete(again.id)
      }),
    )

    it.effect("fail without a retry time parks the job as dead; replay makes it due again", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const key = unique("dead")
        yield* outbox.enqueue([newJob(key)])
        const job = yield* claimOne(key)
        yield* outbox.fail(job.id, { error: "21211 invalid number", retryAt: undefined })

        const [dead] = yield* listed("dead", [key])
        expect(dead?.id).toBe(job.id)
        expect(dead?.lastError).toBe("21211 invalid number")
        expect(yield* listed("pending", [key])).toEqual([])
        expect(yield* claimMine([key])).toEqual([])

        yield* outbox.replay(job.id)
        expect(yield* listed("dead", [key])).toEqual([])
        const replayed = yield* claimOne(key)
        expect(replayed.id).toBe(job.id)
        yield* outbox.complete(replayed.id)
      }),
    )

    it.effect("never hands the same job to two concurrent claimers", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const keys = Arr.makeBy(30, (i) => unique(`concurrent-${i}`))
        yield* outbox.enqueue(keys.map((key) => newJob(key)))

        // Each claimer takes small batches until nothing is due.
        const claimer = Effect.gen(function* () {
          const got: Array<OutboxJob> = []
          while (true) {
            const batch = yield* outbox.claim({ limit: 4, leaseMillis: 60_000 })
            if (batch.length === 0) return got
            got.push(...batch)
          }
        })
        const perClaimer = yield* Effect.all(
          Arr.makeBy(5, () => claimer),
          { concurrency: "unbounded" },
        )
        const all = perClaimer.flat()
        expect(new Set(all.map((job) => job.id)).size).toBe(all.length)
        const mine = withKeys(all, keys)
        expect(mine.map((job) => job.dedupeKey).sort()).toEqual([...keys].sort())
        yield* Effect.forEach(mine, (job) => outbox.complete(job.id))
      }),
    )

    it.effect("ignores a duplicate of a live job with the same dedupe key", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const key = unique("dedupe")
        yield* outbox.enqueue([newJob(key), newJob(key)])
        yield* outbox.enqueue([newJob(key)])
        const [live, ...duplicates] = yield* listed("pending", [key])
        expect(duplicates).toEqual([])

        // Once the job is done the key is free for new work.
        yield* outbox.complete(live!.id)
        yield* outbox.enqueue([newJob(key)])
        const [next, ...more] = yield* listed("pending", [key])
        expect(more).toEqual([])
        expect(next?.id).not.toBe(live?.id)
        yield* outbox.complete(next!.id)
      }),
    )

    it.effect("never deduplicates jobs without a key", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const marker = unique("no-key")
        const job = new NewOutboxJob({ kind: "sms.owner_alert", payload: { marker } })
        yield* outbox.enqueue([job, job])
        const mine = (yield* outbox.list({ status: "pending" })).filter(
          (j) => (j.payload as { marker?: string } | null)?.marker === marker,
        )
        expect(mine).toHaveLength(2)
        yield* Effect.forEach(mine, (j) => outbox.complete(j.id))
      }),
    )

    it.effect("reports the number of pending jobs as depth, leased ones included", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const keys = Arr.makeBy(3, (i) => unique(`depth-${i}`))
        const start = yield* outbox.depth
        yield* outbox.enqueue(keys.map((key) => newJob(key)))
        expect(yield* outbox.depth).toBe(start + 3)

        const [a, b] = (yield* claimMine(keys)).sort((x, y) => keys.indexOf(x.dedupeKey!) - keys.indexOf(y.dedupeKey!))
        expect(yield* outbox.depth).toBe(start + 3)
        yield* outbox.complete(a!.id)
        expect(yield* outbox.depth).toBe(start + 2)
        yield* outbox.fail(b!.id, { error: "gave up", retryAt: undefined })
        expect(yield* outbox.depth).toBe(start + 1)
      }),
    )

    it.effect("lists at most `limit` jobs of a status", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        yield* outbox.enqueue(Arr.makeBy(3, (i) => newJob(unique(`list-${i}`))))
        expect(yield* outbox.list({ status: "pending", limit: 2 })).toHaveLength(2)
        for (const job of yield* outbox.list({ status: "done", limit: 5 })) expect(job.status).toBe("done")
      }),
    )
  })
