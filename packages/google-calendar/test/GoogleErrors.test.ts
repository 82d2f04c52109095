import { describe, expect, it } from "@effect/vitest"
import { Duration, Option } from "effect"
import { fromFreeBusyReason, parseRetryAfter } from "../src/GoogleErrors.js"

describe("GoogleErrors", () => {
  it("reads Retry-After as seconds or as an HTTP date", () => {
    const now = Date.parse("2026-11-24T10:00:00Z")
    expect(parseRetryAfter("7", now)).toEqual(Option.some(Duration.seconds(7)))
    expect(parseRetryAfter("Tue, 24 Nov 2026 10:00:30 GMT", now)).toEqual(Option.some(Duration.millis(30_000)))
    // A date in the past means "now", never a negative wait.
    expect(parseRetryAfter("Tue, 24 Nov 2026 09:00:00 GMT", now)).toEqual(Option.some(Duration.millis(0)))
    expect(parseRetryAfter("soon", now)).toEqual(Option.none())
    expect(parseRetryAfter(undefined, now)).toEqual(Option.none())
  })

  it("maps per-calendar freeBusy errors: missing or forbidden calendars are permanent, the rest transient", () => {
    expect(fromFreeBusyReason("a", "notFound").kind).toBe("NotFound")
    expect(fromFreeBusyReason("a", "forbidden").kind).toBe("Forbidden")
    expect(fromFreeBusyReason("a", "rateLimitExceeded").kind).toBe("RateLimited")
    expect(fromFreeBusyReason("a", "backendError").kind).toBe("Unavailable")
    expect(fromFreeBusyReason("a", "internalError").kind).toBe("Unavailable")
  })
})
