import { describe, expect, it } from "@effect/vitest"
import * as CallerIdentity from "@frontdesk/domain/conversation/CallerIdentity"
import type { Business } from "@frontdesk/domain/model/Business"
import { PhoneNumber } from "@frontdesk/domain/model/Ids"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { CallerMessages } from "@frontdesk/domain/ports/CallerMessages"
import { OptOuts } from "@frontdesk/domain/ports/OptOuts"
import { RecordingTelephonyControl } from "@frontdesk/domain/ports/RecordingTelephony"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { Duration, Effect, TestClock } from "effect"
import { Call, inCall, ny } from "./ConversationHarness.js"

/**
 * Who may cancel or move a booking on a call: the booking's own number, or a caller who reads back
 * the code texted to it. The attack from issue #14: calling from one number and saying another
 * customer's number was enough to cancel their appointment.
 */

const owner = PhoneNumber.make("+15555550123")
const attacker = PhoneNumber.make("+15555550999")

const book = (business: Business, start: string, phone: PhoneNumber = owner) =>
  Effect.flatMap(BookingRepository, (repo) =>
    repo.insert(
      Fixtures.newBooking({
        businessId: business.id,
        start: ny(start),
        durationMinutes: 60,
        service: "Haircut",
        customer: Fixtures.customer({ name: "Ana Ruiz", phone }),
      }),
    ),
  )

const statusOf = (business: Business) =>
  Effect.map(
    Effect.flatMap(BookingRepository, (repo) => repo.listByBusiness(business.id)),
    (all) => all.map((b) => b.status),
  )

/** The code in the last text to `phone`. */
const codeTextedTo = (phone: PhoneNumber) =>
  Effect.gen(function* () {
    const texts = yield* (yield* RecordingTelephonyControl).sentTo(phone)
    const code = texts.at(-1)?.body.match(/\b(\d{6})\b/)?.[1]
    if (code === undefined) throw new Error(`no code texted to ${phone}`)
    return code
  })

const spoken = (code: string) =>
  code
    .split("")
    .map((d) => ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"][Number(d)])
    .join(" ")

const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, "0")

describe("caller identity", () => {
  it.effect("the booking's own caller ID cancels with no code, and no text is sent", () =>
    inCall(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        yield* book(business, "2026-12-04T15:00")
        const call = Call.start(business, owner)
        expect(yield* call.say("I need to cancel my appointment")).toBe(
          "I see a haircut on Friday, December 4th at 3 PM. Shall I cancel it?",
        )
        yield* call.say("yes")
        expect(yield* statusOf(business)).toEqual(["cancelled"])
        expect(yield* (yield* RecordingTelephonyControl).sentTo(owner)).toHaveLength(1) // the cancellation text
      }),
    ),
  )

  it.effect("another number saying the customer's number hears nothing about the booking and cannot cancel it", () =>
    inCall(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        yield* book(business, "2026-12-04T15:00")
        const call = Call.start(business, attacker)
        yield* call.say("I need to cancel my appointment, the number is 555 555 0123")
        expect(call.last.say).toBe(
          "I can only change a booking from the phone it was made with. I've texted a 6-digit code to the number on the booking; please read it to me.",
        )
        expect(call.last.say).not.toContain("Friday")
        // The code went to the booking's number, never to the caller.
        yield* codeTextedTo(owner)
        expect(yield* (yield* RecordingTelephonyControl).sentTo(attacker)).toHaveLength(0)

        const code = yield* codeTextedTo(owner)
        expect(yield* call.say(wrong(code))).toBe(
          "That code doesn't match. Please read me the 6 digits from the text again.",
        )
        yield* call.say("yes")
        expect(yield* call.say("just cancel it")).toBe(
          "That code still doesn't match, so I can't change the booking on this call. If you'd like, tell me a short message for the team now and I'll pass it on.",
        )
        // The right code after three tries changes nothing.
        yield* call.say(spoken(code))
        expect(yield* statusOf(business)).toEqual(["confirmed"])
        expect(call.last.say).toContain("pass that on")
        const [message] = yield* (yield* CallerMessages).list(business.id)
        expect(message?.callerPhone).toBe(attacker)
      }),
    ),
  )

  it.effect("a withheld caller who reads back the code (spoken or keyed) may cancel", () =>
    inCall(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        yield* book(business, "2026-12-04T15:00")
        const call = Call.start(business, "anonymous")
        yield* call.say("I want to cancel my appointment")
        expect(yield* call.say("555 555 0123")).toContain("I've texted a 6-digit code")
        const code = yield* codeTextedTo(owner)
        expect(yield* call.say(`it's ${spoken(code)}`)).toBe(
          "I see a haircut on Friday, December 4th at 3 PM. Shall I cancel it?",
        )
        yield* call.say("yes")
        expect(yield* statusOf(business)).toEqual(["cancelled"])
      }),
    ),
  )

  it.effect("keyed digits work as well, and the code allows moving the booking", () =>
    inCall(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        yield* book(business, "2026-12-04T15:00")
        const call = Call.start(business, "anonymous")
        yield* call.say("I need to reschedule my appointment")
        yield* call.say("555 555 0123")
        expect(yield* call.press(yield* codeTextedTo(owner))).toBe(
          "I see a haircut on Friday, December 4th at 3 PM. Is that the one you'd like to move?",
        )
        yield* call.say("yes")
        yield* call.say("Thursday at 11")
        expect(yield* call.say("yes")).toContain("Your haircut is now on Thursday, December 3rd at 11 AM")
      }),
    ),
  )

  it.effect("a code read after 10 minutes has expired", () =>
    inCall(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        yield* book(business, "2026-12-04T15:00")
        const call = Call.start(business, attacker)
        yield* call.say("I need to cancel my appointment, the number is 555 555 0123")
        const code = yield* codeTextedTo(owner)
        yield* TestClock.adjust(Duration.minutes(10))
        expect(yield* call.say(code)).toBe(
          "That code has expired, so I can't change the booking on this call. If you'd like, tell me a short message for the team now and I'll pass it on.",
        )
        expect(yield* statusOf(business)).toEqual(["confirmed"])
      }),
    ),
  )

  it.effect(
    "a number with no bookings gets no text; one that replied STOP gets none either, and a message is offered",
    () =>
      inCall(
        Effect.gen(function* () {
          const business = Fixtures.demoBusiness()
          const call = Call.start(business, attacker)
          expect(yield* call.say("cancel the appointment for 555 555 0123")).toBe(
            "I couldn't find any upcoming appointments for that number. Is there anything else I can help with?",
          )
          expect(yield* (yield* RecordingTelephonyControl).sent).toHaveLength(0)

          yield* book(business, "2026-12-04T15:00")
          yield* (yield* OptOuts).record(business.id, owner, "STOP")
          const again = Call.start(business, "anonymous")
          yield* again.say("cancel my appointment")
          expect(yield* again.say("555 555 0123")).toBe(
            "I can't text a code to that number, so I can't change the booking on this call. If you'd like, tell me a short message for the team now and I'll pass it on.",
          )
          expect(yield* (yield* RecordingTelephonyControl).sent).toHaveLength(0)
        }),
      ),
  )

  it.effect("one code per call: asking about a second number does not text again", () =>
    inCall(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        const other = PhoneNumber.make("+15555550177")
        yield* book(business, "2026-12-04T15:00")
        yield* book(business, "2026-12-04T11:00", other)
        const call = Call.start(business, "anonymous")
        yield* call.say("cancel my appointment")
        yield* call.say("555 555 0123")
        yield* call.say("actually my number is 555 555 0177")
        yield* call.say("cancel the appointment for 555 555 0177")
        expect(yield* (yield* RecordingTelephonyControl).sentTo(other)).toHaveLength(0)
        expect(yield* (yield* RecordingTelephonyControl).sent).toHaveLength(1)
      }),
    ),
  )

  it("reads spoken and keyed codes, and nothing else", () => {
    expect(CallerIdentity.codeIn("four two seven one nine oh")).toBe("427190")
    expect(CallerIdentity.codeIn("it's 427 190")).toBe("427190")
    expect(CallerIdentity.codeIn("42719")).toBeUndefined()
    expect(CallerIdentity.codeIn("4271901")).toBeUndefined()
    expect(CallerIdentity.codeIn("I didn't get a text")).toBeUndefined()
  })
})
