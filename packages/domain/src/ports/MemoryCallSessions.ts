import { DateTime, Effect, Either, HashMap, Layer, Option, Ref } from "effect"
import { SessionConflict } from "../model/Errors.js"
import type { CallSid } from "../model/Ids.js"
import { CallRecords } from "./CallRecords.js"
import { CallSessions, type StoredSession } from "./CallSessions.js"

type Sessions = HashMap.HashMap<CallSid, StoredSession>

/** `records`: where a save's `record` entry goes; without one it is dropped (a store with no call records). */
export const make = (records: Option.Option<CallRecords["Type"]>) =>
  Effect.gen(function* () {
    const ref = yield* Ref.make<Sessions>(HashMap.empty())

    return CallSessions.of({
      load: (callSid) => Effect.map(Ref.get(ref), HashMap.get(callSid)),

      save: (session, expectedVersion, record) =>
        Effect.flatMap(DateTime.now, (now) =>
          Ref.modify(ref, (sessions): readonly [Either.Either<number, SessionConflict>, Sessions] => {
            const current = Option.match(HashMap.get(sessions, session.callSid), {
              onNone: () => 0,
              onSome: (s) => s.version,
            })
            if (current !== expectedVersion) {
              return [Either.left(new SessionConflict({ callSid: session.callSid, expectedVersion })), sessions]
            }
            const version = current + 1
            const stored: StoredSession = {
              callSid: session.callSid,
              businessId: session.businessId,
              // Stored as JSON would be, so a caller mutating its object later cannot change the saved state.
              state: structuredClone(session.state),
              version,
              updatedAt: now,
            }
            return [Either.right(version), HashMap.set(sessions, session.callSid, stored)]
          }),
        ).pipe(
          Effect.flatten,
          // Two steps here, one statement in Postgres: in memory a reader may see the session a moment before its record.
          Effect.tap(() =>
            record === undefined || Option.isNone(records) ? Effect.void : records.value.record(record),
          ),
        ),

      purgeOlderThan: (cutoff) =>
        Ref.modify(ref, (sessions) => {
          const kept = HashMap.filter(sessions, (s) => !DateTime.lessThan(s.updatedAt, cutoff))
          return [HashMap.size(sessions) - HashMap.size(kept), kept]
        }),
    })
  })

export const layerMemory: Layer.Layer<CallSessions> = Layer.effect(CallSessions, make(Option.none()))

/** Over the in-memory CallRecords it writes each save's `record` entry to. */
export const layerWithRecords: Layer.Layer<CallSessions, never, CallRecords> = Layer.effect(
  CallSessions,
  Effect.flatMap(CallRecords, (records) => make(Option.some(records))),
)
