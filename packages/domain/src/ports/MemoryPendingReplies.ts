import { DateTime, Effect, HashMap, Layer, Option, Ref } from "effect"
import type { BookingId } from "../model/Ids.js"
import { PendingReplies } from "./PendingReplies.js"

interface Pending {
  readonly bookingId: BookingId
  readonly expiresAt: DateTime.Utc
}

export const make = Effect.gen(function* () {
  const ref = yield* Ref.make(HashMap.empty<string, Pending>())
  return PendingReplies.of({
    put: (businessId, phone, bookingId, expiresAt) =>
      Ref.update(ref, HashMap.set(`${businessId} ${phone}`, { bookingId, expiresAt })),
    take: (businessId, phone, now) =>
      Ref.modify(ref, (all): [Option.Option<BookingId>, HashMap.HashMap<string, Pending>] => {
        const key = `${businessId} ${phone}`
        const pending = HashMap.get(all, key)
        const rest = HashMap.remove(all, key)
        return Option.isSome(pending) && DateTime.lessThan(now, pending.value.expiresAt)
          ? [Option.some(pending.value.bookingId), rest]
          : [Option.none(), rest]
      }),
  })
})

export const layerMemory: Layer.Layer<PendingReplies> = Layer.effect(PendingReplies, make)
