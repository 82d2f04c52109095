import { describe, expect, it } from "@effect/vitest"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { Effect } from "effect"
import { everyDayBusiness, makeHarness } from "./Harness.js"

const newBusiness = (overrides: Record<string, unknown> = {}) => ({
  name: "Corner Barber",
  timezone: "Europe/Lisbon",
  phoneNumbers: [Fixtures.phoneNumber()],
  services: [{ name: "Haircut", durationMinutes: 30, aliases: ["cut"] }],
  hours: { mon: [["09:00", "18:00"]], sat: [["10:00", "13:00"]] },
  ...overrides,
})

describe("admin API", () => {
  it.scoped("needs the bearer admin token", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      expect((yield* harness.admin("GET", "/api/v1/businesses", undefined, null)).statusCode).toBe(401)
      expect((yield* harness.admin("GET", "/api/v1/businesses", undefined, "wrong")).statusCode).toBe(401)
      expect((yield* harness.admin("GET", "/api/v1/businesses")).statusCode).toBe(200)
    }),
  )

  it.scoped("creates, reads, lists and patches a business", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const created = yield* harness.admin("POST", "/api/v1/businesses", newBusiness())
      expect(created.statusCode).toBe(201)
      const business = created.json()
      expect(business.id).toMatch(/^biz_/)
      expect(business.bookingRules.slotGranularityMinutes).toBe(15)
      expect(business.hours.sun).toEqual([])

      const fetched = yield* harness.admin("GET", `/api/v1/businesses/${business.id}`)
      expect(fetched.json()).toEqual(business)
      const listed = yield* harness.admin("GET", "/api/v1/businesses")
      expect(listed.json().businesses.map((b: { id: string }) => b.id)).toEqual([business.id])

      const patched = yield* harness.admin("PATCH", `/api/v1/businesses/${business.id}`, {
        name: "Corner Barber & Co",
        bookingRules: { slotGranularityMinutes: 30 },
      })
      expect(patched.statusCode).toBe(200)
      expect(patched.json().name).toBe("Corner Barber & Co")
      expect(patched.json().services).toEqual(business.services)
      expect((yield* harness.admin("GET", `/api/v1/businesses/${business.id}`)).json().name).toBe("Corner Barber & Co")
      expect((yield* harness.admin("GET", "/api/v1/businesses/nope")).statusCode).toBe(404)
    }),
  )

  it.scoped("explains what is wrong: bad JSON, unknown time zone, bad hours, unknown fields, taken numbers", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const badJson = yield* harness.admin("POST", "/api/v1/businesses", '{"name": "x",')
      expect(badJson.statusCode).toBe(400)
      expect(badJson.json().message).toMatch(/JSON/i)

      const badZone = yield* harness.admin("POST", "/api/v1/businesses", newBusiness({ timezone: "Mars/Olympus" }))
      expect(badZone.statusCode).toBe(400)
      expect(badZone.json().message).toContain('unknown IANA time zone "Mars/Olympus"')

      const badHours = yield* harness.admin(
        "POST",
        "/api/v1/businesses",
        newBusiness({ hours: { mon: [["18:00", "09:00"]] } }),
      )
      expect(badHours.statusCode).toBe(400)
      expect(badHours.json().message).toContain("must be before closing time")

      const extra = yield* harness.admin("POST", "/api/v1/businesses", newBusiness({ colour: "blue" }))
      expect(extra.statusCode).toBe(400)
      expect(extra.json().message).toContain("colour")

      const number = Fixtures.phoneNumber()
      expect(
        (yield* harness.admin("POST", "/api/v1/businesses", newBusiness({ phoneNumbers: [number] }))).statusCode,
      ).toBe(201)
      const taken = yield* harness.admin("POST", "/api/v1/businesses", newBusiness({ phoneNumbers: [number] }))
      expect(taken.statusCode).toBe(409)

      const created = (yield* harness.admin("POST", "/api/v1/businesses", newBusiness())).json()
      const badPatch = yield* harness.admin("PATCH", `/api/v1/businesses/${created.id}`, { timezone: "Nowhere/Land" })
      expect(badPatch.statusCode).toBe(400)
      expect((yield* harness.admin("PATCH", `/api/v1/businesses/${created.id}`, { id: "other" })).statusCode).toBe(400)
    }),
  )

  it.scoped("lists bookings newest first with times in the business's offset, and cancels one", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const first = harness.call(business)
      yield* first.script(["This is Ana Ruiz, a haircut tomorrow at 10 AM", "yes"])
      const second = harness.call(business)
      yield* second.script(["Hi, this is Ben Okafor, can I get a beard trim tomorrow at 4 PM?", "yes"])

      const listed = yield* harness.admin("GET", `/api/v1/businesses/${business.id}/bookings`)
      expect(listed.statusCode).toBe(200)
      const bookings = listed.json().bookings
      expect(bookings.map((b: { customerName: string }) => b.customerName)).toEqual(["Ben Okafor", "Ana Ruiz"])
      expect(bookings[1]).toMatchObject({
        customerPhone: first.from,
        service: "Haircut",
        status: "confirmed",
        calendarSync: "not_applicable",
      })
      // 10:00 local in New York, written with its UTC offset (-05:00 in winter, -04:00 in summer).
      expect(bookings[1].startsAt).toMatch(/T10:00:00(\.000)?-0[45]:00$/)
      expect(bookings[1].endsAt).toMatch(/T11:00:00(\.000)?-0[45]:00$/)

      const cancelled = yield* harness.admin(
        "POST",
        `/api/v1/businesses/${business.id}/bookings/${bookings[1].id}/cancel`,
      )
      expect(cancelled.statusCode).toBe(200)
      expect(cancelled.json().status).toBe("cancelled")
      const again = yield* harness.admin("POST", `/api/v1/businesses/${business.id}/bookings/${bookings[1].id}/cancel`)
      expect(again.json().status).toBe("cancelled")
      const stored = yield* harness.run(Effect.flatMap(BookingRepository, (r) => r.listByBusiness(business.id)))
      expect(stored.filter((b) => b.status === "confirmed").map((b) => b.customer.name)).toEqual(["Ben Okafor"])

      const missing = yield* harness.admin("POST", `/api/v1/businesses/${business.id}/bookings/nope/cancel`)
      expect(missing.statusCode).toBe(404)
      const other = everyDayBusiness()
      yield* harness.seed(other)
      const elsewhere = yield* harness.admin("POST", `/api/v1/businesses/${other.id}/bookings/${bookings[0].id}/cancel`)
      expect(elsewhere.statusCode).toBe(404)
    }),
  )
})
