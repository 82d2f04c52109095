import { Schema } from "effect"

export const BusinessId = Schema.NonEmptyTrimmedString.pipe(Schema.brand("BusinessId"))
export type BusinessId = typeof BusinessId.Type

export const BookingId = Schema.NonEmptyTrimmedString.pipe(Schema.brand("BookingId"))
export type BookingId = typeof BookingId.Type

/** Twilio's call sid (`CA` + 32 hex); kept loose so simulated and test calls fit too. */
export const CallSid = Schema.NonEmptyTrimmedString.pipe(Schema.brand("CallSid"))
export type CallSid = typeof CallSid.Type

/** Id of an event in the business's external calendar. */
export const EventId = Schema.NonEmptyTrimmedString.pipe(Schema.brand("EventId"))
export type EventId = typeof EventId.Type

/** A phone number in E.164 form (`+15551234567`). */
export const PhoneNumber = Schema.String.pipe(
  Schema.pattern(/^\+[1-9]\d{6,14}$/, { message: () => "a phone number in E.164 form, like +15551234567" }),
  Schema.brand("PhoneNumber"),
)
export type PhoneNumber = typeof PhoneNumber.Type
