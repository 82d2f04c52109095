import * as MemoryCallRecords from "@frontdesk/domain/ports/MemoryCallRecords"
import * as MemoryConsoleSessions from "@frontdesk/domain/ports/MemoryConsoleSessions"
import * as MemoryOwnerAccounts from "@frontdesk/domain/ports/MemoryOwnerAccounts"
import * as CallRecordsContract from "../src/CallRecordsContract.js"
import * as ConsoleSessionsContract from "../src/ConsoleSessionsContract.js"
import * as OwnerAccountsContract from "../src/OwnerAccountsContract.js"

CallRecordsContract.suite("MemoryCallRecords", MemoryCallRecords.layerMemory)
OwnerAccountsContract.suite("MemoryOwnerAccounts", MemoryOwnerAccounts.layerMemory)
ConsoleSessionsContract.suite("MemoryConsoleSessions", MemoryConsoleSessions.layerMemory)
