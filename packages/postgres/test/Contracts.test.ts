import { describe } from "@effect/vitest"
import * as BookingRepositoryContract from "@frontdesk/testkit/BookingRepositoryContract"
import * as BusinessesContract from "@frontdesk/testkit/BusinessesContract"
import * as BusyCacheContract from "@frontdesk/testkit/BusyCacheContract"
import * as CallerMessagesContract from "@frontdesk/testkit/CallerMessagesContract"
import * as CallRecordsContract from "@frontdesk/testkit/CallRecordsContract"
import * as CallSessionsContract from "@frontdesk/testkit/CallSessionsContract"
import * as ConsoleSessionsContract from "@frontdesk/testkit/ConsoleSessionsContract"
import * as OutboxContract from "@frontdesk/testkit/OutboxContract"
import * as OwnerAccountsContract from "@frontdesk/testkit/OwnerAccountsContract"
import * as TextStoresContract from "@frontdesk/testkit/TextStoresContract"
import * as TokenVaultContract from "@frontdesk/testkit/TokenVaultContract"
import * as WatchChannelsContract from "@frontdesk/testkit/WatchChannelsContract"
import { Layer, Redacted } from "effect"
import * as PgBookingRepository from "../src/PgBookingRepository.js"
import * as PgBusinesses from "../src/PgBusinesses.js"
import * as PgBusyCache from "../src/PgBusyCache.js"
import * as PgCallerMessages from "../src/PgCallerMessages.js"
import * as PgCallRecords from "../src/PgCallRecords.js"
import * as PgCallSessions from "../src/PgCallSessions.js"
import * as PgConsoleSessions from "../src/PgConsoleSessions.js"
import * as PgOAuthStates from "../src/PgOAuthStates.js"
import * as PgOptOuts from "../src/PgOptOuts.js"
import * as PgOutbox from "../src/PgOutbox.js"
import * as PgOwnerAccounts from "../src/PgOwnerAccounts.js"
import * as PgPendingReplies from "../src/PgPendingReplies.js"
import * as PgTextBudget from "../src/PgTextBudget.js"
import * as PgTokenVault from "../src/PgTokenVault.js"
import * as PgWatchChannels from "../src/PgWatchChannels.js"
import * as TokenCipher from "../src/TokenCipher.js"
import { forEachTarget, shared, targets } from "./TestDatabases.js"

const cipher = TokenCipher.layer(Redacted.make(TokenCipher.generateKey("contract")))

// The testkit's contract suites: the behaviour the memory adapters show, on each database.
// One database per target for the whole file; the suites use fresh ids and never assume it is empty.
forEachTarget(await targets(), (name, target) => {
  const database = shared(target)
  describe(name, () => {
    BookingRepositoryContract.suite(
      "PgBookingRepository contract",
      Layer.provide(Layer.mergeAll(PgBookingRepository.layer, PgOutbox.layer), database),
    )
    BusinessesContract.suite("PgBusinesses contract", Layer.provide(PgBusinesses.layer, database))
    CallerMessagesContract.suite(
      "PgCallerMessages contract",
      Layer.provide(Layer.mergeAll(PgCallerMessages.layer, PgOutbox.layer), database),
    )
    CallSessionsContract.suite("PgCallSessions contract", Layer.provide(PgCallSessions.layer, database))
    CallSessionsContract.recordsSuite(
      "PgCallSessions with records contract",
      Layer.provide(Layer.mergeAll(PgCallSessions.layer, PgCallRecords.layer), database),
    )
    TokenVaultContract.suite("PgTokenVault contract", Layer.provide(PgTokenVault.layer, Layer.merge(database, cipher)))
    OutboxContract.suite("PgOutbox contract", Layer.provide(PgOutbox.layer, database))
    TextStoresContract.optOutsSuite("PgOptOuts contract", Layer.provide(PgOptOuts.layer, database))
    TextStoresContract.textBudgetSuite("PgTextBudget contract", Layer.provide(PgTextBudget.layer, database))
    TextStoresContract.oauthStatesSuite("PgOAuthStates contract", Layer.provide(PgOAuthStates.layer, database))
    BusyCacheContract.suite("PgBusyCache contract", Layer.provide(PgBusyCache.layer, database))
    WatchChannelsContract.suite("PgWatchChannels contract", Layer.provide(PgWatchChannels.layer, database))
    CallRecordsContract.suite("PgCallRecords contract", Layer.provide(PgCallRecords.layer, database))
    OwnerAccountsContract.suite("PgOwnerAccounts contract", Layer.provide(PgOwnerAccounts.layer, database))
    ConsoleSessionsContract.suite("PgConsoleSessions contract", Layer.provide(PgConsoleSessions.layer, database))
    TextStoresContract.pendingRepliesSuite("PgPendingReplies contract", Layer.provide(PgPendingReplies.layer, database))
  })
})
