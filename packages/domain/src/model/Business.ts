import { DateTime, Schema } from "effect"
import { BusinessId, PhoneNumber } from "./Ids.js"
import { TimeZoneName } from "./TimeZone.js"

export class Service extends Schema.Class<Service>("Service")({
  name: Schema.NonEmptyTrimmedString,
  /** Minutes an appointment takes; without it, the business's default (see `durationOf`). */
  durationMinutes: Schema.optional(Schema.Int.pipe(Schema.between(5, 12 * 60))),
  /** Other ways callers name it ("trim", "cut" for "Haircut"). */
  aliases: Schema.optionalWith(Schema.Array(Schema.NonEmptyTrimmedString), { default: () => [] }),
  /** What it costs, in the business's `currency`; spoken when a caller asks "how much is…". */
  price: Schema.optional(Schema.Number.pipe(Schema.nonNegative())),
}) {}

/** A question callers ask and the owner's answer, spoken as written. */
export const FaqEntry = Schema.Struct({
  question: Schema.NonEmptyTrimmedString,
  answer: Schema.NonEmptyTrimmedString,
})
export type FaqEntry = typeof FaqEntry.Type

/** What the receptionist may tell callers about the business besides hours and services. */
export const BusinessProfile = Schema.Struct({
  address: Schema.optional(Schema.NonEmptyTrimmedString),
  parking: Schema.optional(Schema.NonEmptyTrimmedString),
  /** Cancellation, late arrival, payment: one or two sentences. */
  policies: Schema.optional(Schema.NonEmptyTrimmedString),
  faq: Schema.optionalWith(Schema.Array(FaqEntry), { default: () => [] }),
})
export type BusinessProfile = typeof BusinessProfile.Type

/** "HH:MM", 24-hour local time. "24:00" closes at midnight. */
export const LocalTime = Schema.String.pipe(
  Schema.pattern(/^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/, {
    message: () => "use HH:MM like 09:00",
    description: "HH:MM, 24-hour; 24:00 closes at midnight",
  }),
)
export type LocalTime = typeof LocalTime.Type

export const OpeningInterval = Schema.Tuple(LocalTime, LocalTime).pipe(
  Schema.filter(([open, close]) => open < close || `opening time ${open} must be before closing time ${close}`),
)

/**
 * Whether "YYYY-MM-DD" names a day that exists ("2026-02-30" does not). Here rather than through
 * LocalDate, which imports this module's Weekday.
 */
const isCalendarDay = (text: string): boolean => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (match === null) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const parts = DateTime.toPartsUtc(DateTime.unsafeMake({ year, month, day }))
  return parts.year === year && parts.month === month && parts.day === day
}

/** A calendar day as "YYYY-MM-DD", one that exists. */
export const IsoDate = Schema.String.pipe(
  Schema.filter(isCalendarDay, { message: () => "use YYYY-MM-DD like 2026-12-25" }),
  Schema.annotations({ jsonSchema: { type: "string", format: "date", description: "a calendar day, YYYY-MM-DD" } }),
)

export const Weekday = Schema.Literal("mon", "tue", "wed", "thu", "fri", "sat", "sun")
export type Weekday = typeof Weekday.Type
export const weekdays: ReadonlyArray<Weekday> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

const Day = Schema.optionalWith(Schema.Array(OpeningInterval), { default: () => [] })

/** Weekly opening hours in the business's local time; a missing day is closed. */
export const OpeningHours = Schema.Struct({
  mon: Day,
  tue: Day,
  wed: Day,
  thu: Day,
  fri: Day,
  sat: Day,
  sun: Day,
})
export type OpeningHours = typeof OpeningHours.Type

export class BookingRules extends Schema.Class<BookingRules>("BookingRules")({
  /** Bookable starts fall on multiples of this many minutes after opening. */
  slotGranularityMinutes: Schema.optionalWith(Schema.Int.pipe(Schema.between(5, 240)), { default: () => 15 }),
  /** Free time kept after each appointment. */
  bufferMinutes: Schema.optionalWith(Schema.Int.pipe(Schema.between(0, 240)), { default: () => 0 }),
  /** How far ahead of now a booking must start. */
  minLeadTimeMinutes: Schema.optionalWith(Schema.Int.pipe(Schema.between(0, 60 * 24 * 14)), { default: () => 60 }),
  /** How many days ahead callers may book. */
  maxDaysAhead: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 365)), { default: () => 60 }),
  /** Upcoming bookings one phone number may hold at once (SMS-pumping and calendar-filling guard). */
  maxOpenBookingsPerCaller: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 50)), { default: () => 3 }),
  /** Bookings one phone number may hold on one local day (a spoofed number filling a day). */
  maxBookingsPerCallerPerDay: Schema.optionalWith(Schema.Int.pipe(Schema.between(1, 50)), { default: () => 2 }),
}) {}

/** One calendar failure kind → decision override, see DegradationRules. */
export const DegradationDecisionName = Schema.Literal("assume_available", "unavailable_offer_alternatives")

/**
 * The `integrations` JSON: `{ provider, providers: { google_calendar: { enabled, check_availability,
 * create_events, default_duration_minutes, degradation } } }`. The domain reads only the policy in
 * the google block — whether to use the calendar at all, for availability, for events, and what a
 * failure means (`degradation`, per-failure overrides). Every other key is kept as given: the
 * calendar adapter reads its own settings from there (which calendars, for instance).
 */
export const GoogleCalendarConfig = Schema.Struct(
  {
    enabled: Schema.optionalWith(Schema.Boolean, { default: () => true }),
    check_availability: Schema.optionalWith(Schema.Boolean, { default: () => true }),
    create_events: Schema.optionalWith(Schema.Boolean, { default: () => true }),
    default_duration_minutes: Schema.optionalWith(Schema.Int.pipe(Schema.positive()), { default: () => 60 }),
    degradation: Schema.optional(Schema.Record({ key: Schema.String, value: DegradationDecisionName })),
  },
  Schema.Record({ key: Schema.String, value: Schema.Unknown }),
)
export type GoogleCalendarConfig = typeof GoogleCalendarConfig.Type

export const Integrations = Schema.Struct({
  provider: Schema.optionalWith(Schema.String, { default: () => "native" }),
  providers: Schema.optionalWith(
    Schema.Struct(
      { google_calendar: Schema.optional(GoogleCalendarConfig) },
      Schema.Record({ key: Schema.String, value: Schema.Unknown }),
    ),
    { default: () => ({}) },
  ),
})
export type Integrations = typeof Integrations.Type

/** How calls reach the conversation: `<Gather>` webhooks per turn, or a ConversationRelay WebSocket. */
export const Transport = Schema.Literal("gather", "conversation_relay")
export type Transport = typeof Transport.Type

export const AiConfig = Schema.Struct(
  {
    integrations: Schema.optionalWith(Integrations, { default: () => ({ provider: "native", providers: {} }) }),
    /** Absent means "gather". */
    transport: Schema.optional(Transport),
  },
  Schema.Record({ key: Schema.String, value: Schema.Unknown }),
)
export type AiConfig = typeof AiConfig.Type

/** What the owner provides when creating a business (the admin API's POST body). */
export const BusinessFields = {
  name: Schema.NonEmptyTrimmedString,
  timezone: TimeZoneName,
  /** Numbers Twilio calls for this business. */
  phoneNumbers: Schema.Array(PhoneNumber),
  services: Schema.NonEmptyArray(Service),
  hours: OpeningHours,
  bookingRules: Schema.optionalWith(BookingRules, { default: () => new BookingRules({}) }),
  aiConfig: Schema.optionalWith(AiConfig, { default: () => ({ integrations: { provider: "native", providers: {} } }) }),
  /** Where alerts go (broken calendar connection); the owner's mobile. */
  ownerPhone: Schema.optional(PhoneNumber),
  /** Where "let me talk to a person" transfers; none means take a message. */
  transferPhone: Schema.optional(PhoneNumber),
  /** ISO 3166 country for reading local phone numbers; US when absent. */
  country: Schema.optionalWith(Schema.String.pipe(Schema.pattern(/^[A-Z]{2}$/)), { default: () => "US" }),
  /** ISO 4217 code for service prices. */
  currency: Schema.optionalWith(Schema.String.pipe(Schema.pattern(/^[A-Z]{3}$/)), { default: () => "USD" }),
  profile: Schema.optionalWith(BusinessProfile, { default: () => ({ faq: [] }) }),
  /** Days the business is closed although its weekly hours say open (holidays), "YYYY-MM-DD" local. */
  closedDates: Schema.optionalWith(Schema.Array(IsoDate), { default: () => [] }),
} as const

export class NewBusiness extends Schema.Class<NewBusiness>("NewBusiness")(BusinessFields) {}

export class Business extends Schema.Class<Business>("Business")({
  id: BusinessId,
  ...BusinessFields,
}) {}

/** A service's length when the business does not give it one: Google settings' default, else an hour. */
export const fallbackDurationMinutes = 60

/**
 * How long an appointment for this service takes: its own duration, else the business's
 * `default_duration_minutes` (the integrations block's setting for services without one), else an hour.
 */
export const durationOf = (business: Business, service: Service): number =>
  service.durationMinutes ??
  business.aiConfig.integrations.providers.google_calendar?.default_duration_minutes ??
  fallbackDurationMinutes

/**
 * Languages Twilio's `<Say>` and `<Gather>` both understand. A tag outside the list would make
 * Twilio refuse the TwiML of every call to the business, so the admin API refuses it first.
 */
export const callLanguages = [
  "en-US",
  "en-GB",
  "en-AU",
  "en-CA",
  "en-IN",
  "en-IE",
  "en-NZ",
  "en-ZA",
  "es-US",
  "es-ES",
  "es-MX",
  "fr-FR",
  "fr-CA",
  "de-DE",
  "it-IT",
  "pt-BR",
  "pt-PT",
  "nl-NL",
  "da-DK",
  "nb-NO",
  "sv-SE",
  "fi-FI",
  "pl-PL",
  "ja-JP",
  "ko-KR",
  "zh-CN",
  "zh-TW",
] as const

/** Twilio's voice names: the basic voices, Amazon Polly (standard or neural), Google. */
const voiceShape =
  /^(?:man|woman|alice|Polly\.[A-Z][a-z]+(?:-Neural|-Generative)?|Google\.[a-z]{2,3}-[A-Z]{2}(?:-[A-Za-z0-9]+)+)$/

/** Caps that keep every sentence built from these fields far below `<Say>`'s 4,096 characters. */
export const limits = { businessName: 100, serviceName: 60, alias: 60, aliases: 20, services: 50 } as const

const capped = (max: number) =>
  Schema.String.pipe(Schema.maxLength(max, { message: () => `at most ${max} characters` }))

/**
 * What the admin API accepts on top of `BusinessFields`: spoken fields short enough for a call,
 * a voice and language Twilio knows. Checked against the decoded input only — stored businesses
 * are decoded with `Business` alone, so one saved before these caps still answers its calls.
 */
export const AdminLimits = Schema.Struct({
  name: capped(limits.businessName),
  services: Schema.Array(
    Schema.Struct({
      name: capped(limits.serviceName),
      aliases: Schema.Array(capped(limits.alias)).pipe(
        Schema.maxItems(limits.aliases, { message: () => `at most ${limits.aliases} aliases` }),
      ),
    }),
  ).pipe(Schema.maxItems(limits.services, { message: () => `at most ${limits.services} services` })),
  aiConfig: Schema.Struct({
    language: Schema.optional(
      Schema.String.pipe(
        Schema.filter((tag) => (callLanguages as ReadonlyArray<string>).includes(tag), {
          message: () => `one of ${callLanguages.join(", ")}`,
        }),
      ),
    ),
    voice: Schema.optional(
      Schema.String.pipe(
        Schema.maxLength(64, { message: () => "at most 64 characters" }),
        Schema.pattern(voiceShape, {
          message: () =>
            "a Twilio voice: man, woman, alice, Polly.<Name>, Polly.<Name>-Neural or Google.<lang>-<Variant>",
        }),
      ),
    ),
  }),
})

/** The admin input's limits, on an already decoded business; fails with where and why. */
export const checkAdminLimits = Schema.decodeUnknown(AdminLimits)
