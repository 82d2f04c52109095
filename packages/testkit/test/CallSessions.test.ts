import * as MemoryCallRecords from "@frontdesk/domain/ports/MemoryCallRecords"
import * as MemoryCallSessions from "@frontdesk/domain/ports/MemoryCallSessions"
import { Layer } from "effect"
import * as CallSessionsContract from "../src/CallSessionsContract.js"

CallSessionsContract.suite("MemoryCallSessions", MemoryCallSessions.layerMemory)

CallSessionsContract.recordsSuite(
  "MemoryCallSessions with records",
  MemoryCallSessions.layerWithRecords.pipe(Layer.provideMerge(MemoryCallRecords.layerMemory)),
)
