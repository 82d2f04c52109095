import { describe, expect, it } from "@effect/vitest"
import { interpret } from "@frontdesk/understanding/RulesUnderstanding"
import { categories, markdown, measure } from "./grammar/Accuracy.js"
import { dayFormNames, isoDate, sample, scenes, timeFormNames } from "./grammar/Grammar.js"

/**
 * The seeded grammar (test/grammar/Grammar.ts): thousands of requests whose answers the generator
 * chose before saying them. The bar is 99 % exact per slot; the table is docs/benchmarks.md's.
 */

const samples = sample(4000)
const report = measure(samples)

describe("generated corpus", () => {
  it("covers every day form, time form and scene, including both DST change days", () => {
    const families = new Set(report.byFamily.keys())
    for (const form of dayFormNames) expect(families, form).toContain(`day: ${form}`)
    for (const form of timeFormNames) expect(families, form).toContain(`time: ${form}`)
    for (const scene of scenes) expect(families, scene.label).toContain(`scene: ${scene.label}`)
    expect(samples.length).toBe(4000)
  })

  it.each(categories)("reads the %s exactly in at least 99 % of utterances", (category) => {
    const tally = report.byCategory[category]
    const misses = report.misses.filter((m) => m.wrong.some((w) => w.startsWith(`${category}:`))).slice(0, 10)
    expect(tally.right / tally.total, `${markdown(report)}\n${JSON.stringify(misses, null, 2)}`).toBeGreaterThanOrEqual(
      0.99,
    )
  })

  it("scores against the generator's answer, not the parser's: a wrong reading counts as a miss", () => {
    const first = samples[0]
    expect(first).toBeDefined()
    if (first === undefined) return
    const shifted = { ...first, expected: { ...first.expected, date: "1999-01-01" } }
    expect(measure([shifted]).byCategory.day.right).toBe(0)
  })

  it("computes today in the business's zone: late evening in New York is already tomorrow in UTC", () => {
    const eve = scenes.find((s) => s.label === "New York, the eve of fall back")
    expect(eve && isoDate(eve.today)).toBe("2026-10-31")
    if (eve === undefined) return
    const { slots } = interpret("tomorrow at 10 am", {
      business: eve.business,
      now: eve.now,
      asking: "anything",
      alternatives: [],
    })
    expect(slots.when?.date).toEqual({ year: 2026, month: 11, day: 1 })
  })
})
