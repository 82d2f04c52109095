import { Context, Data, type DateTime, type Effect, type Option, Schema } from "effect"
import type { BusinessId } from "../model/Ids.js"

export const ConnectionStatus = Schema.Literal("connected", "broken")
export type ConnectionStatus = typeof ConnectionStatus.Type

/** A business's calendar connection. The refresh token never leaves Redacted in logs. */
export class CalendarCredentials extends Schema.Class<CalendarCredentials>("CalendarCredentials")({
  provider: Schema.Literal("google"),
  refreshToken: Schema.Redacted(Schema.String),
  scope: Schema.String,
  status: ConnectionStatus,
  /** Why the connection broke (e.g. "invalid_grant: Token has been revoked"). */
  brokenReason: Schema.optional(Schema.String),
  updatedAt: Schema.DateTimeUtc,
}) {}

export interface BrokenConnection {
  readonly businessId: BusinessId
  readonly reason: string
  /** When it broke. */
  readonly since: DateTime.Utc
}

export class TokenVaultError extends Data.TaggedError("TokenVaultError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

/** Stores each business's calendar credentials, encrypted at rest by real adapters. */
export class TokenVault extends Context.Tag("@frontdesk/domain/TokenVault")<
  TokenVault,
  {
    readonly store: (businessId: BusinessId, credentials: CalendarCredentials) => Effect.Effect<void, TokenVaultError>
    readonly load: (businessId: BusinessId) => Effect.Effect<Option.Option<CalendarCredentials>, TokenVaultError>
    readonly delete: (businessId: BusinessId) => Effect.Effect<void, TokenVaultError>
    /** Marks the connection broken (revoked token); the owner must reconnect. */
    readonly markBroken: (businessId: BusinessId, reason: string) => Effect.Effect<void, TokenVaultError>
    /** Connections waiting for their owner to reconnect, for operators (`/readyz`, `/metrics`). */
    readonly listBroken: Effect.Effect<ReadonlyArray<BrokenConnection>, TokenVaultError>
  }
>() {}
