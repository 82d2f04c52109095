import { Context, type DateTime, type Effect, type Option } from "effect"
import type { PersistenceError } from "../model/Errors.js"
import type { BusinessId } from "../model/Ids.js"
import type { EmailInUse, InviteUnusable, OwnerAccount, OwnerAccountId, OwnerInvite } from "../model/OwnerAccount.js"

/** The owners who sign in to the console, and the invites that create them. */
export class OwnerAccounts extends Context.Tag("@frontdesk/domain/OwnerAccounts")<
  OwnerAccounts,
  {
    readonly createInvite: (invite: OwnerInvite) => Effect.Effect<void, PersistenceError>
    /**
     * Uses the invite (once, before it expires) and creates the owner's account for its business,
     * in one write: a second acceptance of the same link fails `used` and creates nothing.
     */
    readonly acceptInvite: (
      tokenHash: string,
      account: { readonly id: OwnerAccountId; readonly email: string; readonly passwordHash: string },
      now: DateTime.Utc,
    ) => Effect.Effect<OwnerAccount, InviteUnusable | EmailInUse | PersistenceError>
    /** By the normalized email (see normalizeEmail). */
    readonly findByEmail: (email: string) => Effect.Effect<Option.Option<OwnerAccount>, PersistenceError>
    readonly listByBusiness: (businessId: BusinessId) => Effect.Effect<ReadonlyArray<OwnerAccount>, PersistenceError>
  }
>() {}
