import { expect, layer } from "@effect/vitest"
import { OwnerAccountId, OwnerInvite } from "@frontdesk/domain/model/OwnerAccount"
import { OwnerAccounts } from "@frontdesk/domain/ports/OwnerAccounts"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { DateTime, Effect, Either, type Layer, Option } from "effect"

/* Behaviour every OwnerAccounts store must show; fresh ids and emails per test. */

const now = DateTime.unsafeMake("2026-05-04T14:00:00Z")
const accountId = () => OwnerAccountId.make(`own_${crypto.randomUUID()}`)
const email = () => `Owner.${crypto.randomUUID()}@Example.com`

const invite = (businessId = Fixtures.businessId(), expiresAt = DateTime.add(now, { days: 7 })) =>
  new OwnerInvite({ tokenHash: crypto.randomUUID(), businessId, createdAt: now, expiresAt })

export const suite = <E>(name: string, layer_: Layer.Layer<OwnerAccounts, E>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
    it.effect("an invite creates one account for its business, found by email in any case", () =>
      Effect.gen(function* () {
        const owners = yield* OwnerAccounts
        const made = invite()
        yield* owners.createInvite(made)
        const address = email()
        const account = yield* owners.acceptInvite(
          made.tokenHash,
          { id: accountId(), email: address, passwordHash: "scrypt$x" },
          now,
        )
        expect(account.businessId).toBe(made.businessId)
        expect(account.email).toBe(address.toLowerCase())
        expect(Option.getOrThrow(yield* owners.findByEmail(` ${address.toUpperCase()} `)).id).toBe(account.id)
        expect((yield* owners.listByBusiness(made.businessId)).map((a) => a.id)).toEqual([account.id])
      }),
    )

    it.effect("an invite works once, not after it expires, and not for an unknown link", () =>
      Effect.gen(function* () {
        const owners = yield* OwnerAccounts
        const made = invite()
        yield* owners.createInvite(made)
        yield* owners.acceptInvite(made.tokenHash, { id: accountId(), email: email(), passwordHash: "h" }, now)
        const again = yield* Effect.either(
          owners.acceptInvite(made.tokenHash, { id: accountId(), email: email(), passwordHash: "h" }, now),
        )
        expect(Either.isLeft(again) && again.left._tag === "InviteUnusable" && again.left.reason).toBe("used")
        const late = invite(Fixtures.businessId(), DateTime.add(now, { minutes: 1 }))
        yield* owners.createInvite(late)
        const expired = yield* Effect.either(
          owners.acceptInvite(
            late.tokenHash,
            { id: accountId(), email: email(), passwordHash: "h" },
            DateTime.add(now, { minutes: 2 }),
          ),
        )
        expect(Either.isLeft(expired) && expired.left._tag === "InviteUnusable" && expired.left.reason).toBe("expired")
        const unknown = yield* Effect.either(
          owners.acceptInvite("nope", { id: accountId(), email: email(), passwordHash: "h" }, now),
        )
        expect(Either.isLeft(unknown) && unknown.left._tag === "InviteUnusable" && unknown.left.reason).toBe("unknown")
        expect(yield* owners.listByBusiness(late.businessId)).toEqual([])
      }),
    )

    it.effect("refuses a second account with the same email and leaves that invite unused", () =>
      Effect.gen(function* () {
        const owners = yield* OwnerAccounts
        const address = email()
        const first = invite()
        const second = invite()
        yield* owners.createInvite(first)
        yield* owners.createInvite(second)
        yield* owners.acceptInvite(first.tokenHash, { id: accountId(), email: address, passwordHash: "h" }, now)
        const clash = yield* Effect.either(
          owners.acceptInvite(
            second.tokenHash,
            { id: accountId(), email: address.toUpperCase(), passwordHash: "h" },
            now,
          ),
        )
        expect(Either.isLeft(clash) && clash.left._tag).toBe("EmailInUse")
        // Still usable with another address.
        const ok = yield* owners.acceptInvite(
          second.tokenHash,
          { id: accountId(), email: email(), passwordHash: "h" },
          now,
        )
        expect(ok.businessId).toBe(second.businessId)
      }),
    )
  })
