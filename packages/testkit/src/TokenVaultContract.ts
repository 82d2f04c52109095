import { expect, layer } from "@effect/vitest"
import { CalendarCredentials, TokenVault } from "@frontdesk/domain/ports/TokenVault"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { DateTime, Effect, type Layer, Option, Redacted } from "effect"

/*
 * Behaviour every TokenVault must show. Stores keep rows between tests, so each test uses
 * fresh business ids.
 */

const credentials = (token: string, updatedAt = "2030-01-01T00:00:00Z") =>
  new CalendarCredentials({
    provider: "google",
    refreshToken: Redacted.make(token),
    scope: "https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.freebusy",
    status: "connected",
    updatedAt: Fixtures.utc(updatedAt),
  })

const freshToken = () => `1//0g${crypto.randomUUID().replaceAll("-", "")}-refresh`

export const suite = <E>(name: string, layer_: Layer.Layer<TokenVault, E>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
    it.effect("loads nothing for a business that never connected", () =>
      Effect.gen(function* () {
        const vault = yield* TokenVault
        expect(yield* vault.load(Fixtures.businessId())).toEqual(Option.none())
      }),
    )

    it.effect("stores credentials and loads them back with the token still Redacted", () =>
      Effect.gen(function* () {
        const vault = yield* TokenVault
        const businessId = Fixtures.businessId()
        const token = freshToken()
        const stored = credentials(token)
        yield* vault.store(businessId, stored)

        const loaded = Option.getOrThrow(yield* vault.load(businessId))
        expect(Redacted.isRedacted(loaded.refreshToken)).toBe(true)
        expect(Redacted.value(loaded.refreshToken)).toBe(token)
        expect(loaded.provider).toBe("google")
        expect(loaded.scope).toBe(stored.scope)
        expect(loaded.status).toBe("connected")
        expect(loaded.brokenReason).toBeUndefined()
        expect(DateTime.toEpochMillis(loaded.updatedAt)).toBe(DateTime.toEpochMillis(stored.updatedAt))
        // However it is printed, the token does not show.
        expect(String(loaded.refreshToken)).not.toContain(token)
        expect(JSON.stringify(loaded)).not.toContain(token)
        expect(String(loaded)).not.toContain(token)
      }),
    )

    it.effect("replaces credentials on a second store (reconnect)", () =>
      Effect.gen(function* () {
        const vault = yield* TokenVault
        const businessId = Fixtures.businessId()
        yield* vault.store(businessId, credentials(freshToken()))
        yield* vault.markBroken(businessId, "invalid_grant: Token has been revoked")
        const token = freshToken()
        yield* vault.store(businessId, credentials(token, "2030-02-01T00:00:00Z"))

        const loaded = Option.getOrThrow(yield* vault.load(businessId))
        expect(Redacted.value(loaded.refreshToken)).toBe(token)
        expect(loaded.status).toBe("connected")
        expect(loaded.brokenReason).toBeUndefined()
      }),
    )

    it.effect("marks a connection broken with its reason and keeps the token", () =>
      Effect.gen(function* () {
        const vault = yield* TokenVault
        const businessId = Fixtures.businessId()
        const token = freshToken()
        yield* vault.store(businessId, credentials(token))
        yield* vault.markBroken(businessId, "invalid_grant: Token has been revoked")

        const loaded = Option.getOrThrow(yield* vault.load(businessId))
        expect(loaded.status).toBe("broken")
        expect(loaded.brokenReason).toBe("invalid_grant: Token has been revoked")
        expect(Redacted.value(loaded.refreshToken)).toBe(token)
      }),
    )

    it.effect("lists broken connections for operators, and a reconnect takes one off the list", () =>
      Effect.gen(function* () {
        const vault = yield* TokenVault
        const broken = Fixtures.businessId()
        const healthy = Fixtures.businessId()
        yield* vault.store(broken, credentials(freshToken()))
        yield* vault.store(healthy, credentials(freshToken()))
        yield* vault.markBroken(broken, "invalid_grant: Token has been revoked")

        const listed = (yield* vault.listBroken).filter((c) => c.businessId === broken || c.businessId === healthy)
        expect(listed.map((c) => [c.businessId, c.reason])).toEqual([[broken, "invalid_grant: Token has been revoked"]])

        yield* vault.store(broken, credentials(freshToken()))
        expect((yield* vault.listBroken).some((c) => c.businessId === broken)).toBe(false)
      }),
    )

    it.effect("marking an unknown business broken stores nothing", () =>
      Effect.gen(function* () {
        const vault = yield* TokenVault
        const businessId = Fixtures.businessId()
        yield* vault.markBroken(businessId, "invalid_grant")
        expect(yield* vault.load(businessId)).toEqual(Option.none())
      }),
    )

    it.effect("deletes one business's credentials and no one else's", () =>
      Effect.gen(function* () {
        const vault = yield* TokenVault
        const [gone, kept] = [Fixtures.businessId(), Fixtures.businessId()]
        const keptToken = freshToken()
        yield* vault.store(gone, credentials(freshToken()))
        yield* vault.store(kept, credentials(keptToken))

        yield* vault.delete(gone)
        expect(yield* vault.load(gone)).toEqual(Option.none())
        expect(Redacted.value(Option.getOrThrow(yield* vault.load(kept)).refreshToken)).toBe(keptToken)
        // Deleting again (or something never stored) is fine.
        yield* vault.delete(gone)
        yield* vault.delete(Fixtures.businessId())
      }),
    )
  })
