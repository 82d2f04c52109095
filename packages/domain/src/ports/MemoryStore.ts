import { Context, type DateTime, Effect, HashMap, Layer, Ref } from "effect"
import type { Booking } from "../model/Booking.js"
import type { CallerMessage, CallerMessageId } from "../model/CallerMessage.js"
import type { BookingId } from "../model/Ids.js"
import { type NewOutboxJob, OutboxJob } from "./Outbox.js"

/** A stored row plus its insertion sequence, so "newest first" is stable when clocks tie. */
export interface Row<A> {
  readonly value: A
  readonly seq: number
}

/**
 * Bookings, caller messages and outbox jobs live in one Ref so a change and the jobs enqueued with
 * it are written by a single `Ref.modify`: the in-memory stand-in for one database transaction.
 */
export interface MemoryState {
  readonly bookings: HashMap.HashMap<BookingId, Row<Booking>>
  readonly messages: HashMap.HashMap<CallerMessageId, Row<CallerMessage>>
  readonly jobs: HashMap.HashMap<string, Row<OutboxJob>>
  readonly seq: number
}

export const emptyState: MemoryState = {
  bookings: HashMap.empty(),
  messages: HashMap.empty(),
  jobs: HashMap.empty(),
  seq: 0,
}

export class MemoryStore extends Context.Tag("@frontdesk/domain/ports/MemoryStore")<
  MemoryStore,
  { readonly state: Ref.Ref<MemoryState> }
>() {}

export const make = Effect.map(Ref.make(emptyState), (state) => MemoryStore.of({ state }))

/**
 * One store per layer build. `MemoryBookingRepository.layerMemory`, `MemoryCallerMessages.layerMemory`
 * and `MemoryOutbox.layerMemory` all provide this very layer value, and Effect memoises layers by reference within one build,
 * so composing them (Layer.merge) shares a single store.
 */
export const layerMemory: Layer.Layer<MemoryStore> = Layer.effect(MemoryStore, make)

const isLivePending = (job: OutboxJob, dedupeKey: string): boolean =>
  job.status === "pending" && job.dedupeKey === dedupeKey

/** Adds jobs due now; a job whose dedupeKey is held by a pending job is dropped. */
export const addJobs = (state: MemoryState, jobs: ReadonlyArray<NewOutboxJob>, now: DateTime.Utc): MemoryState => {
  let next = state
  for (const job of jobs) {
    const key = job.dedupeKey
    if (key !== undefined && HashMap.some(next.jobs, (row) => isLivePending(row.value, key))) continue
    const seq = next.seq + 1
    const id = `job_${seq}`
    const stored = new OutboxJob({
      id,
      kind: job.kind,
      payload: job.payload,
      ...(key !== undefined ? { dedupeKey: key } : {}),
      status: "pending",
      attempts: 0,
      nextAttemptAt: job.notBefore ?? now,
      createdAt: now,
    })
    next = { ...next, seq, jobs: HashMap.set(next.jobs, id, { value: stored, seq }) }
  }
  return next
}
