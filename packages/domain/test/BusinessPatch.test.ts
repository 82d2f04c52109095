import { describe, expect, it } from "@effect/vitest"
import { Schema } from "effect"
import { Business } from "../src/model/Business.js"
import { mergeBusinessPatch } from "../src/model/BusinessPatch.js"
import { makeBusiness } from "./fixtures.js"

const stored = Schema.encodeSync(Business)(makeBusiness())
const merge = (patch: Record<string, unknown>) => Schema.decodeUnknownSync(Business)(mergeBusinessPatch(stored, patch))

describe("mergeBusinessPatch", () => {
  it("changes one day's hours and leaves the rest of the week as it was", () => {
    const merged = merge({ hours: { mon: [["12:00", "16:00"]] } })
    expect(merged.hours.mon).toEqual([["12:00", "16:00"]])
    expect(merged.hours.tue).toEqual([["09:00", "17:00"]])
    expect(merged.hours.sat).toEqual([["10:00", "14:00"]])
  })

  it("closes a day given as null or as an empty list", () => {
    expect(merge({ hours: { sat: null } }).hours.sat).toEqual([])
    expect(merge({ hours: { fri: [] } }).hours.fri).toEqual([])
    expect(merge({ hours: { sat: null } }).hours.fri).toEqual([["09:00", "17:00"]])
  })

  it("merges booking rules and profile field by field, aiConfig key by key", () => {
    const withProfile = mergeBusinessPatch(stored, { profile: { address: "1 Main St", parking: "street" } })
    const merged = Schema.decodeUnknownSync(Business)(
      mergeBusinessPatch(withProfile, {
        profile: { parking: "garage" },
        bookingRules: { bufferMinutes: 5 },
        aiConfig: { voice: "alice" },
      }),
    )
    expect(merged.profile).toEqual({ address: "1 Main St", parking: "garage", faq: [] })
    expect(merged.bookingRules.slotGranularityMinutes).toBe(30)
    expect(merged.bookingRules.bufferMinutes).toBe(5)
    expect(merged.aiConfig).toEqual({ ...stored.aiConfig, voice: "alice" })
  })

  it("replaces lists whole: services, phone numbers, closed dates", () => {
    const merged = merge({ services: [{ name: "Shave" }], closedDates: ["2026-12-25"] })
    expect(merged.services.map((s) => s.name)).toEqual(["Shave"])
    expect(merged.closedDates).toEqual(["2026-12-25"])
  })

  it("passes a merged part that is not an object on as given, so validation names it", () => {
    expect(mergeBusinessPatch(stored, { hours: "9 to 5" }).hours).toBe("9 to 5")
    expect(() => merge({ hours: "9 to 5" })).toThrow(/hours/)
  })

  it("does not change the stored business it merges into", () => {
    const before = JSON.stringify(stored)
    mergeBusinessPatch(stored, { hours: { mon: null }, name: "Other" })
    expect(JSON.stringify(stored)).toBe(before)
  })
})
