import { describe, expect, it } from "@effect/vitest"
import { EventId } from "@frontdesk/domain/model/Ids"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { Calendar } from "@frontdesk/domain/ports/Calendar"
import { CallSessions } from "@frontdesk/domain/ports/CallSessions"
import { CalendarCredentials, TokenVault } from "@frontdesk/domain/ports/TokenVault"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { DateTime, Deferred, Duration, Effect, Layer, Redacted } from "effect"
import * as CallFlow from "../src/CallFlow.js"
import { everyDayBusiness, makeHarness, memoryStorage } from "./Harness.js"

/**
 * Every voice webhook answers inside Twilio's patience (and a caller's): a hung Google or a hung
 * database costs the caller a "one moment", never dead air or Twilio's error message.
 */

/** Comfortably inside Twilio's 15 s, and what we promise: 3 s. */
const promised = 3_000

/*
 * The calendar and the database below hang until released, so a "one moment" answer can only come
 * from CallFlow's deadline firing; no assertion reads the wall clock, which a loaded machine stretches.
 */
describe("voice webhook deadline", () => {
  it("the deadline a webhook answers by is inside what we promise", () => {
    expect(Duration.toMillis(CallFlow.turnDeadline)).toBeLessThan(promised)
  })

  it.live("a hung calendar check gets 'one moment', then the read-back once it answers, and books once", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const gate = yield* Deferred.make<void>()
        const hanging = Layer.succeed(Calendar, {
          busy: () => Effect.as(Deferred.await(gate), []),
          createEvent: (_business, event) => Effect.succeed(EventId.make(`evt${event.bookingId}`)),
          updateEvent: (_business, event) => Effect.succeed(EventId.make(`evt${event.bookingId}`)),
          deleteEvent: () => Effect.void,
          listCalendars: () => Effect.succeed([]),
        })
        const harness = yield* makeHarness({ calendar: hanging })
        const business = everyDayBusiness({ aiConfig: Fixtures.googleAiConfig })
        yield* harness.seed(business)
        yield* harness.run(
          Effect.flatMap(TokenVault, (vault) =>
            vault.store(
              business.id,
              new CalendarCredentials({
                provider: "google",
                refreshToken: Redacted.make("1//token"),
                scope: "calendar",
                status: "connected",
                updatedAt: DateTime.unsafeNow(),
              }),
            ),
          ),
        )
        const call = harness.call(business)
        yield* call.start()
        const slow = yield* call.say("Hi, this is Ana Ruiz, can I get a haircut tomorrow at 10 AM?")
        expect(slow.says.join(" ")).toContain("One moment")
        expect(slow.redirect).toContain("hold=1")

        // Google answers; Twilio comes back from the pause and hears the real answer.
        yield* Deferred.succeed(gate, undefined)
        const readBack = yield* call.silence()
        expect(readBack.says.join(" ")).toContain("Shall I book it?")
        // The hold's redirect replayed the stored answer: the turn ran once.
        yield* call.say("yes")
        const bookings = yield* harness.run(Effect.flatMap(BookingRepository, (r) => r.listByBusiness(business.id)))
        expect(bookings).toHaveLength(1)
      }),
    ),
  )

  it.live(
    "a hung database: holds within the deadline, then asks the caller to try again, never an error",
    () =>
      Effect.scoped(
        Effect.gen(function* () {
          const hungSessions = Layer.effect(
            CallSessions,
            Effect.map(CallSessions, (sessions) => ({ ...sessions, load: () => Effect.never })),
          )
          const storage = Layer.merge(memoryStorage, hungSessions.pipe(Layer.provide(memoryStorage)))
          const harness = yield* makeHarness({ storage })
          const business = everyDayBusiness()
          yield* harness.seed(business)
          const call = harness.call(business)
          const answers: Array<string> = []
          let view = yield* call.start()
          answers.push(view.says.join(" "))
          for (let hold = 1; hold <= CallFlow.maxHolds; hold++) {
            expect(view.redirect).toContain(`hold=${hold}`)
            view = yield* call.silence()
            answers.push(view.says.join(" "))
          }
          expect(answers[0]).toContain("One moment")
          expect(answers.at(-1)).toContain("having a little trouble")
          expect(view.hangup).toBe(false)
        }),
      ),
    30_000,
  )
})
