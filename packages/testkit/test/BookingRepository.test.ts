import { Layer } from "effect"
import * as BookingRepositoryContract from "../src/BookingRepositoryContract.js"
import * as MemoryBookingRepository from "../src/MemoryBookingRepository.js"
import * as MemoryOutbox from "../src/MemoryOutbox.js"

BookingRepositoryContract.suite(
  "MemoryBookingRepository",
  Layer.merge(MemoryBookingRepository.layerMemory, MemoryOutbox.layerMemory),
)
