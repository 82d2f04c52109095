import * as MemoryOutbox from "../src/MemoryOutbox.js"
import * as OutboxContract from "../src/OutboxContract.js"

OutboxContract.suite("MemoryOutbox", MemoryOutbox.layerMemory)
