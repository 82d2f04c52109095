import * as MemoryCallerMessages from "@frontdesk/domain/ports/MemoryCallerMessages"
import * as MemoryOutbox from "@frontdesk/domain/ports/MemoryOutbox"
import { Layer } from "effect"
import * as CallerMessagesContract from "../src/CallerMessagesContract.js"

CallerMessagesContract.suite(
  "MemoryCallerMessages",
  Layer.merge(MemoryCallerMessages.layerMemory, MemoryOutbox.layerMemory),
)
