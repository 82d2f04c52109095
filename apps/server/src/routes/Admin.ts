import { randomBytes, timingSafeEqual } from "node:crypto"
import { BookingService } from "@frontdesk/domain/booking/BookingService"
import type { Booking } from "@frontdesk/domain/model/Booking"
import { Business, NewBusiness } from "@frontdesk/domain/model/Business"
import { BusinessNotFound, type PersistenceError } from "@frontdesk/domain/model/Errors"
import { BookingId, BusinessId } from "@frontdesk/domain/model/Ids"
import { zoneOf } from "@frontdesk/domain/model/TimeZone"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import { Outbox, type OutboxJob, OutboxJobStatus } from "@frontdesk/domain/ports/Outbox"
import { DateTime, Effect, type ManagedRuntime, Option, ParseResult, Redacted, Schema } from "effect"
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify"
import type { Metrics } from "../Metrics.js"

export type AdminServices = Businesses | BookingRepository | BookingService | Metrics | Outbox

export interface AdminOptions {
  readonly runtime: ManagedRuntime.ManagedRuntime<AdminServices, unknown>
  readonly adminToken: Redacted.Redacted<string>
}

/** An HTTP answer computed inside Effect; domain errors become these in this module only. */
interface Answer {
  readonly status: number
  readonly body: unknown
}

const problem = (status: number, error: string, message: string): Answer => ({ status, body: { error, message } })

export const bearerMatches = (header: string | undefined, token: Redacted.Redacted<string>): boolean => {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? "")
  if (match === null) return false
  const given = Buffer.from(match[1]!.trim())
  const expected = Buffer.from(Redacted.value(token))
  return given.length === expected.length && timingSafeEqual(given, expected)
}

const formatParseError = (error: ParseResult.ParseError) => {
  try {
    return ParseResult.TreeFormatter.formatErrorSync(error)
  } catch {
    // Printing the offending value of a deeply nested body overflows the stack; the body is still just invalid.
    return "the request body does not have the expected shape"
  }
}

const encodeBusiness = Schema.encodeSync(Business)

export const bookingJson = (booking: Booking, business: Business) => {
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

const newBusinessId = () => BusinessId.make(`biz_${randomBytes(9).toString("base64url")}`)

const storageProblem = (error: { readonly message: string }) =>
  Effect.logError("Admin API storage failure").pipe(
    Effect.annotateLogs({ error: error.message }),
    Effect.as(problem(503, "unavailable", "storage is unavailable, try again")),
  )

const createBusiness = (body: unknown) =>
  Effect.gen(function* () {
    if (hasUnstorableText(body)) return unstorableProblem()
    const fields = yield* Schema.decodeUnknown(NewBusiness)(body, { onExcessProperty: "error" })
    if (repeatsANumber(fields)) return repeatedNumberProblem()
    const business = new Business({ ...fields, id: newBusinessId() })
    const stored = yield* (yield* Businesses).create(business)
    return { status: 201, body: encodeBusiness(stored) } satisfies Answer
  })

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

/** Text Postgres cannot store (NUL, half a surrogate pair): refused as bad input, not as a storage outage. */
const unstorable = (text: string) => text.includes("\u0000") || loneSurrogate.test(text)

/** The first unstorable string anywhere in a JSON body (keys included); iterative, bodies nest deep. */
const hasUnstorableText = (body: unknown): boolean => {
  const pending: Array<unknown> = [body]
  while (pending.length > 0) {
    const value = pending.pop()
    if (typeof value === "string") {
      if (unstorable(value)) return true
    } else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (unstorable(key)) return true
        pending.push(item)
      }
    }
  }
  return false
}

const unstorableProblem = () =>
  problem(400, "invalid_request", "text must not contain NUL characters or unpaired surrogates")

/** Postgres refused a repeated number as "belongs to another business" (409); memory stored it twice. */
const repeatsANumber = (business: { readonly phoneNumbers: ReadonlyArray<string> }) =>
  new Set(business.phoneNumbers).size !== business.phoneNumbers.length

const repeatedNumberProblem = () => problem(400, "invalid_request", "phoneNumbers lists the same number twice")

/** A path segment that cannot be an id (blank, padded, NUL) names no business; `make` would throw. */
export const businessIdFrom = (raw: string): Option.Option<BusinessId> =>
  unstorable(raw) ? Option.none() : Schema.decodeUnknownOption(BusinessId)(raw)

const getBusiness = (id: string): Effect.Effect<Business, BusinessNotFound | PersistenceError, Businesses> =>
  Option.match(businessIdFrom(id), {
    onNone: () => Effect.fail(new BusinessNotFound({})),
    onSome: (businessId) => Effect.flatMap(Businesses, (businesses) => businesses.get(businessId)),
  })

const patchBusiness = (id: string, patch: unknown) =>
  Effect.gen(function* () {
    if (typeof patch !== "object" || patch === null || Array.isArray(patch)) {
      return problem(400, "invalid_request", "expected a JSON object with the fields to change")
    }
    if ("id" in patch) return problem(400, "invalid_request", "id cannot be changed")
    if (hasUnstorableText(patch)) return unstorableProblem()
    const current = yield* getBusiness(id)
    // Validate the whole result, not the patch alone: the merged business must still be valid.
    const merged = yield* Schema.decodeUnknown(Business)(
      { ...encodeBusiness(current), ...patch, id: current.id },
      { onExcessProperty: "error" },
    )
    if (repeatsANumber(merged)) return repeatedNumberProblem()
    const stored = yield* (yield* Businesses).update(merged)
    return { status: 200, body: encodeBusiness(stored) } satisfies Answer
  })

const listBookings = (id: string, limit: number) =>
  Effect.gen(function* () {
    const business = yield* getBusiness(id)
    const bookings = yield* (yield* BookingRepository).listByBusiness(business.id, { limit })
    return { status: 200, body: { bookings: bookings.map((b) => bookingJson(b, business)) } } satisfies Answer
  })

const cancelBooking = (id: string, bookingId: string) =>
  Effect.gen(function* () {
    const business = yield* getBusiness(id)
    const parsed = unstorable(bookingId) ? Option.none() : Schema.decodeUnknownOption(BookingId)(bookingId)
    if (Option.isNone(parsed)) return problem(404, "not_found", "no such booking")
    // Frees the slot, removes the calendar event and texts the customer; a second cancel is a no-op.
    const cancelled = yield* (yield* BookingService).cancel(business, parsed.value)
    return { status: 200, body: bookingJson(cancelled, business) } satisfies Answer
  })

const answerErrors = <R>(
  effect: Effect.Effect<
    Answer,
    | ParseResult.ParseError
    | { readonly _tag: "BusinessNotFound" }
    | { readonly _tag: "BookingNotFound" }
    | { readonly _tag: "PhoneNumberInUse"; readonly phoneNumber: string }
    | { readonly _tag: "PersistenceError"; readonly message: string },
    R
  >,
) =>
  effect.pipe(
    Effect.catchAll((error): Effect.Effect<Answer> => {
      switch (error._tag) {
        case "ParseError":
          return Effect.succeed(problem(400, "invalid_request", formatParseError(error)))
        case "BusinessNotFound":
          return Effect.succeed(problem(404, "not_found", "no such business"))
        case "BookingNotFound":
          return Effect.succeed(problem(404, "not_found", "no such booking"))
        case "PhoneNumberInUse":
          return Effect.succeed(
            problem(409, "phone_number_in_use", `${error.phoneNumber} already belongs to another business`),
          )
        case "PersistenceError":
          return storageProblem(error)
      }
    }),
  )

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
    Effect.map((jobs): Answer => ({ status: 200, body: { jobs: jobs.map(jobJson) } })),
    Effect.catchTag("PersistenceError", storageProblem),
  )

/** Puts a dead job back in the queue (after the owner fixed its cause, e.g. reconnected the calendar). */
const replayJob = (id: string) =>
  Effect.gen(function* () {
    const outbox = yield* Outbox
    // Only dead jobs are replayed; anything else is answered as not found rather than touched.
    const dead = yield* outbox.list({ status: "dead", limit: 500 })
    if (!dead.some((job) => job.id === id)) {
      return problem(404, "not_found", `no dead job ${JSON.stringify(id)}`)
    }
    yield* outbox.replay(id)
    return { status: 202, body: { id, status: "pending" } } satisfies Answer
  }).pipe(Effect.catchTag("PersistenceError", storageProblem))

const LimitQuery = Schema.Struct({
  limit: Schema.optionalWith(Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 500)), {
    default: () => 100,
  }),
})

export const register = (app: FastifyInstance, options: AdminOptions) => {
  const send = async (reply: FastifyReply, effect: Effect.Effect<Answer, never, AdminServices>) => {
    const answer = await options.runtime.runPromise(effect)
    return reply.code(answer.status).send(answer.body)
  }

  app.register(
    async (api) => {
      // The admin API speaks JSON only: a form or plain-text body is 415, never read as an (empty) patch.
      api.removeContentTypeParser(["application/x-www-form-urlencoded", "text/plain"])
      api.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
        if (!bearerMatches(request.headers.authorization, options.adminToken)) {
          return reply
            .code(401)
            .header("www-authenticate", 'Bearer realm="frontdesk"')
            .send({ error: "unauthorized", message: "send Authorization: Bearer <ADMIN_TOKEN>" })
        }
      })

      api.post("/businesses", (request, reply) => send(reply, answerErrors(createBusiness(request.body))))

      api.get("/businesses", (_request, reply) =>
        send(
          reply,
          answerErrors(
            Effect.flatMap(Businesses, (b) => b.list).pipe(
              Effect.map((all) => ({ status: 200, body: { businesses: all.map((b) => encodeBusiness(b)) } })),
            ),
          ),
        ),
      )

      api.get<{ Params: { id: string } }>("/businesses/:id", (request, reply) =>
        send(
          reply,
          answerErrors(
            getBusiness(request.params.id).pipe(Effect.map((b) => ({ status: 200, body: encodeBusiness(b) }))),
          ),
        ),
      )

      api.patch<{ Params: { id: string } }>("/businesses/:id", (request, reply) =>
        send(reply, answerErrors(patchBusiness(request.params.id, request.body))),
      )

      api.get<{ Params: { id: string } }>("/businesses/:id/bookings", (request, reply) => {
        const query = Schema.decodeUnknownEither(LimitQuery)(request.query)
        if (query._tag === "Left") {
          return reply.code(400).send(problem(400, "invalid_request", formatParseError(query.left)).body)
        }
        return send(reply, answerErrors(listBookings(request.params.id, query.right.limit)))
      })

      api.post<{ Params: { id: string; bookingId: string } }>(
        "/businesses/:id/bookings/:bookingId/cancel",
        (request, reply) => send(reply, answerErrors(cancelBooking(request.params.id, request.params.bookingId))),
      )

      api.get("/outbox", (request, reply) => {
        const query = Schema.decodeUnknownEither(OutboxQuery)(request.query)
        if (query._tag === "Left") {
          return reply.code(400).send(problem(400, "invalid_request", formatParseError(query.left)).body)
        }
        return send(reply, listJobs(query.right))
      })

      api.post<{ Params: { id: string } }>("/outbox/:id/replay", (request, reply) =>
        send(reply, replayJob(request.params.id)),
      )
    },
    { prefix: "/api/v1" },
  )
}
