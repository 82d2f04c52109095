import { HttpClient } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Calendar } from "@frontdesk/domain/ports/Calendar"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import * as FakeGoogle from "@frontdesk/testkit/FakeGoogle"
import { Deferred, Effect, Either, Fiber, Layer, Redacted, Schedule } from "effect"
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
      // The caller's availability check waits at a gate, so the webhook is surely in flight when the
      // server starts closing, and surely finishes after: no sleeps to guess how long either takes.
      const checking = yield* Deferred.make<void>()
      const gate = yield* Deferred.make<void>()
      const adapters = googleAdapters(google)
      const gated = Layer.effect(
        Calendar,
        Effect.map(Calendar, (calendar) =>
          Calendar.of({
            ...calendar,
            busy: (business, range) =>
              Deferred.succeed(checking, undefined).pipe(
                Effect.zipRight(Deferred.await(gate)),
                Effect.zipRight(calendar.busy(business, range)),
              ),
          }),
        ),
      ).pipe(Layer.provide(adapters.calendar))
      const harness = yield* makeHarness({ ...adapters, calendar: gated })
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
      const inFlight = yield* Effect.fork(call.say("Hi, this is Ana Ruiz, a haircut tomorrow at 10 AM"))
      yield* Deferred.await(checking)
      const closing = yield* Effect.fork(Effect.promise(() => harness.app.close()))
      // Closing has begun once the server stops listening; only then may the check go on to Google.
      yield* Effect.sync(() => harness.app.server.listening).pipe(
        Effect.repeat({ until: (listening) => !listening, schedule: Schedule.spaced("5 millis") }),
      )
      yield* Deferred.succeed(gate, undefined)

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
