import { describe, expect, it } from "@effect/vitest"
import type { BookingId } from "@frontdesk/domain/model/Ids"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { eventIdFor } from "../src/EventIds.js"

describe("EventIds.eventIdFor", () => {
  it("uses only Google's base32hex alphabet, 5–1024 characters, one id per booking", () => {
    const ids = ["a", "bk_0123456789abcdef", "0123456789abcdefghijklmnop", "Ünïcode-✓"].map((id) =>
      eventIdFor(id as BookingId),
    )
    for (const id of ids) {
      expect(id).toMatch(/^[0-9a-v]{5,1024}$/)
    }
    expect(new Set(ids).size).toBe(ids.length)
    expect(eventIdFor(Fixtures.bookingId())).not.toBe(eventIdFor(Fixtures.bookingId()))
    const same = Fixtures.bookingId()
    expect(eventIdFor(same)).toBe(eventIdFor(same))
  })
})
