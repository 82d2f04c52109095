import { Schema } from "effect"
import { BusinessId } from "./Ids.js"
import { OwnerAccountId } from "./OwnerAccount.js"

/** Who a console session belongs to: the operator (ADMIN_TOKEN) sees every business, an owner one. */
export const SessionSubject = Schema.Union(
  Schema.TaggedStruct("Operator", {}),
  Schema.TaggedStruct("Owner", { accountId: OwnerAccountId, businessId: BusinessId }),
)
export type SessionSubject = typeof SessionSubject.Type

/**
 * A signed-in browser. `idHash` is the SHA-256 of the cookie's value (the cookie alone opens the
 * session; a dump of this table does not). `csrfToken` goes into every form the session is shown.
 */
export class ConsoleSession extends Schema.Class<ConsoleSession>("ConsoleSession")({
  idHash: Schema.String,
  subject: SessionSubject,
  csrfToken: Schema.String,
  createdAt: Schema.DateTimeUtc,
  expiresAt: Schema.DateTimeUtc,
  /** SHA-256 of the OAuth `state` this session started, so Google's callback must come back to it. */
  oauthStateHash: Schema.optional(Schema.String),
}) {}
