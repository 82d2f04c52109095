import { describe, expect, it } from "@effect/vitest"
import type { Asking } from "@frontdesk/domain/ports/Understanding"
import { interpret } from "@frontdesk/understanding/RulesUnderstanding"
import { FastCheck } from "effect"
import { contextFor } from "./context.js"
import { type Composed, utterance } from "./utterances.js"

const pad = (n: number) => String(n).padStart(2, "0")

/** What was recovered, in the pieces' terms. */
const recovered = (say: string, asking: Asking) => {
  const { intent, slots } = interpret(say, contextFor(asking))
  const date = slots.when?.date
  const time = slots.when?.time
  return {
    intent,
    service: slots.service,
    date: date && `${date.year}-${pad(date.month)}-${pad(date.day)}`,
    time: time && `${pad(time.hour)}:${pad(time.minute)}`,
    name: slots.name,
  }
}

const expected = (composed: Composed) => ({
  intent: "book",
  service: composed.service,
  date: composed.date,
  time: composed.time,
  name: composed.name,
})

/** The questions a whole request may answer: the greeting's, or any detail's. */
const askings = FastCheck.constantFrom<Asking>("anything", "service", "date", "time")

// Fixed seeds, so a failure here is the same failure on every machine; change them to explore.
const runs = { seed: 20261124, numRuns: 400 } as const

describe("composed requests", () => {
  it("recover the service, date, time and name from any arrangement of the pieces", () => {
    FastCheck.assert(
      FastCheck.property(utterance, askings, (composed, asking) => {
        expect(recovered(composed.say, asking), composed.say).toEqual(expected(composed))
      }),
      runs,
    )
  })

  it.each([
    // The minutes were lost to the "th" of "this"/"the" right after them.
    ["I need a trim at two thirty this Saturday", { date: "2026-11-28", time: "14:30" }],
    ["I need a trim at eleven fifteen the day after tomorrow", { date: "2026-11-26", time: "11:15" }],
    // A part of the day before the date used to drop the date.
    ["can I get a cut at 9 in the morning on Friday", { date: "2026-11-27", time: "09:00" }],
    ["can I get a cut at 9 in the morning tomorrow", { date: "2026-11-25", time: "09:00" }],
    // A greeting is no part of the day: 4:00 AM was read.
    ["good morning, is there room on Friday at 4 o'clock for a blowout", { date: "2026-11-27", time: "16:00" }],
  ])("found by composing: %s", (say, when) => {
    expect(recovered(say, "anything")).toMatchObject(when)
  })
})
