import { expect, layer } from "@effect/vitest"
import type { CallEntry } from "@frontdesk/domain/model/CallRecord"
import type { BusinessId, CallSid } from "@frontdesk/domain/model/Ids"
import { CallRecords } from "@frontdesk/domain/ports/CallRecords"
import { CallSessions } from "@frontdesk/domain/ports/CallSessions"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { Array as Arr, DateTime, Effect, type Layer, Option } from "effect"

/*
 * Behaviour every CallSessions store must show. Stores keep rows between tests, so each test
 * uses fresh call sids and never assumes an empty store.
 */

const millis = DateTime.toEpochMillis

const conversation = (step: string) => ({
  step,
  customer: { name: "Zoë", phone: "+15551230001" },
  slots: ["2030-01-07T14:00:00.000Z", "2030-01-07T15:00:00.000Z"],
  attempts: 2,
  confirmed: false,
  notes: null,
})

export const suite = <E>(name: string, layer_: Layer.Layer<CallSessions, E>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
    it.effect("loads nothing for an unknown call", () =>
      Effect.gen(function* () {
        const sessions = yield* CallSessions
        expect(yield* sessions.load(Fixtures.callSid())).toEqual(Option.none())
      }),
    )

    it.effect("saves a new call as version 1 and each later save one higher", () =>
      Effect.gen(function* () {
        const sessions = yield* CallSessions
        const callSid = Fixtures.callSid()
        const businessId = Fixtures.businessId()
        const before = yield* DateTime.now
        expect(yield* sessions.save({ callSid, businessId, state: conversation("ask_name") }, 0)).toBe(1)
        const after = yield* DateTime.now

        const first = Option.getOrThrow(yield* sessions.load(callSid))
        expect(first.callSid).toBe(callSid)
        expect(first.businessId).toBe(businessId)
        expect(first.version).toBe(1)
        expect(first.state).toEqual(conversation("ask_name"))
        expect(millis(first.updatedAt)).toBeGreaterThanOrEqual(millis(before))
        expect(millis(first.updatedAt)).toBeLessThanOrEqual(millis(after))

        expect(yield* sessions.save({ callSid, businessId, state: conversation("ask_time") }, 1)).toBe(2)
        const second = Option.getOrThrow(yield* sessions.load(callSid))
        expect(second.version).toBe(2)
        expect(second.state).toEqual(conversation("ask_time"))
      }),
    )

    it.effect("rejects a stale write with SessionConflict and keeps the stored state", () =>
      Effect.gen(function* () {
        const sessions = yield* CallSessions
        const callSid = Fixtures.callSid()
        const businessId = Fixtures.businessId()
        yield* sessions.save({ callSid, businessId, state: conversation("one") }, 0)
        yield* sessions.save({ callSid, businessId, state: conversation("two") }, 1)

        const stale = yield* Effect.flip(sessions.save({ callSid, businessId, state: conversation("stale") }, 1))
        expect(stale._tag).toBe("SessionConflict")
        if (stale._tag === "SessionConflict") {
          expect(stale.callSid).toBe(callSid)
          expect(stale.expectedVersion).toBe(1)
        }
        // A "new call" save for a call that already exists is stale too.
        const fresh = yield* Effect.flip(sessions.save({ callSid, businessId, state: conversation("fresh") }, 0))
        expect(fresh._tag).toBe("SessionConflict")

        const stored = Option.getOrThrow(yield* sessions.load(callSid))
        expect(stored.version).toBe(2)
        expect(stored.state).toEqual(conversation("two"))
      }),
    )

    it.effect("rejects a save expecting a version of a call that was never saved", () =>
      Effect.gen(function* () {
        const sessions = yield* CallSessions
        const callSid = Fixtures.callSid()
        const error = yield* Effect.flip(
          sessions.save({ callSid, businessId: Fixtures.businessId(), state: conversation("x") }, 3),
        )
        expect(error._tag).toBe("SessionConflict")
        expect(yield* sessions.load(callSid)).toEqual(Option.none())
      }),
    )

    it.effect("lets exactly one of concurrent saves with the same expected version win", () =>
      Effect.gen(function* () {
        const sessions = yield* CallSessions
        const callSid = Fixtures.callSid()
        const businessId = Fixtures.businessId()
        yield* sessions.save({ callSid, businessId, state: conversation("start") }, 0)

        const results = yield* Effect.all(
          Arr.makeBy(10, (i) =>
            Effect.either(sessions.save({ callSid, businessId, state: conversation(`turn ${i}`) }, 1)),
          ),
          { concurrency: "unbounded" },
        )
        const [conflicts, wins] = Arr.partitionMap(results, (r) => r)
        expect(wins).toEqual([2])
        expect(conflicts.map((e) => e._tag)).toEqual(Arr.replicate("SessionConflict", 9))

        const stored = Option.getOrThrow(yield* sessions.load(callSid))
        expect(stored.version).toBe(2)
        const winner = results.findIndex((r) => r._tag === "Right")
        expect(stored.state).toEqual(conversation(`turn ${winner}`))
      }),
    )

    it.effect("keeps each call's state apart", () =>
      Effect.gen(function* () {
        const sessions = yield* CallSessions
        const businessId = Fixtures.businessId()
        const [a, b] = [Fixtures.callSid(), Fixtures.callSid()]
        yield* sessions.save({ callSid: a, businessId, state: conversation("a") }, 0)
        yield* sessions.save({ callSid: b, businessId, state: conversation("b") }, 0)
        expect(Option.getOrThrow(yield* sessions.load(a)).state).toEqual(conversation("a"))
        expect(Option.getOrThrow(yield* sessions.load(b)).state).toEqual(conversation("b"))
      }),
    )

    it.effect("purges sessions last saved before the cutoff and keeps newer ones", () =>
      Effect.gen(function* () {
        const sessions = yield* CallSessions
        const callSid = Fixtures.callSid()
        yield* sessions.save({ callSid, businessId: Fixtures.businessId(), state: conversation("purge me") }, 0)
        const now = yield* DateTime.now

        yield* sessions.purgeOlderThan(DateTime.subtract(now, { hours: 1 }))
        expect(Option.isSome(yield* sessions.load(callSid))).toBe(true)

        const purged = yield* sessions.purgeOlderThan(DateTime.add(now, { minutes: 1 }))
        expect(purged).toBeGreaterThanOrEqual(1)
        expect(yield* sessions.load(callSid)).toEqual(Option.none())
        // The call can start over afterwards.
        expect(
          yield* sessions.save({ callSid, businessId: Fixtures.businessId(), state: conversation("again") }, 0),
        ).toBe(1)
      }),
    )
  })

const turnEntry = (callSid: CallSid, businessId: BusinessId, at: DateTime.Utc, text: string): CallEntry => ({
  callSid,
  businessId,
  caller: "+15551230001",
  at,
  turns: [
    { at, speaker: "caller", text },
    { at, speaker: "agent", text: `You said ${text}` },
  ],
  outcome: "in_progress",
  ended: false,
})

/** A new call whose first turn ("hi") was saved with its record entry. */
const firstTurn = Effect.gen(function* () {
  const sessions = yield* CallSessions
  const calls = yield* CallRecords
  const callSid = Fixtures.callSid()
  const businessId = Fixtures.businessId()
  const at = DateTime.unsafeMake("2030-01-07T14:00:00.000Z")
  yield* sessions.save({ callSid, businessId, state: conversation("a") }, 0, turnEntry(callSid, businessId, at, "hi"))
  return { sessions, calls, callSid, businessId, at }
})

/** A save's call-record entry (`record`) goes in with the save, and only with a save that happened. */
export const recordsSuite = <E>(name: string, layer_: Layer.Layer<CallSessions | CallRecords, E>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
    it.effect("stores each saved turn's entry in the call's record, in order", () =>
      Effect.gen(function* () {
        const { sessions, calls, callSid, businessId, at } = yield* firstTurn
        yield* sessions.save(
          { callSid, businessId, state: conversation("b") },
          1,
          turnEntry(callSid, businessId, DateTime.add(at, { seconds: 5 }), "a haircut"),
        )
        const record = Option.getOrThrow(yield* calls.get(callSid))
        expect(record.turns.map((turn) => turn.text)).toEqual(["hi", "You said hi", "a haircut", "You said a haircut"])
        expect(record.outcome).toBe("in_progress")
      }),
    )

    it.effect("leaves the record alone when the save loses to another version", () =>
      Effect.gen(function* () {
        const { sessions, calls, callSid, businessId, at } = yield* firstTurn
        const lost = yield* Effect.flip(
          sessions.save(
            { callSid, businessId, state: conversation("stale") },
            0,
            turnEntry(callSid, businessId, at, "twice"),
          ),
        )
        expect(lost._tag).toBe("SessionConflict")
        const stale = yield* Effect.flip(
          sessions.save(
            { callSid, businessId, state: conversation("stale") },
            7,
            turnEntry(callSid, businessId, at, "late"),
          ),
        )
        expect(stale._tag).toBe("SessionConflict")
        const record = Option.getOrThrow(yield* calls.get(callSid))
        expect(record.turns.map((turn) => turn.text)).toEqual(["hi", "You said hi"])
      }),
    )

    it.effect("a save without an entry writes no record", () =>
      Effect.gen(function* () {
        const sessions = yield* CallSessions
        const calls = yield* CallRecords
        const callSid = Fixtures.callSid()
        yield* sessions.save({ callSid, businessId: Fixtures.businessId(), state: conversation("a") }, 0)
        expect(yield* calls.get(callSid)).toEqual(Option.none())
      }),
    )
  })
