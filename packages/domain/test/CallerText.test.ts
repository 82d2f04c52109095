import { describe, expect, it } from "@effect/vitest"
import { eventFor } from "../src/followup/FollowUpHandlers.js"
import { Booking } from "../src/model/Booking.js"
import * as CallerText from "../src/model/CallerText.js"
import { PhoneNumber } from "../src/model/Ids.js"
import * as OwnerMessages from "../src/speech/OwnerMessages.js"
import * as Fixtures from "../src/testing/Fixtures.js"

const hidden = [
  "\u0000",
  "\u0007",
  "\u001b",
  "\u007f",
  "\u0085",
  "\u009b",
  "\u202a",
  "\u202b",
  "\u202c",
  "\u202d",
  "\u202e",
  "\u2066",
  "\u2067",
  "\u2068",
  "\u2069",
  "\u200b",
  "\u200c",
  "\u200d",
  "\u200e",
  "\u200f",
  "\u061c",
  "\u2060",
  "\ufeff",
  "\u00ad",
]

describe("CallerText", () => {
  it.each(hidden.map((c) => [`U+${c.codePointAt(0)?.toString(16).padStart(4, "0")}`, c]))(
    "strips %s",
    (_name, char) => {
      // NEL is a line break; everything else is simply gone.
      expect(CallerText.clean(`call${char} me${char}`)).toBe(char === "\u0085" ? "call\nme" : "call me")
    },
  )

  it("keeps words, collapses spaces and blank lines, normalises line breaks", () => {
    expect(CallerText.clean("  Hi,\t\tplease\u00a0 call  \r\n\r\n\r\n\r\nabout   Friday  ")).toBe(
      "Hi, please call\n\nabout Friday",
    )
    expect(CallerText.clean("line one\u2028line two")).toBe("line one\nline two")
    expect(CallerText.clean("José 🙂 日本")).toBe("José 🙂 日本")
  })

  it("puts a name on one line", () => {
    expect(CallerText.cleanLine("Jane\n\nDoe\u202e")).toBe("Jane Doe")
  })

  it("an owner's text carries no override that turns a message around", () => {
    const business = Fixtures.demoBusiness()
    const text = OwnerMessages.callerMessage(
      business,
      "Call me \u202egnp.exe\u202c back\u0000\u001b[2J \u2066now\u2069",
      PhoneNumber.make("+15555550123"),
    )
    expect(text).toBe(`Message for ${business.name} from +15555550123: Call me gnp.exe back[2J now`)
  })

  it("the owner's calendar event names the customer without hidden characters", () => {
    const booking = new Booking({
      ...Fixtures.newBooking({
        businessId: Fixtures.businessId(),
        start: "2030-01-07T15:00:00Z",
        customer: Fixtures.customer({ name: "Jane\u202e eoD\u200b" }),
      }),
      status: "confirmed",
      createdAt: Fixtures.utc("2030-01-01T00:00:00Z"),
    })
    expect(eventFor(booking).summary).toBe("Haircut - Jane eoD")
  })
})
