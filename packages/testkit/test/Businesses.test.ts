import * as MemoryBusinesses from "@frontdesk/domain/ports/MemoryBusinesses"
import * as BusinessesContract from "../src/BusinessesContract.js"

BusinessesContract.suite("MemoryBusinesses", MemoryBusinesses.layerMemory)
