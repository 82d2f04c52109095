import * as CallSessionsContract from "../src/CallSessionsContract.js"
import * as MemoryCallSessions from "../src/MemoryCallSessions.js"

CallSessionsContract.suite("MemoryCallSessions", MemoryCallSessions.layerMemory)
