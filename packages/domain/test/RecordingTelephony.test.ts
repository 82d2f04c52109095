import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { layerMemory, RecordingTelephonyControl } from "../src/ports/RecordingTelephony.js"
import { Telephony } from "../src/ports/Telephony.js"
import * as Fixtures from "../src/testing/Fixtures.js"

describe("RecordingTelephony", () => {
  it.effect("records every text it sends, per recipient", () =>
    Effect.gen(function* () {
      const telephony = yield* Telephony
      const control = yield* RecordingTelephonyControl
      const [jane, sam] = [Fixtures.phoneNumber(), Fixtures.phoneNumber()]
      const first = yield* telephony.sendSms({ to: jane, body: "You're booked for a Haircut on Mon 9:00 AM." })
      const second = yield* telephony.sendSms({ to: sam, body: "See you soon" })

      expect(first.sid).toMatch(/^SM/)
      expect(second.sid).not.toBe(first.sid)
      expect((yield* control.sent).map((s) => s.body)).toEqual([
        "You're booked for a Haircut on Mon 9:00 AM.",
        "See you soon",
      ])
      expect((yield* control.sentTo(jane)).map((s) => s.sid)).toEqual([first.sid])
      yield* control.clear
      expect(yield* control.sent).toEqual([])
      expect(yield* control.attempts).toBe(0)
    }).pipe(Effect.provide(layerMemory)),
  )

  it.effect("delivers a resend with the same idempotency key only once", () =>
    Effect.gen(function* () {
      const telephony = yield* Telephony
      const control = yield* RecordingTelephonyControl
      const message = { to: Fixtures.phoneNumber(), body: "Confirmed", idempotencyKey: "sms.confirmation:bk_1" }
      const first = yield* telephony.sendSms(message)
      const again = yield* telephony.sendSms(message)
      expect(again.sid).toBe(first.sid)
      expect(yield* control.sent).toHaveLength(1)
      expect(yield* control.attempts).toBe(2)
    }).pipe(Effect.provide(layerMemory)),
  )

  it.effect("fails injected sends with the given kind and code, and records nothing for them", () =>
    Effect.gen(function* () {
      const telephony = yield* Telephony
      const control = yield* RecordingTelephonyControl
      const to = Fixtures.phoneNumber()
      yield* control.failNext("InvalidNumber", { code: 21211 })

      const error = yield* Effect.flip(telephony.sendSms({ to, body: "hi" }))
      expect(error.kind).toBe("InvalidNumber")
      expect(error.code).toBe(21211)
      expect(yield* control.sent).toEqual([])
      yield* telephony.sendSms({ to, body: "hi" })
      expect(yield* control.sent).toHaveLength(1)

      yield* control.failAlways("Unavailable")
      for (let i = 0; i < 3; i++)
        expect((yield* Effect.flip(telephony.sendSms({ to, body: "x" }))).kind).toBe("Unavailable")
      yield* control.clearFailures
      yield* telephony.sendSms({ to, body: "x" })
      expect(yield* control.sent).toHaveLength(2)
      expect(yield* control.attempts).toBe(6)
    }).pipe(Effect.provide(layerMemory)),
  )
})
