import { Array as Arr, DateTime, Effect, Either, HashMap, Layer, Option, Ref } from "effect"
import {
  EmailInUse,
  InviteUnusable,
  normalizeEmail,
  OwnerAccount,
  type OwnerAccountId,
  OwnerInvite,
} from "../model/OwnerAccount.js"
import { OwnerAccounts } from "./OwnerAccounts.js"

interface State {
  readonly invites: HashMap.HashMap<string, OwnerInvite>
  readonly accounts: HashMap.HashMap<OwnerAccountId, OwnerAccount>
}

export const make = Effect.gen(function* () {
  const state = yield* Ref.make<State>({ invites: HashMap.empty(), accounts: HashMap.empty() })
  return OwnerAccounts.of({
    createInvite: (invite) =>
      Ref.update(state, (s) => ({ ...s, invites: HashMap.set(s.invites, invite.tokenHash, invite) })),

    acceptInvite: (tokenHash, account, now) =>
      Ref.modify(state, (s): readonly [Either.Either<OwnerAccount, InviteUnusable | EmailInUse>, State] => {
        const invite = HashMap.get(s.invites, tokenHash)
        if (Option.isNone(invite)) return [Either.left(new InviteUnusable({ reason: "unknown" })), s]
        if (invite.value.usedAt !== undefined) return [Either.left(new InviteUnusable({ reason: "used" })), s]
        if (!DateTime.lessThan(now, invite.value.expiresAt)) {
          return [Either.left(new InviteUnusable({ reason: "expired" })), s]
        }
        const email = normalizeEmail(account.email)
        if (HashMap.some(s.accounts, (a) => a.email === email)) return [Either.left(new EmailInUse({ email })), s]
        const created = new OwnerAccount({ ...account, email, businessId: invite.value.businessId, createdAt: now })
        return [
          Either.right(created),
          {
            invites: HashMap.set(s.invites, tokenHash, new OwnerInvite({ ...invite.value, usedAt: now })),
            accounts: HashMap.set(s.accounts, created.id, created),
          },
        ]
      }).pipe(Effect.flatten),

    findByEmail: (email) =>
      Effect.map(Ref.get(state), (s) =>
        Arr.findFirst(Arr.fromIterable(HashMap.values(s.accounts)), (a) => a.email === normalizeEmail(email)),
      ),

    listByBusiness: (businessId) =>
      Effect.map(Ref.get(state), (s) =>
        Arr.filter(Arr.fromIterable(HashMap.values(s.accounts)), (a) => a.businessId === businessId),
      ),
  })
})

export const layerMemory: Layer.Layer<OwnerAccounts> = Layer.effect(OwnerAccounts, make)
