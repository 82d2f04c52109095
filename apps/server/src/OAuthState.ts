import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto"
import { Option, Redacted, Schema } from "effect"

/**
 * OAuth `state` that needs no server-side storage (any instance can take the callback): the
 * business, the PKCE verifier and an expiry, sealed with AES-256-GCM under the state secret.
 * Google and the browser see only ciphertext, and a forged or replayed-late state fails to open.
 */
const Payload = Schema.Struct({
  businessId: Schema.String,
  codeVerifier: Schema.String,
  expiresAt: Schema.Number,
})
export type Payload = typeof Payload.Type

const keyOf = (secret: Redacted.Redacted<string>) =>
  createHash("sha256").update("frontdesk oauth state v1").update(Redacted.value(secret)).digest()

export const newCodeVerifier = () => randomBytes(48).toString("base64url")
export const codeChallenge = (verifier: string) => createHash("sha256").update(verifier).digest("base64url")

export const seal = (secret: Redacted.Redacted<string>, payload: Payload): string => {
  const iv = randomBytes(12)
  const cipher = createCipheriv("aes-256-gcm", keyOf(secret), iv)
  const body = Buffer.concat([cipher.update(JSON.stringify(payload), "utf8"), cipher.final()])
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")
}

export const open = (secret: Redacted.Redacted<string>, state: string, nowMillis: number): Option.Option<Payload> => {
  try {
    const raw = Buffer.from(state, "base64url")
    if (raw.length < 29) return Option.none()
    const decipher = createDecipheriv("aes-256-gcm", keyOf(secret), raw.subarray(0, 12))
    decipher.setAuthTag(raw.subarray(12, 28))
    const json = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString("utf8")
    return Schema.decodeUnknownOption(Schema.parseJson(Payload))(json).pipe(
      Option.filter((payload) => payload.expiresAt > nowMillis),
    )
  } catch {
    return Option.none()
  }
}
