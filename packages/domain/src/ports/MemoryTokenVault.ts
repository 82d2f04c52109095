import { DateTime, Effect, HashMap, Layer, Option, Ref } from "effect"
import type { BusinessId } from "../model/Ids.js"
import { CalendarCredentials, TokenVault } from "./TokenVault.js"

/** Plain storage: the real adapters encrypt; here the refresh token simply stays Redacted. */
export const make = Effect.gen(function* () {
  const ref = yield* Ref.make(HashMap.empty<BusinessId, CalendarCredentials>())

  return TokenVault.of({
    store: (businessId, credentials) => Ref.update(ref, HashMap.set(businessId, credentials)),
    load: (businessId) => Effect.map(Ref.get(ref), HashMap.get(businessId)),
    delete: (businessId) => Ref.update(ref, HashMap.remove(businessId)),
    markBroken: (businessId, reason) =>
      Effect.flatMap(DateTime.now, (now) =>
        Ref.update(ref, (all) =>
          Option.match(HashMap.get(all, businessId), {
            // Nothing stored means nothing to break; the business is simply not connected.
            onNone: () => all,
            onSome: (credentials) =>
              HashMap.set(
                all,
                businessId,
                new CalendarCredentials({ ...credentials, status: "broken", brokenReason: reason, updatedAt: now }),
              ),
          }),
        ),
      ),
    listBroken: Effect.map(Ref.get(ref), (all) =>
      Array.from(HashMap.entries(all)).flatMap(([businessId, credentials]) =>
        credentials.status === "broken"
          ? [{ businessId, reason: credentials.brokenReason ?? "unknown", since: credentials.updatedAt }]
          : [],
      ),
    ),
  })
})

export const layerMemory: Layer.Layer<TokenVault> = Layer.effect(TokenVault, make)
