import { Array as Arr, DateTime, Effect, HashMap, Layer, Option, Order, Ref } from "effect"
import { type CallEntry, CallRecord, mergeOutcome } from "../model/CallRecord.js"
import type { CallSid } from "../model/Ids.js"
import { CallRecords } from "./CallRecords.js"

interface Row {
  readonly value: CallRecord
  readonly seq: number
}

const newestFirst = Order.reverse(
  Order.combine(
    Order.mapInput(DateTime.Order, (row: Row) => row.value.startedAt),
    Order.mapInput(Order.number, (row: Row) => row.seq),
  ),
)

/** Folds one entry into the call's record (or starts it). */
export const apply = (current: CallRecord | undefined, entry: CallEntry): CallRecord =>
  new CallRecord({
    callSid: entry.callSid,
    businessId: current?.businessId ?? entry.businessId,
    caller: current?.caller ?? entry.caller,
    startedAt: current?.startedAt ?? entry.at,
    outcome: current === undefined ? entry.outcome : mergeOutcome(current.outcome, entry.outcome),
    turns: [...(current?.turns ?? []), ...entry.turns],
    ...(entry.bookingId !== undefined
      ? { bookingId: entry.bookingId }
      : current?.bookingId !== undefined
        ? { bookingId: current.bookingId }
        : {}),
    ...(entry.ended ? { endedAt: entry.at } : current?.endedAt !== undefined ? { endedAt: current.endedAt } : {}),
  })

export const make = Effect.gen(function* () {
  const state = yield* Ref.make({ calls: HashMap.empty<CallSid, Row>(), seq: 0 })
  return CallRecords.of({
    record: (entry) =>
      Ref.update(state, (s) => {
        const current = HashMap.get(s.calls, entry.callSid)
        const seq = Option.match(current, { onNone: () => s.seq + 1, onSome: (row) => row.seq })
        const value = apply(Option.getOrUndefined(Option.map(current, (row) => row.value)), entry)
        return { calls: HashMap.set(s.calls, entry.callSid, { value, seq }), seq: Math.max(s.seq, seq) }
      }),
    get: (callSid) => Effect.map(Ref.get(state), (s) => Option.map(HashMap.get(s.calls, callSid), (row) => row.value)),
    list: (businessId, options) =>
      Effect.map(Ref.get(state), (s) => {
        const rows = Arr.sort(
          Arr.filter(Arr.fromIterable(HashMap.values(s.calls)), (row) => row.value.businessId === businessId),
          newestFirst,
        )
        return Arr.map(options?.limit !== undefined ? Arr.take(rows, options.limit) : rows, (row) => row.value)
      }),
    purgeStartedBefore: (cutoff) =>
      Ref.modify(state, (s) => {
        const kept = HashMap.filter(s.calls, (row) => !DateTime.lessThan(row.value.startedAt, cutoff))
        return [HashMap.size(s.calls) - HashMap.size(kept), { ...s, calls: kept }]
      }),
  })
})

export const layerMemory: Layer.Layer<CallRecords> = Layer.effect(CallRecords, make)
