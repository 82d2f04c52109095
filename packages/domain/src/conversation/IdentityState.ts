import { Schema } from "effect"
import { PhoneNumber } from "../model/Ids.js"

/**
 * What a call holds while it proves it may change another number's booking (CallerIdentity.ts):
 * only a salted hash of the texted code, never the code. Its own module so DialogueState and
 * Decision can name it without importing the identity logic that builds decisions.
 */
export const IdentityState = Schema.Struct({
  /** The number on the booking(s) the caller asked about, where the code went. */
  phone: PhoneNumber,
  salt: Schema.String,
  codeHash: Schema.String,
  expiresAt: Schema.DateTimeUtc,
  tries: Schema.Int,
  verified: Schema.Boolean,
})
export type IdentityState = typeof IdentityState.Type
