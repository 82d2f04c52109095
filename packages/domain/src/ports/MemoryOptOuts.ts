import { Effect, HashMap, Layer, Option, Ref } from "effect"
import type { BusinessId, PhoneNumber } from "../model/Ids.js"
import { OptOuts } from "./OptOuts.js"

const keyOf = (businessId: BusinessId, phone: PhoneNumber) => `${businessId} ${phone}`

export const make = Effect.gen(function* () {
  const ref = yield* Ref.make(HashMap.empty<string, boolean>())
  return OptOuts.of({
    record: (businessId, phone, keyword) =>
      keyword === "HELP" ? Effect.void : Ref.update(ref, HashMap.set(keyOf(businessId, phone), keyword === "STOP")),
    isOptedOut: (businessId, phone) =>
      Effect.map(Ref.get(ref), (all) => Option.getOrElse(HashMap.get(all, keyOf(businessId, phone)), () => false)),
  })
})

export const layerMemory: Layer.Layer<OptOuts> = Layer.effect(OptOuts, make)
