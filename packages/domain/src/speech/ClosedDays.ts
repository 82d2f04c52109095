import type { LocalDate } from "../model/LocalDate.js"
import { type TimeZoneName, zoneOf } from "../model/TimeZone.js"
import * as SpokenTime from "./SpokenTime.js"

/**
 * What the caller hears about one of the business's closed dates (a holiday the owner entered),
 * a day its weekly hours would otherwise open. Availability decides (AvailabilityPolicy's
 * `ClosedOnDate`); this module words it.
 */

/** "Sorry, we're closed on Friday, December 25th." */
export const refusal = (business: { readonly timezone: TimeZoneName }, date: LocalDate): string =>
  `Sorry, we're closed on ${SpokenTime.localDate(date, zoneOf(business.timezone))}.`
