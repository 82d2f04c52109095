import { describe, expect, it } from "@effect/vitest"
import { Either, Schema } from "effect"
import { AdminLimits, Business } from "../src/model/Business.js"
import * as Fixtures from "../src/testing/Fixtures.js"

const check = Schema.decodeUnknownEither(AdminLimits)

describe("AdminLimits", () => {
  it("accepts the demo business and Twilio's voice shapes", () => {
    expect(Either.isRight(check(Fixtures.demoBusiness()))).toBe(true)
    for (const voice of ["man", "alice", "Polly.Joanna", "Polly.Joanna-Neural", "Google.en-US-Standard-C"]) {
      const business = Fixtures.demoBusiness({ aiConfig: { ...Fixtures.nativeAiConfig, voice, language: "fr-CA" } })
      expect(Either.isRight(check(business)), voice).toBe(true)
    }
  })

  it("refuses a long name, an unknown language and a voice that is not a voice", () => {
    expect(Either.isLeft(check(Fixtures.demoBusiness({ name: "n".repeat(101) })))).toBe(true)
    for (const aiConfig of [{ language: "xx-YY" }, { voice: "Polly.joanna" }, { voice: "<Say>hi</Say>" }]) {
      const business = Fixtures.demoBusiness({ aiConfig: { ...Fixtures.nativeAiConfig, ...aiConfig } })
      expect(Either.isLeft(check(business)), JSON.stringify(aiConfig)).toBe(true)
    }
  })

  it("a stored business over the caps still decodes as a Business", () => {
    const stored = Schema.encodeSync(Business)(Fixtures.demoBusiness({ name: "n".repeat(5_000) }))
    expect(Either.isRight(Schema.decodeUnknownEither(Business)(stored))).toBe(true)
  })
})
