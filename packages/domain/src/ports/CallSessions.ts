import { Context, type DateTime, type Effect, type Option } from "effect"
import type { CallEntry } from "../model/CallRecord.js"
import type { PersistenceError, SessionConflict } from "../model/Errors.js"
import type { BusinessId, CallSid } from "../model/Ids.js"

export interface StoredSession {
  readonly callSid: CallSid
  readonly businessId: BusinessId
  /** The conversation state in its Schema-encoded (JSON) form. */
  readonly state: unknown
  /** Starts at 1 on first save and grows by one per save. */
  readonly version: number
  readonly updatedAt: DateTime.Utc
}

/** Conversation state between webhooks, so any server instance can answer any turn. */
export class CallSessions extends Context.Tag("@frontdesk/domain/CallSessions")<
  CallSessions,
  {
    readonly load: (callSid: CallSid) => Effect.Effect<Option.Option<StoredSession>, PersistenceError>
    /**
     * Saves when the stored version still equals `expectedVersion` (0 for a new call) and
     * returns the new version; otherwise fails with SessionConflict and changes nothing.
     *
     * `record`, the turn's entry in the call's record (CallRecords.record), is written by the
     * same step: it is in the record exactly when the save succeeded. One write per turn instead
     * of two, and a turn that lost a race never shows in the transcript.
     */
    readonly save: (
      session: { readonly callSid: CallSid; readonly businessId: BusinessId; readonly state: unknown },
      expectedVersion: number,
      record?: CallEntry,
    ) => Effect.Effect<number, SessionConflict | PersistenceError>
    /** Removes sessions last saved before `cutoff`; returns how many. */
    readonly purgeOlderThan: (cutoff: DateTime.Utc) => Effect.Effect<number, PersistenceError>
  }
>() {}
