import { describe, expect, it } from "@effect/vitest"
import { DateTime } from "effect"
import * as SpokenTime from "../src/speech/SpokenTime.js"

const ny = DateTime.zoneUnsafeMakeNamed("America/New_York")
const at = (iso: string) => DateTime.unsafeMake(iso)

describe("SpokenTime", () => {
  it("says times in the business's zone, not UTC", () => {
    // 20:00Z is 3 PM in New York in December (EST, UTC-5)
    expect(SpokenTime.time(at("2026-12-04T20:00:00Z"), ny)).toBe("3 PM")
    expect(SpokenTime.time(at("2026-12-04T20:30:00Z"), ny)).toBe("3:30 PM")
    expect(SpokenTime.time(at("2026-12-04T17:00:00Z"), ny)).toBe("12 PM")
    expect(SpokenTime.time(at("2026-12-04T05:05:00Z"), ny)).toBe("12:05 AM")
    expect(SpokenTime.time(at("2026-12-04T14:00:00Z"), ny)).toBe("9 AM")
  })

  it("follows daylight saving time", () => {
    // 13:00Z is 9 AM in July (EDT, UTC-4) but 8 AM in January (EST)
    expect(SpokenTime.time(at("2026-07-10T13:00:00Z"), ny)).toBe("9 AM")
    expect(SpokenTime.time(at("2026-01-10T13:00:00Z"), ny)).toBe("8 AM")
  })

  it("says dates with weekday, month and ordinal day", () => {
    expect(SpokenTime.date(at("2026-12-04T20:00:00Z"), ny)).toBe("Friday, December 4th")
    expect(SpokenTime.date(at("2026-12-01T20:00:00Z"), ny)).toBe("Tuesday, December 1st")
    expect(SpokenTime.date(at("2026-12-22T20:00:00Z"), ny)).toBe("Tuesday, December 22nd")
    expect(SpokenTime.date(at("2026-12-23T20:00:00Z"), ny)).toBe("Wednesday, December 23rd")
    expect(SpokenTime.date(at("2026-12-11T20:00:00Z"), ny)).toBe("Friday, December 11th")
    // 02:00Z on the 5th is still the evening of the 4th in New York
    expect(SpokenTime.date(at("2026-12-05T02:00:00Z"), ny)).toBe("Friday, December 4th")
  })

  it("combines date and time", () => {
    expect(SpokenTime.dateTime(at("2026-12-04T20:00:00Z"), ny)).toBe("Friday, December 4th at 3 PM")
  })

  it("never produces ISO strings", () => {
    const spoken = SpokenTime.dateTime(at("2026-03-08T07:30:00Z"), ny)
    expect(spoken).not.toMatch(/\d{4}-\d{2}|T\d{2}:|Z$/)
    expect(spoken).toBe("Sunday, March 8th at 3:30 AM")
  })

  it("lists choices like a person", () => {
    expect(SpokenTime.list([])).toBe("")
    expect(SpokenTime.list(["3 PM"])).toBe("3 PM")
    expect(SpokenTime.list(["3:30 PM", "4 PM"])).toBe("3:30 PM or 4 PM")
    expect(SpokenTime.list(["a", "b", "c"])).toBe("a, b or c")
    expect(SpokenTime.list(["a", "b", "c"], "and")).toBe("a, b and c")
  })

  it("offers alternatives on the same day by time only", () => {
    const request = at("2026-12-04T20:00:00Z")
    const offered = SpokenTime.offer(
      [at("2026-12-04T20:30:00Z"), at("2026-12-04T21:00:00Z"), at("2026-12-07T14:00:00Z")],
      ny,
      request,
    )
    expect(offered).toBe("3:30 PM, 4 PM or Monday, December 7th at 9 AM")
  })
})
