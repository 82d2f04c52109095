import * as MemoryBookingRepository from "@frontdesk/domain/ports/MemoryBookingRepository"
import * as MemoryOutbox from "@frontdesk/domain/ports/MemoryOutbox"
import { Layer } from "effect"
import * as BookingRepositoryContract from "../src/BookingRepositoryContract.js"

BookingRepositoryContract.suite(
  "MemoryBookingRepository",
  Layer.merge(MemoryBookingRepository.layerMemory, MemoryOutbox.layerMemory),
)
