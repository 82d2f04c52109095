import { describe, expect, it } from "@effect/vitest"
import * as DegradationRules from "../src/availability/DegradationRules.js"
import { CalendarError, type CalendarFailureKind, calendarFailureKinds } from "../src/ports/CalendarError.js"
import { makeBusiness } from "./fixtures.js"

const business = makeBusiness()
const failure = (kind: CalendarFailureKind) => new CalendarError({ kind, message: `simulated ${kind}` })

describe("DegradationRules", () => {
  const expected: ReadonlyArray<readonly [CalendarFailureKind, DegradationRules.Decision]> = [
    ["Network", { action: "assume_available", flagConnection: false, log: true }],
    ["Unavailable", { action: "assume_available", flagConnection: false, log: true }],
    ["Timeout", { action: "assume_available", flagConnection: false, log: true }],
    ["RateLimited", { action: "unavailable_offer_alternatives", flagConnection: false, log: true }],
    ["TokenRevoked", { action: "assume_available", flagConnection: true, log: true }],
    ["NotFound", { action: "assume_available", flagConnection: true, log: true }],
    ["Unauthorized", { action: "assume_available", flagConnection: true, log: true }],
    ["Forbidden", { action: "assume_available", flagConnection: true, log: true }],
    ["NotConnected", { action: "assume_available", flagConnection: false, log: false }],
  ]

  it("has a row for every failure kind", () => {
    expect(expected.map(([kind]) => kind).sort()).toEqual([...calendarFailureKinds].sort())
  })

  for (const [kind, decision] of expected) {
    it(`${kind} → ${decision.action}${decision.flagConnection ? " and flag the connection" : ""}`, () => {
      expect(DegradationRules.decide(business, failure(kind))).toEqual(decision)
      expect(DegradationRules.decide(business, kind)).toEqual(decision)
    })
  }

  it("lets a business override the action per kind, keeping the rest of the row", () => {
    const strict = makeBusiness({
      aiConfig: {
        integrations: {
          provider: "google_calendar",
          providers: {
            google_calendar: {
              enabled: true,
              check_availability: true,
              create_events: true,
              default_duration_minutes: 60,
              degradation: {
                Timeout: "unavailable_offer_alternatives",
                RateLimited: "assume_available",
                NoSuchKind: "unavailable_offer_alternatives",
              },
            },
          },
        },
      },
    })
    expect(DegradationRules.decide(strict, failure("Timeout"))).toEqual({
      action: "unavailable_offer_alternatives",
      flagConnection: false,
      log: true,
    })
    expect(DegradationRules.decide(strict, failure("RateLimited")).action).toBe("assume_available")
    // Kinds it did not mention keep the defaults; unknown keys are ignored
    expect(DegradationRules.decide(strict, failure("Network")).action).toBe("assume_available")
    expect(DegradationRules.overrides(strict)).toEqual({
      Timeout: "unavailable_offer_alternatives",
      RateLimited: "assume_available",
    })
  })
})
