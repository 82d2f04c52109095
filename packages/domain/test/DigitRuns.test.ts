import { describe, expect, it } from "@effect/vitest"
import * as DigitRuns from "../src/model/DigitRuns.js"

describe("DigitRuns", () => {
  it.each([
    ["call me on 555 123 4567 please", "call me on ********67 please"],
    ["555-123-4567", "********67"],
    ["555.123.4567", "********67"],
    ["(212) 555-0147", "(********47"],
    ["call 555 1234", "call *****34"],
    ["+15551234567", "*********67"],
    ["five five five one two three four", "*****34"],
    ["it's five five five, one two three, four five six seven.", "it's ********67."],
    ["Five Five Five oh one two three", "*****23"],
    ["double five five one two three four", "*****34"],
    ["my card is 4111 1111 1111 1111", "my card is **************11"],
    ["5 5 5 1 2 3 4", "*****34"],
    // Words that name Object's prototype members are words, not digits or crashes.
    [
      "constructor toString __proto__ double valueOf one two three four five six seven",
      "constructor toString __proto__ double valueOf *****67",
    ],
  ])("masks the digit run in %j", (text, redacted) => {
    expect(DigitRuns.redact(text)).toBe(redacted)
  })

  it.each([
    ["a table for two at 7"],
    ["call 555 123"],
    ["one two three four five six"],
    ["booking SMlog00000000000000000001"],
    ["at 2025-03-14 10:30:00"],
    ["2025-03-14T10:30:00.000Z"],
    ["oh one more thing"],
  ])("leaves %j alone", (text) => {
    expect(DigitRuns.redact(text)).toBe(text)
  })

  it("finds each run with the digits it stands for", () => {
    expect(DigitRuns.find("five five five one two three four, or 020 7946 0018")).toEqual([
      { start: 0, end: 33, digits: "5551234" },
      { start: 38, end: 51, digits: "02079460018" },
    ])
  })
})
