import * as MemoryBusyCache from "@frontdesk/domain/ports/MemoryBusyCache"
import * as MemoryWatchChannels from "@frontdesk/domain/ports/MemoryWatchChannels"
import * as BusyCacheContract from "../src/BusyCacheContract.js"
import * as WatchChannelsContract from "../src/WatchChannelsContract.js"

BusyCacheContract.suite("MemoryBusyCache", MemoryBusyCache.layerMemory)
WatchChannelsContract.suite("MemoryWatchChannels", MemoryWatchChannels.layerMemory)
