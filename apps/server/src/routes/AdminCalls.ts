import type { Businesses } from "@frontdesk/domain/ports/Businesses"
import type { CallRecords } from "@frontdesk/domain/ports/CallRecords"
import type { OwnerAccounts } from "@frontdesk/domain/ports/OwnerAccounts"
import type { ManagedRuntime, Redacted } from "effect"
import type { FastifyInstance } from "fastify"
import * as AdminAuth from "../http/AdminAuth.js"
import * as Answer from "../http/Answer.js"
import * as Calls from "./admin/Calls.js"
import * as Invites from "./admin/Invites.js"

/**
 * The admin routes the OpenAPI document does not list: calls (`admin/Calls.ts`) and owner
 * invites (`admin/Invites.ts`), behind the same bearer token under /api/v1.
 */
export type AdminCallsServices = Businesses | CallRecords | OwnerAccounts

export interface AdminCallsOptions {
  readonly runtime: ManagedRuntime.ManagedRuntime<AdminCallsServices, unknown>
  readonly adminToken: Redacted.Redacted<string>
  readonly publicBaseUrl: string
}

export const register = (app: FastifyInstance, options: AdminCallsOptions) => {
  const respond = Answer.responder(options.runtime)
  app.register(
    async (api) => {
      await api.register(AdminAuth.plugin, { adminToken: options.adminToken })
      api.removeContentTypeParser(["application/x-www-form-urlencoded", "text/plain"])
      Calls.register(api, respond)
      Invites.register(api, respond, options.publicBaseUrl)
    },
    { prefix: "/api/v1" },
  )
}
