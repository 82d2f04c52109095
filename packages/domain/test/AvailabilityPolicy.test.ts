import { describe, expect, it } from "@effect/vitest"
import { DateTime, Option } from "effect"
import * as AvailabilityPolicy from "../src/availability/AvailabilityPolicy.js"
import type { AvailabilityResult } from "../src/availability/AvailabilityResult.js"
import * as LocalDate from "../src/model/LocalDate.js"
import type * as TimeRange from "../src/model/TimeRange.js"
import * as Refusals from "../src/speech/Refusals.js"
import * as SpokenTime from "../src/speech/SpokenTime.js"
import { local, makeBusiness, range, wall, zone } from "./fixtures.js"

// Tuesday 2026-12-01, 08:00 in New York: the week ahead is open.
const now = local("2026-12-01T08:00")
const salon = makeBusiness()
/** The refusal as the caller hears it. */
const said = (result: AvailabilityResult) => Refusals.refusal(salon, result.reason)

const check = (
  start: string,
  options: {
    readonly durationMinutes?: number
    readonly busy?: ReadonlyArray<TimeRange.TimeRange>
    readonly now?: DateTime.Utc
    readonly business?: AvailabilityPolicy.Schedule
  } = {},
) =>
  AvailabilityPolicy.check({
    business: options.business ?? salon,
    start: local(start),
    durationMinutes: options.durationMinutes ?? 60,
    busy: options.busy ?? [],
    now: options.now ?? now,
  })

describe("AvailabilityPolicy.check", () => {
  it("accepts a free start inside opening hours", () => {
    const result = check("2026-12-04T15:00")
    expect(result.available).toBe(true)
    expect(result.alternatives).toEqual([])
  })

  it("refuses an appointment that would run past closing, and says when closing is", () => {
    const result = check("2026-12-04T16:30")
    expect(result.available).toBe(false)
    expect(result.reasonCode).toBe("closed")
    expect(said(result)).toContain("5 PM")
    expect(result.alternatives.map(wall)).toEqual(["2026-12-04T16:00", "2026-12-04T15:30", "2026-12-04T15:00"])
    // The same time works for a 30-minute service
    expect(check("2026-12-04T16:30", { durationMinutes: 30 }).available).toBe(true)
    // Ending exactly at closing is fine
    expect(check("2026-12-04T16:00").available).toBe(true)
  })

  it("refuses a start before opening and says the hours", () => {
    const result = check("2026-12-04T08:00")
    expect(result.reasonCode).toBe("closed")
    expect(said(result)).toBe("Sorry, we're not open then; on Fridays we're open 9 AM to 5 PM.")
    expect(wall(result.alternatives[0]!)).toBe("2026-12-04T09:00")
  })

  it("refuses a closed day and offers the next open day, earliest first", () => {
    const result = check("2026-12-06T11:00")
    expect(result.reasonCode).toBe("closed")
    expect(said(result)).toBe("Sorry, we're closed on Sundays.")
    expect(result.alternatives.map(wall)).toEqual(["2026-12-07T09:00", "2026-12-07T09:30", "2026-12-07T10:00"])
  })

  it("honours the minimum lead time", () => {
    const at = local("2026-12-04T14:20")
    const result = check("2026-12-04T15:00", { now: at })
    expect(result.reasonCode).toBe("too_soon")
    expect(said(result)).toBe("Sorry, we need at least an hour's notice for a booking.")
    expect(result.alternatives.map(wall)).toEqual(["2026-12-04T15:30", "2026-12-04T16:00", "2026-12-05T10:00"])
    expect(check("2026-12-04T15:30", { now: at }).available).toBe(true)
  })

  it("refuses times in the past, offering the soonest free times", () => {
    const result = check("2026-11-30T10:00")
    expect(result.reasonCode).toBe("in_the_past")
    expect(result.alternatives.map(wall)).toEqual(["2026-12-01T09:00", "2026-12-01T09:30", "2026-12-01T10:00"])
  })

  it("refuses bookings beyond the maximum days ahead", () => {
    const business = makeBusiness({ rules: { maxDaysAhead: 7 } })
    expect(check("2026-12-08T10:00", { business }).available).toBe(true)
    const result = check("2026-12-09T10:00", { business })
    expect(result.reasonCode).toBe("too_far_ahead")
    expect(said(result)).toContain("7 days")
    expect(result.alternatives).toEqual([])
  })

  it("refuses an overlap with a local booking and offers the nearest free times on either side", () => {
    const busy = [range("2026-12-04T15:00", "2026-12-04T16:00")]
    const result = check("2026-12-04T15:30", { busy })
    expect(result.reasonCode).toBe("taken")
    expect(said(result)).toBe("Sorry, Friday, December 4th at 3:30 PM is already taken.")
    // 16:00 is 30 min away, 14:00 is 90 min before (14:30 would overlap), 13:30 is 120 min before
    expect(result.alternatives.map(wall)).toEqual(["2026-12-04T16:00", "2026-12-04T14:00", "2026-12-04T13:30"])
  })

  it("keeps the buffer free after existing appointments and after the new one", () => {
    const business = makeBusiness({ rules: { bufferMinutes: 15 } })
    const busy = [range("2026-12-04T10:00", "2026-12-04T11:00")]
    expect(check("2026-12-04T11:00", { business, busy }).reasonCode).toBe("taken")
    // A 9:00 haircut would end at 10:00 with no buffer before the 10:00 appointment
    expect(check("2026-12-04T09:00", { business, busy }).reasonCode).toBe("taken")
    expect(check("2026-12-04T08:45", { business, busy }).available).toBe(false)
    // Off-grid but free is accepted; without the buffer 11:00 would be fine
    expect(check("2026-12-04T11:15", { business, busy }).available).toBe(true)
    expect(check("2026-12-04T11:00", { busy }).available).toBe(true)
    const result = check("2026-12-04T11:00", { business, busy })
    expect(result.alternatives.map(wall)).toEqual(["2026-12-04T11:30", "2026-12-04T12:00", "2026-12-04T12:30"])
  })

  it("offers later days when the requested day is full", () => {
    const busy = [range("2026-12-04T09:00", "2026-12-04T17:00")]
    const result = check("2026-12-04T15:00", { busy })
    expect(result.reasonCode).toBe("taken")
    expect(result.alternatives.map(wall)).toEqual(["2026-12-05T10:00", "2026-12-05T10:30", "2026-12-05T11:00"])
  })

  it("finds nothing when everything within the horizon is busy", () => {
    const busy = [range("2026-12-01T00:00", "2027-01-01T00:00")]
    const result = check("2026-12-04T15:00", { busy })
    expect(result.available).toBe(false)
    expect(result.alternatives).toEqual([])
  })

  it("accepts off-grid starts but only offers on-grid ones", () => {
    expect(check("2026-12-04T15:10").available).toBe(true)
    const busy = [range("2026-12-04T15:00", "2026-12-04T16:00")]
    const minutes = check("2026-12-04T15:10", { busy }).alternatives.map(
      (a) => DateTime.toParts(DateTime.setZone(a, zone)).minutes,
    )
    expect(minutes.every((m) => m === 0 || m === 30)).toBe(true)
  })
})

describe("AvailabilityPolicy on DST change days (America/New_York)", () => {
  const allWeek = (open: string, close: string) => {
    const day: ReadonlyArray<readonly [string, string]> = [[open, close]]
    return { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day }
  }
  const early = local("2026-02-01T00:00")

  it("keeps 09:00 at 09:00 local on both sides of spring forward (2026-03-08)", () => {
    const business = makeBusiness({ hours: allWeek("09:00", "17:00"), rules: { maxDaysAhead: 365 } })
    const slots = (date: LocalDate.LocalDate) =>
      AvailabilityPolicy.freeSlots({ business, date, durationMinutes: 60, busy: [], now: early })
    const before = slots({ year: 2026, month: 3, day: 7 })
    const on = slots({ year: 2026, month: 3, day: 8 })
    expect(DateTime.formatIso(before[0]!)).toBe("2026-03-07T14:00:00.000Z") // EST, UTC-5
    expect(DateTime.formatIso(on[0]!)).toBe("2026-03-08T13:00:00.000Z") // EDT, UTC-4
    expect(on.map((s) => SpokenTime.time(s, zone))).toEqual(before.map((s) => SpokenTime.time(s, zone)))
  })

  it("keeps 09:00 at 09:00 local on both sides of fall back (2026-11-01)", () => {
    const business = makeBusiness({ hours: allWeek("09:00", "17:00"), rules: { maxDaysAhead: 365 } })
    const slots = (date: LocalDate.LocalDate) =>
      AvailabilityPolicy.freeSlots({ business, date, durationMinutes: 60, busy: [], now: early })
    expect(DateTime.formatIso(slots({ year: 2026, month: 10, day: 31 })[0]!)).toBe("2026-10-31T13:00:00.000Z")
    expect(DateTime.formatIso(slots({ year: 2026, month: 11, day: 1 })[0]!)).toBe("2026-11-01T14:00:00.000Z")
  })

  it("never offers the skipped hour on spring-forward night", () => {
    const business = makeBusiness({ hours: allWeek("00:00", "06:00") })
    expect(Option.isNone(LocalDate.atLocal(zone, { year: 2026, month: 3, day: 8 }, 2 * 60 + 30))).toBe(true)
    const slots = AvailabilityPolicy.freeSlots({
      business,
      date: { year: 2026, month: 3, day: 8 },
      durationMinutes: 30,
      busy: [],
      now: early,
    })
    expect(slots.map((s) => SpokenTime.time(s, zone))).toEqual([
      "12 AM",
      "12:30 AM",
      "1 AM",
      "1:30 AM",
      "3 AM",
      "3:30 AM",
      "4 AM",
      "4:30 AM",
      "5 AM",
      "5:30 AM",
    ])
    // A request that lands by the gap gets alternatives that exist
    const result = AvailabilityPolicy.check({
      business,
      start: local("2026-03-08T01:30"),
      durationMinutes: 30,
      busy: [range("2026-03-08T01:30", "2026-03-08T03:30")],
      now: early,
    })
    expect(result.reasonCode).toBe("taken")
    // Nearness is real time: 03:30 EDT is one hour after 01:30 EST, tied with 00:30 (earlier wins)
    expect(result.alternatives.map(wall)).toEqual(["2026-03-08T01:00", "2026-03-08T00:30", "2026-03-08T03:30"])
  })

  it("measures durations in real time across the gap", () => {
    const business = makeBusiness({ hours: allWeek("00:00", "04:00") })
    const check = (start: string) =>
      AvailabilityPolicy.check({ business, start: local(start), durationMinutes: 60, busy: [], now: early })
    // 01:30 EST + 60 minutes is 03:30 EDT, before the 04:00 closing
    expect(check("2026-03-08T01:30").available).toBe(true)
    expect(check("2026-03-08T03:30").reasonCode).toBe("closed")
  })

  it("offers each wall-clock slot once on fall-back night, in order", () => {
    const business = makeBusiness({ hours: allWeek("00:00", "03:00"), rules: { maxDaysAhead: 365 } })
    const slots = AvailabilityPolicy.freeSlots({
      business,
      date: { year: 2026, month: 11, day: 1 },
      durationMinutes: 30,
      busy: [],
      now: early,
    })
    expect(slots.map((s) => SpokenTime.time(s, zone))).toEqual([
      "12 AM",
      "12:30 AM",
      "1 AM",
      "1:30 AM",
      "2 AM",
      "2:30 AM",
    ])
    const millis = slots.map(DateTime.toEpochMillis)
    expect(millis).toEqual([...millis].sort((a, b) => a - b))
    // The night is an hour longer in real time: 00:00 EDT → 02:30 EST is 3.5 hours
    expect((millis[5]! - millis[0]!) / 3_600_000).toBe(3.5)
  })
})

describe("AvailabilityPolicy.freeSlots and windows", () => {
  it("lists a day's free starts for 'what do you have Friday?'", () => {
    const slots = AvailabilityPolicy.freeSlots({
      business: salon,
      date: { year: 2026, month: 12, day: 4 },
      durationMinutes: 60,
      busy: [range("2026-12-04T09:00", "2026-12-04T12:00"), range("2026-12-04T13:00", "2026-12-04T16:00")],
      now,
    })
    expect(slots.map((s) => SpokenTime.time(s, zone))).toEqual(["12 PM", "4 PM"])
  })

  it("covers the request and the alternative search in the busy window", () => {
    const window = AvailabilityPolicy.searchWindow(salon, local("2026-12-04T15:00"), 60, now)
    expect(wall(window.start)).toBe("2026-12-04T00:00")
    expect(wall(window.end)).toBe("2026-12-18T00:00")
  })
})

describe("AvailabilityPolicy.checkLocal", () => {
  const nightOwl = makeBusiness({
    hours: {
      mon: [["00:00", "06:00"]],
      tue: [["00:00", "06:00"]],
      wed: [["00:00", "06:00"]],
      thu: [["00:00", "06:00"]],
      fri: [["00:00", "06:00"]],
      sat: [["00:00", "06:00"]],
      sun: [["00:00", "06:00"]],
    },
  })
  const early = local("2026-02-01T00:00")

  it("refuses 02:30 on spring-forward day: that time does not exist", () => {
    const { result, start } = AvailabilityPolicy.checkLocal({
      business: nightOwl,
      date: { year: 2026, month: 3, day: 8 },
      hours: 2,
      minutes: 30,
      durationMinutes: 30,
      busy: [],
      now: early,
    })
    expect(Option.isNone(start)).toBe(true)
    expect(result.available).toBe(false)
    expect(result.reasonCode).toBe("closed")
    expect(said(result)).toBe("Sorry, 2:30 AM doesn't exist on Sunday, March 8th: the clocks go forward that night.")
    // Nearest real slots to where the clocks land (03:30), in real time
    expect(result.alternatives.map(wall)).toEqual(["2026-03-08T03:30", "2026-03-08T03:00", "2026-03-08T04:00"])
  })

  it("checks an existing local time like check does", () => {
    const { result, start } = AvailabilityPolicy.checkLocal({
      business: nightOwl,
      date: { year: 2026, month: 3, day: 8 },
      hours: 3,
      minutes: 30,
      durationMinutes: 30,
      busy: [],
      now: early,
    })
    expect(Option.map(start, wall)).toEqual(Option.some("2026-03-08T03:30"))
    expect(result.available).toBe(true)
  })
})

describe("AvailabilityPolicy on the business's closed dates", () => {
  // Friday 2026-12-04 is a holiday although Fridays are open.
  const holiday = { ...salon, closedDates: ["2026-12-04"] }

  it("refuses a time on a closed date, says so, and offers the next open day", () => {
    const result = check("2026-12-04T15:00", { business: holiday })
    expect(result.available).toBe(false)
    expect(result.reason).toEqual({ _tag: "ClosedOnDate", date: { year: 2026, month: 12, day: 4 } })
    expect(result.reasonCode).toBe("closed")
    expect(Refusals.refusal(holiday, result.reason)).toBe("Sorry, we're closed on Friday, December 4th.")
    // Saturday opens at 10; nothing on the holiday itself.
    expect(result.alternatives.map(wall)).toEqual(["2026-12-05T10:00", "2026-12-05T10:30", "2026-12-05T11:00"])
  })

  it("offers no free slot on a closed date, and the search for alternatives steps over it", () => {
    const friday = { year: 2026, month: 12, day: 4 }
    expect(
      AvailabilityPolicy.freeSlots({ business: holiday, date: friday, durationMinutes: 60, busy: [], now }),
    ).toEqual([])
    // Without the holiday: every half hour from 9 AM to 4 PM.
    expect(
      AvailabilityPolicy.freeSlots({ business: salon, date: friday, durationMinutes: 60, busy: [], now }),
    ).toHaveLength(15)
    // Thursday is full: the next free times are on Saturday, not on the holiday Friday.
    const result = AvailabilityPolicy.check({
      business: holiday,
      start: local("2026-12-03T10:00"),
      durationMinutes: 60,
      busy: [range("2026-12-03T09:00", "2026-12-03T17:00")],
      now,
    })
    expect(result.reasonCode).toBe("taken")
    expect(result.alternatives.map(wall)).toEqual(["2026-12-05T10:00", "2026-12-05T10:30", "2026-12-05T11:00"])
  })

  it("tells the dialogue at once that a named day is a closed date", () => {
    expect(AvailabilityPolicy.dateProblem(holiday, { year: 2026, month: 12, day: 4 }, now)).toEqual(
      Option.some({ _tag: "ClosedOnDate", date: { year: 2026, month: 12, day: 4 } }),
    )
    expect(AvailabilityPolicy.dateProblem(holiday, { year: 2026, month: 12, day: 3 }, now)).toEqual(Option.none())
    // A closed weekday is still told as the weekday.
    expect(
      AvailabilityPolicy.dateProblem({ ...salon, closedDates: ["2026-12-06"] }, { year: 2026, month: 12, day: 6 }, now),
    ).toEqual(Option.some({ _tag: "ClosedThatDay", weekday: "sun" }))
  })

  it("closes the local day on a DST change day, not a UTC day (spring forward, 2026-03-08 in New York)", () => {
    const day: ReadonlyArray<readonly [string, string]> = [["09:00", "22:00"]]
    const business = {
      ...makeBusiness({
        hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
        rules: { maxDaysAhead: 365 },
      }),
      closedDates: ["2026-03-08"],
    }
    const early = local("2026-02-01T00:00")
    const slots = (date: LocalDate.LocalDate) =>
      AvailabilityPolicy.freeSlots({ business, date, durationMinutes: 60, busy: [], now: early })
    expect(slots({ year: 2026, month: 3, day: 8 })).toEqual([])
    // Saturday evening local is already Sunday in UTC; it stays open.
    const saturday = slots({ year: 2026, month: 3, day: 7 })
    expect(DateTime.formatIso(saturday[saturday.length - 1]!)).toBe("2026-03-08T02:00:00.000Z") // 21:00 EST
    // Monday opens at 09:00 EDT (UTC-4), the first time after the closed Sunday.
    const result = AvailabilityPolicy.check({
      business,
      start: local("2026-03-07T21:00"),
      durationMinutes: 60,
      busy: [range("2026-03-07T09:00", "2026-03-07T22:00")],
      now: early,
    })
    expect(result.alternatives.map((s) => DateTime.formatIso(s))[0]).toBe("2026-03-09T13:00:00.000Z")
    const asked = AvailabilityPolicy.checkLocal({
      business,
      date: { year: 2026, month: 3, day: 8 },
      hours: 10,
      minutes: 0,
      durationMinutes: 60,
      busy: [],
      now: early,
    })
    expect(asked.result.reason?._tag).toBe("ClosedOnDate")
  })
})
