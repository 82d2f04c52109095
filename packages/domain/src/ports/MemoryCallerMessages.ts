import { Array as Arr, DateTime, Effect, Either, HashMap, Layer, Option, Order, Ref } from "effect"
import { CallerMessage, type CallerMessageId, type NewCallerMessage } from "../model/CallerMessage.js"
import { CallerMessageNotFound, PersistenceError } from "../model/Errors.js"
import { CallerMessages } from "./CallerMessages.js"
import * as MemoryStore from "./MemoryStore.js"
import type { NewOutboxJob } from "./Outbox.js"

type Row = MemoryStore.Row<CallerMessage>

const newestFirst = Order.reverse(
  Order.combine(
    Order.mapInput(DateTime.Order, (row: Row) => row.value.createdAt),
    Order.mapInput(Order.number, (row: Row) => row.seq),
  ),
)

export const make = Effect.gen(function* () {
  const { state } = yield* MemoryStore.MemoryStore

  const find = (s: MemoryStore.MemoryState, id: CallerMessageId) =>
    Option.match(HashMap.get(s.messages, id), {
      onNone: () => Effect.fail(new CallerMessageNotFound({ messageId: id })),
      onSome: (row) => Effect.succeed(row),
    })

  return CallerMessages.of({
    record: (message: NewCallerMessage, enqueue: ReadonlyArray<NewOutboxJob> = []) =>
      Effect.flatMap(DateTime.now, (now) =>
        // One Ref.modify: the message and its delivery job are stored together or not at all.
        Ref.modify(state, (s): readonly [Either.Either<CallerMessage, PersistenceError>, MemoryStore.MemoryState] => {
          if (HashMap.has(s.messages, message.id)) {
            return [Either.left(new PersistenceError({ message: `caller message ${message.id} already exists` })), s]
          }
          const stored = new CallerMessage({ ...message, createdAt: now })
          const seq = s.seq + 1
          const next = { ...s, seq, messages: HashMap.set(s.messages, stored.id, { value: stored, seq }) }
          return [Either.right(stored), MemoryStore.addJobs(next, enqueue, now)]
        }),
      ).pipe(Effect.flatten),

    get: (id) => Effect.flatMap(Ref.get(state), (s) => Effect.map(find(s, id), (row) => row.value)),

    list: (businessId, options) =>
      Effect.map(Ref.get(state), (s) => {
        const rows = Arr.sort(
          Arr.filter(
            Arr.fromIterable(HashMap.values(s.messages)),
            (row) =>
              row.value.businessId === businessId &&
              (options?.unhandledOnly !== true || row.value.handledAt === undefined),
          ),
          newestFirst,
        )
        const limited = options?.limit !== undefined ? Arr.take(rows, options.limit) : rows
        return Arr.map(limited, (row) => row.value)
      }),

    markHandled: (id) =>
      Effect.flatMap(DateTime.now, (now) =>
        Ref.modify(
          state,
          (s): readonly [Either.Either<CallerMessage, CallerMessageNotFound>, MemoryStore.MemoryState] =>
            Option.match(HashMap.get(s.messages, id), {
              onNone: () => [Either.left(new CallerMessageNotFound({ messageId: id })), s] as const,
              onSome: (row) => {
                if (row.value.handledAt !== undefined) return [Either.right(row.value), s] as const
                const handled = new CallerMessage({ ...row.value, handledAt: now })
                return [
                  Either.right(handled),
                  { ...s, messages: HashMap.set(s.messages, id, { value: handled, seq: row.seq }) },
                ] as const
              },
            }),
        ),
      ).pipe(Effect.flatten),
  })
})

/** Needs a MemoryStore; share one with MemoryOutbox.layer so a message's delivery job shows up there. */
export const layer: Layer.Layer<CallerMessages, never, MemoryStore.MemoryStore> = Layer.effect(CallerMessages, make)

/** Self-contained; merged with MemoryOutbox.layerMemory in one build, both use the same store. */
export const layerMemory: Layer.Layer<CallerMessages> = Layer.provide(layer, MemoryStore.layerMemory)
