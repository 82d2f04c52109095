import { expect, layer } from "@effect/vitest"
import { WatchChannel, WatchChannels } from "@frontdesk/domain/ports/WatchChannels"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { Effect, type Layer, Option } from "effect"

/* Behaviour every WatchChannels store must show; each test uses fresh ids. */

const channel = (businessId: WatchChannel["businessId"], calendarId: string, createdAt: string) =>
  new WatchChannel({
    id: `fd-${crypto.randomUUID()}`,
    businessId,
    calendarId,
    tokenHash: crypto.randomUUID().replaceAll("-", "").repeat(2),
    resourceId: `res-${crypto.randomUUID()}`,
    expiresAt: Fixtures.utc("2030-05-08T00:00:00Z"),
    createdAt: Fixtures.utc(createdAt),
  })

export const suite = <E>(name: string, layer_: Layer.Layer<WatchChannels, E>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
    it.effect("stores a channel and finds it by id with its token digest", () =>
      Effect.gen(function* () {
        const channels = yield* WatchChannels
        const stored = channel(Fixtures.businessId(), "primary", "2030-05-01T00:00:00Z")
        yield* channels.save(stored)
        const found = Option.getOrThrow(yield* channels.get(stored.id))
        expect(found.tokenHash).toBe(stored.tokenHash)
        expect(found.resourceId).toBe(stored.resourceId)
        expect(found.expiresAt).toEqual(stored.expiresAt)
        expect(yield* channels.get("fd-unknown")).toEqual(Option.none())
      }),
    )

    it.effect("lists a business's channels newest first, and only its own", () =>
      Effect.gen(function* () {
        const channels = yield* WatchChannels
        const businessId = Fixtures.businessId()
        const older = channel(businessId, "primary", "2030-05-01T00:00:00Z")
        const newer = channel(businessId, "team", "2030-05-02T00:00:00Z")
        yield* channels.save(older)
        yield* channels.save(newer)
        yield* channels.save(channel(Fixtures.businessId(), "primary", "2030-05-03T00:00:00Z"))
        expect((yield* channels.forBusiness(businessId)).map((c) => c.id)).toEqual([newer.id, older.id])
      }),
    )

    it.effect("removing a channel forgets it; removing it again is fine", () =>
      Effect.gen(function* () {
        const channels = yield* WatchChannels
        const stored = channel(Fixtures.businessId(), "primary", "2030-05-01T00:00:00Z")
        yield* channels.save(stored)
        yield* channels.remove(stored.id)
        yield* channels.remove(stored.id)
        expect(yield* channels.get(stored.id)).toEqual(Option.none())
        expect(yield* channels.forBusiness(stored.businessId)).toEqual([])
      }),
    )
  })
