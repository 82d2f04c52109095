import { Effect, HashMap, Layer, Option, Ref } from "effect"
import { TextBudget } from "./TextBudget.js"

export const make = Effect.gen(function* () {
  const ref = yield* Ref.make(HashMap.empty<string, number>())
  return TextBudget.of({
    take: (businessId, hour) =>
      Ref.modify(ref, (all) => {
        const key = `${businessId} ${hour.epochMillis}`
        const count = Option.getOrElse(HashMap.get(all, key), () => 0) + 1
        return [count, HashMap.set(all, key, count)]
      }),
  })
})

export const layerMemory: Layer.Layer<TextBudget> = Layer.effect(TextBudget, make)
