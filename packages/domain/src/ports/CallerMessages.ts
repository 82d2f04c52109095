import { Context, type Effect } from "effect"
import type { CallerMessage, CallerMessageId, NewCallerMessage } from "../model/CallerMessage.js"
import type { CallerMessageNotFound, PersistenceError } from "../model/Errors.js"
import type { BusinessId } from "../model/Ids.js"
import type { NewOutboxJob } from "./Outbox.js"

/**
 * Messages callers leave for the owner. A message is stored before the caller is told it will be
 * passed on, and its delivery (the owner's text) commits with it as outbox jobs, so neither a
 * failed send nor a missing owner phone can lose it.
 */
export class CallerMessages extends Context.Tag("@frontdesk/domain/CallerMessages")<
  CallerMessages,
  {
    /** Stores the message and the jobs in one write; a repeated id is a PersistenceError. */
    readonly record: (
      message: NewCallerMessage,
      enqueue?: ReadonlyArray<NewOutboxJob>,
    ) => Effect.Effect<CallerMessage, PersistenceError>
    readonly get: (id: CallerMessageId) => Effect.Effect<CallerMessage, CallerMessageNotFound | PersistenceError>
    /** Newest first. */
    readonly list: (
      businessId: BusinessId,
      options?: { readonly unhandledOnly?: boolean; readonly limit?: number },
    ) => Effect.Effect<ReadonlyArray<CallerMessage>, PersistenceError>
    /** Marking twice keeps the first time it was handled. */
    readonly markHandled: (
      id: CallerMessageId,
    ) => Effect.Effect<CallerMessage, CallerMessageNotFound | PersistenceError>
  }
>() {}
