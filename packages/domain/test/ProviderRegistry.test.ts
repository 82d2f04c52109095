import { describe, expect, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import * as NativeBookingProvider from "../src/booking/NativeBookingProvider.js"
import * as ProviderRegistry from "../src/booking/ProviderRegistry.js"
import { Integrations } from "../src/model/Business.js"
import { BookingRepository } from "../src/ports/BookingRepository.js"
import { MemoryCalendarControl } from "../src/ports/MemoryCalendar.js"
import { connectGoogle, inWorld, request } from "../src/testing/BookingHarness.js"
import * as Fixtures from "../src/testing/Fixtures.js"

const integrations = Schema.decodeUnknownSync(Integrations)

describe("ProviderRegistry.resolveProvider", () => {
  const business = Fixtures.demoBusiness()
  const cases: ReadonlyArray<readonly [string, unknown, string]> = [
    ["native", { provider: "native" }, "native"],
    ["google_calendar", { provider: "google_calendar" }, "google_calendar"],
    ["an unknown provider falls back to native", { provider: "outlook" }, "native"],
    ["a missing provider falls back to native", {}, "native"],
  ]
  for (const [label, config, expected] of cases) {
    it.effect(label, () =>
      inWorld(
        Effect.map(ProviderRegistry.resolveProvider(integrations(config), business), (provider) =>
          expect(provider.name).toBe(expected),
        ),
      ),
    )
  }

  it.effect("the resolved Google provider uses the calendar; the native one never does", () =>
    inWorld(
      Effect.gen(function* () {
        const google = Fixtures.demoBusinessWithGoogle()
        yield* connectGoogle(google)
        const control = yield* MemoryCalendarControl
        const googleProvider = yield* ProviderRegistry.resolveProvider(google.aiConfig.integrations, google)
        yield* googleProvider.checkAvailability(request(google, "2026-12-04T15:00"))
        expect((yield* control.calls).busy).toBe(1)

        const native = Fixtures.demoBusiness()
        const nativeProvider = yield* ProviderRegistry.resolveProvider(native.aiConfig.integrations, native)
        yield* nativeProvider.checkAvailability(request(native, "2026-12-04T15:00"))
        expect((yield* control.calls).busy).toBe(1)
      }),
    ),
  )
})

describe("NativeBookingProvider", () => {
  it.effect("checks local overlaps (the original stub did not)", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        const provider = yield* NativeBookingProvider.make(business)
        expect((yield* provider.checkAvailability(request(business, "2026-12-04T15:00"))).available).toBe(true)
        const repository = yield* BookingRepository
        yield* repository.insert(
          Fixtures.newBooking({ businessId: business.id, start: request(business, "2026-12-04T15:00").requestedStart }),
        )
        const result = yield* provider.checkAvailability(request(business, "2026-12-04T15:30"))
        expect(result.available).toBe(false)
        expect(result.reasonCode).toBe("taken")
        expect(result.alternatives).toHaveLength(3)
        // Another business's bookings do not matter
        const other = Fixtures.demoBusiness()
        const otherProvider = yield* NativeBookingProvider.make(other)
        expect((yield* otherProvider.checkAvailability(request(other, "2026-12-04T15:30"))).available).toBe(true)
      }),
    ),
  )

  it.effect("create booking returns confirmed and nothing syncs", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        const provider = yield* NativeBookingProvider.make(business)
        expect((yield* provider.createBooking(request(business, "2026-12-04T15:00"))).status).toBe("confirmed")
        expect(provider.initialCalendarSync).toBe("not_applicable")
      }),
    ),
  )
})
