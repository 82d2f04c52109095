import { Schema } from "effect"
import { Customer } from "./Customer.js"
import { BookingId, BusinessId, CallSid } from "./Ids.js"

/** Everything a provider needs to check and make one booking (the original design's BookingContext, docs/origin.md). */
export class BookingContext extends Schema.Class<BookingContext>("BookingContext")({
  businessId: BusinessId,
  customer: Customer,
  /** The business's service name, as configured. */
  service: Schema.NonEmptyTrimmedString,
  requestedStart: Schema.DateTimeUtc,
  durationMinutes: Schema.Int.pipe(Schema.positive()),
  callSid: Schema.optional(CallSid),
  /** Set when this context moves an existing booking, so it is not its own conflict. */
  reschedulingBookingId: Schema.optional(BookingId),
}) {}
