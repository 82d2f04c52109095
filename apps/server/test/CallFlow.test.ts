import { describe, expect, it } from "@effect/vitest"
import { CallSid } from "@frontdesk/domain/model/Ids"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import * as MemoryBusinesses from "@frontdesk/domain/ports/MemoryBusinesses"
import * as MemoryCallSessions from "@frontdesk/domain/ports/MemoryCallSessions"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { Deferred, Effect, Fiber, Layer, Ref } from "effect"
import * as CallFlow from "../src/CallFlow.js"
import * as Metrics from "../src/Metrics.js"
import { Receptionist } from "../src/Receptionist.js"
import * as TwimlReader from "../src/TwimlReader.js"

/**
 * Two copies of one webhook race. The copy that booked finishes last (its calendar write is slow);
 * the copy that lost the slot to it saved its "that time was just taken" first. The caller must
 * still end up with the answer of the copy that booked.
 */
describe("CallFlow with duplicate webhooks", () => {
  it.scoped("the turn that booked wins over a duplicate that saved first", () =>
    Effect.gen(function* () {
      const business = Fixtures.demoBusiness()
      const loserDone = yield* Deferred.make<void>()
      const calls = yield* Ref.make(0)
      const receptionist = Receptionist.of({
        start: () => Effect.succeed({ state: { n: 0 }, reply: { say: "Hello", next: { _tag: "Listen" } } }),
        respond: () =>
          Effect.gen(function* () {
            const n = yield* Ref.updateAndGet(calls, (x) => x + 1)
            if (n === 1) {
              // The booker: waits until the duplicate has saved.
              yield* Deferred.await(loserDone)
              return { state: { n: 1 }, reply: { say: "You're all set!", next: { _tag: "Hangup" } }, committed: true }
            }
            return { state: { n: 2 }, reply: { say: "Sorry, someone just took that time.", next: { _tag: "Listen" } } }
          }),
      })
      const layer = Layer.mergeAll(
        MemoryBusinesses.layerMemory,
        MemoryCallSessions.layerMemory,
        Metrics.layer,
        Layer.succeed(Receptionist, receptionist),
      )
      const context = yield* Layer.build(layer)
      const run = <A, E>(effect: Effect.Effect<A, E, Layer.Layer.Success<typeof layer>>) =>
        Effect.provide(effect, context)

      yield* run(Effect.flatMap(Businesses, (b) => b.create(business)))
      const call = { callSid: CallSid.make(Fixtures.callSid()), from: "+15551230001", to: undefined }
      const urls = { publicBaseUrl: "https://x.test" }
      yield* run(CallFlow.handle({ businessId: business.id, call, turn: 0, caller: { silence: false }, urls }))
      const turn = { businessId: business.id, call, turn: 1, caller: { silence: false, speech: "yes" }, urls }

      const booker = yield* Effect.fork(run(CallFlow.handle(turn)))
      yield* Effect.yieldNow()
      const duplicate = yield* run(CallFlow.handle(turn))
      yield* Deferred.succeed(loserDone, undefined)
      const booked = yield* Fiber.join(booker)

      expect(TwimlReader.read(duplicate).says).toEqual(["Sorry, someone just took that time."])
      expect(TwimlReader.read(booked).says).toEqual(["You're all set!"])
      // What Twilio gets on any later retry of this turn is the booking's answer.
      const retry = yield* run(CallFlow.handle(turn))
      expect(TwimlReader.read(retry).says).toEqual(["You're all set!"])
      expect(yield* Ref.get(calls)).toBe(2)
    }),
  )
})
