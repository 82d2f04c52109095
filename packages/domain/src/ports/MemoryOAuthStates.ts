import { DateTime, Effect, HashMap, Layer, Option, Ref } from "effect"
import type { BusinessId } from "../model/Ids.js"
import { OAuthStates } from "./OAuthStates.js"

interface Issued {
  readonly businessId: BusinessId
  readonly expiresAt: DateTime.Utc
  readonly used: boolean
}

export const make = Effect.gen(function* () {
  const ref = yield* Ref.make(HashMap.empty<string, Issued>())
  return OAuthStates.of({
    issue: (nonce, businessId, expiresAt) =>
      Ref.update(ref, (all) =>
        HashMap.set(
          // Expired nonces are dropped as new ones arrive, so the map stays as small as the live ones.
          HashMap.filter(all, (issued) => DateTime.greaterThan(issued.expiresAt, DateTime.unsafeNow())),
          nonce,
          { businessId, expiresAt, used: false },
        ),
      ),
    consume: (nonce, now) =>
      Ref.modify(ref, (all): [Option.Option<BusinessId>, HashMap.HashMap<string, Issued>] => {
        const issued = HashMap.get(all, nonce)
        if (Option.isNone(issued) || issued.value.used || !DateTime.greaterThan(issued.value.expiresAt, now)) {
          return [Option.none(), all]
        }
        return [Option.some(issued.value.businessId), HashMap.set(all, nonce, { ...issued.value, used: true })]
      }),
  })
})

export const layerMemory: Layer.Layer<OAuthStates> = Layer.effect(OAuthStates, make)
