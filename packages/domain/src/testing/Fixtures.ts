import { DateTime } from "effect"
import { NewBooking } from "../model/Booking.js"
import {
  type AiConfig,
  BookingRules,
  Business,
  type BusinessProfile,
  NewBusiness,
  type OpeningHours,
  Service,
} from "../model/Business.js"
import { Customer } from "../model/Customer.js"
import { BookingId, BusinessId, CallSid, PhoneNumber } from "../model/Ids.js"
import { TimeZoneName } from "../model/TimeZone.js"

/**
 * Builders for tests. Every id and phone number is fresh per call, because the contract suites
 * also run against databases that keep rows from earlier tests.
 */

const randomHex = (length: number): string => {
  let out = ""
  while (out.length < length) out += crypto.randomUUID().replaceAll("-", "")
  return out.slice(0, length)
}

export const businessId = (): BusinessId => BusinessId.make(`biz_${randomHex(16)}`)
export const bookingId = (): BookingId => BookingId.make(`bk_${randomHex(16)}`)
/** Shaped like Twilio's: CA + 32 hex. */
export const callSid = (): CallSid => CallSid.make(`CA${randomHex(32)}`)
/** US mainland area codes: a random number must not land in Canada, the Caribbean or a premium range (TextPolicy). */
const usAreaCodes = ["212", "213", "312", "415", "503", "617", "646", "702", "718", "917"]

/** A random US number in E.164 form (an exchange starting 2-8, so never the premium 976). */
export const phoneNumber = (): PhoneNumber =>
  PhoneNumber.make(
    `+1${usAreaCodes[Math.floor(Math.random() * usAreaCodes.length)]}${2 + Math.floor(Math.random() * 7)}${String(
      Math.floor(Math.random() * 1e6),
    ).padStart(6, "0")}`,
  )

/** An instant from an ISO string with offset or Z: `utc("2026-03-09T14:00:00Z")`. */
export const utc = (iso: string): DateTime.Utc => DateTime.unsafeMake(iso)

/** Wall-clock time in a zone ("2026-03-09T09:00") as an instant; in a DST gap it moves later. */
export const localDateTime = (timezone: string, local: string): DateTime.Utc =>
  DateTime.toUtc(
    // The Z only makes the string parse identically everywhere; adjustForTimeZone reads it as wall-clock time.
    DateTime.unsafeMakeZoned(`${local}${local.length === 16 ? ":00" : ""}Z`, {
      timeZone: timezone,
      adjustForTimeZone: true,
      disambiguation: "later",
    }),
  )

export const newYork = TimeZoneName.make("America/New_York")

export const bellaServices = [
  new Service({ name: "Haircut", durationMinutes: 60, aliases: ["cut", "trim"], price: 35 }),
  new Service({ name: "Color", durationMinutes: 90, aliases: ["colour", "dye", "highlights"], price: 80 }),
  new Service({ name: "Beard trim", durationMinutes: 30, price: 20 }),
] as const

/** What Bella tells callers besides hours and services. */
export const bellaProfile: BusinessProfile = {
  address: "214 Atlantic Avenue in Brooklyn, next to the bakery",
  parking: "There's street parking on Atlantic Avenue, and a public lot on Hoyt Street.",
  policies: "Please give us 24 hours' notice if you need to cancel or move an appointment.",
  faq: [
    {
      question: "Do you take walk-ins?",
      answer: "We take walk-ins when a chair is free, but booking is the surest way.",
    },
    { question: "Do you sell gift cards?", answer: "Yes, gift cards are sold at the front desk in any amount." },
  ],
}

const weekday = [["09:00", "17:00"]] as const
export const bellaHours: OpeningHours = {
  mon: weekday,
  tue: weekday,
  wed: weekday,
  thu: weekday,
  fri: weekday,
  sat: [["10:00", "14:00"]],
  sun: [],
}

export const bellaBookingRules = new BookingRules({
  slotGranularityMinutes: 30,
  bufferMinutes: 0,
  minLeadTimeMinutes: 60,
  maxDaysAhead: 60,
})

export const nativeAiConfig: AiConfig = { integrations: { provider: "native", providers: {} } }

export const googleAiConfig: AiConfig = {
  integrations: {
    provider: "google_calendar",
    providers: {
      google_calendar: {
        enabled: true,
        check_availability: true,
        create_events: true,
        default_duration_minutes: 60,
        calendar_ids: ["primary"],
        calendar_id: "primary",
      },
    },
  },
}

type BusinessProps = ConstructorParameters<typeof Business>[0]

/** "Bella Hair Studio" in New York, native provider; fresh id and phone number unless given. */
export const demoBusiness = (overrides: Partial<BusinessProps> = {}): Business =>
  new Business({
    id: businessId(),
    name: "Bella Hair Studio",
    timezone: newYork,
    phoneNumbers: [phoneNumber()],
    services: bellaServices,
    hours: bellaHours,
    bookingRules: bellaBookingRules,
    aiConfig: nativeAiConfig,
    ownerPhone: phoneNumber(),
    country: "US",
    profile: bellaProfile,
    ...overrides,
  })

/** The demo business with Google Calendar as its provider. */
export const demoBusinessWithGoogle = (overrides: Partial<BusinessProps> = {}): Business =>
  demoBusiness({ aiConfig: googleAiConfig, ...overrides })

/** The demo business as the admin API would receive it (no id). */
export const demoNewBusiness = (overrides: Partial<ConstructorParameters<typeof NewBusiness>[0]> = {}): NewBusiness => {
  const { id: _id, ...fields } = demoBusiness()
  return new NewBusiness({ ...fields, ...overrides })
}

export const customer = (overrides: { readonly name?: string; readonly phone?: PhoneNumber } = {}): Customer =>
  new Customer({ name: overrides.name ?? "Jane Doe", phone: overrides.phone ?? phoneNumber() })

export interface NewBookingOptions {
  readonly businessId: BusinessId
  readonly start: DateTime.DateTime | string
  readonly durationMinutes?: number
  readonly service?: string
  readonly customer?: Customer
  readonly id?: BookingId
  readonly calendarSync?: NewBooking["calendarSync"]
  readonly sourceCallSid?: CallSid
}

/** A Haircut (60 minutes) for a fresh customer unless told otherwise. */
export const newBooking = (options: NewBookingOptions): NewBooking => {
  const startsAt = typeof options.start === "string" ? utc(options.start) : DateTime.toUtc(options.start)
  return new NewBooking({
    id: options.id ?? bookingId(),
    businessId: options.businessId,
    customer: options.customer ?? customer(),
    service: options.service ?? "Haircut",
    startsAt,
    endsAt: DateTime.add(startsAt, { minutes: options.durationMinutes ?? 60 }),
    calendarSync: options.calendarSync ?? "pending",
    ...(options.sourceCallSid !== undefined ? { sourceCallSid: options.sourceCallSid } : {}),
  })
}
