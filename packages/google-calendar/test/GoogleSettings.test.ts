import { describe, expect, it } from "@effect/vitest"
import { demoBusinessWithGoogle, googleAiConfig } from "@frontdesk/domain/testing/Fixtures"
import { Either } from "effect"
import * as GoogleSettings from "../src/GoogleSettings.js"

const withGoogle = (google: Record<string, unknown>) =>
  demoBusinessWithGoogle({
    aiConfig: {
      integrations: {
        provider: "google_calendar",
        providers: { google_calendar: { ...googleAiConfig.integrations.providers.google_calendar!, ...google } },
      },
    },
  })

describe("GoogleSettings (the adapter's keys of the google_calendar block)", () => {
  it("checks and writes to primary unless the business names calendars; listed calendars once each", () => {
    expect(GoogleSettings.of(withGoogle({ calendar_ids: undefined, calendar_id: undefined }))).toEqual(
      Either.right({ checkedCalendars: ["primary"], targetCalendar: "primary" }),
    )
    expect(GoogleSettings.of(withGoogle({ calendar_ids: [], calendar_id: "team@bella.example" }))).toEqual(
      Either.right({ checkedCalendars: ["primary"], targetCalendar: "team@bella.example" }),
    )
    expect(GoogleSettings.of(withGoogle({ calendar_ids: ["primary", "team@bella.example", "primary"] }))).toEqual(
      Either.right({ checkedCalendars: ["primary", "team@bella.example"], targetCalendar: "primary" }),
    )
  })

  it("settings Google could never accept fail as Forbidden (the owner is told), not as a defect", () => {
    for (const google of [
      { calendar_ids: [""] },
      { calendar_id: "" },
      { calendar_ids: "primary" },
      { calendar_id: 5 },
    ]) {
      const result = GoogleSettings.of(withGoogle(google))
      expect(Either.isLeft(result) && result.left.kind).toBe("Forbidden")
      expect(Either.isLeft(result) && result.left.message).toContain("google_calendar settings")
    }
  })
})
