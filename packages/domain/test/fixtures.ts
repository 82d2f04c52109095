import { DateTime } from "effect"
import { BookingRules, Business, type OpeningHours, Service } from "../src/model/Business.js"
import { BusinessId, PhoneNumber } from "../src/model/Ids.js"
import * as TimeRange from "../src/model/TimeRange.js"
import { TimeZoneName } from "../src/model/TimeZone.js"

export const zone = DateTime.zoneUnsafeMakeNamed("America/New_York")

export const weekdayHours: OpeningHours = {
  mon: [["09:00", "17:00"]],
  tue: [["09:00", "17:00"]],
  wed: [["09:00", "17:00"]],
  thu: [["09:00", "17:00"]],
  fri: [["09:00", "17:00"]],
  sat: [["10:00", "14:00"]],
  sun: [],
}

export const makeBusiness = (
  overrides: {
    readonly hours?: OpeningHours
    readonly rules?: ConstructorParameters<typeof BookingRules>[0]
    readonly aiConfig?: Business["aiConfig"]
  } = {},
): Business =>
  new Business({
    id: BusinessId.make("biz-salon"),
    name: "Salon",
    timezone: TimeZoneName.make("America/New_York"),
    phoneNumbers: [PhoneNumber.make("+15550000001")],
    services: [
      new Service({ name: "Haircut", durationMinutes: 60 }),
      new Service({ name: "Trim", durationMinutes: 30 }),
    ],
    hours: overrides.hours ?? weekdayHours,
    bookingRules: new BookingRules({
      slotGranularityMinutes: 30,
      bufferMinutes: 0,
      minLeadTimeMinutes: 60,
      maxDaysAhead: 60,
      ...overrides.rules,
    }),
    aiConfig: overrides.aiConfig ?? { integrations: { provider: "native", providers: {} } },
  })

/** A wall-clock time in New York, e.g. local("2026-12-04T15:00"). Throws if it does not exist. */
export const local = (isoLocal: string): DateTime.Utc => {
  const [date = "", time = "00:00"] = isoLocal.split("T")
  const [year, month, day] = date.split("-").map(Number)
  const [hours, minutes] = time.split(":").map(Number)
  return DateTime.toUtc(
    DateTime.unsafeMakeZoned(
      { year: year ?? 0, month: month ?? 1, day: day ?? 1, hours: hours ?? 0, minutes: minutes ?? 0 },
      { timeZone: zone, adjustForTimeZone: true, disambiguation: "reject" },
    ),
  )
}

export const range = (fromLocal: string, toLocal: string): TimeRange.TimeRange =>
  TimeRange.make(local(fromLocal), local(toLocal))

/** "2026-12-04T15:00" wall-clock form of an instant, in New York — readable assertions. */
export const wall = (dt: DateTime.DateTime): string => {
  const p = DateTime.toParts(DateTime.setZone(dt, zone))
  const pad = (n: number) => String(n).padStart(2, "0")
  return `${p.year}-${pad(p.month)}-${pad(p.day)}T${pad(p.hours)}:${pad(p.minutes)}`
}
