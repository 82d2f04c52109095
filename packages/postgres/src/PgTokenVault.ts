import { SqlClient } from "@effect/sql/SqlClient"
import type { BusinessId } from "@frontdesk/domain/model/Ids"
import { CalendarCredentials, TokenVault, TokenVaultError } from "@frontdesk/domain/ports/TokenVault"
import { DateTime, Effect, Layer, Option, Redacted, Schema } from "effect"
import { type Sealed, TokenCipher } from "./TokenCipher.js"

interface CredentialsRow {
  readonly business_id: string
  readonly provider: string
  readonly key_id: string
  readonly iv: Uint8Array
  readonly ciphertext: Uint8Array
  readonly auth_tag: Uint8Array
  readonly scope: string
  readonly status: string
  readonly broken_reason: string | null
  readonly updated_at: Date
}

/** Binds a ciphertext to its row: swapping tokens between businesses makes both unreadable. */
const context = (businessId: string) => `frontdesk/calendar_credentials/${businessId}`

const decodeCredentials = Schema.decodeUnknown(CalendarCredentials)

const vaultError = (message: string) => (cause: unknown) => new TokenVaultError({ message, cause })

const sealedOf = (row: CredentialsRow): Sealed => ({
  keyId: row.key_id,
  iv: row.iv,
  ciphertext: row.ciphertext,
  authTag: row.auth_tag,
})

export const make: Effect.Effect<TokenVault["Type"], never, SqlClient | TokenCipher> = Effect.gen(function* () {
  const sql = yield* SqlClient
  const cipher = yield* TokenCipher

  const store = (businessId: BusinessId, credentials: CalendarCredentials) =>
    Effect.gen(function* () {
      const sealed = yield* cipher.seal(credentials.refreshToken, context(businessId))
      yield* sql`INSERT INTO calendar_credentials ${sql.insert({
        business_id: businessId,
        provider: credentials.provider,
        key_id: sealed.keyId,
        iv: Buffer.from(sealed.iv),
        ciphertext: Buffer.from(sealed.ciphertext),
        auth_tag: Buffer.from(sealed.authTag),
        scope: credentials.scope,
        status: credentials.status,
        broken_reason: credentials.brokenReason ?? null,
        updated_at: DateTime.toDate(credentials.updatedAt),
      })}
      ON CONFLICT (business_id) DO UPDATE SET
        provider = EXCLUDED.provider, key_id = EXCLUDED.key_id, iv = EXCLUDED.iv,
        ciphertext = EXCLUDED.ciphertext, auth_tag = EXCLUDED.auth_tag, scope = EXCLUDED.scope,
        status = EXCLUDED.status, broken_reason = EXCLUDED.broken_reason, updated_at = EXCLUDED.updated_at`
    }).pipe(Effect.mapError(vaultError("Could not store calendar credentials")))

  const load = (businessId: BusinessId) =>
    Effect.gen(function* () {
      const rows = yield* sql<CredentialsRow>`SELECT * FROM calendar_credentials WHERE business_id = ${businessId}`
      const row = rows[0]
      if (row === undefined) return Option.none()
      const refreshToken = yield* cipher.open(sealedOf(row), context(businessId))
      const credentials = yield* decodeCredentials({
        provider: row.provider,
        refreshToken: Redacted.value(refreshToken),
        scope: row.scope,
        status: row.status,
        ...(row.broken_reason === null ? {} : { brokenReason: row.broken_reason }),
        updatedAt: row.updated_at.toISOString(),
      })
      return Option.some(credentials)
    }).pipe(Effect.mapError(vaultError("Could not load calendar credentials")))

  const remove = (businessId: BusinessId) =>
    sql`DELETE FROM calendar_credentials WHERE business_id = ${businessId}`.pipe(
      Effect.asVoid,
      Effect.mapError(vaultError("Could not delete calendar credentials")),
    )

  const markBroken = (businessId: BusinessId, reason: string) =>
    Effect.gen(function* () {
      const now = yield* DateTime.now
      yield* sql`UPDATE calendar_credentials
        SET status = 'broken', broken_reason = ${reason}, updated_at = ${DateTime.toDate(now)}
        WHERE business_id = ${businessId}`
    }).pipe(Effect.mapError(vaultError("Could not mark the calendar connection broken")))

  const listBroken = sql<{
    readonly business_id: string
    readonly broken_reason: string | null
    readonly updated_at: Date
  }>`
    SELECT business_id, broken_reason, updated_at FROM calendar_credentials
    WHERE status = 'broken' ORDER BY updated_at, business_id`.pipe(
    Effect.map((rows) =>
      rows.map((row) => ({
        businessId: row.business_id as BusinessId,
        reason: row.broken_reason ?? "unknown",
        since: DateTime.unsafeFromDate(row.updated_at),
      })),
    ),
    Effect.mapError(vaultError("Could not list broken calendar connections")),
  )

  return TokenVault.of({ store, load, delete: remove, markBroken, listBroken })
})

export const layer: Layer.Layer<TokenVault, never, SqlClient | TokenCipher> = Layer.effect(TokenVault, make)

/**
 * Moves every row sealed with an older key to the active key, one row at a time.
 * The compare-and-set on `key_id`/`iv` lets it run while servers keep writing. Rows that no
 * configured key can open (tampered, or sealed with a key already removed) are reported, not
 * touched, and do not stop the others from moving.
 */
export const reencrypt: Effect.Effect<
  {
    readonly moved: number
    readonly alreadyCurrent: number
    readonly unreadable: ReadonlyArray<string>
  },
  TokenVaultError,
  SqlClient | TokenCipher
> = Effect.gen(function* () {
  const sql = yield* SqlClient
  const cipher = yield* TokenCipher
  const stale = yield* sql<CredentialsRow>`SELECT * FROM calendar_credentials WHERE key_id <> ${cipher.activeKeyId}`
  const [{ n: total } = { n: 0 }] = yield* sql<{ n: number }>`SELECT count(*)::int AS n FROM calendar_credentials`
  let moved = 0
  const unreadable: Array<string> = []
  for (const row of stale) {
    const opened = yield* Effect.either(cipher.open(sealedOf(row), context(row.business_id)))
    if (opened._tag === "Left") {
      unreadable.push(row.business_id)
      continue
    }
    const sealed = yield* cipher.seal(opened.right, context(row.business_id))
    const updated = yield* sql`UPDATE calendar_credentials
      SET key_id = ${sealed.keyId}, iv = ${Buffer.from(sealed.iv)}, ciphertext = ${Buffer.from(sealed.ciphertext)},
          auth_tag = ${Buffer.from(sealed.authTag)}
      WHERE business_id = ${row.business_id} AND key_id = ${row.key_id} AND iv = ${Buffer.from(row.iv)}
      RETURNING business_id`
    moved += updated.length
  }
  return { moved, alreadyCurrent: total - stale.length, unreadable }
}).pipe(Effect.mapError(vaultError("Re-encryption failed")))
