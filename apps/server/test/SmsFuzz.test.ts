import { describe, expect, it } from "@effect/vitest"
import { PhoneNumber } from "@frontdesk/domain/model/Ids"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { CallerMessages } from "@frontdesk/domain/ports/CallerMessages"
import { OptOuts } from "@frontdesk/domain/ports/OptOuts"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import * as FakeTwilio from "@frontdesk/testkit/FakeTwilio"
import { DateTime, Effect, FastCheck as fc } from "effect"
import { everyDayBusiness, type Harness, makeHarness, publicBaseUrl, twilioAuthToken } from "./Harness.js"

/**
 * The inbound-text webhook against generated traffic: bodies in any script and length, keyword
 * look-alikes, senders that are not subscribers (short codes, alphanumeric ids, garbage), any
 * OptOutType, and forged or missing signatures. Override FUZZ_SEED to replay a failure.
 */
const seed = Number(process.env.FUZZ_SEED ?? 20_261_202)

const customer = PhoneNumber.make("+14155550142")
const stranger = PhoneNumber.make("+14155550199")

const keywordish = fc.constantFrom(
  "C",
  "c",
  " CANCEL ",
  "cancel!",
  "YES",
  "yes please",
  "Y",
  "R",
  "CHANGE",
  "STOP",
  "stop all",
  "START",
  "HELP",
  "UNSUBSCRIBE",
  "ｃａｎｃｅｌ",
  "C\u202e",
  "\u0000YES",
)
const body = fc.oneof(
  keywordish,
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 200 }),
  fc.string({ unit: "binary", maxLength: 300 }),
  fc.string({ minLength: 1_500, maxLength: 5_000 }),
)
const sender = fc.oneof(
  fc.constant<string>(stranger),
  fc.constantFrom("", "anonymous", "12345", "898287", "TWILIO", "+1", "+99912345678901234", "+1415555O142"),
  fc.string({ maxLength: 30 }),
)
const optOutType = fc.option(fc.constantFrom<"STOP" | "START" | "HELP">("STOP", "START", "HELP"), { nil: undefined })

const post = (
  harness: Harness,
  businessId: string,
  sms: FakeTwilio.InboundSms,
  signature: (signed: string) => string | undefined,
) => {
  const signed = FakeTwilio.signedInboundSms({ publicBaseUrl, businessId, authToken: twilioAuthToken }, sms)
  const header = signature(signed.signature)
  return harness.app.inject({
    method: "POST",
    url: signed.path,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(header === undefined ? {} : { "x-twilio-signature": header }),
    },
    payload: new URLSearchParams(signed.form).toString(),
  })
}

const setUp = Effect.gen(function* () {
  const harness = yield* makeHarness()
  const business = everyDayBusiness()
  yield* harness.seed(business)
  const booking = yield* harness.run(
    Effect.gen(function* () {
      const now = yield* DateTime.now
      return yield* Effect.flatMap(BookingRepository, (r) =>
        r.insert(
          Fixtures.newBooking({
            businessId: business.id,
            start: DateTime.add(now, { days: 3 }),
            customer: Fixtures.customer({ name: "Ana Ruiz", phone: customer }),
          }),
        ),
      )
    }),
  )
  return { harness, business, booking }
})

describe("the inbound-text webhook under generated traffic", () => {
  it.scoped("any signed text gets a TwiML answer Twilio can send, and no stranger cancels the customer's booking", () =>
    Effect.gen(function* () {
      const { harness, business, booking } = yield* setUp
      yield* Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(sender, body, optOutType, async (from, text, optOut) => {
            const response = await post(
              harness,
              business.id,
              { from, to: "+12125550100", body: text, ...(optOut === undefined ? {} : { optOutType: optOut }) },
              (valid) => valid,
            )
            expect(response.statusCode).toBe(200)
            expect(String(response.headers["content-type"])).toContain("xml")
            expect(response.body).toMatch(/<Response\s*\/>|<Response>[\s\S]*<\/Response>/)
            // A reply is one SMS at most: Twilio refuses bodies over 1,600 characters (error 21617).
            const message = response.body.match(/<Message>([\s\S]*)<\/Message>/)?.[1] ?? ""
            expect(message.length).toBeLessThanOrEqual(1_600)
          }),
          { seed, numRuns: 300 },
        ),
      )
      const after = yield* harness.run(Effect.flatMap(BookingRepository, (r) => r.get(booking.id)))
      expect(after.status).toBe("confirmed")
    }),
  )

  it.scoped("a forged, missing or replayed-elsewhere signature is refused with 403 and stores nothing", () =>
    Effect.gen(function* () {
      const { harness, business, booking } = yield* setUp
      const forged = fc.oneof(
        fc.constant(undefined),
        fc.string({ maxLength: 60 }),
        fc.base64String({ minLength: 28, maxLength: 28 }),
      )
      yield* Effect.promise(() =>
        fc.assert(
          fc.asyncProperty(body, forged, optOutType, async (text, signature, optOut) => {
            const response = await post(
              harness,
              business.id,
              {
                from: customer,
                to: "+12125550100",
                body: text,
                ...(optOut === undefined ? {} : { optOutType: optOut }),
              },
              (valid) => (signature === valid ? `${valid}x` : signature),
            )
            expect(response.statusCode).toBe(403)
          }),
          { seed, numRuns: 200 },
        ),
      )
      // A signature is for one URL: the same signed text sent to another business's address fails.
      const other = everyDayBusiness()
      yield* harness.seed(other)
      const signed = FakeTwilio.signedInboundSms(
        { publicBaseUrl, businessId: business.id, authToken: twilioAuthToken },
        { from: customer, to: "+12125550100", body: "STOP", optOutType: "STOP" },
      )
      const replayed = yield* Effect.promise(() =>
        harness.app.inject({
          method: "POST",
          url: `/sms/incoming/${other.id}`,
          headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": signed.signature },
          payload: new URLSearchParams(signed.form).toString(),
        }),
      )
      expect(replayed.statusCode).toBe(403)

      const messages = yield* harness.run(Effect.flatMap(CallerMessages, (m) => m.list(business.id)))
      expect(messages).toEqual([])
      expect(yield* harness.run(Effect.flatMap(OptOuts, (o) => o.isOptedOut(business.id, customer)))).toBe(false)
      expect(yield* harness.run(Effect.flatMap(OptOuts, (o) => o.isOptedOut(other.id, customer)))).toBe(false)
      const after = yield* harness.run(Effect.flatMap(BookingRepository, (r) => r.get(booking.id)))
      expect(after.status).toBe("confirmed")
    }),
  )
})
