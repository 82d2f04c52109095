import { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import * as FakeGoogle from "@frontdesk/testkit/FakeGoogle"
import { Duration, Effect, Either, Fiber, Redacted } from "effect"
import * as WebhookClient from "../src/cli/WebhookClient.js"
import {
  connectGoogle,
  everyDayBusiness,
  googleAdapters,
  makeHarness,
  publicBaseUrl,
  twilioAuthToken,
} from "./Harness.js"

describe("graceful shutdown", () => {
  it.scopedLive("closing stops new connections but lets a webhook in flight finish its answer", () =>
    Effect.gen(function* () {
      const google = yield* FakeGoogle.make()
      const harness = yield* makeHarness(googleAdapters(google))
      const business = everyDayBusiness({ aiConfig: Fixtures.googleAiConfig })
      yield* harness.seed(business)
      yield* connectGoogle(harness, google, business)
      const address = yield* Effect.promise(() => harness.app.listen({ port: 0, host: "127.0.0.1" }))
      const call = yield* WebhookClient.makeCall(
        {
          url: address,
          publicBaseUrl,
          authToken: Redacted.make(twilioAuthToken),
          businessId: business.id,
          to: business.phoneNumbers[0] ?? "",
        },
        { from: "+15551230077" },
      )
      yield* call.start
      // Checking the time takes a while now: Google is slow.
      yield* google.setLatency(Duration.millis(400))
      const inFlight = yield* Effect.fork(call.say("Hi, this is Ana Ruiz, a haircut tomorrow at 10 AM"))
      yield* Effect.sleep("100 millis")
      const closing = yield* Effect.fork(Effect.promise(() => harness.app.close()))
      yield* Effect.sleep("50 millis")

      const answer = yield* Fiber.join(inFlight)
      expect(yield* google.requestCount("freeBusy")).toBeGreaterThan(0)
      expect(answer.says.join(" ")).toContain("Shall I book it?")
      yield* Fiber.join(closing)
      const client = yield* HttpClient.HttpClient
      const after = yield* Effect.either(client.get(`${address}/healthz`))
      expect(Either.isLeft(after)).toBe(true)
    }).pipe(Effect.provide(NodeHttpClient.layerUndici)),
  )
})
