import type { Businesses } from "@frontdesk/domain/ports/Businesses"
import type { OwnerAccounts } from "@frontdesk/domain/ports/OwnerAccounts"
import { DateTime, Effect } from "effect"
import type { FastifyInstance, FastifyReply } from "fastify"
import * as Invites from "../../console/Invites.js"
import * as Answer from "../../http/Answer.js"
import { getBusiness } from "./Common.js"

/** The admin API's owner invites: a link the business's owner opens to create their console account. */

/** Mounts the invite route on `api` (already behind the admin token, under /api/v1). */
export const register = (
  api: FastifyInstance,
  respond: (reply: FastifyReply, effect: Effect.Effect<Answer.Answer, never, Businesses | OwnerAccounts>) => unknown,
  publicBaseUrl: string,
) => {
  api.post<{ Params: { id: string } }>("/businesses/:id/owners/invites", (request, reply) =>
    respond(
      reply,
      Effect.gen(function* () {
        const business = yield* getBusiness(request.params.id)
        const invite = yield* Invites.create(business.id, publicBaseUrl)
        return Answer.json(201, {
          businessId: business.id,
          inviteUrl: invite.url,
          expiresAt: DateTime.formatIso(invite.expiresAt),
        })
      }).pipe(Answer.recover),
    ),
  )
}
