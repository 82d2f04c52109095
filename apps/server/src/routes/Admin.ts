import type { BookingService } from "@frontdesk/domain/booking/BookingService"
import type { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import type { Businesses } from "@frontdesk/domain/ports/Businesses"
import type { CallerMessages } from "@frontdesk/domain/ports/CallerMessages"
import type { Outbox } from "@frontdesk/domain/ports/Outbox"
import { Effect, type ManagedRuntime, type Redacted } from "effect"
import type { FastifyInstance, FastifyReply } from "fastify"
import * as AdminAuth from "../http/AdminAuth.js"
import * as Answer from "../http/Answer.js"
import * as OpenApi from "../http/OpenApi.js"
import type { Metrics } from "../Metrics.js"
import * as AdminBookings from "./admin/Bookings.js"
import * as AdminBusinesses from "./admin/Businesses.js"
import * as AdminMessages from "./admin/Messages.js"
import * as AdminOutbox from "./admin/Outbox.js"

/**
 * The admin API under /api/v1: one module per resource in `admin/`, mounted here behind the
 * bearer token, with the OpenAPI document that describes them.
 */

export type AdminServices = Businesses | BookingRepository | BookingService | CallerMessages | Metrics | Outbox

export interface AdminOptions {
  readonly runtime: ManagedRuntime.ManagedRuntime<AdminServices, unknown>
  readonly adminToken: Redacted.Redacted<string>
  /** Endpoints other route files mount under /api/v1, so `openapi.json` describes them too. */
  // biome-ignore lint/suspicious/noExplicitAny: documented only, never run from here
  readonly alsoDocumented?: ReadonlyArray<OpenApi.Endpoint<any>>
}

export const prefix = "/api/v1"

/** Every endpoint this module serves under /api/v1, in the order the document lists them. */
export const endpoints: ReadonlyArray<OpenApi.Endpoint<AdminServices>> = [
  ...AdminBusinesses.endpoints,
  ...AdminBookings.endpoints,
  ...AdminMessages.endpoints,
  ...AdminOutbox.endpoints,
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
