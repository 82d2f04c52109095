import { expect, layer } from "@effect/vitest"
import type { PhoneNumber } from "@frontdesk/domain/model/Ids"
import { isPermanent, Telephony, type TelephonyFailureKind } from "@frontdesk/domain/ports/Telephony"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { Effect, type Layer } from "effect"

/*
 * Behaviour every Telephony must show, run against the recording telephony and the Twilio adapter
 * on the fake Twilio. The outbox's text handlers rely on it: a resend after a lost answer texts
 * nobody twice, and failures say whether a retry could help. Each test texts fresh numbers.
 */

/** A text the provider accepted, as the provider itself holds it. */
export interface DeliveredSms {
  readonly sid: string
  readonly body: string
}

/** The provider failures the contract rehearses (each implementation has a way to cause them). */
export type RehearsedFailure = Extract<
  TelephonyFailureKind,
  "InvalidNumber" | "Unsubscribed" | "RateLimited" | "Unavailable"
>

/** What the suite needs of an implementation besides the port. */
export interface TelephonyBackstage<R> {
  /** Texts accepted for this number, oldest first. */
  readonly delivered: (to: PhoneNumber) => Effect.Effect<ReadonlyArray<DeliveredSms>, never, R>
  /** The next send fails the way the provider fails for this reason. */
  readonly failNext: (failure: RehearsedFailure) => Effect.Effect<void, never, R>
}

const failures: ReadonlyArray<{ readonly failure: RehearsedFailure; readonly permanent: boolean }> = [
  { failure: "InvalidNumber", permanent: true },
  { failure: "Unsubscribed", permanent: true },
  { failure: "RateLimited", permanent: false },
  { failure: "Unavailable", permanent: false },
]

export const suite = <E, R>(name: string, layer_: Layer.Layer<Telephony | R, E>, backstage: TelephonyBackstage<R>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
    it.effect("sends a text and answers with the provider's id; each text is its own", () =>
      Effect.gen(function* () {
        const telephony = yield* Telephony
        const to = Fixtures.phoneNumber()
        const first = yield* telephony.sendSms({ to, body: "You're booked: Haircut on Friday at 3 PM." })
        const second = yield* telephony.sendSms({ to, body: "Your Haircut on Friday at 3 PM is cancelled." })
        expect(second.sid).not.toBe(first.sid)
        expect(yield* backstage.delivered(to)).toEqual([
          { sid: first.sid, body: "You're booked: Haircut on Friday at 3 PM." },
          { sid: second.sid, body: "Your Haircut on Friday at 3 PM is cancelled." },
        ])
        expect(yield* backstage.delivered(Fixtures.phoneNumber())).toEqual([])
      }),
    )

    it.effect("a resend that may have been sent already texts once and answers the first id", () =>
      Effect.gen(function* () {
        const telephony = yield* Telephony
        const to = Fixtures.phoneNumber()
        const message = {
          to,
          body: "You're booked: Color on Monday at 10 AM.",
          idempotencyKey: "sms:confirmation:bk_1",
        }
        const first = yield* telephony.sendSms(message)
        // The outbox's second attempt after the first one's answer was lost.
        const again = yield* telephony.sendSms({ ...message, mayHaveBeenSent: true })
        expect(again.sid).toBe(first.sid)
        expect((yield* backstage.delivered(to)).map((sms) => sms.sid)).toEqual([first.sid])
      }),
    )

    for (const { failure, permanent } of failures) {
      it.effect(`${failure} fails the send as ${permanent ? "permanent" : "worth a retry"}, and sends nothing`, () =>
        Effect.gen(function* () {
          const telephony = yield* Telephony
          const to = Fixtures.phoneNumber()
          yield* backstage.failNext(failure)
          const error = yield* Effect.flip(telephony.sendSms({ to, body: "See you soon" }))
          expect(error._tag).toBe("TelephonyError")
          expect(error.kind).toBe(failure)
          expect(isPermanent(error)).toBe(permanent)
          expect(yield* backstage.delivered(to)).toEqual([])
          // Only that send: the next one goes through.
          yield* telephony.sendSms({ to, body: "See you soon" })
          expect(yield* backstage.delivered(to)).toHaveLength(1)
        }),
      )
    }
  })
