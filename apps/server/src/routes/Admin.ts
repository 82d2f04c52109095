import { randomBytes } from "node:crypto"
import { BookingService } from "@frontdesk/domain/booking/BookingService"
import type { Booking } from "@frontdesk/domain/model/Booking"
import { Business, checkAdminLimits, NewBusiness } from "@frontdesk/domain/model/Business"
import { type CallerMessage, CallerMessageId } from "@frontdesk/domain/model/CallerMessage"
import { BusinessNotFound, CallerMessageNotFound, type PersistenceError } from "@frontdesk/domain/model/Errors"
import { BookingId, BusinessId } from "@frontdesk/domain/model/Ids"
import { zoneOf } from "@frontdesk/domain/model/TimeZone"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import { CallerMessages } from "@frontdesk/domain/ports/CallerMessages"
import { Outbox, type OutboxJob, OutboxJobStatus } from "@frontdesk/domain/ports/Outbox"
import { DateTime, Effect, Either, type ManagedRuntime, Option, type Redacted, Schema } from "effect"
import type { FastifyInstance, FastifyReply } from "fastify"
import * as AdminAuth from "../http/AdminAuth.js"
import * as Answer from "../http/Answer.js"
import * as StorableText from "../http/StorableText.js"
import type { Metrics } from "../Metrics.js"

export type AdminServices = Businesses | BookingRepository | BookingService | CallerMessages | Metrics | Outbox

export interface AdminOptions {
  readonly runtime: ManagedRuntime.ManagedRuntime<AdminServices, unknown>
  readonly adminToken: Redacted.Redacted<string>
}

const encodeBusiness = Schema.encodeSync(Business)

const bookingJson = (booking: Booking, business: Business) => {
  const zone = zoneOf(business.timezone)
  const local = (dt: DateTime.Utc) => DateTime.formatIsoOffset(DateTime.setZone(dt, zone))
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
const messageJson = (message: CallerMessage, business: Business) => {
  const zone = zoneOf(business.timezone)
  const local = (dt: DateTime.Utc) => DateTime.formatIsoOffset(DateTime.setZone(dt, zone))
  return {
    id: message.id,
    callSid: message.callSid,
    callerPhone: message.callerPhone ?? null,
    text: message.text,
    createdAt: local(message.createdAt),
    handledAt: message.handledAt === undefined ? null : local(message.handledAt),
  }
}

const newBusinessId = () => BusinessId.make(`biz_${randomBytes(9).toString("base64url")}`)

/** Text Postgres cannot store is refused as bad input, not answered as a storage outage. */
const unstorableProblem = Answer.problem(400, "invalid_request", StorableText.message)

/** Postgres refused a repeated number as "belongs to another business" (409); memory stored it twice. */
const repeatsANumber = (business: { readonly phoneNumbers: ReadonlyArray<string> }) =>
  new Set(business.phoneNumbers).size !== business.phoneNumbers.length

const repeatedNumberProblem = Answer.problem(400, "invalid_request", "phoneNumbers lists the same number twice")

const businessIdFrom = StorableText.idFrom(BusinessId)
const bookingIdFrom = StorableText.idFrom(BookingId)
const messageIdFrom = StorableText.idFrom(CallerMessageId)

const createBusiness = (body: unknown) =>
  Effect.gen(function* () {
    if (!StorableText.isStorableJson(body)) return unstorableProblem
    const fields = yield* Schema.decodeUnknown(NewBusiness)(body, { onExcessProperty: "error" })
    yield* checkAdminLimits(fields)
    if (repeatsANumber(fields)) return repeatedNumberProblem
    const business = new Business({ ...fields, id: newBusinessId() })
    const stored = yield* (yield* Businesses).create(business)
    return Answer.json(201, encodeBusiness(stored))
  })

const getBusiness = (id: string): Effect.Effect<Business, BusinessNotFound | PersistenceError, Businesses> =>
  Option.match(businessIdFrom(id), {
    onNone: () => Effect.fail(new BusinessNotFound({})),
    onSome: (businessId) => Effect.flatMap(Businesses, (businesses) => businesses.get(businessId)),
  })

const patchBusiness = (id: string, patch: unknown) =>
  Effect.gen(function* () {
    if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
      return Answer.problem(400, "invalid_request", "expected a JSON object with the fields to change")
    }
    if ("id" in patch) return Answer.problem(400, "invalid_request", "id cannot be changed")
    if (!StorableText.isStorableJson(patch)) return unstorableProblem
    const current = yield* getBusiness(id)
    // Validate the whole result, not the patch alone: the merged business must still be valid.
    const merged = yield* Schema.decodeUnknown(Business)(
      { ...encodeBusiness(current), ...patch, id: current.id },
      { onExcessProperty: "error" },
    )
    // The merged result, so a stored business over the caps is told what to fix on its next change.
    yield* checkAdminLimits(merged)
    if (repeatsANumber(merged)) return repeatedNumberProblem
    const stored = yield* (yield* Businesses).update(merged)
    return Answer.json(200, encodeBusiness(stored))
  })

const listBookings = (id: string, limit: number) =>
  Effect.gen(function* () {
    const business = yield* getBusiness(id)
    const bookings = yield* (yield* BookingRepository).listByBusiness(business.id, { limit })
    return Answer.json(200, { bookings: bookings.map((b) => bookingJson(b, business)) })
  })

const cancelBooking = (id: string, bookingId: string) =>
  Effect.gen(function* () {
    const business = yield* getBusiness(id)
    const parsed = bookingIdFrom(bookingId)
    if (Option.isNone(parsed)) return Answer.problem(404, "not_found", "no such booking")
    // Frees the slot, removes the calendar event and texts the customer; a second cancel is a no-op.
    const cancelled = yield* (yield* BookingService).cancel(business, parsed.value)
    return Answer.json(200, bookingJson(cancelled, business))
  })

const MessagesQuery = Schema.Struct({
  unhandled: Schema.optionalWith(Schema.Literal("true", "false"), { default: () => "false" as const }),
  limit: Schema.optionalWith(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 500)), {
    default: () => 100,
  }),
})

/** Newest first, so the owner sees what came in last at the top. */
const listMessages = (id: string, query: typeof MessagesQuery.Type) =>
  Effect.gen(function* () {
    const business = yield* getBusiness(id)
    const messages = yield* (yield* CallerMessages).list(business.id, {
      unhandledOnly: query.unhandled === "true",
      limit: query.limit,
    })
    return Answer.json(200, { messages: messages.map((m) => messageJson(m, business)) })
  })

const markMessageHandled = (id: string, messageId: string) =>
  Effect.gen(function* () {
    const business = yield* getBusiness(id)
    const parsed = messageIdFrom(messageId)
    if (Option.isNone(parsed)) return yield* Effect.fail(new CallerMessageNotFound({ messageId }))
    const messages = yield* CallerMessages
    // Another business's message is answered as not found, never touched.
    const message = yield* messages.get(parsed.value)
    if (message.businessId !== business.id) return yield* Effect.fail(new CallerMessageNotFound({ messageId }))
    const handled = yield* messages.markHandled(message.id)
    return Answer.json(200, messageJson(handled, business))
  })

/** A job as the owner sees it: what it was for, how often it was tried, why it failed. */
const jobJson = (job: OutboxJob) => ({
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

const OutboxQuery = Schema.Struct({
  status: Schema.optionalWith(OutboxJobStatus, { default: () => "dead" as const }),
  limit: Schema.optionalWith(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 500)), {
    default: () => 100,
  }),
})

const listJobs = (query: typeof OutboxQuery.Type) =>
  Effect.flatMap(Outbox, (outbox) => outbox.list({ status: query.status, limit: query.limit })).pipe(
    Effect.map((jobs) => Answer.json(200, { jobs: jobs.map(jobJson) })),
  )

/** Puts a dead job back in the queue (after the owner fixed its cause, e.g. reconnected the calendar). */
const replayJob = (id: string) =>
  Effect.gen(function* () {
    const outbox = yield* Outbox
    // Only dead jobs are replayed; anything else is answered as not found rather than touched.
    const dead = yield* outbox.list({ status: "dead", limit: 500 })
    if (!dead.some((job) => job.id === id)) {
      return Answer.problem(404, "not_found", `no dead job ${JSON.stringify(id)}`)
    }
    yield* outbox.replay(id)
    return Answer.json(202, { id, status: "pending" })
  })

const LimitQuery = Schema.Struct({
  limit: Schema.optionalWith(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 500)), {
    default: () => 100,
  }),
})

/** A query that decodes, or the 400 that says why not. */
const decodeQuery =
  <A, I>(schema: Schema.Schema<A, I>) =>
  (query: unknown): Either.Either<A, Answer.Answer> =>
    Either.mapLeft(Schema.decodeUnknownEither(schema)(query), (error) =>
      Answer.problem(400, "invalid_request", Answer.reasonOf(error)),
    )

export const register = (app: FastifyInstance, options: AdminOptions) => {
  const respond = Answer.responder(options.runtime)
  const send = (reply: FastifyReply, effect: Effect.Effect<Answer.Answer, Answer.RequestError, AdminServices>) =>
    respond(reply, Answer.recover(effect))

  app.register(
    async (api) => {
      await api.register(AdminAuth.plugin, { adminToken: options.adminToken })
      // The admin API speaks JSON only: a form or plain-text body is 415, never read as an (empty) patch.
      api.removeContentTypeParser(["application/x-www-form-urlencoded", "text/plain"])

      api.post("/businesses", (request, reply) => send(reply, createBusiness(request.body)))

      api.get("/businesses", (_request, reply) =>
        send(
          reply,
          Effect.flatMap(Businesses, (b) => b.list).pipe(
            Effect.map((all) => Answer.json(200, { businesses: all.map((b) => encodeBusiness(b)) })),
          ),
        ),
      )

      api.get<{ Params: { id: string } }>("/businesses/:id", (request, reply) =>
        send(reply, getBusiness(request.params.id).pipe(Effect.map((b) => Answer.json(200, encodeBusiness(b))))),
      )

      api.patch<{ Params: { id: string } }>("/businesses/:id", (request, reply) =>
        send(reply, patchBusiness(request.params.id, request.body)),
      )

      api.get<{ Params: { id: string } }>("/businesses/:id/bookings", (request, reply) =>
        Either.match(decodeQuery(LimitQuery)(request.query), {
          onLeft: (refused) => Answer.send(reply, refused),
          onRight: (query) => send(reply, listBookings(request.params.id, query.limit)),
        }),
      )

      api.post<{ Params: { id: string; bookingId: string } }>(
        "/businesses/:id/bookings/:bookingId/cancel",
        (request, reply) => send(reply, cancelBooking(request.params.id, request.params.bookingId)),
      )

      api.get<{ Params: { id: string } }>("/businesses/:id/messages", (request, reply) =>
        Either.match(decodeQuery(MessagesQuery)(request.query), {
          onLeft: (refused) => Answer.send(reply, refused),
          onRight: (query) => send(reply, listMessages(request.params.id, query)),
        }),
      )

      api.post<{ Params: { id: string; messageId: string } }>(
        "/businesses/:id/messages/:messageId/handled",
        (request, reply) => send(reply, markMessageHandled(request.params.id, request.params.messageId)),
      )

      api.get("/outbox", (request, reply) =>
        Either.match(decodeQuery(OutboxQuery)(request.query), {
          onLeft: (refused) => Answer.send(reply, refused),
          onRight: (query) => send(reply, listJobs(query)),
        }),
      )

      api.post<{ Params: { id: string } }>("/outbox/:id/replay", (request, reply) =>
        send(reply, replayJob(request.params.id)),
      )
    },
    { prefix: "/api/v1" },
  )
}
