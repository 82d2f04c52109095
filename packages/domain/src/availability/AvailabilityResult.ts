import { Schema } from "effect"

/** Why a requested start cannot be booked; drives what the agent says. */
export const UnavailableReason = Schema.Literal(
  "taken",
  "closed",
  "too_soon",
  "too_far_ahead",
  "in_the_past",
  "not_on_slot",
  "calendar_rate_limited",
)
export type UnavailableReason = typeof UnavailableReason.Type

export class AvailabilityResult extends Schema.Class<AvailabilityResult>("AvailabilityResult")({
  available: Schema.Boolean,
  /** One spoken sentence for the caller when not available. */
  reason: Schema.optional(Schema.String),
  reasonCode: Schema.optional(UnavailableReason),
  /** Nearest free starts, best first (at most three). */
  alternatives: Schema.optionalWith(Schema.Array(Schema.DateTimeUtc), { default: () => [] }),
  /** Calendar trouble that was tolerated on the way (for logs and the owner). */
  degraded: Schema.optional(Schema.String),
}) {}
