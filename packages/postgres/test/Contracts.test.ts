import { describe } from "@effect/vitest"
import * as BookingRepositoryContract from "@frontdesk/testkit/BookingRepositoryContract"
import { Layer } from "effect"
import * as PgBookingRepository from "../src/PgBookingRepository.js"
import * as PgOutbox from "../src/PgOutbox.js"
import { forEachTarget, shared, targets } from "./TestDatabases.js"

// The testkit's contract suites: the same behaviour the memory adapters show, on each database.
forEachTarget(await targets(), (name, target) => {
  const database = shared(target)
  describe(name, () => {
    BookingRepositoryContract.suite(
      "PgBookingRepository contract",
      Layer.provide(Layer.mergeAll(PgBookingRepository.layer, PgOutbox.layer), database),
    )
  })
})
