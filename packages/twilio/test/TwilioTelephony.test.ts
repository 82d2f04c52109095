import { describe, expect, it } from "@effect/vitest"
import { PhoneNumber } from "@frontdesk/domain/model/Ids"
import { isPermanent, Telephony } from "@frontdesk/domain/ports/Telephony"
import * as FakeTwilio from "@frontdesk/testkit/FakeTwilio"
import { Effect, Either, Layer, Redacted, Schema } from "effect"
import * as TwilioTelephony from "../src/TwilioTelephony.js"

const phone = Schema.decodeSync(PhoneNumber)
const ana = phone("+15551234567")

const telephonyFor = (fake: FakeTwilio.FakeTwilio, sender: TwilioTelephony.Options["sender"]) =>
  TwilioTelephony.make({
    accountSid: fake.accountSid,
    authToken: Redacted.make(fake.authToken),
    sender,
    apiBaseUrl: fake.url,
  })

const fromNumber = { _tag: "From", from: "+15550000000" } as const

describe("TwilioTelephony against the fake Messages API", () => {
  it.layer(FakeTwilio.layer())((it) => {
    it.effect("sends an SMS from the configured number and returns Twilio's message sid", () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio.FakeTwilioServer
        yield* fake.reset
        const telephony = yield* telephonyFor(fake, fromNumber)
        const { sid } = yield* telephony.sendSms({ to: ana, body: "See you Friday at 3 PM" })
        const messages = yield* fake.messages
        expect(messages).toHaveLength(1)
        expect(messages[0]).toMatchObject({ sid, to: ana, from: "+15550000000", body: "See you Friday at 3 PM" })
        expect(sid).toMatch(/^SM[0-9a-f]{32}$/)
      }),
    )

    it.effect("sends through a messaging service when that is the sender", () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio.FakeTwilioServer
        yield* fake.reset
        const telephony = yield* telephonyFor(fake, { _tag: "MessagingService", messagingServiceSid: "MG123" })
        yield* telephony.sendSms({ to: ana, body: "hello" })
        const [message] = yield* fake.messages
        expect(message?.messagingServiceSid).toBe("MG123")
        expect(message?.from).toBeUndefined()
      }),
    )

    const cases = [
      { failure: "InvalidNumber", kind: "InvalidNumber", code: 21211, permanent: true },
      { failure: "Unsubscribed", kind: "Unsubscribed", code: 21610, permanent: true },
      { failure: "RateLimited", kind: "RateLimited", code: 20429, permanent: false },
      { failure: "Unavailable", kind: "Unavailable", code: 20500, permanent: false },
    ] as const
    for (const { failure, kind, code, permanent } of cases) {
      it.effect(`maps Twilio ${failure} to ${kind} (${permanent ? "permanent" : "retryable"})`, () =>
        Effect.gen(function* () {
          const fake = yield* FakeTwilio.FakeTwilioServer
          yield* fake.reset
          yield* fake.failNext(failure)
          const telephony = yield* telephonyFor(fake, fromNumber)
          const error = yield* Effect.flip(telephony.sendSms({ to: ana, body: "hi" }))
          expect(error.kind).toBe(kind)
          expect(error.code).toBe(code)
          expect(isPermanent(error)).toBe(permanent)
          expect(yield* fake.messages).toHaveLength(0)
          // The failure was injected once: the next send goes through.
          yield* telephony.sendSms({ to: ana, body: "hi" })
          expect(yield* fake.messages).toHaveLength(1)
        }),
      )
    }

    it.effect("after a lost answer, a retry marked mayHaveBeenSent finds the message and does not text twice", () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio.FakeTwilioServer
        yield* fake.reset
        const telephony = yield* telephonyFor(fake, fromNumber)
        const message = { to: ana, body: "You're booked: Haircut on Friday at 3 PM", idempotencyKey: "confirmation:b1" }
        yield* fake.failNext("LoseResponse")
        const lost = yield* Effect.flip(telephony.sendSms(message))
        expect(lost.kind).toBe("Network")
        const [delivered] = yield* fake.messages
        expect(delivered?.body).toBe(message.body)

        const retried = yield* telephony.sendSms({ ...message, mayHaveBeenSent: true })
        expect(retried.sid).toBe(delivered?.sid)
        expect(yield* fake.messages).toHaveLength(1)

        // A different text to the same person is not mistaken for the earlier one.
        yield* telephony.sendSms({ to: ana, body: "Cancelled: Haircut on Friday", mayHaveBeenSent: true })
        expect(yield* fake.messages).toHaveLength(2)
      }),
    )

    it.effect("a wrong auth token is a permanent rejection, not a retry loop", () =>
      Effect.gen(function* () {
        const fake = yield* FakeTwilio.FakeTwilioServer
        yield* fake.reset
        const telephony = yield* TwilioTelephony.make({
          accountSid: fake.accountSid,
          authToken: Redacted.make("wrong"),
          sender: fromNumber,
          apiBaseUrl: fake.url,
        })
        const error = yield* Effect.flip(telephony.sendSms({ to: ana, body: "hi" }))
        expect(error.kind).toBe("Rejected")
        expect(yield* fake.requestCount).toBe(1)
      }),
    )
  })

  it.effect("an unreachable API is a Network failure", () =>
    Effect.gen(function* () {
      const telephony = yield* TwilioTelephony.make({
        accountSid: FakeTwilio.defaultAccountSid,
        authToken: Redacted.make("x"),
        sender: fromNumber,
        // Port 9 (discard) on loopback: nothing listens there in a test run.
        apiBaseUrl: "http://127.0.0.1:9",
      })
      const result = yield* Effect.either(telephony.sendSms({ to: ana, body: "hi" }))
      expect(Either.isLeft(result) && result.left.kind).toBe("Network")
    }),
  )

  it.effect("layerConfig reads the sender and base URL from configuration", () =>
    Effect.gen(function* () {
      const fake = yield* FakeTwilio.FakeTwilioServer
      yield* fake.reset
      const layer = TwilioTelephony.layer({
        accountSid: fake.accountSid,
        authToken: Redacted.make(fake.authToken),
        sender: fromNumber,
        apiBaseUrl: `${fake.url}/`,
      })
      const telephony = yield* Effect.provide(Telephony, layer)
      yield* telephony.sendSms({ to: ana, body: "trailing slash in the base is fine" })
      expect(yield* fake.messages).toHaveLength(1)
    }).pipe(Effect.provide(Layer.fresh(FakeTwilio.layer()))),
  )
})
