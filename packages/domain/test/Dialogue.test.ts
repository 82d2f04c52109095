import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Schema } from "effect"
import { AvailabilityResult, Taken } from "../src/availability/AvailabilityResult.js"
import * as Dialogue from "../src/conversation/Dialogue.js"
import * as DialogueState from "../src/conversation/DialogueState.js"
import * as Turn from "../src/conversation/Turn.js"
import { Business } from "../src/model/Business.js"
import { CallSid } from "../src/model/Ids.js"
import { Interpretation, type Slots } from "../src/ports/Understanding.js"
import * as Hours from "../src/speech/Hours.js"

const zone = DateTime.zoneUnsafeMakeNamed("America/New_York")
const ny = (local: string) =>
  DateTime.toUtc(DateTime.unsafeMakeZoned(local, { timeZone: zone, adjustForTimeZone: true }))

const business = (overrides: Record<string, unknown> = {}) =>
  Schema.decodeUnknownSync(Business)({
    id: "biz_dialogue",
    name: "Bella Hair Studio",
    timezone: "America/New_York",
    phoneNumbers: ["+15550100000"],
    services: [
      { name: "Haircut", durationMinutes: 60 },
      { name: "Eyebrow wax", durationMinutes: 15 },
    ],
    hours: { mon: [["09:00", "17:00"]], tue: [["09:00", "17:00"]], sat: [["10:00", "14:00"]] },
    ...overrides,
  })

const now = ny("2026-12-01T08:00:00")
const callSid = CallSid.make("CA00000000000000000000000000000001")
const heard = (intent: Interpretation["intent"], slots: Slots = {}, text = ""): Dialogue.Input => ({
  _tag: "Heard",
  interpretation: new Interpretation({ intent, slots, text }),
})

const reply = (decision: Dialogue.Decision) => {
  if (decision._tag !== "Reply") throw new Error(`expected a reply, got ${decision.request._tag}`)
  return decision
}
const perform = (decision: Dialogue.Decision) => {
  if (decision._tag !== "Perform") throw new Error(`expected a request, got "${decision.say}"`)
  return decision
}

const everything: Slots = {
  name: "Ana Ruiz",
  service: "Haircut",
  when: { date: { year: 2026, month: 12, day: 7 }, time: { hour: 15, minute: 0 } },
}

describe("Dialogue", () => {
  it("starts with a greeting naming the business and keeps the caller id as the phone", () => {
    const start = reply(Dialogue.start({ business: business(), from: "+1 (555) 555-0123", callSid }))
    expect(start.say).toBe("Thanks for calling Bella Hair Studio. How can I help you today?")
    expect(start.state.phone).toBe("+15555550123")
    expect(start.state.phoneConfirmed).toBe(true)
    expect(start.action._tag).toBe("Listen")
  })

  it("treats a withheld caller id as no phone at all", () => {
    for (const from of ["anonymous", "", "+266696687", "Restricted"]) {
      expect(reply(Dialogue.start({ business: business(), from, callSid })).state.phone).toBeUndefined()
    }
  })

  it("checks the wall-clock start in the business's zone before reading back", () => {
    const b = business()
    const start = reply(Dialogue.start({ business: b, from: "+15555550123", callSid }))
    const check = perform(Dialogue.hear(b, start.state, heard("book", everything), now))
    expect(check.request).toMatchObject({ _tag: "CheckAvailability", reschedulingBookingId: undefined })
    if (check.request._tag !== "CheckAvailability") return
    expect(DateTime.formatIso(check.request.start)).toBe("2026-12-07T20:00:00.000Z")
    const readBack = reply(
      Dialogue.resume(
        b,
        check.state,
        { _tag: "Availability", result: new AvailabilityResult({ available: true }) },
        now,
      ),
    )
    expect(readBack.say).toBe("A haircut for Ana Ruiz on Monday, December 7th at 3 PM. Shall I book it?")
    const book = perform(Dialogue.hear(b, readBack.state, heard("yes"), now))
    expect(book.request).toMatchObject({ _tag: "Book", name: "Ana Ruiz", phone: "+15555550123", callSid })
  })

  it("says 'an' before a service starting with a vowel", () => {
    const b = business()
    const start = reply(Dialogue.start({ business: b, from: "+15555550123", callSid }))
    const check = perform(Dialogue.hear(b, start.state, heard("book", { ...everything, service: "Eyebrow wax" }), now))
    const readBack = reply(
      Dialogue.resume(
        b,
        check.state,
        { _tag: "Availability", result: new AvailabilityResult({ available: true }) },
        now,
      ),
    )
    expect(readBack.say).toMatch(/^An eyebrow wax for Ana Ruiz/)
  })

  it("refuses a wall time the spring-forward gap skips", () => {
    const b = business({ hours: { sun: [["00:00", "24:00"]] } })
    const start = reply(Dialogue.start({ business: b, from: "+15555550123", callSid }))
    const gap = reply(
      Dialogue.hear(
        b,
        start.state,
        heard("book", {
          ...everything,
          when: { date: { year: 2026, month: 3, day: 8 }, time: { hour: 2, minute: 30 } },
        }),
        ny("2026-03-01T08:00:00"),
      ),
    )
    expect(gap.say).toBe("That time doesn't exist that day, because the clocks go forward. What other time works?")
    expect(gap.state.asking).toBe("time")
  })

  it("apologises and transfers when the booking system fails and a transfer number exists", () => {
    const b = business({ transferPhone: "+15550109999" })
    const start = reply(Dialogue.start({ business: b, from: "+15555550123", callSid }))
    const check = perform(Dialogue.hear(b, start.state, heard("book", everything), now))
    const failed = reply(Dialogue.resume(b, check.state, { _tag: "Failed" }, now))
    expect(failed.say).toContain("having trouble with our booking system")
    expect(failed.action).toEqual({ _tag: "Transfer", to: "+15550109999" })
  })

  it("apologises and hangs up when the booking system fails and nobody can take the call", () => {
    const b = business()
    const start = reply(Dialogue.start({ business: b, from: "+15555550123", callSid }))
    const check = perform(Dialogue.hear(b, start.state, heard("book", everything), now))
    const failed = reply(Dialogue.resume(b, check.state, { _tag: "Failed" }, now))
    expect(failed.action._tag).toBe("Hangup")
    expect(failed.state.ended).toBe(true)
  })

  it("asks for another day when nothing is free nearby", () => {
    const b = business()
    const start = reply(Dialogue.start({ business: b, from: "+15555550123", callSid }))
    const check = perform(Dialogue.hear(b, start.state, heard("book", everything), now))
    const none = reply(
      Dialogue.resume(
        b,
        check.state,
        {
          _tag: "Availability",
          result: new AvailabilityResult({
            available: false,
            reason: Taken.make({ start: ny("2026-12-07T15:00:00") }),
          }),
        },
        now,
      ),
    )
    expect(none.say).toBe(
      "Sorry, Monday, December 7th at 3 PM is already taken. Is there another day that works for you?",
    )
    expect(none.state.date).toBeUndefined()
    expect(none.state.asking).toBe("date")
  })

  it.effect("keeps its state through the JSON encoding CallSessions stores", () =>
    Effect.gen(function* () {
      const b = business()
      const start = reply(Dialogue.start({ business: b, from: "anonymous", callSid }))
      const check = perform(Dialogue.hear(b, start.state, heard("book", everything), now))
      const offered = reply(
        Dialogue.resume(
          b,
          check.state,
          {
            _tag: "Availability",
            result: new AvailabilityResult({
              available: false,
              reason: Taken.make({ start: ny("2026-12-07T15:00:00") }),
              alternatives: [ny("2026-12-07T16:00:00"), ny("2026-12-07T14:00:00")],
            }),
          },
          now,
        ),
      )
      expect(offered.say).toBe(
        "Sorry, Monday, December 7th at 3 PM is already taken. I have 4 PM or 2 PM that day. Would one of those work?",
      )
      const json = JSON.parse(JSON.stringify(DialogueState.encode(offered.state)))
      const back = yield* DialogueState.decode(json)
      expect(back).toEqual(offered.state)
      const picked = reply(Dialogue.hear(b, back, heard("choose_alternative", { alternative: 1 }), now))
      expect(picked.say).toBe("What's the best phone number to reach you?")
      expect(picked.state.time).toEqual({ hour: 14, minute: 0 })
    }),
  )

  it("summarises opening hours by runs of equal days", () => {
    expect(Hours.summary(business())).toBe(
      "We're open Monday and Tuesday, 9 AM to 5 PM and Saturday, 10 AM to 2 PM. We're closed on Wednesday, Thursday, Friday and Sunday.",
    )
    expect(
      Hours.summary(
        business({
          hours: {
            mon: [
              ["09:00", "12:00"],
              ["13:00", "17:00"],
            ],
            tue: [
              ["09:00", "12:00"],
              ["13:00", "17:00"],
            ],
            wed: [
              ["09:00", "12:00"],
              ["13:00", "17:00"],
            ],
            thu: [
              ["09:00", "12:00"],
              ["13:00", "17:00"],
            ],
            fri: [
              ["09:00", "12:00"],
              ["13:00", "17:00"],
            ],
            sat: [
              ["09:00", "12:00"],
              ["13:00", "17:00"],
            ],
            sun: [
              ["09:00", "12:00"],
              ["13:00", "17:00"],
            ],
          },
        }),
      ),
    ).toBe("We're open Monday to Sunday, 9 AM to 12 PM and 1 PM to 5 PM.")
  })

  it("offers the business's services as speech hints", () => {
    expect(Turn.hintsFor(business())).toEqual(["Haircut", "Eyebrow wax", "yes", "no"])
  })
})
