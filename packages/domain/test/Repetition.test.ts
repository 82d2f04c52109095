import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as Dialogue from "../src/conversation/Dialogue.js"
import * as DialogueState from "../src/conversation/DialogueState.js"
import * as ProfileQuestions from "../src/conversation/ProfileQuestions.js"
import * as Repetition from "../src/conversation/Repetition.js"
import { CallerMessages } from "../src/ports/CallerMessages.js"
import * as Fixtures from "../src/testing/Fixtures.js"
import { Call, inCall, means, understanding } from "../src/testing/ScriptedCall.js"

const business = Fixtures.demoBusiness()
const greeting = () => {
  const start = Dialogue.start({ business, from: "+15555550123", callSid: Fixtures.callSid() })
  if (start._tag !== "Reply") throw new Error("a call starts with a reply")
  return start
}
const facts = { silence: false, answered: false, text: "blue" }

describe("Repetition", () => {
  it("reads the question of a reply: its last sentence, with the read-back before it for a read-back", () => {
    expect(Repetition.questionOf("Sorry, I didn't quite get that. What day would you like to come in?", "date")).toBe(
      "What day would you like to come in?",
    )
    expect(
      Repetition.questionOf("4 PM instead, got it. A haircut for Ana on Friday at 4 PM. Shall I book it?", "confirm"),
    ).toBe("A haircut for Ana on Friday at 4 PM. Shall I book it?")
  })

  it("leaves a note for the owner after many turns that gained nothing, instead of hanging up", () => {
    const start = greeting()
    const before = { ...start.state, stalled: Repetition.maxStalledTurns - 1, asking: "service" as const }
    const decision = Repetition.guard(business, before, { ...start, state: { ...before, asking: "date" } }, facts)
    expect(decision._tag).toBe("Perform")
    if (decision._tag !== "Perform") return
    expect(decision.request).toMatchObject({
      _tag: "TakeMessage",
      message: `The receptionist couldn't finish this call, please call back. They last said: "blue"`,
      callerPhone: "+15555550123",
    })
    expect(decision.state.unfinished).toBe(true)
  })

  it("counts an answered question as progress", () => {
    const start = greeting()
    const before = { ...start.state, stalled: Repetition.maxStalledTurns - 1, repeats: 2 }
    const decision = Repetition.guard(business, before, { ...start, state: before }, { ...facts, answered: true })
    expect(decision._tag).toBe("Reply")
    expect(decision.state).toMatchObject({ stalled: 0, repeats: 1 })
  })

  it.effect("decodes a call stored before the repetition and free-time fields existed", () =>
    Effect.gen(function* () {
      const { repeats: _r, stalled: _s, listing: _l, ...old } = DialogueState.encode(greeting().state)
      const state = yield* DialogueState.decode(JSON.parse(JSON.stringify(old)))
      expect(state.repeats).toBeUndefined()
      const next = Dialogue.hear(
        business,
        state,
        { _tag: "Heard", interpretation: means("book", { service: "Haircut" }) },
        Fixtures.utc("2026-12-01T13:00:00Z"),
      )
      expect(next._tag === "Reply" && next.say).toBe("What day would you like to come in?")
    }),
  )
})

describe("scripted calls that go nowhere", () => {
  const script = [
    ["mumble", means("unknown")],
    ["a haircut", means("book", { service: "Haircut" })],
  ] as const

  it.effect("never asks a question three times: example, then a message", () =>
    inCall(
      understanding(script),
      Effect.gen(function* () {
        const call = Call.start(business, "+15555550123")
        yield* call.say("a haircut")
        yield* call.say("mumble")
        expect(call.last.say).toContain("You can say a day like Friday or December 8th")
        yield* call.say("mumble")
        expect(call.last.say).toContain("I can take a message")
        expect(call.last.state.asking).toBe("message")
      }),
    ),
  )

  it.effect("a caller who keeps answering a message prompt with nothing usable gets a note left and a goodbye", () =>
    inCall(
      understanding([...script, ["hello?", means("unknown")]]),
      Effect.gen(function* () {
        const call = Call.start(business, "+15555550123")
        yield* call.say("a haircut")
        yield* call.say("mumble")
        yield* call.say("mumble")
        yield* call.say("hello?")
        yield* call.say("hello?")
        expect(call.last.action._tag).toBe("Hangup")
        expect(call.last.say).toContain("I've asked the owner to call you back")
        const messages = yield* Effect.flatMap(CallerMessages, (m) => m.list(business.id))
        expect(messages.map((m) => m.text)).toEqual([
          `The receptionist couldn't finish this call, please call back. They last said: "hello?"`,
        ])
      }),
    ),
  )

  it.effect("silence: the example, then 'are you still there?', then goodbye", () =>
    inCall(
      understanding(script),
      Effect.gen(function* () {
        const call = Call.start(business, "+15555550123")
        yield* call.say("a haircut")
        yield* call.silence()
        yield* call.silence()
        yield* call.silence()
        expect(call.said.slice(2)).toEqual([
          "Sorry, I didn't catch that. You can say a day like Friday or December 8th. What day would suit you?",
          "Are you still there? What day would you like to come in?",
          "I'm sorry, I can't hear you. Please call us back anytime. Thanks for calling Bella Hair Studio. Goodbye!",
        ])
      }),
    ),
  )
})

describe("ProfileQuestions", () => {
  const faq = [
    { question: "Do you take walk-ins?", answer: "Sometimes." },
    { question: "Do you sell gift cards?", answer: "Yes." },
    { question: "Is there parking nearby?", answer: "Street parking." },
  ]

  it("finds the FAQ entry sharing the most words with the question", () => {
    expect(ProfileQuestions.bestFaq(faq, "can I buy a gift card?")?.answer).toBe("Yes.")
    expect(ProfileQuestions.bestFaq(faq, "where can I park")?.answer).toBe("Street parking.")
    expect(ProfileQuestions.bestFaq(faq, "do you take walk ins")?.answer).toBe("Sometimes.")
    expect(ProfileQuestions.bestFaq(faq, "do you do weddings?")).toBeUndefined()
  })

  it("does not guess what the profile does not say", () => {
    const bare = Fixtures.demoBusiness({ profile: { faq: [] } })
    expect(ProfileQuestions.answer(bare, means("question", { topic: "location" }, "where are you?"))).toEqual({
      text: "I don't know that, but I can take a message for the owner.",
      known: false,
    })
  })
})
