/**
 * interpret + one dialogue step, per utterance of the test corpus, on this machine.
 * Target: p99 under 2 ms. Run: `pnpm --filter @frontdesk/understanding bench`.
 */
import * as Dialogue from "@frontdesk/domain/Dialogue"
import { CallSid } from "@frontdesk/domain/Ids"
import { DateTime } from "effect"
import { interpret } from "../src/RulesUnderstanding.js"
import { salon } from "../test/business.js"
import { corpus } from "../test/corpus.js"

const zone = DateTime.zoneUnsafeMakeNamed("America/New_York")
const now = DateTime.toUtc(DateTime.unsafeMakeZoned("2026-11-24T10:00:00", { timeZone: zone, adjustForTimeZone: true }))
const start = Dialogue.start({ business: salon, from: "+15555550123", callSid: CallSid.make("CAbench") })
if (start._tag !== "Reply") throw new Error("no greeting")

const turn = (i: number) => {
  const testCase = corpus[i % corpus.length]
  if (testCase === undefined) throw new Error("empty corpus")
  const state = { ...start.state, asking: testCase.asking ?? "anything" }
  const interpretation = interpret(testCase.say, Dialogue.understandingContext(salon, state, now))
  return Dialogue.hear(salon, state, { _tag: "Heard", interpretation }, now)
}

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN

for (let i = 0; i < 5_000; i++) turn(i)
const samples: Array<number> = []
const iterations = 50_000
for (let i = 0; i < iterations; i++) {
  const t0 = performance.now()
  turn(i)
  samples.push(performance.now() - t0)
}
samples.sort((a, b) => a - b)
const fmt = (ms: number) => `${ms.toFixed(3)} ms`
console.log(`interpret + dialogue step, ${iterations} turns over ${corpus.length} corpus utterances`)
console.log(
  `p50 ${fmt(percentile(samples, 50))}  p90 ${fmt(percentile(samples, 90))}  p99 ${fmt(percentile(samples, 99))}  max ${fmt(samples[samples.length - 1] ?? 0)}`,
)
const p99 = percentile(samples, 99)
if (p99 >= 2) {
  console.error(`p99 ${fmt(p99)} is over the 2 ms target`)
  process.exitCode = 1
}
