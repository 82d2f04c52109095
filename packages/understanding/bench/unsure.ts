import * as FallbackUnderstanding from "../src/FallbackUnderstanding.js"
import * as RulesUnderstanding from "../src/RulesUnderstanding.js"
import { contextFor, local, now } from "../test/context.js"
import { corpus } from "../test/corpus.js"

/**
 * `pnpm --filter @frontdesk/understanding exec tsx bench/unsure.ts`: how the "rules are unsure"
 * policy (FallbackUnderstanding.unsure, ADR 0009) splits the hand-written corpus — how many
 * utterances it would send to a model, and how many of the rules' wrong intents it catches.
 */
const nows = { default: now, spring: local("2026-03-05T10:00:00"), fall: local("2026-10-29T10:00:00") }
const offered = [local("2026-11-27T16:00:00"), local("2026-11-27T15:30:00"), local("2026-11-28T10:00:00")]

let flagged = 0
let wrong = 0
let wrongFlagged = 0
const reasons = new Map<string, number>()
for (const testCase of corpus) {
  const context = {
    ...contextFor(testCase.asking ?? "anything", { alternatives: testCase.offered ? offered : [] }),
    now: nows[testCase.now ?? "default"],
  }
  const rules = RulesUnderstanding.interpret(testCase.say, context)
  const why = FallbackUnderstanding.unsure(rules, context)
  const isWrong = rules.intent !== testCase.expect.intent
  if (why !== undefined) {
    flagged++
    reasons.set(why, (reasons.get(why) ?? 0) + 1)
  }
  if (isWrong) wrong++
  if (isWrong && why !== undefined) wrongFlagged++
}
const pct = (n: number, d: number) => (d === 0 ? "–" : `${((100 * n) / d).toFixed(1)}%`)
process.stdout.write(
  [
    `corpus utterances: ${corpus.length}`,
    `sent to the model (unsure): ${flagged} (${pct(flagged, corpus.length)}) ${JSON.stringify(Object.fromEntries(reasons))}`,
    `rules' intent wrong: ${wrong}; of those flagged unsure: ${wrongFlagged} (${pct(wrongFlagged, wrong)})`,
    "",
  ].join("\n"),
)
