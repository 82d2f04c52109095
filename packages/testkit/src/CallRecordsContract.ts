import { expect, layer } from "@effect/vitest"
import type { CallEntry } from "@frontdesk/domain/model/CallRecord"
import { BookingId } from "@frontdesk/domain/model/Ids"
import { CallRecords } from "@frontdesk/domain/ports/CallRecords"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { DateTime, Effect, type Layer, Option } from "effect"

/*
 * Behaviour every CallRecords store must show. Stores keep rows between tests, so each test uses
 * fresh business ids and call sids.
 */

const at = (iso: string) => DateTime.unsafeMake(iso)

const entry = (overrides: Partial<CallEntry> & Pick<CallEntry, "callSid" | "businessId">): CallEntry => ({
  caller: "+15551230000",
  at: at("2026-05-04T14:00:00Z"),
  turns: [],
  outcome: "in_progress",
  ended: false,
  ...overrides,
})

export const suite = <E>(name: string, layer_: Layer.Layer<CallRecords, E>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
    it.effect("builds a call's transcript turn by turn, in order, with its outcome, booking and end", () =>
      Effect.gen(function* () {
        const calls = yield* CallRecords
        const businessId = Fixtures.businessId()
        const callSid = Fixtures.callSid()
        yield* calls.record(
          entry({
            callSid,
            businessId,
            turns: [{ at: at("2026-05-04T14:00:00Z"), speaker: "agent", text: "Thanks for calling Bella." }],
          }),
        )
        const bookingId = BookingId.make(`bk_${crypto.randomUUID()}`)
        yield* calls.record(
          entry({
            callSid,
            businessId,
            at: at("2026-05-04T14:01:00Z"),
            turns: [
              { at: at("2026-05-04T14:01:00Z"), speaker: "caller", text: "A haircut Friday at 3 — ça va? 😀" },
              { at: at("2026-05-04T14:01:00Z"), speaker: "agent", text: "You're booked." },
            ],
            outcome: "booked",
            bookingId,
            ended: true,
          }),
        )
        const stored = Option.getOrThrow(yield* calls.get(callSid))
        expect(stored.businessId).toBe(businessId)
        expect(stored.caller).toBe("+15551230000")
        expect(DateTime.formatIso(stored.startedAt)).toBe("2026-05-04T14:00:00.000Z")
        expect(stored.endedAt && DateTime.formatIso(stored.endedAt)).toBe("2026-05-04T14:01:00.000Z")
        expect(stored.outcome).toBe("booked")
        expect(stored.bookingId).toBe(bookingId)
        expect(stored.turns.map((t) => [t.speaker, t.text])).toEqual([
          ["agent", "Thanks for calling Bella."],
          ["caller", "A haircut Friday at 3 — ça va? 😀"],
          ["agent", "You're booked."],
        ])
      }),
    )

    it.effect("keeps a booking id once known and lists a business's calls newest first, only its own", () =>
      Effect.gen(function* () {
        const calls = yield* CallRecords
        const businessId = Fixtures.businessId()
        const [first, second] = [Fixtures.callSid(), Fixtures.callSid()]
        const bookingId = BookingId.make(`bk_${crypto.randomUUID()}`)
        yield* calls.record(entry({ callSid: first, businessId, bookingId, outcome: "booked" }))
        yield* calls.record(entry({ callSid: first, businessId, at: at("2026-05-04T14:02:00Z"), outcome: "ended" }))
        yield* calls.record(entry({ callSid: second, businessId, at: at("2026-05-04T15:00:00Z") }))
        yield* calls.record(entry({ callSid: Fixtures.callSid(), businessId: Fixtures.businessId() }))
        const listed = yield* calls.list(businessId)
        expect(listed.map((c) => c.callSid)).toEqual([second, first])
        expect(listed[1]?.bookingId).toBe(bookingId)
        // The goodbye turn does not undo what the call did.
        expect(listed[1]?.outcome).toBe("booked")
        expect(listed[1]?.endedAt).toBeUndefined()
        expect((yield* calls.list(businessId, { limit: 1 })).map((c) => c.callSid)).toEqual([second])
        expect(Option.isNone(yield* calls.get(Fixtures.callSid()))).toBe(true)
      }),
    )

    it.effect("purges calls that started before the cutoff and keeps the rest", () =>
      Effect.gen(function* () {
        const calls = yield* CallRecords
        const businessId = Fixtures.businessId()
        const [old, fresh] = [Fixtures.callSid(), Fixtures.callSid()]
        yield* calls.record(entry({ callSid: old, businessId, at: at("2020-01-01T10:00:00Z") }))
        yield* calls.record(entry({ callSid: fresh, businessId, at: at("2020-03-01T10:00:00Z") }))
        const purged = yield* calls.purgeStartedBefore(at("2020-02-01T00:00:00Z"))
        expect(purged).toBeGreaterThanOrEqual(1)
        expect((yield* calls.list(businessId)).map((c) => c.callSid)).toEqual([fresh])
      }),
    )
  })
