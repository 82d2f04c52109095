import { layer } from "@effect/vitest"
import type { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import type { Outbox } from "@frontdesk/domain/ports/Outbox"
import type { Layer } from "effect"
import { outboxWithBooking } from "./BookingRepositoryOutboxContract.js"
import { queries } from "./BookingRepositoryQueryContract.js"
import { storageRules } from "./BookingRepositoryStorageContract.js"

/*
 * Behaviour every BookingRepository must show, run against the memory layer, PGlite and PostgreSQL.
 * Stores keep rows between tests, so each test works on its own fresh business and never assumes
 * an empty store. Test services are excluded so the live clock drives `createdAt` everywhere.
 * The parts share one layer, so an implementation is built once for the whole suite.
 */

export const suite = <E>(name: string, layer_: Layer.Layer<BookingRepository | Outbox, E>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
    storageRules(it)
    queries(it)
    outboxWithBooking(it)
  })
