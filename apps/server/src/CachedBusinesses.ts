import type { Business } from "@frontdesk/domain/model/Business"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import { Clock, Duration, Effect, Layer } from "effect"

/**
 * Every webhook of a call needs its business; reading it once per few seconds instead of once per
 * turn takes a query off each turn. Changes made through this instance are seen at once; another
 * instance's changes within `ttl` — the price of sharing nothing between instances.
 */
export const layer = (ttl: Duration.DurationInput = Duration.seconds(2)) =>
  Layer.effect(
    Businesses,
    Effect.gen(function* () {
      const businesses = yield* Businesses
      const ttlMillis = Duration.toMillis(ttl)
      const cache = new Map<string, { readonly business: Business; readonly expiresAt: number }>()
      const remember = (business: Business) =>
        Effect.map(Clock.currentTimeMillis, (now) => {
          // Bounded: a long-running instance serving many businesses keeps only recent ones.
          if (cache.size >= 10_000) cache.clear()
          cache.set(business.id, { business, expiresAt: now + ttlMillis })
          return business
        })
      return Businesses.of({
        ...businesses,
        get: (id) =>
          Effect.flatMap(Clock.currentTimeMillis, (now) => {
            const hit = cache.get(id)
            return hit !== undefined && hit.expiresAt > now
              ? Effect.succeed(hit.business)
              : Effect.flatMap(businesses.get(id), remember)
          }),
        create: (business) => Effect.flatMap(businesses.create(business), remember),
        update: (business) =>
          businesses.update(business).pipe(
            Effect.tapError(() => Effect.sync(() => cache.delete(business.id))),
            Effect.flatMap(remember),
          ),
      })
    }),
  )
