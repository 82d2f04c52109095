import { Array as Arr, DateTime, Effect, HashMap, Layer, Option, Order, Ref } from "effect"
import * as MemoryStore from "./MemoryStore.js"
import { Outbox, OutboxJob } from "./Outbox.js"

type Row = MemoryStore.Row<OutboxJob>

/** Rebuilds a job without its lease (optional fields must be absent, not undefined). */
const unleased = (job: OutboxJob) => {
  const { leasedUntil: _leasedUntil, ...rest } = job
  return rest
}

const isDue = (job: OutboxJob, now: DateTime.Utc): boolean =>
  job.status === "pending" &&
  DateTime.lessThanOrEqualTo(job.nextAttemptAt, now) &&
  (job.leasedUntil === undefined || DateTime.lessThanOrEqualTo(job.leasedUntil, now))

const dueOrder = Order.combine(
  Order.mapInput(DateTime.Order, (row: Row) => row.value.nextAttemptAt),
  Order.mapInput(Order.number, (row: Row) => row.seq),
)

const done = (job: OutboxJob, now: DateTime.Utc) => new OutboxJob({ ...unleased(job), status: "done", doneAt: now })

export const make = Effect.gen(function* () {
  const { state } = yield* MemoryStore.MemoryStore

  const updateJob = (id: string, f: (job: OutboxJob, now: DateTime.Utc, s: MemoryStore.MemoryState) => OutboxJob) =>
    Effect.flatMap(DateTime.now, (now) =>
      Ref.update(state, (s) =>
        Option.match(HashMap.get(s.jobs, id), {
          // Like an UPDATE that matches no row: nothing to do.
          onNone: () => s,
          onSome: (row) => ({ ...s, jobs: HashMap.set(s.jobs, id, { value: f(row.value, now, s), seq: row.seq }) }),
        }),
      ),
    )

  return Outbox.of({
    enqueue: (jobs) =>
      Effect.flatMap(DateTime.now, (now) => Ref.update(state, (s) => MemoryStore.addJobs(s, jobs, now))),

    claim: ({ leaseMillis, limit }) =>
      Effect.flatMap(DateTime.now, (now) =>
        Ref.modify(state, (s) => {
          const due = Arr.take(
            Arr.sort(
              Arr.filter(Arr.fromIterable(HashMap.values(s.jobs)), (row) => isDue(row.value, now)),
              dueOrder,
            ),
            Math.max(0, limit),
          )
          const leasedUntil = DateTime.add(now, { millis: leaseMillis })
          const claimed = Arr.map(
            due,
            (row): Row => ({
              seq: row.seq,
              value: new OutboxJob({ ...row.value, attempts: row.value.attempts + 1, leasedUntil }),
            }),
          )
          const jobs = Arr.reduce(claimed, s.jobs, (acc, row) => HashMap.set(acc, row.value.id, row))
          return [Arr.map(claimed, (row) => row.value), { ...s, jobs }]
        }),
      ),

    complete: (id) => updateJob(id, done),

    completeAll: (ids) => Effect.forEach(ids, (id) => updateJob(id, done), { discard: true }),

    fail: (id, { error, retryAt }) =>
      updateJob(id, (job) =>
        retryAt === undefined
          ? new OutboxJob({ ...unleased(job), status: "dead", lastError: error })
          : new OutboxJob({ ...unleased(job), status: "pending", lastError: error, nextAttemptAt: retryAt }),
      ),

    replay: (id) =>
      updateJob(id, (job, now, s) => {
        if (job.status !== "dead") return job
        const key = job.dedupeKey
        // Replaying must not create a second live job for the same key.
        if (
          key !== undefined &&
          HashMap.some(s.jobs, (row) => row.value.status === "pending" && row.value.dedupeKey === key)
        ) {
          return job
        }
        return new OutboxJob({ ...unleased(job), status: "pending", nextAttemptAt: now })
      }),

    list: ({ limit, status }) =>
      Effect.map(Ref.get(state), (s) => {
        const rows = Arr.sort(
          Arr.filter(
            Arr.fromIterable(HashMap.values(s.jobs)),
            (row) => status === undefined || row.value.status === status,
          ),
          Order.reverse(Order.mapInput(Order.number, (row: Row) => row.seq)),
        )
        return Arr.map(limit !== undefined ? Arr.take(rows, limit) : rows, (row) => row.value)
      }),

    depth: Effect.map(Ref.get(state), (s) =>
      HashMap.reduce(s.jobs, 0, (n, row) => (row.value.status === "pending" ? n + 1 : n)),
    ),
  })
})

/** Needs a MemoryStore; share one with MemoryBookingRepository.layer so enqueued jobs show up here. */
export const layer: Layer.Layer<Outbox, never, MemoryStore.MemoryStore> = Layer.effect(Outbox, make)

/** Self-contained; merged with MemoryBookingRepository.layerMemory in one build, both use the same store. */
export const layerMemory: Layer.Layer<Outbox> = Layer.provide(layer, MemoryStore.layerMemory)
