import * as MemoryOutbox from "@frontdesk/domain/ports/MemoryOutbox"
import * as OutboxContract from "../src/OutboxContract.js"

OutboxContract.suite("MemoryOutbox", MemoryOutbox.layerMemory)
