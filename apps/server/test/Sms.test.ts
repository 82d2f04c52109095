import { describe, expect, it } from "@effect/vitest"
import { PhoneNumber } from "@frontdesk/domain/model/Ids"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { CallerMessages } from "@frontdesk/domain/ports/CallerMessages"
import { OptOuts } from "@frontdesk/domain/ports/OptOuts"
import { RecordingTelephonyControl } from "@frontdesk/domain/ports/RecordingTelephony"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import * as FakeTwilio from "@frontdesk/testkit/FakeTwilio"
import { DateTime, Effect } from "effect"
import { everyDayBusiness, type Harness, makeHarness, publicBaseUrl, twilioAuthToken } from "./Harness.js"

const customer = PhoneNumber.make("+14155550142")

const text = (
  harness: Harness,
  businessId: string,
  sms: Omit<FakeTwilio.InboundSms, "to" | "from"> & { from?: string },
) =>
  Effect.promise(() => {
    const { path, form, signature } = FakeTwilio.signedInboundSms(
      { publicBaseUrl, businessId, authToken: twilioAuthToken },
      { from: customer, to: "+12125550100", ...sms },
    )
    return harness.app.inject({
      method: "POST",
      url: path,
      headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signature },
      payload: new URLSearchParams(form).toString(),
    })
  })

const messageOf = (body: string) => body.match(/<Message>([\s\S]*)<\/Message>/)?.[1]

const bookFriday = (harness: Harness, businessId: Parameters<typeof Fixtures.newBooking>[0]["businessId"]) =>
  harness.run(
    Effect.gen(function* () {
      const now = yield* DateTime.now
      return yield* Effect.flatMap(BookingRepository, (r) =>
        r.insert(
          Fixtures.newBooking({
            businessId,
            start: DateTime.add(now, { days: 3 }),
            customer: Fixtures.customer({ name: "Ana Ruiz", phone: customer }),
          }),
        ),
      )
    }),
  )

describe("replies by text", () => {
  it.scoped("C asks for a YES; YES cancels through BookingService and the cancellation text follows", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const booking = yield* bookFriday(harness, business.id)

      const asked = yield* text(harness, business.id, { body: "C" })
      expect(asked.statusCode).toBe(200)
      expect(String(asked.headers["content-type"])).toContain("text/xml")
      expect(messageOf(asked.body)).toMatch(
        /^Reply YES within 30 minutes to cancel your haircut at Bella Hair Studio on /,
      )
      expect((yield* harness.run(Effect.flatMap(BookingRepository, (r) => r.get(booking.id)))).status).toBe("confirmed")

      const yes = yield* text(harness, business.id, { body: " yes! " })
      expect(yes.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>')
      expect((yield* harness.run(Effect.flatMap(BookingRepository, (r) => r.get(booking.id)))).status).toBe("cancelled")
      yield* harness.drainOutbox
      const sent = yield* harness.run(Effect.flatMap(RecordingTelephonyControl, (t) => t.sentTo(customer)))
      expect(sent.map((m) => m.body).join("\n")).toContain("is cancelled")

      // A second YES has nothing waiting.
      expect(messageOf((yield* text(harness, business.id, { body: "YES" })).body)).toContain(
        "there's no cancellation waiting",
      )
    }),
  )

  it.scoped("CHANGE says how to change; HELP says what texting can do; no booking means nothing to cancel", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      expect(messageOf((yield* text(harness, business.id, { body: "change" })).body)).toContain(
        `to change your booking, call us at ${business.phoneNumbers[0]}`,
      )
      expect(messageOf((yield* text(harness, business.id, { body: "HELP", optOutType: "HELP" })).body)).toContain(
        "reply C to cancel your next booking",
      )
      expect(messageOf((yield* text(harness, business.id, { body: "cancel" })).body)).toContain(
        "we couldn't find an upcoming booking for this number",
      )
    }),
  )

  it.scoped("STOP is recorded and nothing is texted to the number until START", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const stop = yield* text(harness, business.id, { body: "STOP", optOutType: "STOP" })
      expect(stop.body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>')
      expect(yield* harness.run(Effect.flatMap(OptOuts, (o) => o.isOptedOut(business.id, customer)))).toBe(true)

      // A booking made by phone afterwards: its confirmation is not sent.
      const call = harness.call(business, { from: customer })
      yield* call.script(["Hi, this is Ana Ruiz, a haircut tomorrow at 10 AM", "yes"])
      yield* harness.drainOutbox
      expect(yield* harness.run(Effect.flatMap(RecordingTelephonyControl, (t) => t.sentTo(customer)))).toHaveLength(0)

      yield* text(harness, business.id, { body: "START", optOutType: "START" })
      expect(yield* harness.run(Effect.flatMap(OptOuts, (o) => o.isOptedOut(business.id, customer)))).toBe(false)
    }),
  )

  it.scoped("anything else is kept as a message for the owner, with its sender", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const answer = yield* text(harness, business.id, { body: "Running 10 min late, sorry!\u202E" })
      expect(messageOf(answer.body)).toBe("Thanks, your message is saved for the team at Bella Hair Studio.")
      const [message] = yield* harness.run(Effect.flatMap(CallerMessages, (m) => m.list(business.id)))
      expect(message?.text).toBe("Running 10 min late, sorry!")
      expect(message?.callerPhone).toBe(customer)
      yield* harness.drainOutbox
      const toOwner = yield* harness.run(
        Effect.flatMap(RecordingTelephonyControl, (t) => t.sentTo(business.ownerPhone!)),
      )
      expect(toOwner[0]?.body).toContain("Running 10 min late")
    }),
  )

  it.scoped("an unsigned or wrongly signed text is refused and changes nothing", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const { path, form } = FakeTwilio.signedInboundSms(
        { publicBaseUrl, businessId: business.id, authToken: "someone-else" },
        { from: customer, to: "+12125550100", body: "STOP" },
      )
      for (const signature of [undefined, "bm9wZQ=="]) {
        const refused = yield* Effect.promise(() =>
          harness.app.inject({
            method: "POST",
            url: path,
            headers: {
              "content-type": "application/x-www-form-urlencoded",
              ...(signature === undefined ? {} : { "x-twilio-signature": signature }),
            },
            payload: new URLSearchParams(form).toString(),
          }),
        )
        expect(refused.statusCode).toBe(403)
      }
      expect(yield* harness.run(Effect.flatMap(OptOuts, (o) => o.isOptedOut(business.id, customer)))).toBe(false)
    }),
  )
})
