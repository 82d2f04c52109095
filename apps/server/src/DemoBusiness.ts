import { BookingRules, Business, Service } from "@frontdesk/domain/model/Business"
import { BusinessId, PhoneNumber } from "@frontdesk/domain/model/Ids"
import { TimeZoneName } from "@frontdesk/domain/model/TimeZone"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import { DateTime, Effect, Option } from "effect"

/** The id the banner and `pnpm call` use, so the first call works without looking anything up. */
export const demoId = BusinessId.make("demo")
/** A number from the 555-01xx range, reserved for fiction. */
export const demoNumber = PhoneNumber.make("+15555550100")

/** The machine's own zone, so "tomorrow at 3" means what the developer expects. */
const localZone = (): TimeZoneName => {
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone
  return TimeZoneName.make(Option.isSome(DateTime.zoneMakeNamed(zone)) && zone !== "UTC" ? zone : "America/New_York")
}

export const demoBusiness = (): Business => {
  const weekday = [["09:00", "17:00"]] as const
  return new Business({
    id: demoId,
    name: "Bella Hair Studio",
    timezone: localZone(),
    phoneNumbers: [demoNumber],
    services: [
      new Service({ name: "Haircut", durationMinutes: 60, aliases: ["cut", "trim"] }),
      new Service({ name: "Color", durationMinutes: 90, aliases: ["colour", "dye", "highlights"] }),
      new Service({ name: "Beard trim", durationMinutes: 30, aliases: ["beard"] }),
    ],
    hours: { mon: weekday, tue: weekday, wed: weekday, thu: weekday, fri: weekday, sat: [["10:00", "14:00"]], sun: [] },
    bookingRules: new BookingRules({ slotGranularityMinutes: 30, minLeadTimeMinutes: 60, maxDaysAhead: 60 }),
    aiConfig: { integrations: { provider: "native", providers: {} } },
    country: "US",
  })
}

/**
 * Seeds the demo business once; an existing one (maybe edited by the owner) is left alone. Two
 * instances starting together may both try: the loser of that race finds the winner's business.
 */
export const seed = Effect.gen(function* () {
  const businesses = yield* Businesses
  const existing = businesses.get(demoId).pipe(
    Effect.map(Option.some),
    Effect.catchTag("BusinessNotFound", () => Effect.succeed(Option.none<Business>())),
  )
  const found = yield* existing
  if (Option.isSome(found)) return { business: found.value, created: false }
  return yield* businesses.create(demoBusiness()).pipe(
    Effect.map((business) => ({ business, created: true })),
    Effect.catchAll((error) =>
      Effect.flatMap(existing, (raced) =>
        Option.isSome(raced) ? Effect.succeed({ business: raced.value, created: false }) : Effect.fail(error),
      ),
    ),
  )
})
