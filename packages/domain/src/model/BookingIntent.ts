import { Schema } from "effect"

/** What a provider decided for a booking (the seed's BookingIntent). */
export class BookingIntent extends Schema.Class<BookingIntent>("BookingIntent")({
  status: Schema.Literal("confirmed", "rejected"),
  reason: Schema.optional(Schema.String),
}) {}
