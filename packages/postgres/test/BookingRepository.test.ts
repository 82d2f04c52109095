import { describe, expect, it } from "@effect/vitest"
import { BookingRepository } from "@frontdesk/domain/BookingRepository"
import { EventId } from "@frontdesk/domain/Ids"
import { NewOutboxJob, Outbox } from "@frontdesk/domain/Outbox"
import * as TimeRange from "@frontdesk/domain/TimeRange"
import { businessId, customer, newBooking, utc } from "@frontdesk/testkit/Fixtures"
import { Array as Arr, Effect, Either, Layer } from "effect"
import * as PgBookingRepository from "../src/PgBookingRepository.js"
import * as PgOutbox from "../src/PgOutbox.js"
import { forEachTarget, targets } from "./TestDatabases.js"

const confirmation = (bookingId: string) =>
  new NewOutboxJob({ kind: "sms.confirmation", payload: { bookingId }, dedupeKey: `sms.confirmation:${bookingId}` })

forEachTarget(await targets(), (name, database) => {
  const layer = Layer.provideMerge(Layer.mergeAll(PgBookingRepository.layer, PgOutbox.layer), database)

  describe(name, () => {
    it.layer(layer, { timeout: "60 seconds" })("BookingRepository on Postgres", (it) => {
      it.effect("stores a booking and reads it back decoded", () =>
        Effect.gen(function* () {
          const repo = yield* BookingRepository
          const input = newBooking({ businessId: businessId(), start: "2026-03-09T14:00:00Z", durationMinutes: 45 })
          const stored = yield* repo.insert(input)
          expect(stored.status).toBe("confirmed")
          const loaded = yield* repo.get(input.id)
          expect(loaded.customer).toEqual(input.customer)
          expect(loaded.startsAt).toEqual(input.startsAt)
          expect(loaded.endsAt).toEqual(input.endsAt)
          expect(loaded.calendarSync).toBe("pending")
        }),
      )

      it.effect("rejects an overlapping booking with SlotTaken, allows back-to-back ones", () =>
        Effect.gen(function* () {
          const repo = yield* BookingRepository
          const biz = businessId()
          yield* repo.insert(newBooking({ businessId: biz, start: "2026-03-09T14:00:00Z" }))
          const clash = yield* Effect.either(
            repo.insert(newBooking({ businessId: biz, start: "2026-03-09T14:30:00Z" })),
          )
          expect(Either.isLeft(clash) && clash.left._tag).toBe("SlotTaken")
          yield* repo.insert(newBooking({ businessId: biz, start: "2026-03-09T15:00:00Z" }))
          // Another business may book the very same time.
          yield* repo.insert(newBooking({ businessId: businessId(), start: "2026-03-09T14:00:00Z" }))
          const overlapping = yield* repo.overlapping(
            biz,
            TimeRange.make(utc("2026-03-09T13:00:00Z"), utc("2026-03-09T18:00:00Z")),
          )
          expect(overlapping.map((b) => b.startsAt)).toEqual([utc("2026-03-09T14:00:00Z"), utc("2026-03-09T15:00:00Z")])
        }),
      )

      it.effect("50 concurrent inserts of overlapping slots store exactly one", () =>
        Effect.gen(function* () {
          const repo = yield* BookingRepository
          const biz = businessId()
          const results = yield* Effect.forEach(
            Arr.range(0, 49),
            (i) =>
              Effect.either(
                repo.insert(newBooking({ businessId: biz, start: "2026-04-01T15:00:00Z", durationMinutes: 30 + i })),
              ),
            { concurrency: "unbounded" },
          )
          const ok = results.filter(Either.isRight)
          const taken = results.filter((r) => Either.isLeft(r) && r.left._tag === "SlotTaken")
          expect(ok.length).toBe(1)
          expect(taken.length).toBe(49)
          const stored = yield* repo.overlapping(
            biz,
            TimeRange.make(utc("2026-04-01T00:00:00Z"), utc("2026-04-02T00:00:00Z")),
          )
          expect(stored.length).toBe(1)
        }),
      )

      it.effect("cancelling frees the slot and is idempotent", () =>
        Effect.gen(function* () {
          const repo = yield* BookingRepository
          const outbox = yield* Outbox
          const biz = businessId()
          const first = yield* repo.insert(newBooking({ businessId: biz, start: "2026-03-10T14:00:00Z" }))
          const cancelled = yield* repo.cancel(first.id, [
            new NewOutboxJob({ kind: "sms.cancellation", payload: { bookingId: first.id } }),
          ])
          expect(cancelled.status).toBe("cancelled")
          const again = yield* repo.cancel(first.id, [
            new NewOutboxJob({ kind: "sms.cancellation", payload: { bookingId: first.id } }),
          ])
          expect(again.status).toBe("cancelled")
          const jobs = yield* outbox.list({})
          expect(jobs.filter((j) => (j.payload as { bookingId?: string }).bookingId === first.id).length).toBe(1)
          const replacement = yield* repo.insert(newBooking({ businessId: biz, start: "2026-03-10T14:00:00Z" }))
          expect(replacement.status).toBe("confirmed")
          const missing = yield* Effect.either(
            repo.cancel(newBooking({ businessId: biz, start: "2026-03-10T14:00:00Z" }).id),
          )
          expect(Either.isLeft(missing) && missing.left._tag).toBe("BookingNotFound")
        }),
      )

      it.effect("a booking and its outbox jobs commit together, or not at all", () =>
        Effect.gen(function* () {
          const repo = yield* BookingRepository
          const outbox = yield* Outbox
          const biz = businessId()
          const winner = newBooking({ businessId: biz, start: "2026-03-11T14:00:00Z" })
          yield* repo.insert(winner, [confirmation(winner.id)])
          const loser = newBooking({ businessId: biz, start: "2026-03-11T14:15:00Z" })
          const result = yield* Effect.either(repo.insert(loser, [confirmation(loser.id)]))
          expect(Either.isLeft(result)).toBe(true)
          const keys = (yield* outbox.list({ status: "pending" })).map((j) => j.dedupeKey)
          expect(keys).toContain(`sms.confirmation:${winner.id}`)
          expect(keys).not.toContain(`sms.confirmation:${loser.id}`)
          // A failed insert leaves no half-written booking either.
          const lost = yield* Effect.either(repo.get(loser.id))
          expect(Either.isLeft(lost) && lost.left._tag).toBe("BookingNotFound")
        }),
      )

      it.effect("reschedules into a free slot, refuses a taken one", () =>
        Effect.gen(function* () {
          const repo = yield* BookingRepository
          const biz = businessId()
          const a = yield* repo.insert(newBooking({ businessId: biz, start: "2026-03-12T14:00:00Z" }))
          yield* repo.insert(newBooking({ businessId: biz, start: "2026-03-12T16:00:00Z" }))
          const moved = yield* repo.reschedule(
            a.id,
            TimeRange.make(utc("2026-03-12T14:30:00Z"), utc("2026-03-12T15:30:00Z")),
          )
          expect(moved.startsAt).toEqual(utc("2026-03-12T14:30:00Z"))
          const clash = yield* Effect.either(
            repo.reschedule(a.id, TimeRange.make(utc("2026-03-12T15:30:00Z"), utc("2026-03-12T16:30:00Z"))),
          )
          expect(Either.isLeft(clash) && clash.left._tag).toBe("SlotTaken")
          expect((yield* repo.get(a.id)).startsAt).toEqual(utc("2026-03-12T14:30:00Z"))
        }),
      )

      it.effect("lists newest first, finds a caller's upcoming bookings, records calendar sync", () =>
        Effect.gen(function* () {
          const repo = yield* BookingRepository
          const biz = businessId()
          const caller = customer({ name: "Ana Ruiz" })
          const past = yield* repo.insert(
            newBooking({ businessId: biz, start: "2026-03-01T14:00:00Z", customer: caller }),
          )
          const later = yield* repo.insert(
            newBooking({ businessId: biz, start: "2026-03-20T14:00:00Z", customer: caller }),
          )
          const sooner = yield* repo.insert(
            newBooking({ businessId: biz, start: "2026-03-15T14:00:00Z", customer: caller }),
          )
          yield* repo.insert(newBooking({ businessId: biz, start: "2026-03-16T14:00:00Z" }))
          const upcoming = yield* repo.upcomingByCustomerPhone(biz, caller.phone, utc("2026-03-05T00:00:00Z"))
          expect(upcoming.map((b) => b.id)).toEqual([sooner.id, later.id])
          expect(upcoming.map((b) => b.id)).not.toContain(past.id)
          const listed = yield* repo.listByBusiness(biz, { limit: 3 })
          expect(listed.length).toBe(3)
          const synced = yield* repo.setCalendarSync(sooner.id, "synced", EventId.make("evt123"))
          expect(synced.externalEventId).toBe("evt123")
          const failedLater = yield* repo.setCalendarSync(sooner.id, "failed")
          expect(failedLater.externalEventId).toBe("evt123")
          expect(failedLater.calendarSync).toBe("failed")
        }),
      )
    })
  })
})
