import { Telephony } from "@frontdesk/domain/ports/Telephony"
import * as FakeTwilio from "@frontdesk/testkit/FakeTwilio"
import * as TelephonyContract from "@frontdesk/testkit/TelephonyContract"
import { Effect, Layer, Redacted } from "effect"
import * as TwilioTelephony from "../src/TwilioTelephony.js"

// The testkit's Telephony contract on this adapter over real HTTP to the fake Messages API.
const twilio = Layer.effect(
  Telephony,
  Effect.flatMap(FakeTwilio.FakeTwilioServer, (fake) =>
    TwilioTelephony.make({
      accountSid: fake.accountSid,
      authToken: Redacted.make(fake.authToken),
      sender: { _tag: "From", from: "+15550000000" },
      apiBaseUrl: fake.url,
    }),
  ),
).pipe(Layer.provideMerge(FakeTwilio.layer()))

TelephonyContract.suite("TwilioTelephony", twilio, {
  delivered: (to) =>
    Effect.flatMap(FakeTwilio.FakeTwilioServer, (fake) =>
      Effect.map(fake.messages, (messages) =>
        messages.filter((message) => message.to === to).map(({ body, sid }) => ({ sid, body })),
      ),
    ),
  failNext: (failure) => Effect.flatMap(FakeTwilio.FakeTwilioServer, (fake) => fake.failNext(failure)),
})
