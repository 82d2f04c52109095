import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto"
import { Config, type ConfigError, Context, Data, Effect, Either, Layer, Redacted } from "effect"

/** Why a key list or a ciphertext was refused. Messages never carry key material or plaintext. */
export class TokenCipherError extends Data.TaggedError("TokenCipherError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

/** One AES-256-GCM ciphertext and everything needed to open it again, except the key itself. */
export interface Sealed {
  readonly keyId: string
  /** 96-bit random nonce, fresh for every seal. */
  readonly iv: Uint8Array
  readonly ciphertext: Uint8Array
  /** 128-bit GCM tag; opening fails unless it matches. */
  readonly authTag: Uint8Array
}

/**
 * Seals secrets with the active key and opens them with any configured key, so keys rotate
 * without downtime: put the new key first, keep the old ones until `tokens:reencrypt` has run.
 */
export class TokenCipher extends Context.Tag("@frontdesk/postgres/TokenCipher")<
  TokenCipher,
  {
    readonly activeKeyId: string
    readonly keyIds: ReadonlyArray<string>
    /** `context` is bound as associated data: a ciphertext copied to another row will not open. */
    readonly seal: (plaintext: Redacted.Redacted<string>, context: string) => Effect.Effect<Sealed, TokenCipherError>
    readonly open: (sealed: Sealed, context: string) => Effect.Effect<Redacted.Redacted<string>, TokenCipherError>
  }
>() {}

const keyIdPattern = /^[A-Za-z0-9_.-]{1,64}$/

/** Parses `id:base64(32 bytes)[,id2:base64…]`; the first entry encrypts, all decrypt. */
export const parseKeys = (
  keys: Redacted.Redacted<string>,
): Either.Either<ReadonlyArray<readonly [id: string, key: Buffer]>, TokenCipherError> => {
  const entries = Redacted.value(keys)
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
  if (entries.length === 0) {
    return Either.left(new TokenCipherError({ message: "TOKEN_ENCRYPTION_KEYS holds no key" }))
  }
  const parsed: Array<readonly [string, Buffer]> = []
  for (const [index, entry] of entries.entries()) {
    const colon = entry.indexOf(":")
    const id = colon === -1 ? "" : entry.slice(0, colon)
    const material = colon === -1 ? "" : entry.slice(colon + 1)
    if (!keyIdPattern.test(id)) {
      return Either.left(
        new TokenCipherError({ message: `TOKEN_ENCRYPTION_KEYS entry ${index + 1} is not "keyId:base64key"` }),
      )
    }
    const key = Buffer.from(material, "base64")
    if (key.length !== 32 || !/^[A-Za-z0-9+/]+={0,2}$/.test(material)) {
      return Either.left(
        new TokenCipherError({ message: `TOKEN_ENCRYPTION_KEYS key "${id}" must be 32 bytes, base64 encoded` }),
      )
    }
    if (parsed.some(([other]) => other === id)) {
      return Either.left(new TokenCipherError({ message: `TOKEN_ENCRYPTION_KEYS names key "${id}" twice` }))
    }
    parsed.push([id, key])
  }
  return Either.right(parsed)
}

/** A fresh random key entry (`id:base64`), e.g. for development or rotation. */
export const generateKey = (id: string): string => `${id}:${randomBytes(32).toString("base64")}`

export const make = (keys: Redacted.Redacted<string>): Effect.Effect<TokenCipher["Type"], TokenCipherError> =>
  Effect.map(parseKeys(keys), (entries) => {
    const byId = new Map(entries)
    const [activeKeyId, activeKey] = entries[0] as readonly [string, Buffer]

    const seal = (plaintext: Redacted.Redacted<string>, context: string) =>
      Effect.try({
        try: (): Sealed => {
          const iv = randomBytes(12)
          const cipher = createCipheriv("aes-256-gcm", activeKey, iv)
          cipher.setAAD(Buffer.from(context, "utf8"))
          const ciphertext = Buffer.concat([cipher.update(Redacted.value(plaintext), "utf8"), cipher.final()])
          return { keyId: activeKeyId, iv, ciphertext, authTag: cipher.getAuthTag() }
        },
        catch: (cause) => new TokenCipherError({ message: "Encryption failed", cause }),
      })

    const open = (sealed: Sealed, context: string) =>
      Effect.suspend(() => {
        const key = byId.get(sealed.keyId)
        if (key === undefined) {
          return Effect.fail(new TokenCipherError({ message: `Ciphertext sealed with unknown key "${sealed.keyId}"` }))
        }
        if (sealed.iv.length !== 12 || sealed.authTag.length !== 16) {
          return Effect.fail(new TokenCipherError({ message: "Ciphertext is malformed" }))
        }
        return Effect.try({
          try: () => {
            const decipher = createDecipheriv("aes-256-gcm", key, sealed.iv, { authTagLength: 16 })
            decipher.setAAD(Buffer.from(context, "utf8"))
            decipher.setAuthTag(sealed.authTag)
            // final() throws unless the tag matches, so tampered bytes never come back as plaintext.
            const plaintext = Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]).toString("utf8")
            return Redacted.make(plaintext)
          },
          catch: () => new TokenCipherError({ message: "Ciphertext failed authentication (tampered or wrong key)" }),
        })
      })

    return TokenCipher.of({ activeKeyId, keyIds: entries.map(([id]) => id), seal, open })
  })

export const layer = (keys: Redacted.Redacted<string>): Layer.Layer<TokenCipher, TokenCipherError> =>
  Layer.effect(TokenCipher, make(keys))

export const layerConfig = (
  keys: Config.Config<Redacted.Redacted<string>> = Config.redacted("TOKEN_ENCRYPTION_KEYS"),
): Layer.Layer<TokenCipher, TokenCipherError | ConfigError.ConfigError> =>
  Layer.effect(TokenCipher, Effect.flatMap(keys, make))
