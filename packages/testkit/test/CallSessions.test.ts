import * as MemoryCallSessions from "@frontdesk/domain/ports/MemoryCallSessions"
import * as CallSessionsContract from "../src/CallSessionsContract.js"

CallSessionsContract.suite("MemoryCallSessions", MemoryCallSessions.layerMemory)
