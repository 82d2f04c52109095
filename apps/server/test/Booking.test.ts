import { describe, expect, it } from "@effect/vitest"
import type { Business } from "@frontdesk/domain/model/Business"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import * as FakeGoogle from "@frontdesk/testkit/FakeGoogle"
import * as FakeTwilio from "@frontdesk/testkit/FakeTwilio"
import * as TwilioTelephony from "@frontdesk/twilio/TwilioTelephony"
import { DateTime, Effect, Redacted } from "effect"
import { connectGoogle, everyDayBusiness, googleAdapters, type Harness, makeHarness, tomorrowAt } from "./Harness.js"

const bookingsOf = (harness: Harness, business: Business) =>
  harness.run(Effect.flatMap(BookingRepository, (repository) => repository.listByBusiness(business.id)))

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
  return { google, twilio, harness, business }
})

describe("booking over the phone (the original design's integration tests, docs/origin.md)", () => {
  it.scoped("full booking flow with the calendar: event created with the stored id, SMS sent", () =>
    Effect.gen(function* () {
      const { google, twilio, harness, business } = yield* withFakes
      yield* connectGoogle(harness, google, business)
      const call = harness.call(business)
      const heard = yield* call.script(["Hi, it's Ana Ruiz, can I get a haircut tomorrow at 3 PM?", "yes please"])
      expect(heard.at(-1)).toContain("You're all set")
      expect(call.last?.hangup).toBe(true)
      // The caller heard "all set" without waiting for Google or Twilio: both are still to come.
      const [pending] = yield* bookingsOf(harness, business)
      expect(pending?.calendarSync).toBe("pending")
      expect(yield* twilio.messages).toHaveLength(0)
      yield* harness.drainOutbox

      const [booking, ...others] = yield* bookingsOf(harness, business)
      expect(others).toHaveLength(0)
      expect(booking?.customer.name).toBe("Ana Ruiz")
      expect(booking?.customer.phone).toBe(call.from)
      expect(booking?.service).toBe("Haircut")
      expect(DateTime.toEpochMillis(booking!.startsAt)).toBe(DateTime.toEpochMillis(tomorrowAt(business, 15)))
      expect(booking?.calendarSync).toBe("synced")
      expect(booking?.sourceCallSid).toBe(call.callSid)

      const events = yield* google.events("primary")
      expect(events.map((event) => event.id)).toEqual([booking?.externalEventId])
      expect(new Date(events[0]!.start.dateTime!).getTime()).toBe(DateTime.toEpochMillis(booking!.startsAt))

      const texts = yield* twilio.messages
      expect(texts).toHaveLength(1)
      expect(texts[0]?.to).toBe(call.from)
      expect(texts[0]?.body).toContain("Haircut")
    }),
  )

  it.scoped(
    "double booking prevention: two callers want the same slot, one gets it, the other hears alternatives",
    () =>
      Effect.gen(function* () {
        const { harness, business, twilio } = yield* withFakes
        const ana = harness.call(business)
        const ben = harness.call(business)
        yield* ana.script(["This is Ana Ruiz, a haircut tomorrow at 10 AM please"])
        yield* ben.script(["Ben Okafor here, I'd like a haircut tomorrow at 10 AM"])
        // Both were told the slot is free and asked to confirm; Ana says yes first.
        expect(ana.last?.says.join(" ")).toContain("Shall I book it?")
        expect(ben.last?.says.join(" ")).toContain("Shall I book it?")
        yield* ana.say("yes")
        const late = yield* ben.say("yes")
        expect(late.hangup).toBe(false)
        expect(late.says.join(" ")).not.toContain("You're all set")

        yield* harness.drainOutbox
        const bookings = yield* bookingsOf(harness, business)
        expect(bookings.map((b) => b.customer.name)).toEqual(["Ana Ruiz"])
        expect((yield* twilio.messages).map((m) => m.to)).toEqual([ana.from])
      }),
  )

  it.scoped("two callers saying yes at the same moment still make one booking", () =>
    Effect.gen(function* () {
      const { harness, business } = yield* withFakes
      const callers = [harness.call(business), harness.call(business), harness.call(business)]
      yield* Effect.forEach(callers, (call, i) => call.script([`My name is Caller ${i}, haircut tomorrow at 11 AM`]))
      yield* Effect.forEach(callers, (call) => call.say("yes"), { concurrency: "unbounded" })
      const bookings = yield* bookingsOf(harness, business)
      expect(bookings).toHaveLength(1)
      expect(callers.filter((call) => call.last?.hangup)).toHaveLength(1)
    }),
  )

  it.scoped("booking with no calendar connected still books, and nothing is sent to Google", () =>
    Effect.gen(function* () {
      const { google, harness, business, twilio } = yield* withFakes
      const call = harness.call(business)
      yield* call.script(["Hi, this is Ana Ruiz, a beard trim tomorrow at 4 PM", "yes"])
      expect(call.last?.says.join(" ")).toContain("You're all set")
      yield* harness.drainOutbox
      const [booking] = yield* bookingsOf(harness, business)
      expect(booking?.service).toBe("Beard trim")
      expect(booking?.externalEventId).toBeUndefined()
      expect(yield* google.events("primary")).toHaveLength(0)
      expect(yield* twilio.messages).toHaveLength(1)
    }),
  )

  it.scoped("manual test plan: a 2 PM event in Google makes 2 PM unavailable; 3 PM books and the event appears", () =>
    Effect.gen(function* () {
      const { google, harness, business } = yield* withFakes
      yield* connectGoogle(harness, google, business)
      const twoPm = tomorrowAt(business, 14)
      yield* google.addEvent("primary", {
        start: DateTime.formatIso(twoPm),
        end: DateTime.formatIso(DateTime.add(twoPm, { hours: 1 })),
        summary: "Dentist",
      })
      const call = harness.call(business)
      yield* call.start()
      const refused = yield* call.say("Hi, I'm Ana Ruiz, can I get a haircut tomorrow at 2 PM?")
      expect(refused.says.join(" ")).not.toContain("Shall I book it?")
      expect(refused.hangup).toBe(false)
      const readBack = yield* call.say("how about 3 PM then")
      expect(readBack.says.join(" ")).toContain("3 PM")
      expect(readBack.says.join(" ")).toContain("Shall I book it?")
      const done = yield* call.say("yes")
      expect(done.hangup).toBe(true)
      yield* harness.drainOutbox

      const [booking] = yield* bookingsOf(harness, business)
      expect(DateTime.toEpochMillis(booking!.startsAt)).toBe(DateTime.toEpochMillis(tomorrowAt(business, 15)))
      const events = yield* google.events("primary")
      expect(events.map((event) => event.summary)).toContain("Dentist")
      expect(events.find((event) => event.id === booking?.externalEventId)).toBeDefined()
    }),
  )
})
