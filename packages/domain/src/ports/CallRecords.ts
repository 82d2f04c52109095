import { Context, type DateTime, type Effect, type Option } from "effect"
import type { CallEntry, CallRecord } from "../model/CallRecord.js"
import type { PersistenceError } from "../model/Errors.js"
import type { BusinessId, CallSid } from "../model/Ids.js"

/**
 * Every call with its turn-by-turn transcript, for the owner (console, admin API). Kept
 * CALL_RETENTION_DAYS and then purged; recording never blocks a call (the caller ignores failures).
 */
export class CallRecords extends Context.Tag("@frontdesk/domain/CallRecords")<
  CallRecords,
  {
    /** Creates the call's record on its first entry, then appends turns and updates outcome/booking/end. */
    readonly record: (entry: CallEntry) => Effect.Effect<void, PersistenceError>
    readonly get: (callSid: CallSid) => Effect.Effect<Option.Option<CallRecord>, PersistenceError>
    /** Newest first by start. */
    readonly list: (
      businessId: BusinessId,
      options?: { readonly limit?: number },
    ) => Effect.Effect<ReadonlyArray<CallRecord>, PersistenceError>
    /** Deletes calls that started before `cutoff`; returns how many. */
    readonly purgeStartedBefore: (cutoff: DateTime.Utc) => Effect.Effect<number, PersistenceError>
  }
>() {}
