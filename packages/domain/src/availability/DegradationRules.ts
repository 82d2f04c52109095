import type { Business, DegradationDecisionName } from "../model/Business.js"
import type { CalendarError, CalendarFailureKind } from "../ports/CalendarError.js"

export type Action = typeof DegradationDecisionName.Type

/**
 * What a calendar failure means for a caller waiting on the line. Kept as data, in one table, so
 * "never fail a booking because of the calendar" is a reviewable policy rather than scattered catches.
 */
export interface Decision {
  /**
   * `assume_available`: trust local bookings only and carry on (the original design's fallback, docs/origin.md).
   * `unavailable_offer_alternatives`: do not book the requested time; offer alternatives from local data.
   */
  readonly action: Action
  /** The connection needs the owner (reconnect, pick another calendar): mark it broken and alert. */
  readonly flagConnection: boolean
  /** Worth a warning in the logs; a calendar that was never connected is not. */
  readonly log: boolean
}

/** The original design's defaults (docs/origin.md), one row per failure kind. */
export const defaults: { readonly [K in CalendarFailureKind]: Decision } = {
  Network: { action: "assume_available", flagConnection: false, log: true },
  Unavailable: { action: "assume_available", flagConnection: false, log: true },
  Timeout: { action: "assume_available", flagConnection: false, log: true },
  // Google asks us to back off; booking blind now risks double-booking a busy owner.
  RateLimited: { action: "unavailable_offer_alternatives", flagConnection: false, log: true },
  TokenRevoked: { action: "assume_available", flagConnection: true, log: true },
  NotFound: { action: "assume_available", flagConnection: true, log: true },
  Unauthorized: { action: "assume_available", flagConnection: true, log: true },
  Forbidden: { action: "assume_available", flagConnection: true, log: true },
  NotConnected: { action: "assume_available", flagConnection: false, log: false },
}

const isKind = (key: string): key is CalendarFailureKind => Object.hasOwn(defaults, key)

/** Per-business overrides from `aiConfig.integrations.providers.google_calendar.degradation`. */
export const overrides = (business: Business): Partial<Record<CalendarFailureKind, Action>> => {
  const configured = business.aiConfig.integrations.providers.google_calendar?.degradation ?? {}
  const result: Partial<Record<CalendarFailureKind, Action>> = {}
  for (const [key, action] of Object.entries(configured)) {
    if (isKind(key)) result[key] = action
  }
  return result
}

/** The decision for this business and failure: the default row, with the business's action if it set one. */
export const decide = (business: Business, error: CalendarError | CalendarFailureKind): Decision => {
  const kind = typeof error === "string" ? error : error.kind
  const row = defaults[kind]
  const action = overrides(business)[kind]
  return action === undefined ? row : { ...row, action }
}
