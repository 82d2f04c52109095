import type { Unavailability } from "../availability/AvailabilityResult.js"
import { type TimeZoneName, zoneOf } from "../model/TimeZone.js"
import * as ClosedDays from "./ClosedDays.js"
import { intervals, localTime } from "./Hours.js"
import * as SpokenTime from "./SpokenTime.js"

/**
 * Why a time cannot be booked, in one sentence for the caller. The agent adds what to do next
 * (the alternatives, or another day). Availability rules decide (availability/AvailabilityPolicy);
 * only this module words their answers.
 */

/** "a day's", "2 hours'", "45 minutes'" — lead time as said before "notice". */
const notice = (minutes: number): string => {
  if (minutes % 1440 === 0) return minutes === 1440 ? "a day's" : `${minutes / 1440} days'`
  if (minutes % 60 === 0) return minutes === 60 ? "an hour's" : `${minutes / 60} hours'`
  return `${minutes} minutes'`
}

/** Used when a result says "not available" without saying why. */
export const unexplained = "Sorry, that time isn't available."

export const sentence = (business: { readonly timezone: TimeZoneName }, reason: Unavailability): string => {
  const zone = zoneOf(business.timezone)
  switch (reason._tag) {
    case "InThePast":
      return "Sorry, that time has already passed."
    case "DatePassed":
      return `${SpokenTime.localDate(reason.date, zone)} has already passed.`
    case "TooSoon":
      return `Sorry, we need at least ${notice(reason.leadMinutes)} notice for a booking.`
    case "TooFarAhead":
      return `Sorry, we only take bookings up to ${reason.maxDaysAhead} days ahead.`
    case "ClosedThatDay":
      return `Sorry, we're closed on ${SpokenTime.weekdayName(reason.weekday)}s.`
    case "ClosedOnDate":
      return ClosedDays.refusal(business, reason.date)
    case "RunsPastClosing":
      return `Sorry, an appointment at ${SpokenTime.time(reason.start, zone)} would run past our ${localTime(reason.closing)} closing time.`
    case "NotOpenThen":
      return `Sorry, we're not open then; on ${SpokenTime.weekdayName(reason.weekday)}s we're open ${intervals(reason.openings)}.`
    case "Taken":
      return `Sorry, ${SpokenTime.dateTime(reason.start, zone)} is already taken.`
    case "SkippedByDst":
      return `Sorry, ${SpokenTime.clock(reason.time.hour, reason.time.minute)} doesn't exist on ${SpokenTime.localDate(reason.date, zone)}: the clocks go forward that night.`
    case "CalendarRateLimited":
      return "Sorry, I can't confirm that time with the calendar right now."
    case "JustTaken":
      return "Sorry, someone just took that time."
    case "ProviderRefused":
      return reason.detail ?? "Sorry, I can't book that time."
  }
}

/**
 * Said when the caller's number already holds as many bookings as the business allows; the call
 * goes on ("anything else"), so they can still cancel or move one.
 */
export const bookingLimit = (limit: "open" | "day", max: number): string =>
  limit === "open"
    ? `Sorry, this number already has ${max === 1 ? "an upcoming appointment" : `${max} upcoming appointments`} with us, which is as many as we can hold for one number.`
    : `Sorry, this number already has ${max === 1 ? "an appointment" : `${max} appointments`} with us that day, which is as many as we can hold for one number.`

/** The sentence for a refusal, or the generic one when there is no reason. */
export const refusal = (business: { readonly timezone: TimeZoneName }, reason: Unavailability | undefined): string =>
  reason === undefined ? unexplained : sentence(business, reason)
