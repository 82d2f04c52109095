import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import type { Asking, UnderstandingContext } from "@frontdesk/domain/ports/Understanding"
import { Understanding } from "@frontdesk/domain/ports/Understanding"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import * as FallbackUnderstanding from "@frontdesk/understanding/FallbackUnderstanding"
import type { FailureReason } from "@frontdesk/understanding/ModelUnderstanding"
import * as OpenAiChatModel from "@frontdesk/understanding/OpenAiChatModel"
import * as RulesUnderstanding from "@frontdesk/understanding/RulesUnderstanding"
import { DateTime, type Duration, Effect, Fiber, Layer, Redacted, TestClock } from "effect"
import * as FakeOpenAI from "../src/FakeOpenAI.js"
import * as ScriptedLanguageModel from "../src/ScriptedLanguageModel.js"

const business = Fixtures.demoBusiness()
const now = DateTime.unsafeMake("2026-12-01T15:00:00Z")
const context = (
  asking: Asking = "anything",
  alternatives: ReadonlyArray<DateTime.Utc> = [],
): UnderstandingContext => ({
  business,
  now,
  asking,
  alternatives,
})

/** Counts what the fallback observer saw, as the server's metrics would. */
const observed = () => {
  const consulted: Array<string> = []
  const fellBack: Array<FailureReason> = []
  return {
    consulted,
    fellBack,
    observer: {
      consulted: (why: string) => Effect.sync(() => void consulted.push(why)),
      fellBack: (reason: FailureReason) => Effect.sync(() => void fellBack.push(reason)),
    } satisfies FallbackUnderstanding.Observer,
  }
}

const withScript = (script: ScriptedLanguageModel.Script, observer?: FallbackUnderstanding.Observer) =>
  FallbackUnderstanding.layer({ timeout: "1200 millis", ...(observer === undefined ? {} : { observer }) }).pipe(
    Layer.provide(ScriptedLanguageModel.layer(script)),
  )

const interpret = (utterance: string, ctx: UnderstandingContext = context()) =>
  Effect.flatMap(Understanding, (understanding) => understanding.interpret(utterance, ctx))

describe("rules first, the model when the rules are unsure", () => {
  it.effect("a sentence the rules read with certainty never reaches the model", () => {
    const script = ScriptedLanguageModel.script(() => ScriptedLanguageModel.text({ intent: "cancel", slots: {} }))
    return Effect.gen(function* () {
      const result = yield* interpret("I'd like a haircut tomorrow at 2")
      expect(result.intent).toBe("book")
      expect(result.slots.service).toBe("Haircut")
      expect(script.prompts).toHaveLength(0)
    }).pipe(Effect.provide(withScript(script)))
  })

  it.effect("an utterance the rules cannot place goes to the model, whose reading is used", () => {
    const script = ScriptedLanguageModel.script(() =>
      ScriptedLanguageModel.text({ intent: "book", slots: { service: "Haircut" } }),
    )
    const seen = observed()
    return Effect.gen(function* () {
      const result = yield* interpret("my fringe is a total disaster honestly")
      expect(result.intent).toBe("book")
      expect(result.slots.service).toBe("Haircut")
      expect(seen.consulted).toEqual(["no_intent"])
      expect(seen.fellBack).toEqual([])
    }).pipe(Effect.provide(withScript(script, seen.observer)))
  })

  it.effect("the model's slots are narrowed: no unlisted service, no offered time that does not exist", () => {
    const script = ScriptedLanguageModel.script(() =>
      ScriptedLanguageModel.text({ intent: "choose_alternative", slots: { service: "Massage", alternative: 7 } }),
    )
    return Effect.gen(function* () {
      const offered = [DateTime.unsafeMake("2026-12-02T15:00:00Z"), DateTime.unsafeMake("2026-12-02T16:00:00Z")]
      const result = yield* interpret("uh so yeah the thing I mentioned", context("alternative", offered))
      expect(result.slots.service).toBeUndefined()
      expect(result.slots.unknownService).toBe("Massage")
      expect(result.slots.alternative).toBeUndefined()
    }).pipe(Effect.provide(withScript(script)))
  })

  it.effect("the prompt carries the business's facts and the caller's words but no phone number", () => {
    const script = ScriptedLanguageModel.script(() =>
      ScriptedLanguageModel.text({ intent: "book", slots: { name: "Ana Ruiz", phone: "+15550000000" } }),
    )
    return Effect.gen(function* () {
      // Asked for a name, the caller gives a number: the rules have no name, so the model is asked.
      const utterance = "oh and my number is five five five 123 4567 by the way"
      const result = yield* interpret(utterance, context("name"))
      const prompt = JSON.stringify(script.prompts[0]?.content)
      expect(prompt).toContain("Haircut")
      expect(prompt).toContain("highlights")
      expect(prompt).toContain("2026-12-01T10:00:00")
      expect(prompt).toContain("mon: 09:00-17:00")
      expect(prompt).toContain("the agent just asked for: name")
      expect(prompt).not.toMatch(/123\s*4567/)
      expect(prompt).not.toContain(business.phoneNumbers[0]?.slice(2) ?? "no number")
      // The phone is the rules' reading; the model's made-up one is ignored.
      expect(result.slots.phone).toBe(RulesUnderstanding.interpret(utterance, context("name")).slots.phone)
      expect(result.slots.phone).toContain("5551234567")
      expect(result.slots.name).toBe("Ana Ruiz")
    }).pipe(Effect.provide(withScript(script)))
  })

  it.effect("a model that never answers times out and the rules answer", () => {
    const script = ScriptedLanguageModel.script(() => ScriptedLanguageModel.hang)
    const seen = observed()
    return Effect.gen(function* () {
      const fiber = yield* Effect.fork(interpret("my fringe is a total disaster honestly"))
      yield* TestClock.adjust("1200 millis")
      const result = yield* Fiber.join(fiber)
      expect(result.intent).toBe("unknown")
      expect(seen.fellBack).toEqual(["timeout"])
    }).pipe(Effect.provide(withScript(script, seen.observer)))
  })

  it.effect("an answer that is not the Interpretation's shape falls back as undecodable", () => {
    const script = ScriptedLanguageModel.script(() => ScriptedLanguageModel.text({ intent: "buy a boat", slots: 3 }))
    const seen = observed()
    return Effect.gen(function* () {
      const result = yield* interpret("my fringe is a total disaster honestly")
      expect(result.intent).toBe("unknown")
      expect(seen.fellBack).toEqual(["undecodable"])
    }).pipe(Effect.provide(withScript(script, seen.observer)))
  })
})

describe("OpenAI-compatible chat completions over HTTP (fake server)", () => {
  const overHttp = (
    fake: FakeOpenAI.FakeOpenAI,
    observer: FallbackUnderstanding.Observer,
    timeout: Duration.DurationInput = "1200 millis",
  ) =>
    FallbackUnderstanding.layer({ timeout, observer }).pipe(
      Layer.provide(OpenAiChatModel.layer({ apiUrl: fake.url, apiKey: Redacted.make("sk-test"), model: "test-model" })),
      Layer.provide(NodeHttpClient.layerUndici),
    )

  it.scopedLive("the model's JSON answer is decoded and used; the key and model name are sent", () =>
    Effect.gen(function* () {
      const fake = yield* FakeOpenAI.make(() => FakeOpenAI.answer({ intent: "book", slots: { service: "Color" } }))
      const seen = observed()
      const result = yield* interpret("my fringe is a total disaster honestly").pipe(
        Effect.provide(overHttp(fake, seen.observer)),
      )
      expect(result.slots.service).toBe("Color")
      expect(fake.requests[0]?.model).toBe("test-model")
      expect(fake.requests[0]?.authorization).toBe("Bearer sk-test")
      expect(JSON.stringify(fake.requests[0]?.responseFormat)).toContain("json_schema")
      expect(seen.fellBack).toEqual([])
    }),
  )

  it.scopedLive("429, 500, a body that is not JSON and a hung request each leave the rules' answer, by reason", () =>
    Effect.gen(function* () {
      const behaviours: ReadonlyArray<FakeOpenAI.FakeBehaviour> = [
        { _tag: "Status", status: 429 },
        { _tag: "Status", status: 500 },
        { _tag: "Malformed" },
        FakeOpenAI.answer("I think they want a haircut"),
        { _tag: "Hang" },
      ]
      const fake = yield* FakeOpenAI.make((_, index) => behaviours[index] ?? { _tag: "Hang" })
      const seen = observed()
      const layer = overHttp(fake, seen.observer, "300 millis")
      for (let i = 0; i < behaviours.length; i++) {
        const result = yield* interpret("my fringe is a total disaster honestly").pipe(Effect.provide(layer))
        expect(result.intent).toBe("unknown")
      }
      expect(seen.fellBack).toEqual(["rate_limited", "server_error", "undecodable", "undecodable", "timeout"])
    }),
  )
})
