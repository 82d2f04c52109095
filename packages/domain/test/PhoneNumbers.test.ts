import { describe, expect, it } from "@effect/vitest"
import { Option } from "effect"
import * as PhoneNumbers from "../src/model/PhoneNumbers.js"

describe("PhoneNumbers", () => {
  it.each([
    ["555 212 3456", "US", "+15552123456"],
    ["(555) 212-3456", "US", "+15552123456"],
    ["1-555-212-3456", "US", "+15552123456"],
    ["+44 7700 900123", "US", "+447700900123"],
    ["011 44 7700 900123", "US", "+447700900123"],
    ["07700 900123", "GB", "+447700900123"],
    ["0044 7700 900123", "GB", "+447700900123"],
    ["416 555 0199", "CA", "+14165550199"],
    ["030 1234567", "DE", "+49301234567"],
  ])("normalises %s in %s to %s", (raw, country, e164) => {
    expect(PhoneNumbers.normalize(raw, country)).toEqual(Option.some(e164))
  })

  it.each([["555 1234"], ["12"], [""], ["call me maybe"]])("rejects %s as incomplete", (raw) => {
    expect(Option.isNone(PhoneNumbers.normalize(raw, "US"))).toBe(true)
  })

  it("recognises Twilio's withheld callers", () => {
    for (const from of ["anonymous", "Anonymous", "", "+266696687", "+7378742833", "+2562533", "+8656696"]) {
      expect(PhoneNumbers.isWithheld(from)).toBe(true)
    }
    expect(PhoneNumbers.isWithheld("+15555550123")).toBe(false)
  })

  it("reads numbers back digit by digit in familiar groups", () => {
    expect(PhoneNumbers.spoken(PhoneNumbers.normalize("5552123456").pipe(Option.getOrThrow))).toBe(
      "5 5 5, 2 1 2, 3 4 5 6",
    )
    expect(PhoneNumbers.spoken(PhoneNumbers.normalize("07700 900123", "GB").pipe(Option.getOrThrow), "GB")).toBe(
      "0 7 7, 0 0 9, 0 0 1, 2 3",
    )
  })

  it("redacts all but the last two digits for logs", () => {
    expect(PhoneNumbers.redact("+15552123456")).toBe("**********56")
  })
})
