import * as BusinessesContract from "../src/BusinessesContract.js"
import * as MemoryBusinesses from "../src/MemoryBusinesses.js"

BusinessesContract.suite("MemoryBusinesses", MemoryBusinesses.layerMemory)
