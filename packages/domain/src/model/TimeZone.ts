import { DateTime, Option, Schema } from "effect"

/**
 * An IANA time zone name ("America/New_York"). Validated against the runtime's tz database,
 * so a typo is rejected when a business is saved, not when its first caller rings.
 */
export const TimeZoneName = Schema.String.pipe(
  Schema.filter((name) => Option.isSome(DateTime.zoneMakeNamed(name)), {
    message: (issue) => `unknown IANA time zone ${JSON.stringify(issue.actual)}`,
  }),
  Schema.brand("TimeZoneName"),
)
export type TimeZoneName = typeof TimeZoneName.Type

export const zoneOf = (name: TimeZoneName): DateTime.TimeZone.Named => DateTime.zoneUnsafeMakeNamed(name)
