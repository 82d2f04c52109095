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

  it.scoped("a PATCH changes only what it names: one day's hours, one profile field, one booking rule", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = (yield* harness.admin(
        "POST",
        "/api/v1/businesses",
        newBusiness({
          hours: { mon: [["09:00", "18:00"]], tue: [["09:00", "18:00"]], sat: [["10:00", "13:00"]] },
          profile: { address: "1 Main St", parking: "behind the shop" },
          bookingRules: { bufferMinutes: 10 },
          aiConfig: { voice: "alice", language: "en-GB" },
        }),
      )).json()
      const patched = yield* harness.admin("PATCH", `/api/v1/businesses/${business.id}`, {
        hours: { mon: [["12:00", "16:00"]] },
        profile: { parking: "on the street" },
        bookingRules: { slotGranularityMinutes: 30 },
        aiConfig: { voice: "Polly.Joanna" },
      })
      expect(patched.statusCode).toBe(200)
      const after = (yield* harness.admin("GET", `/api/v1/businesses/${business.id}`)).json()
      expect(after.hours).toEqual({ ...business.hours, mon: [["12:00", "16:00"]] })
      expect(after.hours.tue).toEqual([["09:00", "18:00"]])
      expect(after.hours.sat).toEqual([["10:00", "13:00"]])
      expect(after.profile).toEqual({ ...business.profile, parking: "on the street" })
      expect(after.bookingRules).toEqual({ ...business.bookingRules, slotGranularityMinutes: 30 })
      expect(after.bookingRules.bufferMinutes).toBe(10)
      expect(after.aiConfig).toEqual({ ...business.aiConfig, voice: "Polly.Joanna" })

      // Services are a list: a PATCH replaces it whole. `null` takes a field back to its default.
      const replaced = yield* harness.admin("PATCH", `/api/v1/businesses/${business.id}`, {
        services: [{ name: "Beard trim", durationMinutes: 20 }],
        hours: { sat: null },
        profile: { address: null },
      })
      expect(replaced.statusCode).toBe(200)
      expect(replaced.json().services).toEqual([{ name: "Beard trim", durationMinutes: 20, aliases: [] }])
      expect(replaced.json().hours.sat).toEqual([])
      expect(replaced.json().hours.mon).toEqual([["12:00", "16:00"]])
      expect(replaced.json().profile).toEqual({ parking: "on the street", faq: [] })
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

  it.scoped("says what is wrong in one short line per problem, with where it is", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const nineAm = yield* harness.admin(
        "POST",
        "/api/v1/businesses",
        newBusiness({ hours: { mon: [["9am", "17:00"]] } }),
      )
      expect(nineAm.statusCode).toBe(400)
      expect(nineAm.json()).toEqual({
        error: "invalid_request",
        message: "hours.mon[0][0]: use HH:MM like 09:00",
        problems: ["hours.mon[0][0]: use HH:MM like 09:00"],
      })

      const many = yield* harness.admin(
        "POST",
        "/api/v1/businesses",
        newBusiness({
          hours: { mon: [["09:00", "5pm"]], tue: [["10:00"]], funday: [] },
          services: [{ name: "Cut", durationMinutes: "thirty" }],
          bookingRules: { bufferMinutes: -5 },
          closedDates: ["2026-02-30", "25/12/2026"],
          ownerPhone: "555-0100",
        }),
      )
      expect(many.statusCode).toBe(400)
      expect(many.json().problems).toEqual([
        "services[0].durationMinutes: expected a number",
        "hours.funday: is not a known field",
        "hours.mon[0][1]: use HH:MM like 09:00",
        "hours.tue[0][1]: is required",
        "bookingRules.bufferMinutes: expected a number between 0 and 240",
        "ownerPhone: a phone number in E.164 form, like +15551234567",
        "closedDates[0]: use YYYY-MM-DD like 2026-12-25",
        "closedDates[1]: use YYYY-MM-DD like 2026-12-25",
      ])
      for (const line of many.json().problems) expect(line.length).toBeLessThan(80)

      // A huge wrong value is not echoed back.
      const huge = yield* harness.admin(
        "POST",
        "/api/v1/businesses",
        newBusiness({ timezone: 7, name: ["x".repeat(10_000)] }),
      )
      expect(huge.json().problems).toEqual(["name: expected text", "timezone: expected text"])

      const created = (yield* harness.admin("POST", "/api/v1/businesses", newBusiness())).json()
      const badPatch = yield* harness.admin("PATCH", `/api/v1/businesses/${created.id}`, {
        hours: { sat: [["13:00", "10:00"]] },
        closedDates: ["tomorrow"],
      })
      expect(badPatch.json().problems).toEqual([
        "hours.sat[0]: opening time 13:00 must be before closing time 10:00",
        "closedDates[0]: use YYYY-MM-DD like 2026-12-25",
      ])
      const badQuery = yield* harness.admin("GET", `/api/v1/businesses/${created.id}/bookings?limit=0&date=friday`)
      expect(badQuery.json().problems).toEqual([
        "limit: expected a number between 1 and 500",
        "date: use YYYY-MM-DD like 2026-12-25",
      ])
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
        [{ services: [{ name: "y".repeat(61) }] }, /^services\[0\]\.name: at most 60 characters$/],
        [
          { services: [{ name: "Cut", aliases: ["z".repeat(61)] }] },
          /^services\[0\]\.aliases\[0\]: at most 60 characters$/,
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
      // Everything to fix at once, one line each.
      expect(patched.json().problems).toEqual([
        "name: at most 100 characters",
        "aiConfig.voice: a Twilio voice: man, woman, alice, Polly.<Name>, Polly.<Name>-Neural or Google.<lang>-<Variant>",
      ])
      const fixed = yield* harness.admin("PATCH", `/api/v1/businesses/${legacy.id}`, {
        name: "Legacy Salon",
        aiConfig: { ...Fixtures.nativeAiConfig, voice: "alice" },
      })
      expect(fixed.statusCode).toBe(200)
    }),
  )
})
