import { describe, expect, it } from "@effect/vitest"
import * as TimeRange from "@frontdesk/domain/model/TimeRange"
import { Calendar } from "@frontdesk/domain/ports/Calendar"
import type { CalendarError } from "@frontdesk/domain/ports/CalendarError"
import { TokenVault } from "@frontdesk/domain/ports/TokenVault"
import { demoBusinessWithGoogle, utc } from "@frontdesk/domain/testing/Fixtures"
import { FakeGoogle, Fault } from "@frontdesk/testkit/FakeGoogle"
import { DateTime, Duration, Effect, Exit, Option, TestClock } from "effect"
import * as GoogleCalendar from "../src/GoogleCalendar.js"
import {
  businessWithCalendars,
  connect,
  eventAt,
  fastPolicy,
  idOf,
  optionsFor,
  testLayer,
  timeoutPolicy,
} from "./support.js"

const range = (start: string, end: string) => TimeRange.make(utc(start), utc(end))
const iso = (ranges: ReadonlyArray<TimeRange.TimeRange>) =>
  ranges.map((r) => [DateTime.formatIso(r.start), DateTime.formatIso(r.end)])

const monday = range("2026-03-09T13:00:00Z", "2026-03-09T22:00:00Z")

const failure = <A>(effect: Effect.Effect<A, CalendarError>) =>
  Effect.flatMap(Effect.exit(effect), (exit) =>
    Exit.isFailure(exit) && exit.cause._tag === "Fail"
      ? Effect.succeed(exit.cause.error)
      : Effect.dieMessage(`expected a CalendarError, got ${String(exit)}`),
  )

const lenient = { failureThreshold: 100, cooldown: 1 }
const patient = {
  ...fastPolicy,
  busy: { ...fastPolicy.busy, attemptTimeout: Duration.seconds(20), deadline: Duration.seconds(20) },
}

describe("GoogleCalendar (over HTTP to the fake)", () => {
  describe("the original design's client tests (docs/origin.md)", () => {
    it.live("no conflicts: an empty calendar is free", () =>
      Effect.gen(function* () {
        const calendar = yield* Calendar
        const business = demoBusinessWithGoogle()
        yield* connect(business)
        expect(yield* calendar.busy(business, monday)).toEqual([])
      }).pipe(Effect.provide(testLayer())),
    )

    it.live("conflicts: the owner's event is busy, clipped to the range", () =>
      Effect.gen(function* () {
        const calendar = yield* Calendar
        const google = yield* FakeGoogle
        const business = demoBusinessWithGoogle()
        yield* connect(business)
        yield* google.addEvent("primary", { start: "2026-03-09T12:00:00Z", end: "2026-03-09T14:00:00Z" })
        yield* google.addEvent("primary", { start: "2026-03-09T18:00:00Z", end: "2026-03-09T19:00:00Z" })
        // "Show as free" events do not block.
        yield* google.addEvent("primary", {
          start: "2026-03-09T20:00:00Z",
          end: "2026-03-09T21:00:00Z",
          transparency: "transparent",
        })
        expect(iso(yield* calendar.busy(business, monday))).toEqual([
          ["2026-03-09T13:00:00.000Z", "2026-03-09T14:00:00.000Z"],
          ["2026-03-09T18:00:00.000Z", "2026-03-09T19:00:00.000Z"],
        ])
      }).pipe(Effect.provide(testLayer())),
    )

    it.live("create event: the original title, phone in description, business zone, booking id, no invitations", () =>
      Effect.gen(function* () {
        const calendar = yield* Calendar
        const google = yield* FakeGoogle
        const business = demoBusinessWithGoogle()
        yield* connect(business)
        const event = eventAt("2026-03-10T14:00:00Z", "2026-03-10T15:00:00Z")
        const id = yield* calendar.createEvent(business, event)
        expect(id).toBe(idOf(event))
        const [stored] = yield* google.events("primary")
        expect(stored).toMatchObject({
          id: idOf(event),
          status: "confirmed",
          summary: "Haircut - Ana Ruiz",
          description: "Customer: +15551234567",
          start: { dateTime: "2026-03-10T10:00:00-04:00", timeZone: "America/New_York" },
          end: { dateTime: "2026-03-10T11:00:00-04:00", timeZone: "America/New_York" },
          extendedProperties: { private: { bookingId: event.bookingId } },
        })
      }).pipe(Effect.provide(testLayer())),
    )

    // The adapter reads the TestClock, set to real time: however slow the machine, the first two
    // checks fall inside the token's last three seconds, and the window ends when the test moves the clock.
    it.effect("token refresh on expiry: reused until 5 minutes before expiry, then refreshed", () =>
      Effect.gen(function* () {
        yield* TestClock.setTime(Date.now())
        const calendar = yield* Calendar
        const google = yield* FakeGoogle
        const business = demoBusinessWithGoogle()
        yield* connect(business)
        // Tokens living 5 min + 3 s are only usable for three seconds under the 5-minute margin.
        yield* google.setAccessTokenLifetime(303)
        yield* calendar.busy(business, monday)
        yield* calendar.busy(business, monday)
        expect(yield* google.requestCount("token")).toBe(1)
        // The token's lifetime counts from when it was issued, which is no later than now.
        yield* TestClock.setTime(Date.now() + 3100)
        yield* calendar.busy(business, monday)
        expect(yield* google.requestCount("token")).toBe(2)
        expect(yield* google.requestCount("freeBusy")).toBe(3)
      }).pipe(Effect.provide(testLayer())),
    )

    it.live("a token Google stopped accepting (401) is refreshed once and the call succeeds", () =>
      Effect.gen(function* () {
        const calendar = yield* Calendar
        const google = yield* FakeGoogle
        const business = demoBusinessWithGoogle()
        yield* connect(business)
        yield* google.addEvent("primary", { start: "2026-03-09T15:00:00Z", end: "2026-03-09T16:00:00Z" })
        yield* calendar.busy(business, monday)
        yield* google.expireAccessTokens
        expect(iso(yield* calendar.busy(business, monday))).toEqual([
          ["2026-03-09T15:00:00.000Z", "2026-03-09T16:00:00.000Z"],
        ])
        expect(yield* google.requestCount("token")).toBe(2)
      }).pipe(Effect.provide(testLayer())),
    )

    it.live("API errors are mapped to the domain's kinds", () =>
      Effect.gen(function* () {
        const calendar = yield* Calendar
        const google = yield* FakeGoogle
        const business = demoBusinessWithGoogle()
        yield* connect(business)
        yield* calendar.busy(business, monday)

        yield* google.inject(Fault.forbidden(), { endpoints: ["freeBusy"] })
        yield* google.resetRequests
        expect((yield* failure(calendar.busy(business, monday))).kind).toBe("Forbidden")
        // A plain 403 will not fix itself: not retried.
        expect(yield* google.requestCount("freeBusy")).toBe(1)

        yield* google.inject(Fault.serverError(503), { endpoints: ["freeBusy"], times: 3 })
        expect((yield* failure(calendar.busy(business, monday))).kind).toBe("Unavailable")

        yield* google.inject(Fault.drop, { endpoints: ["freeBusy"], times: 3 })
        expect((yield* failure(calendar.busy(business, monday))).kind).toBe("Network")

        // Still 401 after a fresh token: Unauthorized (refreshed exactly once more).
        const tokensBefore = yield* google.requestCount("token")
        yield* google.inject(
          { _tag: "Status", status: 401, reason: "authError" },
          { endpoints: ["freeBusy"], times: 2 },
        )
        expect((yield* failure(calendar.busy(business, monday))).kind).toBe("Unauthorized")
        expect((yield* google.requestCount("token")) - tokensBefore).toBe(1)

        const missing = businessWithCalendars(["missing@group.calendar.google.com"])
        yield* connect(missing)
        expect((yield* failure(calendar.busy(missing, monday))).kind).toBe("NotFound")

        yield* google.inject(Fault.serverError(500), { endpoints: ["events.insert"], times: 10 })
        expect(
          (yield* failure(calendar.createEvent(business, eventAt("2026-03-10T14:00:00Z", "2026-03-10T15:00:00Z"))))
            .kind,
        ).toBe("Unavailable")

        // A Google that never answers, met by an instance that gives up quickly: Timeout, whether its
        // attempts or its deadline run out first. Last, because its abandoned calls may still land.
        const impatient = yield* GoogleCalendar.make(
          optionsFor(google, { resilience: { ...timeoutPolicy, breaker: lenient } }),
        )
        yield* google.inject(Fault.hang, { endpoints: ["freeBusy"], times: 3 })
        expect((yield* failure(impatient.busy(business, monday))).kind).toBe("Timeout")
      }).pipe(
        Effect.scoped,
        // A lenient breaker, so each failure shows its own kind rather than "circuit open".
        Effect.provide(testLayer({ resilience: { ...fastPolicy, breaker: lenient } })),
      ),
    )

    it.live("a business that never connected gets NotConnected without calling Google", () =>
      Effect.gen(function* () {
        const calendar = yield* Calendar
        const google = yield* FakeGoogle
        expect((yield* failure(calendar.busy(demoBusinessWithGoogle(), monday))).kind).toBe("NotConnected")
        expect(yield* google.requestCount()).toBe(0)
      }).pipe(Effect.provide(testLayer())),
    )
  })

  it.live("merges busy time across every checked calendar in one freeBusy", () =>
    Effect.gen(function* () {
      const calendar = yield* Calendar
      const google = yield* FakeGoogle
      const business = businessWithCalendars(["primary", "team@group.calendar.google.com"])
      yield* connect(business)
      yield* google.addCalendar("team@group.calendar.google.com")
      yield* google.addEvent("primary", { start: "2026-03-09T14:00:00Z", end: "2026-03-09T15:00:00Z" })
      yield* google.addEvent("team@group.calendar.google.com", {
        start: "2026-03-09T14:30:00Z",
        end: "2026-03-09T15:30:00Z",
      })
      yield* google.addEvent("team@group.calendar.google.com", {
        start: "2026-03-09T19:00:00Z",
        end: "2026-03-09T20:00:00Z",
      })
      expect(iso(yield* calendar.busy(business, monday))).toEqual([
        ["2026-03-09T14:00:00.000Z", "2026-03-09T15:30:00.000Z"],
        ["2026-03-09T19:00:00.000Z", "2026-03-09T20:00:00.000Z"],
      ])
      expect(yield* google.requestCount("freeBusy")).toBe(1)
    }).pipe(Effect.provide(testLayer())),
  )

  it.live("a calendar that cannot be read does not hide the others' busy time", () =>
    Effect.gen(function* () {
      const calendar = yield* Calendar
      const google = yield* FakeGoogle
      const business = businessWithCalendars(["primary", "gone@group.calendar.google.com"])
      yield* connect(business)
      yield* google.addEvent("primary", { start: "2026-03-09T14:00:00Z", end: "2026-03-09T15:00:00Z" })
      expect(iso(yield* calendar.busy(business, monday))).toEqual([
        ["2026-03-09T14:00:00.000Z", "2026-03-09T15:00:00.000Z"],
      ])
    }).pipe(Effect.provide(testLayer())),
  )

  it.live("a booking's own event is not counted as busy, the owner's overlapping event still is", () =>
    Effect.gen(function* () {
      const calendar = yield* Calendar
      const google = yield* FakeGoogle
      const business = demoBusinessWithGoogle()
      yield* connect(business)
      yield* calendar.createEvent(business, eventAt("2026-03-09T14:00:00Z", "2026-03-09T15:00:00Z"))
      yield* google.addEvent("primary", { start: "2026-03-09T14:30:00Z", end: "2026-03-09T16:00:00Z" })
      expect(iso(yield* calendar.busy(business, monday))).toEqual([
        ["2026-03-09T15:00:00.000Z", "2026-03-09T16:00:00.000Z"],
      ])
    }).pipe(Effect.provide(testLayer())),
  )

  it.live("our event removed by another instance is noticed: an owner event near its old slot is busy", () =>
    Effect.scoped(
      Effect.gen(function* () {
        const calendar = yield* Calendar
        const google = yield* FakeGoogle
        const business = demoBusinessWithGoogle()
        yield* connect(business)
        const event = eventAt("2026-03-09T14:00:00Z", "2026-03-09T15:00:00Z")
        yield* calendar.createEvent(business, event)
        expect(yield* calendar.busy(business, monday)).toEqual([])

        // Another server instance cancels the booking; the owner then books 14:30–15:30 themselves.
        const otherInstance = yield* GoogleCalendar.make(optionsFor(google))
        yield* otherInstance.deleteEvent(business, idOf(event))
        yield* google.addEvent("primary", { start: "2026-03-09T14:30:00Z", end: "2026-03-09T15:30:00Z" })
        expect(iso(yield* calendar.busy(business, monday))).toEqual([
          ["2026-03-09T14:30:00.000Z", "2026-03-09T15:30:00.000Z"],
        ])
      }),
    ).pipe(Effect.provide(testLayer())),
  )

  it.live(
    "a booking written by another instance is recognised; new busy time costs one listing, then one request again",
    () =>
      Effect.scoped(
        Effect.gen(function* () {
          const calendar = yield* Calendar
          const google = yield* FakeGoogle
          const business = demoBusinessWithGoogle()
          yield* connect(business)
          yield* google.addEvent("primary", { start: "2026-03-09T14:00:00Z", end: "2026-03-09T15:00:00Z" })
          yield* calendar.busy(business, monday)

          const otherInstance = yield* GoogleCalendar.make(optionsFor(google))
          yield* otherInstance.createEvent(business, eventAt("2026-03-09T16:00:00Z", "2026-03-09T17:00:00Z"))
          yield* google.resetRequests
          expect(iso(yield* calendar.busy(business, monday))).toEqual([
            ["2026-03-09T14:00:00.000Z", "2026-03-09T15:00:00.000Z"],
          ])
          const endpoints = Effect.map(google.requests, (requests) => requests.map((request) => request.endpoint))
          expect(yield* endpoints).toEqual(["freeBusy", "events.list"])

          yield* google.resetRequests
          expect((yield* calendar.busy(business, monday)).length).toBe(1)
          expect(yield* endpoints).toEqual(["freeBusy"])

          // The owner adds a meeting: one more listing to be sure it is not ours, then back to one request.
          yield* google.addEvent("primary", { start: "2026-03-09T19:00:00Z", end: "2026-03-09T20:00:00Z" })
          yield* google.resetRequests
          expect((yield* calendar.busy(business, monday)).length).toBe(2)
          expect((yield* calendar.busy(business, monday)).length).toBe(2)
          expect(yield* endpoints).toEqual(["freeBusy", "events.list", "freeBusy"])
        }),
      ).pipe(Effect.provide(testLayer())),
  )

  it.live("retries after 429, waiting at least Retry-After", () =>
    Effect.gen(function* () {
      const calendar = yield* Calendar
      const google = yield* FakeGoogle
      const business = demoBusinessWithGoogle()
      yield* connect(business)
      yield* google.inject(Fault.rateLimited(1), { endpoints: ["freeBusy"] })
      expect(yield* calendar.busy(business, monday)).toEqual([])
      const [first, second] = (yield* google.requests).filter((request) => request.endpoint === "freeBusy")
      expect(first?.fault).toBe("Status")
      expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000)
    }).pipe(Effect.provide(testLayer())),
  )

  it.live("403 rateLimitExceeded is retried; a Retry-After beyond the deadline gives RateLimited at once", () =>
    Effect.gen(function* () {
      const calendar = yield* Calendar
      const google = yield* FakeGoogle
      const business = demoBusinessWithGoogle()
      yield* connect(business)
      yield* google.inject(Fault.rateLimited403("userRateLimitExceeded"), { endpoints: ["freeBusy"] })
      expect(yield* calendar.busy(business, monday)).toEqual([])
      expect(yield* google.requestCount("freeBusy")).toBe(2)

      yield* google.inject(Fault.rateLimited(30), { endpoints: ["freeBusy"] })
      yield* google.resetRequests
      const error = yield* failure(calendar.busy(business, monday))
      // Sitting out the wait would have ended in the deadline's Timeout: RateLimited means it did not.
      expect(error.kind).toBe("RateLimited")
      expect(error.retryAfter).toEqual(Duration.seconds(30))
      // Nor was it retried early, against Google's wish.
      expect(yield* google.requestCount("freeBusy")).toBe(1)
    }).pipe(Effect.provide(testLayer())),
  )

  it.live("an insert whose answer was lost is retried and creates exactly one event", () =>
    Effect.gen(function* () {
      const calendar = yield* Calendar
      const google = yield* FakeGoogle
      const business = demoBusinessWithGoogle()
      yield* connect(business)
      const event = eventAt("2026-03-10T14:00:00Z", "2026-03-10T15:00:00Z")
      yield* google.inject(Fault.loseResponse, { endpoints: ["events.insert"] })
      expect(yield* calendar.createEvent(business, event)).toBe(idOf(event))
      expect(yield* google.requestCount("events.insert")).toBe(2)
      expect((yield* google.events("primary")).map((stored) => stored.id)).toEqual([idOf(event)])
    }).pipe(Effect.provide(testLayer())),
  )

  // On the TestClock (set to real time) and without backoff, so the cooldown ends when the test
  // moves the clock: the fail-fast call cannot drift past it on a slow machine.
  it.effect("the breaker opens after repeated 5xx, fails fast, then probes and recovers", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(Date.now())
      const calendar = yield* Calendar
      const google = yield* FakeGoogle
      const business = demoBusinessWithGoogle()
      const other = demoBusinessWithGoogle()
      yield* connect(business)
      yield* connect(other)
      yield* calendar.busy(business, monday)
      yield* calendar.busy(other, monday)
      yield* google.inject(Fault.serverError(503), { endpoints: ["freeBusy"], during: Duration.minutes(1) })
      yield* google.resetRequests

      // 3 attempts per call (1 + 2 retries): the second call trips the threshold of 5.
      yield* failure(calendar.busy(business, monday))
      yield* failure(calendar.busy(business, monday))
      const tripped = yield* google.requestCount("freeBusy")
      expect(tripped).toBe(5)
      const fast = yield* failure(calendar.busy(business, monday))
      expect(fast.kind).toBe("Unavailable")
      expect(yield* google.requestCount("freeBusy")).toBe(tripped)

      // The circuit is per business: another one still reaches Google (and sees the 503s itself).
      expect((yield* failure(calendar.busy(other, monday))).kind).toBe("Unavailable")
      expect(yield* google.requestCount("freeBusy")).toBe(tripped + 3)

      // Google recovers; after the cooldown one probe goes through and closes the circuit.
      yield* google.clearFaults
      yield* TestClock.adjust(Duration.millis(2100))
      expect(yield* calendar.busy(business, monday)).toEqual([])
      expect(yield* calendar.busy(business, monday)).toEqual([])
      expect(yield* google.requestCount("freeBusy")).toBe(tripped + 5)
    }).pipe(
      Effect.provide(
        testLayer({
          resilience: {
            ...fastPolicy,
            busy: { ...fastPolicy.busy, baseDelay: Duration.zero, maxDelay: Duration.zero },
            breaker: { failureThreshold: 5, cooldown: Duration.seconds(2) },
          },
        }),
      ),
    ),
  )

  it.live("a revoked refresh token marks the connection broken and stops calling Google", () =>
    Effect.gen(function* () {
      const calendar = yield* Calendar
      const google = yield* FakeGoogle
      const vault = yield* TokenVault
      const business = demoBusinessWithGoogle()
      const refreshToken = yield* connect(business)
      yield* google.revoke(refreshToken)
      const error = yield* failure(calendar.busy(business, monday))
      expect(error.kind).toBe("TokenRevoked")
      const stored = Option.getOrThrow(yield* vault.load(business.id))
      expect(stored.status).toBe("broken")
      expect(stored.brokenReason).toMatch(/invalid_grant/)

      yield* google.resetRequests
      expect((yield* failure(calendar.busy(business, monday))).kind).toBe("TokenRevoked")
      expect(yield* google.requestCount()).toBe(0)
    }).pipe(Effect.provide(testLayer())),
  )

  it.live("DST days: event times carry the business's offset on both sides of the change", () =>
    Effect.gen(function* () {
      const calendar = yield* Calendar
      const google = yield* FakeGoogle
      const business = demoBusinessWithGoogle()
      yield* connect(business)
      // 2026-03-08: clocks jump 02:00 → 03:00 in New York. 1:30 is EST, 10:00 is EDT.
      yield* calendar.createEvent(business, eventAt("2026-03-08T06:30:00Z", "2026-03-08T07:30:00Z"))
      yield* calendar.createEvent(business, eventAt("2026-03-08T14:00:00Z", "2026-03-08T15:00:00Z"))
      // 2026-11-01: 01:00–02:00 happens twice; the same wall clock time, two instants.
      yield* calendar.createEvent(business, eventAt("2026-11-01T05:30:00Z", "2026-11-01T06:00:00Z"))
      yield* calendar.createEvent(business, eventAt("2026-11-01T06:30:00Z", "2026-11-01T07:00:00Z"))
      const times = (yield* google.events("primary")).map((event) => [event.start.dateTime, event.end.dateTime])
      expect(times).toEqual([
        ["2026-03-08T01:30:00-05:00", "2026-03-08T03:30:00-04:00"],
        ["2026-03-08T10:00:00-04:00", "2026-03-08T11:00:00-04:00"],
        ["2026-11-01T01:30:00-04:00", "2026-11-01T01:00:00-05:00"],
        ["2026-11-01T01:30:00-05:00", "2026-11-01T02:00:00-05:00"],
      ])
    }).pipe(Effect.provide(testLayer())),
  )

  // Twenty requests at once on a busy machine can take seconds. The sharing is under test, not the
  // attempt timeout: no attempt is cut short and sent again, so the freeBusy count is exact too.
  it.live("20 concurrent availability checks share one token refresh", () =>
    Effect.gen(function* () {
      const calendar = yield* Calendar
      const google = yield* FakeGoogle
      const business = demoBusinessWithGoogle()
      yield* connect(business)
      yield* google.setLatency(Duration.millis(50))
      yield* Effect.all(
        Array.from({ length: 20 }, () => calendar.busy(business, monday)),
        { concurrency: "unbounded" },
      )
      expect(yield* google.requestCount("token")).toBe(1)
      expect(yield* google.requestCount("freeBusy")).toBe(20)
    }).pipe(Effect.provide(testLayer({ resilience: patient }))),
  )

  it.live("a refresh started by a caller who gave up still serves the callers waiting on it", () =>
    Effect.gen(function* () {
      const calendar = yield* Calendar
      const google = yield* FakeGoogle
      const business = demoBusinessWithGoogle()
      yield* connect(business)
      yield* google.setLatency(Duration.millis(300))
      const impatient = calendar.busy(business, monday).pipe(Effect.timeout(Duration.millis(100)), Effect.either)
      const patient = Effect.delay(calendar.busy(business, monday), Duration.millis(20))
      const [gaveUp, answer] = yield* Effect.all([impatient, patient], { concurrency: "unbounded" })
      expect(gaveUp._tag).toBe("Left")
      expect(answer).toEqual([])
      expect(yield* google.requestCount("token")).toBe(1)
    }).pipe(Effect.provide(testLayer())),
  )

  it.live("steady state: an availability check is one request, a booking one more", () =>
    Effect.gen(function* () {
      const calendar = yield* Calendar
      const google = yield* FakeGoogle
      const business = demoBusinessWithGoogle()
      yield* connect(business)
      yield* google.addEvent("primary", { start: "2026-03-09T14:00:00Z", end: "2026-03-09T15:00:00Z" })
      yield* calendar.createEvent(business, eventAt("2026-03-09T16:00:00Z", "2026-03-09T17:00:00Z"))
      yield* calendar.busy(business, monday)
      yield* google.resetRequests

      for (const hour of [18, 19, 20]) {
        const busy = yield* calendar.busy(business, monday)
        // The owner's 14:00 only: our own bookings (16:00, then 18:00 …) never count.
        expect(busy.length).toBe(1)
        yield* calendar.createEvent(business, eventAt(`2026-03-09T${hour}:00:00Z`, `2026-03-09T${hour}:30:00Z`))
      }
      expect((yield* google.requests).map((request) => request.endpoint)).toEqual([
        "freeBusy",
        "events.insert",
        "freeBusy",
        "events.insert",
        "freeBusy",
        "events.insert",
      ])
    }).pipe(Effect.provide(testLayer())),
  )

  it.live("ranges over 90 days are split into several freeBusy queries", () =>
    Effect.gen(function* () {
      const calendar = yield* Calendar
      const google = yield* FakeGoogle
      const business = demoBusinessWithGoogle()
      yield* connect(business)
      yield* google.addEvent("primary", { start: "2026-09-01T14:00:00Z", end: "2026-09-01T15:00:00Z" })
      const busy = yield* calendar.busy(business, range("2026-03-01T00:00:00Z", "2026-10-01T00:00:00Z"))
      expect(iso(busy)).toEqual([["2026-09-01T14:00:00.000Z", "2026-09-01T15:00:00.000Z"]])
      expect(yield* google.requestCount("freeBusy")).toBe(3)
    }).pipe(Effect.provide(testLayer())),
  )

  it.live("update moves the event, delete removes it, deleting again or an unknown id is fine", () =>
    Effect.gen(function* () {
      const calendar = yield* Calendar
      const google = yield* FakeGoogle
      const business = demoBusinessWithGoogle()
      yield* connect(business)
      const event = eventAt("2026-03-10T14:00:00Z", "2026-03-10T15:00:00Z")
      yield* calendar.createEvent(business, event)
      const moved = eventAt("2026-03-11T18:00:00Z", "2026-03-11T19:00:00Z")
      yield* calendar.updateEvent(business, { ...event, start: moved.start, end: moved.end } as typeof event)
      const [stored] = yield* google.events("primary")
      expect(stored?.start.dateTime).toBe("2026-03-11T14:00:00-04:00")

      // Never inserted (its insert failed for good): update creates it.
      const orphan = eventAt("2026-03-12T14:00:00Z", "2026-03-12T15:00:00Z")
      yield* calendar.updateEvent(business, orphan)
      expect((yield* google.events("primary")).map((e) => e.id)).toContain(idOf(orphan))

      yield* calendar.deleteEvent(business, idOf(event))
      const deleted = (yield* google.events("primary")).find((e) => e.id === idOf(event))
      expect(deleted?.status).toBe("cancelled")
      yield* calendar.deleteEvent(business, idOf(event))
      yield* calendar.deleteEvent(business, idOf(eventAt("2026-03-12T14:00:00Z", "2026-03-12T15:00:00Z")))
    }).pipe(Effect.provide(testLayer())),
  )
})
