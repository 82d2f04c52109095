import { Data } from "effect"
import type { BookingId, BusinessId, CallSid } from "./Ids.js"
import type { TimeRange } from "./TimeRange.js"

/** Storage could not do its job (connection lost, timeout, unexpected row). The caller decides. */
export class PersistenceError extends Data.TaggedError("PersistenceError")<{
  readonly message: string
  readonly cause?: unknown
}> {}

/** The slot overlaps a confirmed booking of the same business. */
export class SlotTaken extends Data.TaggedError("SlotTaken")<{
  readonly businessId: BusinessId
  readonly range: TimeRange
  readonly cause?: unknown
}> {}

export class BookingNotFound extends Data.TaggedError("BookingNotFound")<{
  readonly bookingId: BookingId
}> {}

export class BusinessNotFound extends Data.TaggedError("BusinessNotFound")<{
  readonly businessId?: BusinessId
  readonly phoneNumber?: string
}> {}

/**
 * The caller's number already holds as many bookings as the business allows: open ones
 * (`bookingRules.maxOpenBookingsPerCaller`) or on that day (`maxBookingsPerCallerPerDay`).
 */
export class BookingLimitReached extends Data.TaggedError("BookingLimitReached")<{
  readonly limit: "open" | "day"
  readonly max: number
}> {}

/** A phone number already belongs to another business. */
export class PhoneNumberInUse extends Data.TaggedError("PhoneNumberInUse")<{
  readonly phoneNumber: string
  readonly cause?: unknown
}> {}

/** Someone else saved the call's state since it was loaded (optimistic concurrency). */
export class SessionConflict extends Data.TaggedError("SessionConflict")<{
  readonly callSid: CallSid
  readonly expectedVersion: number
}> {}

export class CallerMessageNotFound extends Data.TaggedError("CallerMessageNotFound")<{
  readonly messageId: string
}> {}
