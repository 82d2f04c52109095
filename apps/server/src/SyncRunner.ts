import * as SyncScheduler from "@frontdesk/domain/calendarsync/SyncScheduler"
import { Effect, Layer } from "effect"

/**
 * The calendar sync's scheduler, one per server instance: every half poll interval it enqueues
 * the watches, listings and stops that are due (SyncScheduler); the outbox worker runs them, on
 * whichever instance claims them first.
 */
export const layer = Layer.scopedDiscard(
  Effect.gen(function* () {
    const memory = yield* SyncScheduler.makeMemory
    yield* Effect.logInfo("calendar sync scheduler started")
    yield* Effect.forkScoped(SyncScheduler.run(memory))
  }),
)
