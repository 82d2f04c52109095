import { expect, layer } from "@effect/vitest"
import { type AiConfig, Business, Service } from "@frontdesk/domain/model/Business"
import { TimeZoneName } from "@frontdesk/domain/model/TimeZone"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { Effect, type Layer, Option, Schema } from "effect"

/*
 * Behaviour every Businesses store must show. Stores keep rows between tests, so each test
 * creates businesses with fresh ids and phone numbers and never assumes an empty store.
 */

const encode = Schema.encodeSync(Business)

/** The original design's integrations JSON (docs/origin.md) plus keys Frontdesk does not know; all must survive storage. */
const richAiConfig: AiConfig = {
  integrations: {
    provider: "google_calendar",
    providers: {
      google_calendar: {
        enabled: true,
        check_availability: false,
        create_events: true,
        default_duration_minutes: 45,
        calendar_ids: ["primary", "team@bella.example"],
        calendar_id: "primary",
        degradation: { RateLimited: "assume_available" },
        color_id: "5",
      },
      calendly: { enabled: false, token_ref: "vault:calendly" },
    },
  },
  greeting: "Thanks for calling Bella Hair Studio!",
  voice: { name: "alice", speed: 1.1, fallbacks: ["polly.Joanna", null] },
}

export const suite = <E>(name: string, layer_: Layer.Layer<Businesses, E>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
    it.effect("stores a business and reads every field back, unknown aiConfig keys included", () =>
      Effect.gen(function* () {
        const businesses = yield* Businesses
        const business = Fixtures.demoBusiness({
          phoneNumbers: [Fixtures.phoneNumber(), Fixtures.phoneNumber()],
          hours: {
            ...Fixtures.bellaHours,
            tue: [
              ["09:00", "12:00"],
              ["13:00", "17:00"],
            ],
            fri: [["09:00", "24:00"]],
          },
          aiConfig: richAiConfig,
          transferPhone: Fixtures.phoneNumber(),
          country: "CA",
          currency: "CAD",
          profile: {
            address: "12 King Street West",
            parking: "Free parking behind the building",
            faq: [{ question: "Do you take walk-ins?", answer: "Yes, when a chair is free." }],
          },
          closedDates: ["2026-12-25", "2027-01-01"],
        })
        const created = yield* businesses.create(business)
        expect(created.id).toBe(business.id)

        const loaded = yield* businesses.get(business.id)
        expect(loaded).toBeInstanceOf(Business)
        expect(encode(loaded)).toEqual(encode(business))
        expect(loaded.aiConfig.greeting).toBe("Thanks for calling Bella Hair Studio!")
        expect(loaded.aiConfig.integrations.providers.calendly).toEqual({
          enabled: false,
          token_ref: "vault:calendly",
        })
        expect(loaded.aiConfig.integrations.providers.google_calendar?.color_id).toBe("5")
        expect(loaded.services.map((s) => s.name)).toEqual(["Haircut", "Color", "Beard trim"])
        expect(loaded.services[1]?.aliases).toEqual(["colour", "dye", "highlights"])
        expect(loaded.hours.tue).toEqual([
          ["09:00", "12:00"],
          ["13:00", "17:00"],
        ])
        expect(loaded.hours.sun).toEqual([])
        expect(loaded.bookingRules.slotGranularityMinutes).toBe(30)
        expect(loaded.profile.faq[0]?.answer).toBe("Yes, when a chair is free.")
        expect(loaded.closedDates).toEqual(["2026-12-25", "2027-01-01"])
        expect(loaded.currency).toBe("CAD")
      }),
    )

    it.effect("keeps optional contacts absent when they were not given", () =>
      Effect.gen(function* () {
        const businesses = yield* Businesses
        const { ownerPhone: _ownerPhone, ...fields } = Fixtures.demoBusiness()
        const business = new Business(fields)
        yield* businesses.create(business)
        const loaded = yield* businesses.get(business.id)
        expect(loaded.ownerPhone).toBeUndefined()
        expect(loaded.transferPhone).toBeUndefined()
        expect(encode(loaded)).toEqual(encode(business))
      }),
    )

    it.effect("fails with BusinessNotFound for an unknown id", () =>
      Effect.gen(function* () {
        const businesses = yield* Businesses
        const missing = Fixtures.businessId()
        const error = yield* Effect.flip(businesses.get(missing))
        expect(error._tag).toBe("BusinessNotFound")
        if (error._tag === "BusinessNotFound") expect(error.businessId).toBe(missing)
      }),
    )

    it.effect("finds a business by any of its phone numbers", () =>
      Effect.gen(function* () {
        const businesses = yield* Businesses
        const [main, second] = [Fixtures.phoneNumber(), Fixtures.phoneNumber()]
        const business = Fixtures.demoBusiness({ phoneNumbers: [main, second] })
        yield* businesses.create(business)
        yield* businesses.create(Fixtures.demoBusiness({ name: "Another Salon" }))

        const byMain = yield* businesses.findByPhoneNumber(main)
        const bySecond = yield* businesses.findByPhoneNumber(second)
        expect(Option.map(byMain, (b) => b.id)).toEqual(Option.some(business.id))
        expect(Option.map(bySecond, (b) => b.id)).toEqual(Option.some(business.id))
        expect(Option.getOrThrow(byMain).name).toBe("Bella Hair Studio")
        expect(yield* businesses.findByPhoneNumber(Fixtures.phoneNumber())).toEqual(Option.none())
      }),
    )

    it.effect("refuses a phone number another business already has", () =>
      Effect.gen(function* () {
        const businesses = yield* Businesses
        const shared = Fixtures.phoneNumber()
        const first = Fixtures.demoBusiness({ phoneNumbers: [shared] })
        yield* businesses.create(first)
        const second = Fixtures.demoBusiness({ phoneNumbers: [Fixtures.phoneNumber(), shared] })

        const error = yield* Effect.flip(businesses.create(second))
        expect(error._tag).toBe("PhoneNumberInUse")
        if (error._tag === "PhoneNumberInUse") expect(error.phoneNumber).toBe(shared)
        expect((yield* Effect.flip(businesses.get(second.id)))._tag).toBe("BusinessNotFound")
        const owner = yield* businesses.findByPhoneNumber(shared)
        expect(Option.map(owner, (b) => b.id)).toEqual(Option.some(first.id))
      }),
    )

    it.effect("updates a business, its services, hours and phone numbers", () =>
      Effect.gen(function* () {
        const businesses = yield* Businesses
        const [oldNumber, keptNumber, newNumber] = [
          Fixtures.phoneNumber(),
          Fixtures.phoneNumber(),
          Fixtures.phoneNumber(),
        ]
        const business = Fixtures.demoBusiness({ phoneNumbers: [oldNumber, keptNumber] })
        yield* businesses.create(business)

        const changed = new Business({
          ...business,
          name: "Bella Hair & Beauty",
          timezone: TimeZoneName.make("America/Chicago"),
          phoneNumbers: [keptNumber, newNumber],
          services: [new Service({ name: "Blow dry", durationMinutes: 45, aliases: ["blowout"] })],
          hours: { ...Fixtures.bellaHours, sun: [["11:00", "15:00"]] },
          aiConfig: Fixtures.googleAiConfig,
        })
        const updated = yield* businesses.update(changed)
        expect(updated.name).toBe("Bella Hair & Beauty")

        const loaded = yield* businesses.get(business.id)
        expect(encode(loaded)).toEqual(encode(changed))
        expect(yield* businesses.findByPhoneNumber(oldNumber)).toEqual(Option.none())
        expect(Option.map(yield* businesses.findByPhoneNumber(newNumber), (b) => b.id)).toEqual(
          Option.some(business.id),
        )
        expect(Option.map(yield* businesses.findByPhoneNumber(keptNumber), (b) => b.id)).toEqual(
          Option.some(business.id),
        )
      }),
    )

    it.effect("fails to update an unknown business with BusinessNotFound", () =>
      Effect.gen(function* () {
        const businesses = yield* Businesses
        const ghost = Fixtures.demoBusiness()
        const error = yield* Effect.flip(businesses.update(ghost))
        expect(error._tag).toBe("BusinessNotFound")
        expect(yield* businesses.findByPhoneNumber(ghost.phoneNumbers[0]!)).toEqual(Option.none())
      }),
    )

    it.effect("refuses an update that takes another business's number and keeps the stored one", () =>
      Effect.gen(function* () {
        const businesses = yield* Businesses
        const first = Fixtures.demoBusiness()
        const second = Fixtures.demoBusiness({ name: "Second Salon" })
        yield* businesses.create(first)
        yield* businesses.create(second)
        const taken = first.phoneNumbers[0]!

        const error = yield* Effect.flip(
          businesses.update(new Business({ ...second, name: "Renamed", phoneNumbers: [taken] })),
        )
        expect(error._tag).toBe("PhoneNumberInUse")
        const loaded = yield* businesses.get(second.id)
        expect(loaded.name).toBe("Second Salon")
        expect(loaded.phoneNumbers).toEqual(second.phoneNumbers)
        expect(Option.map(yield* businesses.findByPhoneNumber(taken), (b) => b.id)).toEqual(Option.some(first.id))
      }),
    )

    it.effect("lists every business", () =>
      Effect.gen(function* () {
        const businesses = yield* Businesses
        const created = [Fixtures.demoBusiness(), Fixtures.demoBusinessWithGoogle({ name: "Listed Salon" })]
        for (const business of created) yield* businesses.create(business)
        const listed = yield* businesses.list
        for (const business of created) {
          const found = listed.find((b) => b.id === business.id)
          expect(found && encode(found)).toEqual(encode(business))
        }
      }),
    )
  })
