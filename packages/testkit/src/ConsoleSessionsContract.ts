import { expect, layer } from "@effect/vitest"
import { ConsoleSession } from "@frontdesk/domain/model/ConsoleSession"
import { OwnerAccountId } from "@frontdesk/domain/model/OwnerAccount"
import { ConsoleSessions } from "@frontdesk/domain/ports/ConsoleSessions"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { DateTime, Effect, type Layer, Option } from "effect"

/* Behaviour every ConsoleSessions store must show; fresh ids per test. */

const now = DateTime.unsafeMake("2026-05-04T14:00:00Z")

const session = (overrides: Partial<ConstructorParameters<typeof ConsoleSession>[0]> = {}) =>
  new ConsoleSession({
    idHash: crypto.randomUUID(),
    subject: {
      _tag: "Owner",
      accountId: OwnerAccountId.make(`own_${crypto.randomUUID()}`),
      businessId: Fixtures.businessId(),
    },
    csrfToken: crypto.randomUUID(),
    createdAt: now,
    expiresAt: DateTime.add(now, { hours: 12 }),
    ...overrides,
  })

export const suite = <E>(name: string, layer_: Layer.Layer<ConsoleSessions, E>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
    it.effect("finds a live session as stored, owner or operator, and none once expired or signed out", () =>
      Effect.gen(function* () {
        const sessions = yield* ConsoleSessions
        const owner = session()
        const operator = session({ subject: { _tag: "Operator" } })
        yield* sessions.create(owner)
        yield* sessions.create(operator)
        expect(Option.getOrThrow(yield* sessions.get(owner.idHash, now))).toEqual(owner)
        expect(Option.getOrThrow(yield* sessions.get(operator.idHash, now)).subject).toEqual({ _tag: "Operator" })
        expect(Option.isNone(yield* sessions.get(owner.idHash, DateTime.add(now, { hours: 12 })))).toBe(true)
        yield* sessions.delete(operator.idHash)
        expect(Option.isNone(yield* sessions.get(operator.idHash, now))).toBe(true)
        yield* sessions.delete(operator.idHash)
      }),
    )

    it.effect("remembers the OAuth state a session started, the newest one only", () =>
      Effect.gen(function* () {
        const sessions = yield* ConsoleSessions
        const started = session()
        yield* sessions.create(started)
        const [first, second] = [crypto.randomUUID(), crypto.randomUUID()]
        yield* sessions.bindOAuthState(started.idHash, first)
        expect(Option.getOrThrow(yield* sessions.findByOAuthState(first)).idHash).toBe(started.idHash)
        yield* sessions.bindOAuthState(started.idHash, second)
        expect(Option.isNone(yield* sessions.findByOAuthState(first))).toBe(true)
        expect(Option.getOrThrow(yield* sessions.findByOAuthState(second)).idHash).toBe(started.idHash)
      }),
    )

    it.effect("purges expired sessions and keeps live ones", () =>
      Effect.gen(function* () {
        const sessions = yield* ConsoleSessions
        const later = DateTime.add(now, { days: 400 })
        const old = session()
        const live = session({ expiresAt: DateTime.add(later, { hours: 1 }) })
        yield* sessions.create(old)
        yield* sessions.create(live)
        expect(yield* sessions.purgeExpired(later)).toBeGreaterThanOrEqual(1)
        expect(Option.isSome(yield* sessions.get(live.idHash, later))).toBe(true)
        expect(Option.isNone(yield* sessions.get(old.idHash, now))).toBe(true)
      }),
    )
  })
