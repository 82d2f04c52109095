import { describe, expect, it } from "@effect/vitest"
import { BookingRepository } from "@frontdesk/domain/BookingRepository"
import { RecordingTelephonyControl } from "@frontdesk/testkit/RecordingTelephony"
import { Effect } from "effect"
import { everyDayBusiness, makeHarness } from "./Harness.js"

describe("voice webhooks", () => {
  it.scoped("books a haircut over a whole call and texts the caller", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const call = harness.call(business)
      const heard = yield* call.script(["Hi, this is Ana Ruiz, can I get a haircut tomorrow at 2 PM?", "yes"])
      console.log(heard)
      expect(call.last?.hangup).toBe(true)
      const bookings = yield* harness.run(Effect.flatMap(BookingRepository, (r) => r.listByBusiness(business.id)))
      expect(bookings).toHaveLength(1)
      const sent = yield* harness.run(Effect.flatMap(RecordingTelephonyControl, (t) => t.sent))
      console.log(sent)
    }),
  )
})
