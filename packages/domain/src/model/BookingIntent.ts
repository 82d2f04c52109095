import { Schema } from "effect"

/** What a provider decided for a booking (the original design's BookingIntent, docs/origin.md). */
export class BookingIntent extends Schema.Class<BookingIntent>("BookingIntent")({
  status: Schema.Literal("confirmed", "rejected"),
  reason: Schema.optional(Schema.String),
}) {}
