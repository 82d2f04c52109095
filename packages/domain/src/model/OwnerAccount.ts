import { Data, Schema } from "effect"
import { BusinessId } from "./Ids.js"

export const OwnerAccountId = Schema.NonEmptyTrimmedString.pipe(Schema.brand("OwnerAccountId"))
export type OwnerAccountId = typeof OwnerAccountId.Type

/** Lower-cased and trimmed, so "Ana@Example.com " and "ana@example.com" are one account. */
export const normalizeEmail = (email: string): string => email.trim().toLowerCase()

/** A business owner who signs in to the console; sees only their own business. */
export class OwnerAccount extends Schema.Class<OwnerAccount>("OwnerAccount")({
  id: OwnerAccountId,
  businessId: BusinessId,
  email: Schema.String,
  /** `scrypt$N$r$p$salt$hash` (base64url), see the server's Passwords module; never the password. */
  passwordHash: Schema.String,
  createdAt: Schema.DateTimeUtc,
}) {}

/**
 * An invite the operator made for a business's owner. Only the SHA-256 of its token is stored, so
 * a database dump cannot be turned into a working link; it is used once, before `expiresAt`.
 */
export class OwnerInvite extends Schema.Class<OwnerInvite>("OwnerInvite")({
  tokenHash: Schema.String,
  businessId: BusinessId,
  createdAt: Schema.DateTimeUtc,
  expiresAt: Schema.DateTimeUtc,
  usedAt: Schema.optional(Schema.DateTimeUtc),
}) {}

/** The invite link is unknown, expired or already used. */
export class InviteUnusable extends Data.TaggedError("InviteUnusable")<{
  readonly reason: "unknown" | "expired" | "used"
}> {}

/** Another account already signs in with this email. */
export class EmailInUse extends Data.TaggedError("EmailInUse")<{ readonly email: string }> {}
