import { describe, expect, it } from "@effect/vitest"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
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

  it.scoped("refuses a voice, language or spoken field that would break the business's calls", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const refused = [
        [{ name: "x".repeat(60_000) }, /^name: at most 100 characters$/],
        [{ services: [{ name: "y".repeat(61) }] }, /^services\.0\.name: at most 60 characters$/],
        [
          { services: [{ name: "Cut", aliases: ["z".repeat(61)] }] },
          /^services\.0\.aliases\.0: at most 60 characters$/,
        ],
        [{ aiConfig: { language: "klingon" } }, /^aiConfig\.language: one of en-US, .*fr-CA/],
        [{ aiConfig: { voice: "Polly.Joanna<Play>x</Play>" } }, /^aiConfig\.voice: a Twilio voice/],
        [{ aiConfig: { voice: 42 } }, /^aiConfig\.voice: /],
      ] as const
      for (const [fields, message] of refused) {
        const answer = yield* harness.admin("POST", "/api/v1/businesses", newBusiness(fields))
        expect(answer.statusCode, JSON.stringify(fields).slice(0, 80)).toBe(400)
        expect(answer.json().message).toMatch(message)
        expect(answer.json().message).not.toContain("\n")
      }

      const accepted = yield* harness.admin(
        "POST",
        "/api/v1/businesses",
        newBusiness({ aiConfig: { voice: "Polly.Joanna-Neural", language: "en-GB", greeting: "kept as given" } }),
      )
      expect(accepted.statusCode).toBe(201)
      expect(accepted.json().aiConfig).toMatchObject({
        voice: "Polly.Joanna-Neural",
        language: "en-GB",
        greeting: "kept as given",
      })
      const id = accepted.json().id
      for (const voice of [
        "man",
        "woman",
        "alice",
        "Polly.Mathieu",
        "Google.en-US-Neural2-A",
        "Google.fr-FR-Chirp3-HD-Aoede",
      ]) {
        const patched = yield* harness.admin("PATCH", `/api/v1/businesses/${id}`, { aiConfig: { voice } })
        expect(patched.statusCode, voice).toBe(200)
      }
      const badPatch = yield* harness.admin("PATCH", `/api/v1/businesses/${id}`, { aiConfig: { language: "en_US" } })
      expect(badPatch.statusCode).toBe(400)
    }),
  )

  it.scoped("a business stored before the caps still loads, and is told what to fix on its next change", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const legacy = everyDayBusiness({
        name: "L".repeat(300),
        aiConfig: { ...Fixtures.nativeAiConfig, voice: "robot" },
      })
      yield* harness.run(Effect.flatMap(Businesses, (businesses) => businesses.create(legacy)))
      const fetched = yield* harness.admin("GET", `/api/v1/businesses/${legacy.id}`)
      expect(fetched.statusCode).toBe(200)
      expect(fetched.json().name).toHaveLength(300)
      const patched = yield* harness.admin("PATCH", `/api/v1/businesses/${legacy.id}`, { country: "US" })
      expect(patched.statusCode).toBe(400)
      expect(patched.json().message).toBe("name: at most 100 characters")
      const fixed = yield* harness.admin("PATCH", `/api/v1/businesses/${legacy.id}`, {
        name: "Legacy Salon",
        aiConfig: { ...Fixtures.nativeAiConfig, voice: "alice" },
      })
      expect(fixed.statusCode).toBe(200)
    }),
  )
})
