import { describe, expect, it } from "@effect/vitest"
import { Business } from "@frontdesk/domain/model/Business"
import { findName } from "@frontdesk/understanding/Names"
import { normalise } from "@frontdesk/understanding/Normalise"
import { interpret } from "@frontdesk/understanding/RulesUnderstanding"
import { findService, serviceWords } from "@frontdesk/understanding/Services"
import { Schema } from "effect"
import { contextFor } from "./context.js"

/** A business with no salon services, so any salon word the adapter knew by itself would show. */
const garage = Schema.decodeUnknownSync(Business)({
  id: "biz_garage",
  name: "Corner Garage",
  timezone: "America/New_York",
  phoneNumbers: ["+15550100002"],
  services: [
    { name: "Oil change", durationMinutes: 30, aliases: ["oil"] },
    { name: "Tune-up", durationMinutes: 90, aliases: ["service", "check up"] },
  ],
  hours: { mon: [["08:00", "18:00"]], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] },
})

const heard = (say: string) => interpret(say, contextFor("anything", { business: garage })).slots

describe("service vocabulary comes from the business", () => {
  it("finds a service by its name, an alias, a plural and the words run together or apart", () => {
    expect(findService(normalise("I need an oil change"), garage)).toBe("Oil change")
    expect(findService(normalise("can you change the oil"), garage)).toBe("Oil change")
    expect(findService(normalise("time for a checkup"), garage)).toBe("Tune-up")
    expect(findService(normalise("two tune-ups please"), garage)).toBe("Tune-up")
  })

  it("knows no salon words of its own", () => {
    for (const say of ["can I get a haircut", "I'd like a colour", "a beard trim please", "a blow dry"]) {
      expect(heard(say).service, say).toBeUndefined()
    }
    expect(heard("can I get a haircut").unknownService).toBe("haircut")
  })

  it("ends a name at the business's service words", () => {
    expect(serviceWords(garage)).toEqual(
      new Set(["oil change", "oil", "tune-up", "service", "check up"].flatMap((p) => p.split(" "))),
    )
    // Answering "what's your name?" with the errand tacked on.
    expect(findName("Ana oil change", "name", serviceWords(garage))).toBe("Ana")
    expect(findName("Ana oil change", "name", new Set())).toBe("Ana oil change")
  })
})
