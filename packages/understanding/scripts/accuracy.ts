/**
 * The generated corpus's accuracy as the markdown tables in docs/benchmarks.md.
 * Run: `pnpm --filter @frontdesk/understanding accuracy` (add a count to change the sample size).
 */
import { markdown, measure } from "../test/grammar/Accuracy.js"
import { sample } from "../test/grammar/Grammar.js"

const count = Number(process.argv[2] ?? 5000)
const report = measure(sample(count))
console.log(markdown(report))
if (report.misses.length > 0) {
  console.log(`\nmisses (first 40 of ${report.misses.length}):`)
  for (const miss of report.misses.slice(0, 40)) console.log(`- [${miss.scene}] ${miss.say} — ${miss.wrong.join("; ")}`)
}
