import { describe, expect, it } from "@effect/vitest"
import { Understanding } from "@frontdesk/domain/ports/Understanding"
import * as RulesUnderstanding from "@frontdesk/understanding/RulesUnderstanding"
import { DateTime, Effect } from "effect"
import { salon } from "./business.js"
import { type Case, corpus, type Expected } from "./corpus.js"

const zone = DateTime.zoneUnsafeMakeNamed("America/New_York")
const local = (iso: string) =>
  DateTime.toUtc(DateTime.unsafeMakeZoned(iso, { timeZone: zone, adjustForTimeZone: true }))

const nows = {
  default: local("2026-11-24T10:00:00"),
  spring: local("2026-03-05T10:00:00"),
  fall: local("2026-10-29T10:00:00"),
}
/** Best first, as AvailabilityPolicy offers them: nearest to a refused 4:30 PM, so not in time order. */
const offered = [local("2026-11-27T16:00:00"), local("2026-11-27T15:30:00"), local("2026-11-28T10:00:00")]

const pad = (n: number) => String(n).padStart(2, "0")

/** The interpretation in the corpus's terms, so a table row reads like what the caller meant. */
const heard = (utterance: string, testCase: Case) =>
  Effect.gen(function* () {
    const understanding = yield* Understanding
    const result = yield* understanding.interpret(utterance, {
      business: salon,
      now: nows[testCase.now ?? "default"],
      asking: testCase.asking ?? "anything",
      alternatives: testCase.offered ? offered : [],
    })
    const { slots } = result
    const when = slots.when
    const actual: Record<string, unknown> = {
      intent: result.intent,
      service: slots.service,
      name: slots.name,
      date: when?.date && `${when.date.year}-${pad(when.date.month)}-${pad(when.date.day)}`,
      time: when?.time && `${pad(when.time.hour)}:${pad(when.time.minute)}`,
      partOfDay: when?.partOfDay,
      past: when?.past,
      after: when?.after && `${pad(when.after.hour)}:${pad(when.after.minute)}`,
      before: when?.before && `${pad(when.before.hour)}:${pad(when.before.minute)}`,
      through: when?.through && `${when.through.year}-${pad(when.through.month)}-${pad(when.through.day)}`,
      earliest: when?.earliest,
      topic: slots.topic,
      phone: slots.phone,
      alternative: slots.alternative,
      unknownService: slots.unknownService,
    }
    return Object.fromEntries(Object.entries(actual).filter(([, v]) => v !== undefined)) as unknown as Expected
  })

describe("RulesUnderstanding corpus", () => {
  it("has at least 150 utterances", () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150)
  })

  it.layer(RulesUnderstanding.layer)((it) => {
    for (const testCase of corpus) {
      const label = `${testCase.asking ?? "anything"}${testCase.now ? `/${testCase.now}` : ""}: ${JSON.stringify(testCase.say)}`
      it.effect(label, () =>
        Effect.map(heard(testCase.say, testCase), (actual) => expect(actual).toEqual(testCase.expect)),
      )
    }
  })
})
