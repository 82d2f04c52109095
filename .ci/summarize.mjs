// Sums every package's vitest JSON report into the one line CI reads: "N passed, N failed".
// A package whose tests ran but left no report counts as a failure, so a crash cannot pass silently.
import { existsSync, readdirSync, readFileSync } from "node:fs"
import { join } from "node:path"

let passed = 0
let failed = 0
let skipped = 0
const missing = []
for (const group of ["packages", "apps"]) {
  for (const name of readdirSync(group)) {
    const dir = join(group, name)
    const manifest = join(dir, "package.json")
    if (!existsSync(manifest)) continue
    if (!JSON.parse(readFileSync(manifest, "utf8")).scripts?.test) continue
    const report = join(dir, "test-results", "vitest.json")
    if (!existsSync(report)) {
      missing.push(dir)
      continue
    }
    const json = JSON.parse(readFileSync(report, "utf8"))
    passed += json.numPassedTests
    failed += json.numFailedTests
    skipped += json.numPendingTests + json.numTodoTests
    // A suite that failed to load has no tests to count but is still a failure.
    failed += json.testResults.filter((file) => file.status === "failed" && file.assertionResults.length === 0).length
    console.log(`${dir}: ${json.numPassedTests} passed, ${json.numFailedTests} failed`)
  }
}
for (const dir of missing) console.log(`${dir}: no test report (did its tests run?)`)
failed += missing.length
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`)
process.exit(failed > 0 ? 1 : 0)
