import { describe, expect, it } from "@effect/vitest"
import { Business } from "@frontdesk/domain/model/Business"
import type { Asking, Intent, Slots } from "@frontdesk/domain/ports/Understanding"
import { intentOf, intentRules, keypadAnswer } from "@frontdesk/understanding/IntentRules"
import { normalise } from "@frontdesk/understanding/Normalise"
import { Schema } from "effect"
import { contextFor, local } from "./context.js"

/** What the table decides for an utterance, given the slots already read from it. */
const decide = (say: string, slots: Slots = {}, asking: Asking = "anything"): Intent =>
  intentOf(normalise(say), slots, contextFor(asking))

const rule = (intent: Intent) => intentRules.find((r) => r.intent === intent)!

const friday = { year: 2026, month: 11, day: 27 }
const friday3pm: Slots = { when: { date: friday, time: { hour: 15, minute: 0 } } }

describe("the intent table", () => {
  it("runs in policy order, each intent once; no rule for unknown, which is what no match means", () => {
    expect(intentRules.map((r) => r.intent)).toEqual([
      "human",
      "message",
      "question",
      "cancel",
      "reschedule",
      "hours",
      "availability",
      "repeat",
      "choose_alternative",
      "no",
      "yes",
      "book",
      // The last resort: a question no other rule took goes to the FAQ.
      "question",
    ])
  })

  it("says unknown when no rule matches", () => {
    expect(decide("purple monkey dishwasher")).toBe("unknown")
    expect(decide("hello")).toBe("unknown")
  })

  describe("each rule by itself", () => {
    const matches = (intent: Intent, say: string, slots: Slots = {}, asking: Asking = "anything") =>
      rule(intent).matches(normalise(say), slots, contextFor(asking))

    it("human: a role, or talking to someone", () => {
      expect(matches("human", "operator")).toBe(true)
      expect(matches("human", "can I speak to the manager")).toBe(true)
      expect(matches("human", "I want someone good for Friday")).toBe(false)
    })

    it("cancel: the booking, except where cancel takes back an answer", () => {
      expect(matches("cancel", "I can't make it on Thursday")).toBe(true)
      expect(matches("cancel", "cancel", {}, "anything")).toBe(true)
      expect(matches("cancel", "no, cancel that", {}, "confirm")).toBe(false)
      expect(matches("cancel", "cancel my appointment", {}, "confirm")).toBe(true)
    })

    it("reschedule", () => {
      expect(matches("reschedule", "can I move my appointment")).toBe(true)
      expect(matches("reschedule", "I'd like an appointment")).toBe(false)
    })

    it("hours: only without a time and without a service", () => {
      expect(matches("hours", "are you open Saturday")).toBe(true)
      expect(matches("hours", "what's available Saturday")).toBe(false)
      expect(matches("hours", "what do you have Friday at 3", friday3pm)).toBe(false)
      expect(matches("hours", "are you open Sunday for a blowout", { service: "Blowout" })).toBe(false)
    })

    it("repeat: only when nothing else was said", () => {
      expect(matches("repeat", "pardon")).toBe(true)
      expect(matches("repeat", "pardon, I said Friday", { when: { date: friday } })).toBe(false)
    })

    it("choose_alternative: a picked offer, unless refused", () => {
      expect(matches("choose_alternative", "the second one", { alternative: 1 })).toBe(true)
      expect(matches("choose_alternative", "no, not the second one", { alternative: 1 })).toBe(false)
      expect(matches("choose_alternative", "the second one")).toBe(false)
    })

    it("no and yes never both match", () => {
      for (const say of ["no", "yes", "no thanks", "yes please", "actually yes", "sounds good", "that's not right"]) {
        expect(matches("no", say) && matches("yes", say), say).toBe(false)
      }
    })

    it("yes: agreement, except when it only opens a request", () => {
      expect(matches("yes", "yeah sure", {}, "confirm")).toBe(true)
      expect(matches("yes", "yeah I need an appointment", {}, "anything")).toBe(false)
      expect(matches("yes", "yes, Friday at 3", friday3pm, "confirm")).toBe(true)
      expect(matches("yes", "yes, Friday at 3", friday3pm, "date")).toBe(false)
    })

    it("book: a booking word or any detail", () => {
      expect(matches("book", "I'd like to make an appointment")).toBe(true)
      expect(matches("book", "Friday at 3", friday3pm)).toBe(true)
      expect(matches("book", "hello")).toBe(false)
    })
  })

  describe("the first match wins", () => {
    it("asking for a person beats cancelling", () => {
      expect(decide("can I talk to someone about cancelling my appointment")).toBe("human")
    })

    it("cancelling beats the details said with it", () => {
      expect(decide("cancel my booking for Friday at 3", friday3pm)).toBe("cancel")
    })

    it("a named service turns a question about the hours into a booking", () => {
      expect(decide("are you open Sunday for a blowout", { service: "Blowout" })).toBe("book")
    })

    it("refusing beats a picked offer", () => {
      expect(decide("no, the second one doesn't work", { alternative: 1 }, "alternative")).toBe("no")
    })

    it("at a read-back, yes with details is still yes; when asked for a date it is a booking", () => {
      expect(decide("yes, Friday at 3", friday3pm, "confirm")).toBe("yes")
      expect(decide("yes, Friday at 3", friday3pm, "date")).toBe("book")
    })
  })

  it("counts cancelling one of the business's services as cancelling, by the business's words", () => {
    const spa = Schema.decodeUnknownSync(Business)({
      id: "biz_spa",
      name: "Calm Spa",
      timezone: "America/New_York",
      phoneNumbers: ["+15550100001"],
      services: [{ name: "Massage", durationMinutes: 60, aliases: ["rub down"] }],
      hours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
    })
    const text = normalise("please call off my rub down")
    expect(intentOf(text, { service: "Massage" }, contextFor("confirm", { business: spa }))).toBe("cancel")
    expect(intentOf(text, {}, contextFor("confirm"))).not.toBe("cancel")
  })
})

describe("keypadAnswer", () => {
  it("reads 1 as yes and 2 as no, only at a yes/no question", () => {
    expect(keypadAnswer(" 1 ", contextFor("confirm"))).toBe("yes")
    expect(keypadAnswer("2", contextFor("cancel_confirm"))).toBe("no")
    expect(keypadAnswer("1", contextFor("phone_confirm"))).toBe("yes")
    expect(keypadAnswer("1", contextFor("time"))).toBeUndefined()
    expect(keypadAnswer("12", contextFor("confirm"))).toBeUndefined()
    expect(keypadAnswer("1", contextFor("alternative", { alternatives: [local("2026-11-27T16:00:00")] }))).toBe(
      undefined,
    )
  })
})
