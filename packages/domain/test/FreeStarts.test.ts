import { describe, expect, it } from "@effect/vitest"
import { DateTime, Effect, Ref } from "effect"
import * as AvailabilityPolicy from "../src/availability/AvailabilityPolicy.js"
import * as FreeStarts from "../src/availability/FreeStarts.js"
import { BookingRules, type Business } from "../src/model/Business.js"
import type { LocalDate } from "../src/model/LocalDate.js"
import * as TimeRange from "../src/model/TimeRange.js"
import * as BookingHarness from "../src/testing/BookingHarness.js"
import * as Fixtures from "../src/testing/Fixtures.js"

const { ny, wall, now } = BookingHarness
const friday: LocalDate = { year: 2026, month: 12, day: 4 }

/** The policy's own free slots over fixed busy times, counting the days asked about. */
const run = (
  business: Business,
  query: FreeStarts.Query,
  busy: ReadonlyArray<TimeRange.TimeRange> = [],
  minutes = 60,
) =>
  Effect.gen(function* () {
    const asked = yield* Ref.make<ReadonlyArray<string>>([])
    const found = yield* FreeStarts.find(business, query, now, (date) =>
      Effect.as(
        Ref.update(asked, (days) => [...days, `${date.month}-${date.day}`]),
        AvailabilityPolicy.freeSlots({ business, date, durationMinutes: minutes, busy, now }),
      ),
    )
    return { starts: found.starts.map(wall), within: found.within, asked: yield* Ref.get(asked) }
  })

const busy = (from: string, to: string) => TimeRange.make(ny(from), ny(to))

describe("FreeStarts", () => {
  it.effect("offers three starts spread over the day asked, around what is busy", () =>
    Effect.gen(function* () {
      const result = yield* run(Fixtures.demoBusiness(), { from: friday, through: friday }, [
        busy("2026-12-04T09:00", "2026-12-04T12:00"),
      ])
      expect(result).toEqual({
        starts: ["2026-12-04T12:00", "2026-12-04T14:00", "2026-12-04T16:00"],
        within: true,
        asked: ["12-4"],
      })
    }),
  )

  it.effect("keeps to the times asked: after, before, a part of the day", () =>
    Effect.gen(function* () {
      const business = Fixtures.demoBusiness()
      const after = yield* run(business, { from: friday, through: friday, after: { hour: 15, minute: 0 } })
      expect(after.starts).toEqual(["2026-12-04T15:00", "2026-12-04T15:30", "2026-12-04T16:00"])
      const before = yield* run(business, { from: friday, through: friday, before: { hour: 10, minute: 0 } })
      expect(before.starts).toEqual(["2026-12-04T09:00", "2026-12-04T09:30"])
      const afternoon = yield* run(business, { from: friday, through: friday, partOfDay: "afternoon" })
      expect(afternoon.starts).toEqual(["2026-12-04T12:00", "2026-12-04T14:00", "2026-12-04T16:00"])
    }),
  )

  it.effect("the earliest: the first day with anything, from today, skipping closed days without asking", () =>
    Effect.gen(function* () {
      // Now is Tuesday 8 AM; Tuesday to Friday are full, Saturday has hours, Sunday is closed.
      const result = yield* run(Fixtures.demoBusiness(), { from: { year: 2026, month: 12, day: 1 } }, [
        busy("2026-12-01T00:00", "2026-12-05T00:00"),
      ])
      expect(result.starts).toEqual(["2026-12-05T10:00", "2026-12-05T11:30", "2026-12-05T13:00"])
      expect(result.asked).toEqual(["12-1", "12-2", "12-3", "12-4", "12-5"])
    }),
  )

  it.effect("a full day asked about: the next day with anything, marked as outside what was asked", () =>
    Effect.gen(function* () {
      const result = yield* run(Fixtures.demoBusiness(), { from: friday, through: friday }, [
        busy("2026-12-04T00:00", "2026-12-05T00:00"),
      ])
      expect(result.within).toBe(false)
      expect(result.starts[0]).toBe("2026-12-05T10:00")
      // Sunday is closed: not asked about.
      expect(result.asked).toEqual(["12-4", "12-5"])
    }),
  )

  it.effect("several days: the first start of each day with anything", () =>
    Effect.gen(function* () {
      const result = yield* run(Fixtures.demoBusiness(), { from: friday, through: { year: 2026, month: 12, day: 8 } }, [
        busy("2026-12-04T00:00", "2026-12-04T13:00"),
      ])
      expect(result.starts).toEqual(["2026-12-04T13:00", "2026-12-05T10:00", "2026-12-07T09:00"])
      expect(result.asked).toEqual(["12-4", "12-5", "12-7"])
    }),
  )

  it.effect("closed dates are not offered, and nothing past the booking window is looked at", () =>
    Effect.gen(function* () {
      const business = Fixtures.demoBusiness({
        closedDates: ["2026-12-04"],
        bookingRules: new BookingRules({ ...Fixtures.bellaBookingRules, maxDaysAhead: 5 }),
      })
      const closed = yield* run(business, { from: friday, through: friday })
      expect(closed.starts[0]).toBe("2026-12-05T10:00")
      const none = yield* run(business, { from: { year: 2026, month: 12, day: 1 } }, [
        busy("2026-12-01T00:00", "2026-12-31T00:00"),
      ])
      expect(none.starts).toEqual([])
      // Today plus five days: Tuesday to Sunday, less the closed Friday and Sunday.
      expect(none.asked).toEqual(["12-1", "12-2", "12-3", "12-5"])
    }),
  )

  it("spreads a long list to its first, middle and last", () => {
    expect(FreeStarts.spread([1, 2, 3, 4, 5, 6, 7])).toEqual([1, 4, 7])
    expect(FreeStarts.spread([1, 2])).toEqual([1, 2])
  })

  it("fits reads wall-clock time in the business's zone", () => {
    const business = Fixtures.demoBusiness()
    const query: FreeStarts.Query = { from: friday, after: { hour: 16, minute: 0 } }
    expect(FreeStarts.fits(business, query, ny("2026-12-04T16:00"))).toBe(true)
    expect(FreeStarts.fits(business, query, DateTime.unsafeMake("2026-12-04T16:00:00Z"))).toBe(false)
  })
})
