import { Array as Arr, DateTime, Effect, HashMap, Layer, Option, Ref } from "effect"
import { ConsoleSession } from "../model/ConsoleSession.js"
import { ConsoleSessions } from "./ConsoleSessions.js"

export const make = Effect.gen(function* () {
  const state = yield* Ref.make(HashMap.empty<string, ConsoleSession>())
  return ConsoleSessions.of({
    create: (session) => Ref.update(state, HashMap.set(session.idHash, session)),
    get: (idHash, now) =>
      Effect.map(Ref.get(state), (all) =>
        Option.filter(HashMap.get(all, idHash), (session) => DateTime.lessThan(now, session.expiresAt)),
      ),
    bindOAuthState: (idHash, stateHash) =>
      Ref.update(state, (all) =>
        HashMap.modify(all, idHash, (session) => new ConsoleSession({ ...session, oauthStateHash: stateHash })),
      ),
    findByOAuthState: (stateHash) =>
      Effect.map(Ref.get(state), (all) =>
        Arr.findFirst(Arr.fromIterable(HashMap.values(all)), (session) => session.oauthStateHash === stateHash),
      ),
    delete: (idHash) => Ref.update(state, HashMap.remove(idHash)),
    purgeExpired: (now) =>
      Ref.modify(state, (all) => {
        const kept = HashMap.filter(all, (session) => DateTime.lessThan(now, session.expiresAt))
        return [HashMap.size(all) - HashMap.size(kept), kept]
      }),
  })
})

export const layerMemory: Layer.Layer<ConsoleSessions> = Layer.effect(ConsoleSessions, make)
