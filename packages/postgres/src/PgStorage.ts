import type { SqlClient } from "@effect/sql/SqlClient"
import type { PgClient } from "@effect/sql-pg"
import type { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import type { Businesses } from "@frontdesk/domain/ports/Businesses"
import type { BusyCache } from "@frontdesk/domain/ports/BusyCache"
import type { CallerMessages } from "@frontdesk/domain/ports/CallerMessages"
import type { CallRecords } from "@frontdesk/domain/ports/CallRecords"
import type { CallSessions } from "@frontdesk/domain/ports/CallSessions"
import type { ConsoleSessions } from "@frontdesk/domain/ports/ConsoleSessions"
import type { OAuthStates } from "@frontdesk/domain/ports/OAuthStates"
import type { OptOuts } from "@frontdesk/domain/ports/OptOuts"
import type { Outbox } from "@frontdesk/domain/ports/Outbox"
import type { OwnerAccounts } from "@frontdesk/domain/ports/OwnerAccounts"
import type { PendingReplies } from "@frontdesk/domain/ports/PendingReplies"
import type { TextBudget } from "@frontdesk/domain/ports/TextBudget"
import type { TokenVault } from "@frontdesk/domain/ports/TokenVault"
import type { WatchChannels } from "@frontdesk/domain/ports/WatchChannels"
import { type Config, type ConfigError, Layer } from "effect"
import * as PgBookingRepository from "./PgBookingRepository.js"
import * as PgBusinesses from "./PgBusinesses.js"
import * as PgBusyCache from "./PgBusyCache.js"
import * as PgCallerMessages from "./PgCallerMessages.js"
import * as PgCallRecords from "./PgCallRecords.js"
import * as PgCallSessions from "./PgCallSessions.js"
import * as PgConsoleSessions from "./PgConsoleSessions.js"
import * as PgDatabase from "./PgDatabase.js"
import * as PgOAuthStates from "./PgOAuthStates.js"
import * as PgOptOuts from "./PgOptOuts.js"
import * as PgOutbox from "./PgOutbox.js"
import * as PgOwnerAccounts from "./PgOwnerAccounts.js"
import * as PgPendingReplies from "./PgPendingReplies.js"
import * as PgTextBudget from "./PgTextBudget.js"
import * as PgTokenVault from "./PgTokenVault.js"
import * as PgWatchChannels from "./PgWatchChannels.js"
import * as TokenCipher from "./TokenCipher.js"

export type Ports =
  | BookingRepository
  | Businesses
  | CallerMessages
  | CallSessions
  | TokenVault
  | Outbox
  | OptOuts
  | TextBudget
  | OAuthStates
  | BusyCache
  | WatchChannels
  | CallRecords
  | OwnerAccounts
  | ConsoleSessions
  | PendingReplies

/** The storage ports over whichever SqlClient is provided, plus the hourly purge of stale call sessions. */
export const layerPorts: Layer.Layer<Ports, never, SqlClient | TokenCipher.TokenCipher> = Layer.mergeAll(
  PgBookingRepository.layer,
  PgBusinesses.layer,
  PgCallerMessages.layer,
  Layer.provideMerge(PgCallSessions.layerPurge(), PgCallSessions.layer),
  PgTokenVault.layer,
  PgOutbox.layer,
  PgOptOuts.layer,
  PgTextBudget.layer,
  PgOAuthStates.layer,
  PgBusyCache.layer,
  PgWatchChannels.layer,
  PgCallRecords.layer,
  PgOwnerAccounts.layer,
  PgConsoleSessions.layer,
  PgPendingReplies.layer,
)

/**
 * Everything a server needs from storage: the ports plus `PgDatabase` (kind, readiness) and
 * the SqlClient itself, with migrations applied before the layer is ready.
 */
export const layer = (
  options: PgDatabase.Options,
): Layer.Layer<
  Ports | PgDatabase.PgDatabase | PgClient.PgClient | SqlClient,
  PgDatabase.StartError,
  TokenCipher.TokenCipher
> => Layer.provideMerge(layerPorts, PgDatabase.layer(options))

/** `DATABASE_URL` / `DATA_DIR` / `TOKEN_ENCRYPTION_KEYS` from the environment. */
export const layerConfig = (
  options: Config.Config<PgDatabase.Options> = PgDatabase.config,
): Layer.Layer<
  Ports | PgDatabase.PgDatabase | PgClient.PgClient | SqlClient | TokenCipher.TokenCipher,
  PgDatabase.StartError | TokenCipher.TokenCipherError | ConfigError.ConfigError,
  never
> => Layer.provideMerge(layerPorts, Layer.merge(PgDatabase.layerConfig(options), TokenCipher.layerConfig()))
