import type { Business } from "@frontdesk/domain/model/Business"
import type { CallRecord } from "@frontdesk/domain/model/CallRecord"
import { CallSid } from "@frontdesk/domain/model/Ids"
import type { Businesses } from "@frontdesk/domain/ports/Businesses"
import { CallRecords } from "@frontdesk/domain/ports/CallRecords"
import { Effect, Option, Schema } from "effect"
import type { FastifyInstance, FastifyReply } from "fastify"
import * as Answer from "../../http/Answer.js"
import { getBusiness, limit, localInstant } from "./Common.js"

/** The admin API's view of calls: the console's Calls page as JSON. */

/** A call in the business's own time zone; each turn pairs who spoke with what they said. */
export const callJson = (call: CallRecord, business: Business) => {
  const local = localInstant(business)
  return {
    callSid: call.callSid,
    from: call.caller,
    startedAt: local(call.startedAt),
    endedAt: call.endedAt === undefined ? null : local(call.endedAt),
    outcome: call.outcome,
    bookingId: call.bookingId ?? null,
    turns: call.turns.map((turn) => ({ at: local(turn.at), speaker: turn.speaker, text: turn.text })),
  }
}

const LimitQuery = Schema.Struct({ limit })

/** Mounts the calls routes on `api` (already behind the admin token, under /api/v1). */
export const register = (
  api: FastifyInstance,
  respond: (reply: FastifyReply, effect: Effect.Effect<Answer.Answer, never, Businesses | CallRecords>) => unknown,
) => {
  api.get<{ Params: { id: string } }>("/businesses/:id/calls", (request, reply) =>
    respond(
      reply,
      Effect.gen(function* () {
        const query = yield* Schema.decodeUnknown(LimitQuery)(request.query)
        const business = yield* getBusiness(request.params.id)
        const calls = yield* (yield* CallRecords).list(business.id, { limit: query.limit })
        return Answer.json(200, { calls: calls.map((call) => callJson(call, business)) })
      }).pipe(Answer.recover),
    ),
  )

  api.get<{ Params: { id: string; sid: string } }>("/businesses/:id/calls/:sid", (request, reply) =>
    respond(
      reply,
      Effect.gen(function* () {
        const business = yield* getBusiness(request.params.id)
        const sid = Schema.decodeUnknownOption(CallSid)(request.params.sid)
        const call = Option.isNone(sid) ? Option.none() : yield* (yield* CallRecords).get(sid.value)
        // Another business's call is answered as not found.
        if (Option.isNone(call) || call.value.businessId !== business.id) {
          return Answer.problem(404, "not_found", "no such call")
        }
        return Answer.json(200, callJson(call.value, business))
      }).pipe(Answer.recover),
    ),
  )
}
