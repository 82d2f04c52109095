import type { BusinessId } from "@frontdesk/domain/model/Ids"
import { OwnerInvite } from "@frontdesk/domain/model/OwnerAccount"
import { OwnerAccounts } from "@frontdesk/domain/ports/OwnerAccounts"
import { DateTime, Effect } from "effect"
import { newToken, sha256 } from "./Access.js"

/** How long an invite link works. */
export const inviteLifetime = { days: 7 } as const

/** A single-use invite for the business's owner; only its hash is stored. Returns the link to send. */
export const create = (businessId: BusinessId, publicBaseUrl: string) =>
  Effect.gen(function* () {
    const token = newToken()
    const now = yield* DateTime.now
    const expiresAt = DateTime.add(now, inviteLifetime)
    yield* (yield* OwnerAccounts).createInvite(
      new OwnerInvite({ tokenHash: sha256(token), businessId, createdAt: now, expiresAt }),
    )
    return { url: `${publicBaseUrl}/invite/${token}`, expiresAt }
  })
