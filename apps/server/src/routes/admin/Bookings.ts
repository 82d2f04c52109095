import { BookingOutcome, BookingService } from "@frontdesk/domain/booking/BookingService"
import { type Booking, BookingStatus, CalendarSync } from "@frontdesk/domain/model/Booking"
import { BookingContext } from "@frontdesk/domain/model/BookingContext"
import { type Business, durationOf, IsoDate, type Service } from "@frontdesk/domain/model/Business"
import { Customer } from "@frontdesk/domain/model/Customer"
import { BookingId, PhoneNumber } from "@frontdesk/domain/model/Ids"
import { addDays, atLocal, boundary, parseIsoDate } from "@frontdesk/domain/model/LocalDate"
import * as TimeRange from "@frontdesk/domain/model/TimeRange"
import { zoneOf } from "@frontdesk/domain/model/TimeZone"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import type { Businesses } from "@frontdesk/domain/ports/Businesses"
import * as Refusals from "@frontdesk/domain/speech/Refusals"
import { DateTime, Effect, Option, Schema } from "effect"
import * as Answer from "../../http/Answer.js"
import * as OpenApi from "../../http/OpenApi.js"
import * as StorableText from "../../http/StorableText.js"
import { getBusiness, idParam, LocalInstant, limit, localInstant } from "./Common.js"

/** The admin API's bookings: list, book by hand, reschedule and cancel, by the same rules as a call. */

// What the API answers, as Schemas: the OpenAPI document is written from these, and each
// `…Json` function below is typed by one, so the two cannot drift apart.

export const BookingView = Schema.Struct({
  id: Schema.String,
  customerName: Schema.String,
  customerPhone: Schema.String,
  service: Schema.String,
  startsAt: LocalInstant,
  endsAt: LocalInstant,
  status: BookingStatus,
  externalEventId: Schema.NullOr(Schema.String),
  calendarSync: CalendarSync,
  createdAt: LocalInstant,
}).annotations({ identifier: "Booking" })

/** A time the agent could not book, with what could be booked instead. */
export const UnavailableView = Schema.Struct({
  error: Schema.Literal("slot_unavailable"),
  message: Schema.String.annotations({ description: "why, in one sentence" }),
  reason: Schema.String.annotations({ description: "taken, closed, too_soon, too_far_ahead, in_the_past, …" }),
  alternatives: Schema.Array(LocalInstant).annotations({ description: "the nearest free starts, best first" }),
}).annotations({ identifier: "SlotUnavailable" })

const bookingJson = (booking: Booking, business: Business): typeof BookingView.Type => {
  const local = localInstant(business)
  return {
    id: booking.id,
    customerName: booking.customer.name,
    customerPhone: booking.customer.phone,
    service: booking.service,
    startsAt: local(booking.startsAt),
    endsAt: local(booking.endsAt),
    status: booking.status,
    externalEventId: booking.externalEventId ?? null,
    calendarSync: booking.calendarSync,
    createdAt: local(booking.createdAt),
  }
}

const bookingIdFrom = StorableText.idFrom(BookingId)

const bookingParams = { ...idParam, bookingId: "the booking's id" }

const BookingsQuery = Schema.Struct({
  limit,
  date: Schema.optional(
    IsoDate.annotations({ description: "only that local day's confirmed bookings, by start time (YYYY-MM-DD)" }),
  ),
})

/** The bookings of one local day in the business's zone (a DST day is 23 or 25 hours long). */
const dayRange = (business: Business, isoDate: string) => {
  const zone = zoneOf(business.timezone)
  const date = Option.getOrThrow(parseIsoDate(isoDate))
  return TimeRange.make(boundary(zone, date, 0), boundary(zone, addDays(date, 1), 0))
}

const listBookings = OpenApi.endpoint({
  method: "GET",
  path: "/businesses/:id/bookings",
  operationId: "listBookings",
  summary: "List bookings: newest first, or one day's by appointment time",
  description:
    "Without `date`: every booking (confirmed and cancelled), newest first, at most `limit`. With `date`: the " +
    "confirmed bookings overlapping that local day, earliest first.",
  tags: ["bookings"],
  params: idParam,
  query: BookingsQuery,
  responses: {
    200: { description: "the bookings", schema: Schema.Struct({ bookings: Schema.Array(BookingView) }) },
    404: { description: "no such business", schema: OpenApi.ProblemBody },
  },
  handle: ({ params, query }) =>
    Effect.gen(function* () {
      const business = yield* getBusiness(params.id ?? "")
      const repository = yield* BookingRepository
      const bookings =
        query.date === undefined
          ? yield* repository.listByBusiness(business.id, { limit: query.limit })
          : [...(yield* repository.overlapping(business.id, dayRange(business, query.date)))]
              .sort((a, b) => DateTime.toEpochMillis(a.startsAt) - DateTime.toEpochMillis(b.startsAt))
              .slice(0, query.limit)
      return Answer.json(200, { bookings: bookings.map((b) => bookingJson(b, business)) })
    }),
})

/**
 * A start as the owner writes it: with an offset (an instant), or without one (a wall-clock time
 * in the business's zone, which is what a person at the desk means).
 */
const StartsAt = Schema.String.pipe(
  Schema.pattern(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?$/, {
    message: () => "use ISO 8601 like 2026-12-04T15:00 (the business's time) or 2026-12-04T15:00:00-05:00",
  }),
).annotations({
  description: "ISO 8601; without an offset it is a wall-clock time in the business's zone",
  examples: ["2026-12-04T15:00", "2026-12-04T15:00:00-05:00"],
})

/** The instant `startsAt` names for `business`, or the one-line problem with it. */
const startOf = (business: Business, startsAt: string): Option.Option<DateTime.Utc> | string => {
  if (/(?:Z|[+-]\d{2}:\d{2})$/.test(startsAt)) {
    const instant = DateTime.make(startsAt)
    return Option.isSome(instant) ? Option.some(DateTime.toUtc(instant.value)) : "startsAt: not a real date and time"
  }
  const [datePart = "", timePart = ""] = startsAt.split("T")
  const date = parseIsoDate(datePart)
  const [hours = 0, minutes = 0, seconds = 0] = timePart.split(":").map(Number)
  if (Option.isNone(date) || hours > 23 || minutes > 59 || seconds >= 60) return "startsAt: not a real date and time"
  const start = atLocal(zoneOf(business.timezone), date.value, hours * 60 + minutes)
  return Option.isSome(start)
    ? Option.some(start.value)
    : `startsAt: ${startsAt} does not exist in ${business.timezone} (the clocks go forward then)`
}

const NewBookingBody = Schema.Struct({
  customerName: Schema.NonEmptyTrimmedString.pipe(Schema.maxLength(100, { message: () => "at most 100 characters" })),
  customerPhone: PhoneNumber,
  service: Schema.NonEmptyTrimmedString.annotations({ description: "a service's name or one of its aliases" }),
  startsAt: StartsAt,
}).annotations({ identifier: "NewBooking" })

const RescheduleBody = Schema.Struct({ startsAt: StartsAt }).annotations({ identifier: "Reschedule" })

const serviceNamed = (business: Business, name: string): Service | undefined => {
  const wanted = name.toLowerCase()
  return business.services.find(
    (service) =>
      service.name.toLowerCase() === wanted || service.aliases.some((alias) => alias.toLowerCase() === wanted),
  )
}

/** Booked → the booking; a refused time → 409 with the reason in one sentence and what is free instead. */
const outcomeAnswer = (business: Business, outcome: BookingOutcome, status: number): Answer.Answer =>
  BookingOutcome.$match(outcome, {
    Booked: ({ booking }) => Answer.json(status, bookingJson(booking, business)),
    Unavailable: ({ availability }) =>
      Answer.json(409, {
        error: "slot_unavailable",
        message: Refusals.refusal(business, availability.reason),
        reason: availability.reasonCode ?? "unavailable",
        alternatives: availability.alternatives.map(localInstant(business)),
      } satisfies typeof UnavailableView.Type),
  })

const unavailableReply = {
  description: "the time cannot be booked (taken, closed, too soon, …); `message` says why, with alternatives",
  schema: UnavailableView,
}

const createBooking = OpenApi.endpoint({
  method: "POST",
  path: "/businesses/:id/bookings",
  operationId: "createBooking",
  summary: "Book by hand",
  description:
    "The same rules as a call (hours, closed dates, lead time, days ahead, buffer, the calendar), stored " +
    "atomically, with the same follow-ups: calendar event and confirmation text.",
  tags: ["bookings"],
  params: idParam,
  body: NewBookingBody,
  responses: {
    201: { description: "the booking", schema: BookingView },
    404: { description: "no such business", schema: OpenApi.ProblemBody },
    409: unavailableReply,
  },
  handle: ({ params, body }) =>
    Effect.gen(function* () {
      const business = yield* getBusiness(params.id ?? "")
      const service = serviceNamed(business, body.service)
      if (service === undefined) {
        return Answer.invalid([`service: not one of ${business.services.map((s) => s.name).join(", ")}`])
      }
      const start = startOf(business, body.startsAt)
      if (typeof start === "string") return Answer.invalid([start])
      const context = new BookingContext({
        businessId: business.id,
        customer: new Customer({ name: body.customerName, phone: body.customerPhone }),
        service: service.name,
        requestedStart: Option.getOrThrow(start),
        durationMinutes: durationOf(business, service),
      })
      const outcome = yield* (yield* BookingService).book(business, context)
      return outcomeAnswer(business, outcome, 201)
    }),
})

const rescheduleBooking = OpenApi.endpoint({
  method: "POST",
  path: "/businesses/:id/bookings/:bookingId/reschedule",
  operationId: "rescheduleBooking",
  summary: "Move a booking to another start, keeping its service and length",
  description:
    "Checked like a new booking (the booking is not its own conflict); moves the event and texts the customer.",
  tags: ["bookings"],
  params: bookingParams,
  body: RescheduleBody,
  responses: {
    200: { description: "the moved booking", schema: BookingView },
    404: { description: "no such business, or no such confirmed booking", schema: OpenApi.ProblemBody },
    409: unavailableReply,
  },
  handle: ({ params, body }) =>
    Effect.gen(function* () {
      const business = yield* getBusiness(params.id ?? "")
      const bookingId = bookingIdFrom(params.bookingId)
      if (Option.isNone(bookingId)) return Answer.problem(404, "not_found", "no such booking")
      const start = startOf(business, body.startsAt)
      if (typeof start === "string") return Answer.invalid([start])
      const outcome = yield* (yield* BookingService).reschedule(business, bookingId.value, Option.getOrThrow(start))
      return outcomeAnswer(business, outcome, 200)
    }),
})

const cancelBooking = OpenApi.endpoint({
  method: "POST",
  path: "/businesses/:id/bookings/:bookingId/cancel",
  operationId: "cancelBooking",
  summary: "Cancel a booking",
  description: "Frees the slot, removes the calendar event and texts the customer; a second cancel changes nothing.",
  tags: ["bookings"],
  params: bookingParams,
  responses: {
    200: { description: "the cancelled booking", schema: BookingView },
    404: { description: "no such business or booking", schema: OpenApi.ProblemBody },
  },
  handle: ({ params }) =>
    Effect.gen(function* () {
      const business = yield* getBusiness(params.id ?? "")
      const parsed = bookingIdFrom(params.bookingId)
      if (Option.isNone(parsed)) return Answer.problem(404, "not_found", "no such booking")
      const cancelled = yield* (yield* BookingService).cancel(business, parsed.value)
      return Answer.json(200, bookingJson(cancelled, business))
    }),
})

/** In the order the document lists them. */
export const endpoints: ReadonlyArray<OpenApi.Endpoint<Businesses | BookingRepository | BookingService>> = [
  listBookings,
  createBooking,
  rescheduleBooking,
  cancelBooking,
]
