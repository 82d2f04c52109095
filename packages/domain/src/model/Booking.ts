import { Schema } from "effect"
import { Customer } from "./Customer.js"
import { BookingId, BusinessId, CallSid, EventId } from "./Ids.js"

export const BookingStatus = Schema.Literal("confirmed", "cancelled")
export type BookingStatus = typeof BookingStatus.Type

/** Where the booking's external calendar event stands. */
export const CalendarSync = Schema.Literal("pending", "synced", "failed", "not_applicable")
export type CalendarSync = typeof CalendarSync.Type

export class Booking extends Schema.Class<Booking>("Booking")({
  id: BookingId,
  businessId: BusinessId,
  customer: Customer,
  service: Schema.NonEmptyTrimmedString,
  startsAt: Schema.DateTimeUtc,
  endsAt: Schema.DateTimeUtc,
  status: BookingStatus,
  externalEventId: Schema.optional(EventId),
  calendarSync: CalendarSync,
  sourceCallSid: Schema.optional(CallSid),
  createdAt: Schema.DateTimeUtc,
}) {}

/** A booking about to be stored; the repository assigns nothing else. */
export class NewBooking extends Schema.Class<NewBooking>("NewBooking")({
  id: BookingId,
  businessId: BusinessId,
  customer: Customer,
  service: Schema.NonEmptyTrimmedString,
  startsAt: Schema.DateTimeUtc,
  endsAt: Schema.DateTimeUtc,
  calendarSync: CalendarSync,
  sourceCallSid: Schema.optional(CallSid),
}) {}
