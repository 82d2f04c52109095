import { describe, expect, it } from "@effect/vitest"
import { CallSid } from "@frontdesk/domain/model/Ids"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { Deferred, Effect, Fiber, Layer, Ref } from "effect"
import * as CallFlow from "../src/CallFlow.js"
import * as TwimlReader from "../src/TwimlReader.js"
import { everyDayBusiness, makeHarness, memoryStorage } from "./Harness.js"

/**
 * Two copies of one webhook race. The copy that booked finishes last (it is held right after its
 * booking is stored); the copy that lost the slot to it saved its "that time was just taken"
 * first. The caller must still end up with the answer of the copy that booked.
 */
describe("CallFlow with duplicate webhooks", () => {
  it.scoped("the turn that booked wins over a duplicate that saved first", () =>
    Effect.gen(function* () {
      const booked = yield* Deferred.make<void>()
      const loserDone = yield* Deferred.make<void>()
      const inserts = yield* Ref.make(0)
      // Availability checks and inserts: a turn that runs the conversation reads bookings.
      const reads = yield* Ref.make(0)
      // The booker: its booking is stored, then it waits until the duplicate has saved its answer.
      const slowBooker = Layer.effect(
        BookingRepository,
        Effect.map(BookingRepository, (repository) => ({
          ...repository,
          overlapping: (businessId, range) =>
            Effect.zipRight(
              Ref.update(reads, (x) => x + 1),
              repository.overlapping(businessId, range),
            ),
          insert: (booking, jobs) =>
            Effect.gen(function* () {
              const n = yield* Ref.updateAndGet(inserts, (x) => x + 1)
              const stored = yield* repository.insert(booking, jobs)
              if (n === 1) {
                yield* Deferred.succeed(booked, undefined)
                yield* Deferred.await(loserDone)
              }
              return stored
            }),
        })),
      )
      const harness = yield* makeHarness({
        storage: Layer.merge(memoryStorage, slowBooker.pipe(Layer.provide(memoryStorage))),
      })
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const call = { callSid: CallSid.make(Fixtures.callSid()), from: "+15551230001", to: undefined }
      const urls = { publicBaseUrl: "https://x.test" }
      const handle = (turn: number, caller: CallFlow.TurnInput["caller"]) =>
        harness.run(CallFlow.handle({ businessId: business.id, call, turn, caller, urls }))

      yield* handle(0, { _tag: "Silence" })
      const readBack = yield* handle(1, { _tag: "Speech", text: "Hi, this is Ana Ruiz, a haircut tomorrow at 1 PM" })
      expect(TwimlReader.read(readBack).says.join(" ")).toContain("Shall I book it?")

      const yes = { _tag: "Speech", text: "yes" } as const
      const booker = yield* Effect.fork(handle(2, yes))
      yield* Deferred.await(booked)
      const readsBeforeDuplicate = yield* Ref.get(reads)
      const duplicate = yield* handle(2, yes)
      // The duplicate ran the conversation too (and found the slot gone).
      expect(yield* Ref.get(reads)).toBeGreaterThan(readsBeforeDuplicate)
      yield* Deferred.succeed(loserDone, undefined)
      const bookerAnswer = yield* Fiber.join(booker)

      expect(TwimlReader.read(duplicate).says.join(" ")).toContain("already taken")
      expect(TwimlReader.read(bookerAnswer).says.join(" ")).toContain("You're all set!")
      // What Twilio gets on any later retry of this turn is the booking's answer.
      const readsBeforeRetry = yield* Ref.get(reads)
      const retry = yield* handle(2, yes)
      expect(retry).toBe(bookerAnswer)
      // The retry replayed the stored answer: no conversation ran, nothing was read or booked.
      expect(yield* Ref.get(reads)).toBe(readsBeforeRetry)
      expect(yield* Ref.get(inserts)).toBe(1)
      const bookings = yield* harness.run(Effect.flatMap(BookingRepository, (r) => r.listByBusiness(business.id)))
      expect(bookings).toHaveLength(1)
    }),
  )
})
