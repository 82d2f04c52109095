import { Array as Arr, DateTime, Effect, HashMap, Layer, Order, Ref } from "effect"
import { type WatchChannel, WatchChannels } from "./WatchChannels.js"

const newestFirst = Order.reverse(Order.mapInput(DateTime.Order, (channel: WatchChannel) => channel.createdAt))

export const make = Effect.map(Ref.make(HashMap.empty<string, WatchChannel>()), (ref) =>
  WatchChannels.of({
    save: (channel) => Ref.update(ref, HashMap.set(channel.id, channel)),
    get: (id) => Effect.map(Ref.get(ref), HashMap.get(id)),
    forBusiness: (businessId) =>
      Effect.map(Ref.get(ref), (all) =>
        Arr.sort(
          Arr.filter(Arr.fromIterable(HashMap.values(all)), (channel) => channel.businessId === businessId),
          newestFirst,
        ),
      ),
    remove: (id) => Ref.update(ref, HashMap.remove(id)),
  }),
)

export const layerMemory: Layer.Layer<WatchChannels> = Layer.effect(WatchChannels, make)
