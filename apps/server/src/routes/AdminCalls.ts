import type { Business } from "@frontdesk/domain/model/Business"
import type { CallRecord } from "@frontdesk/domain/model/CallRecord"
import { CallSid } from "@frontdesk/domain/model/Ids"
import type { Businesses } from "@frontdesk/domain/ports/Businesses"
import { CallRecords } from "@frontdesk/domain/ports/CallRecords"
import type { OwnerAccounts } from "@frontdesk/domain/ports/OwnerAccounts"
import { DateTime, Effect, type ManagedRuntime, Option, type Redacted, Schema } from "effect"
import type { FastifyInstance } from "fastify"
import * as Invites from "../console/Invites.js"
import * as AdminAuth from "../http/AdminAuth.js"
import * as Answer from "../http/Answer.js"
import { getBusiness, limit, localInstant } from "./admin/Common.js"

/** The admin API's view of calls (the console's Calls page as JSON) and owner invites. */
export type AdminCallsServices = Businesses | CallRecords | OwnerAccounts

export interface AdminCallsOptions {
  readonly runtime: ManagedRuntime.ManagedRuntime<AdminCallsServices, unknown>
  readonly adminToken: Redacted.Redacted<string>
  readonly publicBaseUrl: string
}

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

export const register = (app: FastifyInstance, options: AdminCallsOptions) => {
  const respond = Answer.responder(options.runtime)
  app.register(
    async (api) => {
      await api.register(AdminAuth.plugin, { adminToken: options.adminToken })
      api.removeContentTypeParser(["application/x-www-form-urlencoded", "text/plain"])

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

      api.post<{ Params: { id: string } }>("/businesses/:id/owners/invites", (request, reply) =>
        respond(
          reply,
          Effect.gen(function* () {
            const business = yield* getBusiness(request.params.id)
            const invite = yield* Invites.create(business.id, options.publicBaseUrl)
            return Answer.json(201, {
              businessId: business.id,
              inviteUrl: invite.url,
              expiresAt: DateTime.formatIso(invite.expiresAt),
            })
          }).pipe(Answer.recover),
        ),
      )
    },
    { prefix: "/api/v1" },
  )
}
