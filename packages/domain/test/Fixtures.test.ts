import { describe, expect, it } from "@effect/vitest"
import { DateTime, Schema } from "effect"
import { Business } from "../src/model/Business.js"
import * as Fixtures from "../src/testing/Fixtures.js"

const iso = (d: DateTime.DateTime) => DateTime.formatIso(DateTime.toUtc(d))

describe("Fixtures", () => {
  it("builds the demo business as a valid Business with fresh ids and numbers", () => {
    const a = Fixtures.demoBusiness()
    const b = Fixtures.demoBusiness()
    expect(a.id).not.toBe(b.id)
    expect(a.phoneNumbers).not.toEqual(b.phoneNumbers)
    const decoded = Schema.decodeUnknownSync(Business)(Schema.encodeSync(Business)(a))
    expect(decoded.name).toBe("Bella Hair Studio")
    expect(decoded.services.map((s) => [s.name, s.durationMinutes])).toEqual([
      ["Haircut", 60],
      ["Color", 90],
      ["Beard trim", 30],
    ])
    expect(decoded.hours.sun).toEqual([])
    expect(decoded.aiConfig.integrations.provider).toBe("native")
    expect(Fixtures.demoBusinessWithGoogle().aiConfig.integrations.provider).toBe("google_calendar")
  })

  it("reads local wall-clock times in the zone, across both DST changes", () => {
    const ny = "America/New_York"
    expect(iso(Fixtures.localDateTime(ny, "2026-03-07T09:00"))).toBe("2026-03-07T14:00:00.000Z")
    expect(iso(Fixtures.localDateTime(ny, "2026-03-08T09:00"))).toBe("2026-03-08T13:00:00.000Z")
    expect(iso(Fixtures.localDateTime(ny, "2026-10-31T09:00"))).toBe("2026-10-31T13:00:00.000Z")
    expect(iso(Fixtures.localDateTime(ny, "2026-11-01T09:00"))).toBe("2026-11-01T14:00:00.000Z")
  })

  it("builds a new booking lasting the requested minutes", () => {
    const booking = Fixtures.newBooking({
      businessId: Fixtures.businessId(),
      start: "2030-01-07T14:00:00Z",
      durationMinutes: 90,
    })
    expect(iso(booking.endsAt)).toBe("2030-01-07T15:30:00.000Z")
    expect(booking.service).toBe("Haircut")
    expect(booking.sourceCallSid).toBeUndefined()
  })
})
