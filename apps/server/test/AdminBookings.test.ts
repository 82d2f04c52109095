import { describe, expect, it } from "@effect/vitest"
import type { Business } from "@frontdesk/domain/model/Business"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import * as FakeGoogle from "@frontdesk/testkit/FakeGoogle"
import * as FakeTwilio from "@frontdesk/testkit/FakeTwilio"
import * as TwilioTelephony from "@frontdesk/twilio/TwilioTelephony"
import { DateTime, Effect, Redacted } from "effect"
import { connectGoogle, everyDayBusiness, googleAdapters, makeHarness, tomorrowAt } from "./Harness.js"

/** The server with the real Google adapter on a fake Google and the real Twilio adapter on a fake Twilio. */
const withFakes = Effect.gen(function* () {
  const google = yield* FakeGoogle.make()
  const twilio = yield* FakeTwilio.make()
  const harness = yield* makeHarness({
    ...googleAdapters(google),
    telephony: TwilioTelephony.layer({
      accountSid: twilio.accountSid,
      authToken: Redacted.make(twilio.authToken),
      sender: { _tag: "From", from: "+15550009999" },
      apiBaseUrl: twilio.url,
    }),
  })
  const business = everyDayBusiness({ aiConfig: Fixtures.googleAiConfig })
  yield* harness.seed(business)
  yield* connectGoogle(harness, google, business)
  return { google, twilio, harness, business }
})

/** "2026-12-03", tomorrow in the business's zone. */
const tomorrow = (business: Business) =>
  DateTime.formatIsoDate(DateTime.setZone(tomorrowAt(business, 12), DateTime.zoneUnsafeMakeNamed(business.timezone)))

describe("bookings by hand through the admin API", () => {
  it.scoped("books like a call does: stored, calendar event created, confirmation texted, listed by day", () =>
    Effect.gen(function* () {
      const { google, twilio, harness, business } = yield* withFakes
      const ana = Fixtures.phoneNumber()
      const created = yield* harness.admin("POST", `/api/v1/businesses/${business.id}/bookings`, {
        customerName: "Ana Ruiz",
        customerPhone: ana,
        service: "cut",
        startsAt: `${tomorrow(business)}T10:00`,
      })
      expect(created.statusCode).toBe(201)
      const booking = created.json()
      expect(booking).toMatchObject({ customerName: "Ana Ruiz", service: "Haircut", status: "confirmed" })
      expect(booking.startsAt).toMatch(new RegExp(`^${tomorrow(business)}T10:00:00(\\.000)?-0[45]:00$`))
      expect(booking.endsAt).toMatch(/T11:00:00(\.000)?-0[45]:00$/)

      yield* harness.drainOutbox
      const events = yield* google.events("primary")
      expect(events).toHaveLength(1)
      expect(new Date(events[0]!.start.dateTime!).getTime()).toBe(DateTime.toEpochMillis(tomorrowAt(business, 10)))
      const texts = yield* twilio.messages
      expect(texts.map((text) => text.to)).toEqual([ana])
      expect(texts[0]?.body).toContain("Haircut")

      // The same time again is refused in one sentence, with what is free instead.
      const clash = yield* harness.admin("POST", `/api/v1/businesses/${business.id}/bookings`, {
        customerName: "Ben Okafor",
        customerPhone: Fixtures.phoneNumber(),
        service: "Beard trim",
        startsAt: booking.startsAt,
      })
      expect(clash.statusCode).toBe(409)
      expect(clash.json().error).toBe("slot_unavailable")
      expect(clash.json().reason).toBe("taken")
      expect(clash.json().message).toMatch(/^Sorry, .* at 10 AM is already taken\.$/)
      expect(clash.json().alternatives.length).toBeGreaterThan(0)

      const later = yield* harness.admin("POST", `/api/v1/businesses/${business.id}/bookings`, {
        customerName: "Ben Okafor",
        customerPhone: Fixtures.phoneNumber(),
        service: "Beard trim",
        startsAt: `${tomorrow(business)}T09:00`,
      })
      expect(later.statusCode).toBe(201)
      const day = yield* harness.admin("GET", `/api/v1/businesses/${business.id}/bookings?date=${tomorrow(business)}`)
      expect(day.json().bookings.map((b: { customerName: string }) => b.customerName)).toEqual([
        "Ben Okafor",
        "Ana Ruiz",
      ])
      const otherDay = yield* harness.admin("GET", `/api/v1/businesses/${business.id}/bookings?date=2020-01-01`)
      expect(otherDay.json().bookings).toEqual([])
    }),
  )

  it.scoped("reschedules: the booking, its calendar event and a text move; a taken time is a 409", () =>
    Effect.gen(function* () {
      const { google, twilio, harness, business } = yield* withFakes
      const book = (startsAt: string) =>
        harness.admin("POST", `/api/v1/businesses/${business.id}/bookings`, {
          customerName: "Ana Ruiz",
          customerPhone: Fixtures.phoneNumber(),
          service: "Haircut",
          startsAt,
        })
      const first = (yield* book(`${tomorrow(business)}T10:00`)).json()
      const second = (yield* book(`${tomorrow(business)}T13:00`)).json()
      yield* harness.drainOutbox

      const moved = yield* harness.admin("POST", `/api/v1/businesses/${business.id}/bookings/${first.id}/reschedule`, {
        startsAt: DateTime.formatIso(tomorrowAt(business, 15)),
      })
      expect(moved.statusCode).toBe(200)
      expect(moved.json().id).toBe(first.id)
      expect(moved.json().startsAt).toMatch(/T15:00:00(\.000)?-0[45]:00$/)
      expect(moved.json().endsAt).toMatch(/T16:00:00(\.000)?-0[45]:00$/)
      yield* harness.drainOutbox
      const starts = (yield* google.events("primary")).map((event) => new Date(event.start.dateTime!).getTime()).sort()
      expect(starts).toEqual([tomorrowAt(business, 13), tomorrowAt(business, 15)].map(DateTime.toEpochMillis))
      expect((yield* twilio.messages).length).toBe(3)

      const onto = yield* harness.admin("POST", `/api/v1/businesses/${business.id}/bookings/${first.id}/reschedule`, {
        startsAt: second.startsAt,
      })
      expect(onto.statusCode).toBe(409)
      expect(onto.json().reason).toBe("taken")
      // Moving within its own time is not a clash with itself.
      const itself = yield* harness.admin("POST", `/api/v1/businesses/${business.id}/bookings/${first.id}/reschedule`, {
        startsAt: `${tomorrow(business)}T15:30`,
      })
      expect(itself.statusCode).toBe(200)

      const missing = yield* harness.admin("POST", `/api/v1/businesses/${business.id}/bookings/nope/reschedule`, {
        startsAt: `${tomorrow(business)}T11:00`,
      })
      expect(missing.statusCode).toBe(404)
    }),
  )

  it.scoped("refuses what it cannot book: unknown service, a time the clocks skip, a bad body", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const post = (body: unknown) => harness.admin("POST", `/api/v1/businesses/${business.id}/bookings`, body)
      const base = { customerName: "Ana Ruiz", customerPhone: Fixtures.phoneNumber(), service: "Haircut" }

      const unknown = yield* post({ ...base, service: "Massage", startsAt: `${tomorrow(business)}T10:00` })
      expect(unknown.json().problems).toEqual(["service: not one of Haircut, Color, Beard trim"])
      // 02:30 on 2027-03-14 does not happen in New York.
      const skipped = yield* post({ ...base, startsAt: "2027-03-14T02:30" })
      expect(skipped.statusCode).toBe(400)
      expect(skipped.json().problems).toEqual([
        "startsAt: 2027-03-14T02:30 does not exist in America/New_York (the clocks go forward then)",
      ])
      const bad = yield* post({ customerName: "", customerPhone: "12", startsAt: "tomorrow at 3" })
      expect(bad.json().problems).toEqual([
        "customerName: expected a non empty string",
        "customerPhone: a phone number in E.164 form, like +15551234567",
        "service: is required",
        "startsAt: use ISO 8601 like 2026-12-04T15:00 (the business's time) or 2026-12-04T15:00:00-05:00",
      ])
      const past = yield* post({ ...base, startsAt: "2020-01-06T10:00" })
      expect(past.statusCode).toBe(409)
      expect(past.json().reason).toBe("in_the_past")
    }),
  )

  it.scoped("a closed date is closed for calls and for bookings by hand; other days are not", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const patched = yield* harness.admin("PATCH", `/api/v1/businesses/${business.id}`, {
        closedDates: [tomorrow(business)],
      })
      expect(patched.statusCode).toBe(200)
      expect(patched.json().closedDates).toEqual([tomorrow(business)])

      const byHand = yield* harness.admin("POST", `/api/v1/businesses/${business.id}/bookings`, {
        customerName: "Ana Ruiz",
        customerPhone: Fixtures.phoneNumber(),
        service: "Haircut",
        startsAt: `${tomorrow(business)}T10:00`,
      })
      expect(byHand.statusCode).toBe(409)
      expect(byHand.json().reason).toBe("closed")
      expect(byHand.json().message).toMatch(/^Sorry, we're closed on \w+day, \w+ \d+(st|nd|rd|th)\.$/)
      // The alternatives are on the day after the holiday.
      for (const start of byHand.json().alternatives) expect(start.startsWith(tomorrow(business))).toBe(false)

      const call = harness.call(business)
      const heard = yield* call.script(["This is Ana Ruiz, a haircut tomorrow at 10 AM"])
      expect(heard.join(" ")).toMatch(/we're closed on \w+day, \w+ \d+(st|nd|rd|th)\./)
    }),
  )
})
