import { expect, layer } from "@effect/vitest"
import { OAuthStates } from "@frontdesk/domain/ports/OAuthStates"
import { OptOuts } from "@frontdesk/domain/ports/OptOuts"
import { PendingReplies } from "@frontdesk/domain/ports/PendingReplies"
import { TextBudget } from "@frontdesk/domain/ports/TextBudget"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { DateTime, Effect, type Layer, Option } from "effect"

/*
 * Behaviour every store of the trust ports must show: opt-outs, the hourly text budget and the
 * OAuth states. Stores keep rows between tests, so each test uses fresh ids; the live clock runs.
 */

export const optOutsSuite = <E>(name: string, layer_: Layer.Layer<OptOuts, E>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
    it.effect("STOP opts a number out of one business's texts until START; HELP changes nothing", () =>
      Effect.gen(function* () {
        const optOuts = yield* OptOuts
        const business = Fixtures.businessId()
        const other = Fixtures.businessId()
        const phone = Fixtures.phoneNumber()
        expect(yield* optOuts.isOptedOut(business, phone)).toBe(false)
        yield* optOuts.record(business, phone, "STOP")
        expect(yield* optOuts.isOptedOut(business, phone)).toBe(true)
        expect(yield* optOuts.isOptedOut(other, phone)).toBe(false)
        yield* optOuts.record(business, phone, "HELP")
        expect(yield* optOuts.isOptedOut(business, phone)).toBe(true)
        yield* optOuts.record(business, phone, "STOP")
        yield* optOuts.record(business, phone, "START")
        expect(yield* optOuts.isOptedOut(business, phone)).toBe(false)
      }),
    )
  })

export const textBudgetSuite = <E>(name: string, layer_: Layer.Layer<TextBudget, E>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
    it.effect("counts each text in its business's hour, concurrent takes each getting their own count", () =>
      Effect.gen(function* () {
        const budget = yield* TextBudget
        const business = Fixtures.businessId()
        const hour = DateTime.startOf(DateTime.unsafeMake("2026-12-01T15:00:00Z"), "hour")
        const counts = yield* Effect.all(
          Array.from({ length: 10 }, () => budget.take(business, hour)),
          { concurrency: 10 },
        )
        expect([...counts].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
        expect(yield* budget.take(business, DateTime.add(hour, { hours: 1 }))).toBe(1)
        expect(yield* budget.take(Fixtures.businessId(), hour)).toBe(1)
      }),
    )
  })

export const oauthStatesSuite = <E>(name: string, layer_: Layer.Layer<OAuthStates, E>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
    it.effect("a state is consumed once, by one of two racing callbacks, and never after it expires", () =>
      Effect.gen(function* () {
        const states = yield* OAuthStates
        const business = Fixtures.businessId()
        const now = yield* DateTime.now
        const nonce = `n_${crypto.randomUUID()}`
        yield* states.issue(nonce, business, DateTime.add(now, { minutes: 10 }))
        const both = yield* Effect.all([states.consume(nonce, now), states.consume(nonce, now)], {
          concurrency: 2,
        })
        expect(both.filter(Option.isSome).map((o) => o.value)).toEqual([business])
        expect(yield* states.consume(nonce, now)).toEqual(Option.none())
        expect(yield* states.consume(`n_${crypto.randomUUID()}`, now)).toEqual(Option.none())

        const late = `n_${crypto.randomUUID()}`
        yield* states.issue(late, business, DateTime.add(now, { minutes: 10 }))
        expect(yield* states.consume(late, DateTime.add(now, { minutes: 11 }))).toEqual(Option.none())
      }),
    )
  })

export const pendingRepliesSuite = <E>(name: string, layer_: Layer.Layer<PendingReplies, E>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
    it.effect("a pending cancellation is taken once, the latest one wins, and an expired one is gone", () =>
      Effect.gen(function* () {
        const pending = yield* PendingReplies
        const business = Fixtures.businessId()
        const phone = Fixtures.phoneNumber()
        const now = yield* DateTime.now
        const [first, second] = [Fixtures.bookingId(), Fixtures.bookingId()]
        yield* pending.put(business, phone, first, DateTime.add(now, { minutes: 30 }))
        yield* pending.put(business, phone, second, DateTime.add(now, { minutes: 30 }))
        expect(yield* pending.take(Fixtures.businessId(), phone, now)).toEqual(Option.none())
        const both = yield* Effect.all([pending.take(business, phone, now), pending.take(business, phone, now)], {
          concurrency: 2,
        })
        expect(both.filter(Option.isSome).map((o) => o.value)).toEqual([second])

        yield* pending.put(business, phone, first, DateTime.add(now, { minutes: 30 }))
        expect(yield* pending.take(business, phone, DateTime.add(now, { minutes: 31 }))).toEqual(Option.none())
        expect(yield* pending.take(business, phone, now)).toEqual(Option.none())
      }),
    )
  })
