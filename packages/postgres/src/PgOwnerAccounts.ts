import { SqlClient } from "@effect/sql/SqlClient"
import type { BusinessId } from "@frontdesk/domain/model/Ids"
import {
  EmailInUse,
  InviteUnusable,
  normalizeEmail,
  OwnerAccount,
  type OwnerAccountId,
  type OwnerInvite,
} from "@frontdesk/domain/model/OwnerAccount"
import { OwnerAccounts } from "@frontdesk/domain/ports/OwnerAccounts"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { orPersistenceError } from "./PgErrors.js"

const AccountRow = Schema.Struct({
  id: Schema.String,
  business_id: Schema.String,
  email: Schema.String,
  password_hash: Schema.String,
  created_at: Schema.DateFromSelf,
})

const AccountFromRow = Schema.transform(AccountRow, OwnerAccount, {
  strict: true,
  decode: (row) => ({
    id: row.id,
    businessId: row.business_id,
    email: row.email,
    passwordHash: row.password_hash,
    createdAt: row.created_at.toISOString(),
  }),
  encode: (account) => ({
    id: account.id,
    business_id: account.businessId,
    email: account.email,
    password_hash: account.passwordHash,
    created_at: new Date(account.createdAt),
  }),
})

const decodeAccounts = Schema.decodeUnknown(Schema.Array(AccountFromRow))

export const make: Effect.Effect<OwnerAccounts["Type"], never, SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient
  const columns = sql`id, business_id, email, password_hash, created_at`

  const createInvite = (invite: OwnerInvite) =>
    sql`INSERT INTO owner_invites ${sql.insert({
      token_hash: invite.tokenHash,
      business_id: invite.businessId,
      created_at: DateTime.toDate(invite.createdAt),
      expires_at: DateTime.toDate(invite.expiresAt),
    })}`.pipe(Effect.asVoid, orPersistenceError("OwnerAccounts.createInvite"))

  const acceptInvite = (
    tokenHash: string,
    account: { readonly id: OwnerAccountId; readonly email: string; readonly passwordHash: string },
    now: DateTime.Utc,
  ) =>
    sql
      .withTransaction(
        Effect.gen(function* () {
          const at = DateTime.toDate(now)
          // Row lock: two acceptances of one link serialize here and the second sees it used.
          const invites = yield* sql<{ business_id: string; expires_at: Date; used_at: Date | null }>`
            SELECT business_id, expires_at, used_at FROM owner_invites WHERE token_hash = ${tokenHash} FOR UPDATE`
          const invite = invites[0]
          if (invite === undefined) return yield* new InviteUnusable({ reason: "unknown" })
          if (invite.used_at !== null) return yield* new InviteUnusable({ reason: "used" })
          if (new Date(invite.expires_at).getTime() <= at.getTime()) {
            return yield* new InviteUnusable({ reason: "expired" })
          }
          const email = normalizeEmail(account.email)
          const rows = yield* sql`INSERT INTO owner_accounts ${sql.insert({
            id: account.id,
            business_id: invite.business_id,
            email,
            password_hash: account.passwordHash,
            created_at: at,
          })} ON CONFLICT (email) DO NOTHING RETURNING ${columns}`
          if (rows.length === 0) return yield* new EmailInUse({ email })
          yield* sql`UPDATE owner_invites SET used_at = ${at} WHERE token_hash = ${tokenHash}`
          const [created] = yield* decodeAccounts(rows)
          return created as OwnerAccount
        }),
      )
      .pipe(orPersistenceError("OwnerAccounts.acceptInvite"))

  const findByEmail = (email: string) =>
    sql`SELECT ${columns} FROM owner_accounts WHERE email = ${normalizeEmail(email)}`.pipe(
      Effect.flatMap(decodeAccounts),
      Effect.map((accounts) => Option.fromNullable(accounts[0])),
      orPersistenceError("OwnerAccounts.findByEmail"),
    )

  const listByBusiness = (businessId: BusinessId) =>
    sql`SELECT ${columns} FROM owner_accounts WHERE business_id = ${businessId} ORDER BY created_at`.pipe(
      Effect.flatMap(decodeAccounts),
      orPersistenceError("OwnerAccounts.listByBusiness"),
    )

  return OwnerAccounts.of({ createInvite, acceptInvite, findByEmail, listByBusiness })
})

export const layer: Layer.Layer<OwnerAccounts, never, SqlClient> = Layer.effect(OwnerAccounts, make)
