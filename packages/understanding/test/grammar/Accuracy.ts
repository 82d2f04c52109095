import { interpret } from "@frontdesk/understanding/RulesUnderstanding"
import type { Generated } from "./Grammar.js"

/** How many of the generated utterances were read exactly right, per slot and per phrase family. */

const pad = (n: number) => String(n).padStart(2, "0")

export const categories = ["day", "time", "service", "name"] as const
export type Category = (typeof categories)[number]

export interface Tally {
  readonly right: number
  readonly total: number
}

export interface Report {
  readonly utterances: number
  readonly byCategory: Record<Category, Tally>
  /** "day: month day", "time: half past", "order: …", "zone: …" → whole utterance right. */
  readonly byFamily: ReadonlyMap<string, Tally>
  readonly misses: ReadonlyArray<{
    readonly say: string
    readonly scene: string
    readonly wrong: ReadonlyArray<string>
  }>
}

export const measure = (samples: ReadonlyArray<Generated>): Report => {
  const byCategory = Object.fromEntries(categories.map((c) => [c, { right: 0, total: 0 }])) as Record<
    Category,
    { right: number; total: number }
  >
  const byFamily = new Map<string, { right: number; total: number }>()
  const misses: Array<{ say: string; scene: string; wrong: Array<string> }> = []
  const count = (key: string, ok: boolean) => {
    const t = byFamily.get(key) ?? { right: 0, total: 0 }
    t.total++
    if (ok) t.right++
    byFamily.set(key, t)
  }
  for (const g of samples) {
    const { slots } = interpret(g.say, { business: g.business, now: g.now, asking: "anything", alternatives: [] })
    const d = slots.when?.date
    const t = slots.when?.time
    const got: Record<Category, string | undefined> = {
      day: d && `${d.year}-${pad(d.month)}-${pad(d.day)}`,
      time: t && `${pad(t.hour)}:${pad(t.minute)}`,
      service: slots.service,
      name: slots.name,
    }
    const want: Record<Category, string | undefined> = {
      day: g.expected.date,
      time: g.expected.time,
      service: g.expected.service,
      name: g.expected.name,
    }
    const wrong: Array<string> = []
    for (const c of categories) {
      // A name is scored where one was said, and must not appear where none was.
      const applies = c !== "name" || want.name !== undefined || got.name !== undefined
      if (!applies) continue
      const ok = got[c] === want[c]
      byCategory[c].total++
      if (ok) byCategory[c].right++
      else wrong.push(`${c}: got ${got[c] ?? "nothing"}, want ${want[c] ?? "nothing"}`)
    }
    const allRight = wrong.length === 0
    count(`day: ${g.dayForm}`, got.day === want.day)
    count(`time: ${g.timeForm}`, got.time === want.time)
    count(`order: ${g.order}`, allRight)
    count(`scene: ${g.scene}`, allRight)
    if (!allRight) misses.push({ say: g.say, scene: g.scene, wrong })
  }
  return { utterances: samples.length, byCategory, byFamily, misses }
}

const percent = (t: Tally) => (t.total === 0 ? "–" : `${((100 * t.right) / t.total).toFixed(2)} %`)

/** The tables docs/benchmarks.md publishes. */
export const markdown = (report: Report): string => {
  const lines = [
    `${report.utterances} generated utterances.`,
    "",
    "| slot | exact | of |",
    "|---|---|---|",
    ...categories.map((c) => `| ${c} | ${percent(report.byCategory[c])} | ${report.byCategory[c].total} |`),
    "",
    "| phrase family | exact | of |",
    "|---|---|---|",
    ...[...report.byFamily.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([k, t]) => `| ${k} | ${percent(t)} | ${t.total} |`),
  ]
  return lines.join("\n")
}
