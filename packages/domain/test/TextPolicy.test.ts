import { describe, expect, it } from "@effect/vitest"
import { PhoneNumber } from "../src/model/Ids.js"
import * as TextPolicy from "../src/model/TextPolicy.js"
import * as Fixtures from "../src/testing/Fixtures.js"

const usBusiness = Fixtures.demoBusiness({ phoneNumbers: [PhoneNumber.make("+12125550100")] })
const us = TextPolicy.allowedCountries(usBusiness)

describe("TextPolicy", () => {
  it("a US business texts US numbers, and by default nowhere else (the +234 pumping case)", () => {
    expect(TextPolicy.check("+14155550123", us)).toBeUndefined()
    expect(TextPolicy.check("+2348031234567", us)).toEqual({ _tag: "CountryNotAllowed", country: "NG" })
    expect(TextPolicy.check("+447700900123", us)).toEqual({ _tag: "CountryNotAllowed", country: "GB" })
  })

  it("NANP numbers outside the US mainland are other countries: Canada, Jamaica, the Dominican Republic", () => {
    expect(TextPolicy.countryOf("+14165550123")).toBe("CA")
    expect(TextPolicy.countryOf("+18765550123")).toBe("JM")
    expect(TextPolicy.countryOf("+18095550123")).toBe("DO")
    expect(TextPolicy.check("+18765550123", us)).toEqual({ _tag: "CountryNotAllowed", country: "JM" })
  })

  it("SMS_ALLOWED_COUNTRIES widens the business's own countries", () => {
    const widened = TextPolicy.allowedCountries(usBusiness, TextPolicy.parseCountries("ca, gb") ?? [])
    expect(TextPolicy.check("+14165550123", widened)).toBeUndefined()
    expect(TextPolicy.check("+447700900123", widened)).toBeUndefined()
    expect(TextPolicy.check("+2348031234567", widened)?._tag).toBe("CountryNotAllowed")
    expect(TextPolicy.parseCountries("US,Canada")).toBeUndefined()
  })

  it("never a premium or shared-cost range, even in an allowed country", () => {
    expect(TextPolicy.check("+19005550123", us)).toEqual({ _tag: "PremiumRate" })
    expect(TextPolicy.check("+12129761234", us)).toEqual({ _tag: "PremiumRate" })
    const uk = TextPolicy.allowedCountries(Fixtures.demoBusiness({ phoneNumbers: [PhoneNumber.make("+442071234567")] }))
    expect(TextPolicy.check("+447700900123", uk)).toBeUndefined()
    expect(TextPolicy.check("+449098790123", uk)).toEqual({ _tag: "PremiumRate" })
    expect(TextPolicy.check("+447012345678", uk)).toEqual({ _tag: "PremiumRate" })
  })

  it("never a short code", () => {
    expect(TextPolicy.check("+1234567", us)).toEqual({ _tag: "ShortCode" })
    expect(TextPolicy.check("+22395", us)).toEqual({ _tag: "ShortCode" })
  })

  it("a business with no numbers yet texts its own country", () => {
    const fresh = Fixtures.demoBusiness({ phoneNumbers: [], country: "GB" })
    expect([...TextPolicy.allowedCountries(fresh)]).toEqual(["GB"])
  })
})
