import type { Business } from "@frontdesk/domain/model/Business"
import type { Asking, UnderstandingContext } from "@frontdesk/domain/ports/Understanding"
import { DateTime } from "effect"
import { salon } from "./business.js"

const zone = DateTime.zoneUnsafeMakeNamed("America/New_York")

/** A wall-clock time in New York as an instant. */
export const local = (iso: string): DateTime.Utc =>
  DateTime.toUtc(DateTime.unsafeMakeZoned(iso, { timeZone: zone, adjustForTimeZone: true }))

/** The corpus's "now": Tuesday, November 24th 2026, 10 AM in New York. */
export const now = local("2026-11-24T10:00:00")

export const contextFor = (
  asking: Asking = "anything",
  options: { readonly business?: Business; readonly alternatives?: ReadonlyArray<DateTime.Utc> } = {},
): UnderstandingContext => ({
  business: options.business ?? salon,
  now,
  asking,
  alternatives: options.alternatives ?? [],
})
