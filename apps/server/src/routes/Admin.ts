import { randomBytes } from "node:crypto"
import { BookingOutcome, BookingService } from "@frontdesk/domain/booking/BookingService"
import { type Booking, BookingStatus, CalendarSync } from "@frontdesk/domain/model/Booking"
import { BookingContext } from "@frontdesk/domain/model/BookingContext"
import {
  Business,
  BusinessFields,
  checkAdminLimits,
  durationOf,
  IsoDate,
  NewBusiness,
  type Service,
} from "@frontdesk/domain/model/Business"
import { type JsonObject, mergeBusinessPatch } from "@frontdesk/domain/model/BusinessPatch"
import { type CallerMessage, CallerMessageId } from "@frontdesk/domain/model/CallerMessage"
import { Customer } from "@frontdesk/domain/model/Customer"
import { BusinessNotFound, CallerMessageNotFound, type PersistenceError } from "@frontdesk/domain/model/Errors"
import { BookingId, BusinessId, PhoneNumber } from "@frontdesk/domain/model/Ids"
import { addDays, atLocal, boundary, parseIsoDate } from "@frontdesk/domain/model/LocalDate"
import * as TimeRange from "@frontdesk/domain/model/TimeRange"
import { zoneOf } from "@frontdesk/domain/model/TimeZone"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import { CallerMessages } from "@frontdesk/domain/ports/CallerMessages"
import { Outbox, type OutboxJob, OutboxJobKind, OutboxJobStatus } from "@frontdesk/domain/ports/Outbox"
import * as Refusals from "@frontdesk/domain/speech/Refusals"
import { DateTime, Effect, type ManagedRuntime, Option, type Redacted, Schema } from "effect"
import type { FastifyInstance, FastifyReply } from "fastify"
import * as AdminAuth from "../http/AdminAuth.js"
import * as Answer from "../http/Answer.js"
import * as OpenApi from "../http/OpenApi.js"
import * as StorableText from "../http/StorableText.js"
import type { Metrics } from "../Metrics.js"

export type AdminServices = Businesses | BookingRepository | BookingService | CallerMessages | Metrics | Outbox

export interface AdminOptions {
  readonly runtime: ManagedRuntime.ManagedRuntime<AdminServices, unknown>
  readonly adminToken: Redacted.Redacted<string>
  /** Endpoints other route files mount under /api/v1, so `openapi.json` describes them too. */
  // biome-ignore lint/suspicious/noExplicitAny: documented only, never run from here
  readonly alsoDocumented?: ReadonlyArray<OpenApi.Endpoint<any>>
}

export const prefix = "/api/v1"

const encodeBusiness = Schema.encodeSync(Business)

// What the API answers, as Schemas: the OpenAPI document is written from these, and each
// `…Json` function below is typed by one, so the two cannot drift apart.

/** ISO 8601 with the business's UTC offset: "2026-12-04T15:00:00.000-05:00". */
const LocalInstant = Schema.String.annotations({
  description: "ISO 8601 with the business's UTC offset",
  examples: ["2026-12-04T15:00:00.000-05:00"],
})

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

export const MessageView = Schema.Struct({
  id: Schema.String,
  callSid: Schema.String,
  callerPhone: Schema.NullOr(Schema.String),
  text: Schema.String,
  createdAt: LocalInstant,
  handledAt: Schema.NullOr(LocalInstant),
}).annotations({ identifier: "CallerMessage" })

export const JobView = Schema.Struct({
  id: Schema.String,
  kind: OutboxJobKind,
  status: OutboxJobStatus,
  attempts: Schema.Int,
  lastError: Schema.NullOr(Schema.String),
  payload: Schema.Unknown,
  createdAt: Schema.String,
  nextAttemptAt: Schema.NullOr(Schema.String),
  doneAt: Schema.NullOr(Schema.String),
}).annotations({ identifier: "OutboxJob" })

/** A time the agent could not book, with what could be booked instead. */
export const UnavailableView = Schema.Struct({
  error: Schema.Literal("slot_unavailable"),
  message: Schema.String.annotations({ description: "why, in one sentence" }),
  reason: Schema.String.annotations({ description: "taken, closed, too_soon, too_far_ahead, in_the_past, …" }),
  alternatives: Schema.Array(LocalInstant).annotations({ description: "the nearest free starts, best first" }),
}).annotations({ identifier: "SlotUnavailable" })

const BusinessView = Business.annotations({ identifier: "Business" })

const localInstant = (business: Business) => {
  const zone = zoneOf(business.timezone)
  return (dt: DateTime.Utc) => DateTime.formatIsoOffset(DateTime.setZone(dt, zone))
}

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

/** A message as the owner reads it, in the business's own time zone; the text in full. */
const messageJson = (message: CallerMessage, business: Business): typeof MessageView.Type => {
  const local = localInstant(business)
  return {
    id: message.id,
    callSid: message.callSid,
    callerPhone: message.callerPhone ?? null,
    text: message.text,
    createdAt: local(message.createdAt),
    handledAt: message.handledAt === undefined ? null : local(message.handledAt),
  }
}

/** A job as the owner sees it: what it was for, how often it was tried, why it failed. */
const jobJson = (job: OutboxJob): typeof JobView.Type => ({
  id: job.id,
  kind: job.kind,
  status: job.status,
  attempts: job.attempts,
  lastError: job.lastError ?? null,
  payload: job.payload,
  createdAt: DateTime.formatIso(job.createdAt),
  nextAttemptAt: job.status === "pending" ? DateTime.formatIso(job.nextAttemptAt) : null,
  doneAt: job.doneAt === undefined ? null : DateTime.formatIso(job.doneAt),
})

const newBusinessId = () => BusinessId.make(`biz_${randomBytes(9).toString("base64url")}`)

/** Postgres refused a repeated number as "belongs to another business" (409); memory stored it twice. */
const repeatsANumber = (business: { readonly phoneNumbers: ReadonlyArray<string> }) =>
  new Set(business.phoneNumbers).size !== business.phoneNumbers.length

const repeatedNumberProblem = Answer.invalid(["phoneNumbers: lists the same number twice"])

const businessIdFrom = StorableText.idFrom(BusinessId)
const bookingIdFrom = StorableText.idFrom(BookingId)
const messageIdFrom = StorableText.idFrom(CallerMessageId)

const getBusiness = (id: string): Effect.Effect<Business, BusinessNotFound | PersistenceError, Businesses> =>
  Option.match(businessIdFrom(id), {
    onNone: () => Effect.fail(new BusinessNotFound({})),
    onSome: (businessId) => Effect.flatMap(Businesses, (businesses) => businesses.get(businessId)),
  })

const idParam = { id: "the business's id (biz_…)" }
const bookingParams = { ...idParam, bookingId: "the booking's id" }

const Limit = Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 500))
const limit = Schema.optionalWith(Limit, { default: () => 100 })

// --- businesses -----------------------------------------------------------------------------

/**
 * What a PATCH may hold, for the document: any of the business's fields (validation is of the
 * merged business). See BusinessPatch for how each part merges.
 */
const BusinessPatchBody = Schema.partial(Schema.encodedBoundSchema(Schema.Struct(BusinessFields))).annotations({
  identifier: "BusinessPatch",
  description:
    "Fields to change. hours merge per day, profile and bookingRules per field, aiConfig per top-level key; " +
    "lists (services, phoneNumbers, closedDates) are replaced whole; null takes a field back to its default.",
})

const createBusiness = OpenApi.endpoint({
  method: "POST",
  path: "/businesses",
  operationId: "createBusiness",
  summary: "Create a business",
  tags: ["businesses"],
  body: NewBusiness.annotations({ identifier: "NewBusiness" }),
  responses: {
    201: { description: "the stored business with its id", schema: BusinessView },
    409: { description: "a phone number already belongs to another business", schema: OpenApi.ProblemBody },
  },
  handle: ({ body: fields }) =>
    Effect.gen(function* () {
      yield* checkAdminLimits(fields, { errors: "all" })
      if (repeatsANumber(fields)) return repeatedNumberProblem
      const business = new Business({ ...fields, id: newBusinessId() })
      const stored = yield* (yield* Businesses).create(business)
      return Answer.json(201, encodeBusiness(stored))
    }),
})

const listBusinesses = OpenApi.endpoint({
  method: "GET",
  path: "/businesses",
  operationId: "listBusinesses",
  summary: "List every business",
  tags: ["businesses"],
  responses: {
    200: { description: "the businesses", schema: Schema.Struct({ businesses: Schema.Array(BusinessView) }) },
  },
  handle: () =>
    Effect.flatMap(Businesses, (b) => b.list).pipe(
      Effect.map((all) => Answer.json(200, { businesses: all.map((b) => encodeBusiness(b)) })),
    ),
})

const readBusiness = OpenApi.endpoint({
  method: "GET",
  path: "/businesses/:id",
  operationId: "getBusiness",
  summary: "Read one business",
  tags: ["businesses"],
  params: idParam,
  responses: {
    200: { description: "the business", schema: BusinessView },
    404: { description: "no such business", schema: OpenApi.ProblemBody },
  },
  handle: ({ params }) => getBusiness(params.id ?? "").pipe(Effect.map((b) => Answer.json(200, encodeBusiness(b)))),
})

const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const patchBusiness = OpenApi.endpoint({
  method: "PATCH",
  path: "/businesses/:id",
  operationId: "patchBusiness",
  summary: "Change some of a business's settings",
  description:
    '`{ hours: { mon: [["10:00", "16:00"]] } }` changes Monday only. hours merge per day, profile and ' +
    "bookingRules per field, aiConfig per top-level key; services, phoneNumbers and closedDates are replaced " +
    "whole; null takes a field back to its default (a closed day, no transfer number). The business the patch " +
    "leads to is validated as a whole.",
  tags: ["businesses"],
  params: idParam,
  body: BusinessPatchBody,
  rawBody: true,
  responses: {
    200: { description: "the changed business", schema: BusinessView },
    404: { description: "no such business", schema: OpenApi.ProblemBody },
    409: { description: "a phone number already belongs to another business", schema: OpenApi.ProblemBody },
  },
  handle: ({ params, body: patch }) =>
    Effect.gen(function* () {
      if (!isJsonObject(patch)) return Answer.invalid(["expected a JSON object with the fields to change"])
      if ("id" in patch) return Answer.invalid(["id: cannot be changed"])
      const current = yield* getBusiness(params.id ?? "")
      // Validate the whole result, not the patch alone: the merged business must still be valid.
      const merged = yield* Schema.decodeUnknown(Business)(
        { ...mergeBusinessPatch(encodeBusiness(current), patch), id: current.id },
        { onExcessProperty: "error", errors: "all" },
      )
      // The merged result, so a stored business over the caps is told what to fix on its next change.
      yield* checkAdminLimits(merged, { errors: "all" })
      if (repeatsANumber(merged)) return repeatedNumberProblem
      const stored = yield* (yield* Businesses).update(merged)
      return Answer.json(200, encodeBusiness(stored))
    }),
})

// --- bookings -------------------------------------------------------------------------------

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

// --- messages -------------------------------------------------------------------------------

const MessagesQuery = Schema.Struct({
  unhandled: Schema.optionalWith(
    Schema.Literal("true", "false").annotations({ description: "true: only messages not yet handled" }),
    { default: () => "false" as const },
  ),
  limit,
})

const listMessages = OpenApi.endpoint({
  method: "GET",
  path: "/businesses/:id/messages",
  operationId: "listMessages",
  summary: "Messages callers left, newest first",
  tags: ["messages"],
  params: idParam,
  query: MessagesQuery,
  responses: {
    200: { description: "the messages", schema: Schema.Struct({ messages: Schema.Array(MessageView) }) },
    404: { description: "no such business", schema: OpenApi.ProblemBody },
  },
  handle: ({ params, query }) =>
    Effect.gen(function* () {
      const business = yield* getBusiness(params.id ?? "")
      const messages = yield* (yield* CallerMessages).list(business.id, {
        unhandledOnly: query.unhandled === "true",
        limit: query.limit,
      })
      return Answer.json(200, { messages: messages.map((m) => messageJson(m, business)) })
    }),
})

const markMessageHandled = OpenApi.endpoint({
  method: "POST",
  path: "/businesses/:id/messages/:messageId/handled",
  operationId: "markMessageHandled",
  summary: "Mark a message as handled",
  tags: ["messages"],
  params: { ...idParam, messageId: "the message's id (msg_…)" },
  responses: {
    200: { description: "the message", schema: MessageView },
    404: { description: "no such business or message", schema: OpenApi.ProblemBody },
  },
  handle: ({ params }) =>
    Effect.gen(function* () {
      const business = yield* getBusiness(params.id ?? "")
      const messageId = params.messageId ?? ""
      const parsed = messageIdFrom(messageId)
      if (Option.isNone(parsed)) return yield* Effect.fail(new CallerMessageNotFound({ messageId }))
      const messages = yield* CallerMessages
      // Another business's message is answered as not found, never touched.
      const message = yield* messages.get(parsed.value)
      if (message.businessId !== business.id) return yield* Effect.fail(new CallerMessageNotFound({ messageId }))
      const handled = yield* messages.markHandled(message.id)
      return Answer.json(200, messageJson(handled, business))
    }),
})

// --- outbox ---------------------------------------------------------------------------------

const OutboxQuery = Schema.Struct({
  status: Schema.optionalWith(OutboxJobStatus, { default: () => "dead" as const }),
  limit,
})

const listJobs = OpenApi.endpoint({
  method: "GET",
  path: "/outbox",
  operationId: "listOutboxJobs",
  summary: "Follow-up jobs (calendar events, texts) by status, dead ones by default",
  tags: ["operations"],
  query: OutboxQuery,
  responses: { 200: { description: "the jobs", schema: Schema.Struct({ jobs: Schema.Array(JobView) }) } },
  handle: ({ query }) =>
    Effect.flatMap(Outbox, (outbox) => outbox.list({ status: query.status, limit: query.limit })).pipe(
      Effect.map((jobs) => Answer.json(200, { jobs: jobs.map(jobJson) })),
    ),
})

/** Puts a dead job back in the queue (after the owner fixed its cause, e.g. reconnected the calendar). */
const replayJob = OpenApi.endpoint({
  method: "POST",
  path: "/outbox/:id/replay",
  operationId: "replayOutboxJob",
  summary: "Put a dead job back in the queue",
  tags: ["operations"],
  params: { id: "the job's id" },
  responses: {
    202: {
      description: "queued again",
      schema: Schema.Struct({ id: Schema.String, status: Schema.Literal("pending") }),
    },
    404: { description: "no dead job with that id", schema: OpenApi.ProblemBody },
  },
  handle: ({ params }) =>
    Effect.gen(function* () {
      const id = params.id ?? ""
      const outbox = yield* Outbox
      // Only dead jobs are replayed; anything else is answered as not found rather than touched.
      const dead = yield* outbox.list({ status: "dead", limit: 500 })
      if (!dead.some((job) => job.id === id)) {
        return Answer.problem(404, "not_found", `no dead job ${JSON.stringify(id)}`)
      }
      yield* outbox.replay(id)
      return Answer.json(202, { id, status: "pending" })
    }),
})

/** Every endpoint this module serves under /api/v1, in the order the document lists them. */
export const endpoints: ReadonlyArray<OpenApi.Endpoint<AdminServices>> = [
  createBusiness,
  listBusinesses,
  readBusiness,
  patchBusiness,
  listBookings,
  createBooking,
  rescheduleBooking,
  cancelBooking,
  listMessages,
  markMessageHandled,
  listJobs,
  replayJob,
]

/**
 * The OpenAPI 3.1 document of the admin API (and of whatever else is passed to be documented),
 * with the endpoint that serves it, itself part of the document.
 */
// biome-ignore lint/suspicious/noExplicitAny: documented only, never run from here
export const openApi = (alsoDocumented: ReadonlyArray<OpenApi.Endpoint<any>> = []) => {
  let document: { readonly [key: string]: unknown } = {}
  const serve = OpenApi.endpoint({
    method: "GET",
    path: "/openapi.json",
    operationId: "openApi",
    summary: "This document: OpenAPI 3.1 of /api/v1",
    tags: ["operations"],
    responses: { 200: { description: "an OpenAPI 3.1 document" } },
    handle: () => Effect.sync(() => Answer.json(200, document)),
  })
  document = OpenApi.document([...endpoints, ...alsoDocumented, serve], {
    title: "Frontdesk admin API",
    version: "1",
    description:
      "Owner tools: businesses, bookings, messages, follow-up jobs. Every route needs `Authorization: Bearer " +
      "<ADMIN_TOKEN>`. Errors are `{ error, message }`; a request that does not validate adds `problems`, one " +
      "line per problem with its path.",
    prefix,
  })
  return { document, serve }
}

export const register = (app: FastifyInstance, options: AdminOptions) => {
  const respond = Answer.responder(options.runtime)
  const send = (reply: FastifyReply, effect: Effect.Effect<Answer.Answer, Answer.RequestError, AdminServices>) =>
    respond(reply, Answer.recover(effect))
  // Built once: the document only changes with the code.
  const { serve } = openApi(options.alsoDocumented)

  app.register(
    async (api) => {
      await api.register(AdminAuth.plugin, { adminToken: options.adminToken })
      // The admin API speaks JSON only: a form or plain-text body is 415, never read as an (empty) patch.
      api.removeContentTypeParser(["application/x-www-form-urlencoded", "text/plain"])
      OpenApi.mount(api, [...endpoints, serve], send)
    },
    { prefix },
  )
}
