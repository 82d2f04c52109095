import { timingSafeEqual } from "node:crypto"
import { Redacted } from "effect"
import type { FastifyReply, FastifyRequest } from "fastify"
import fastifyPlugin from "fastify-plugin"
import { problem, send } from "./Answer.js"

/**
 * The owner's API key: `Authorization: Bearer <ADMIN_TOKEN>`. Registered in a scope, it refuses
 * every request of that scope without the token before anything else about it is read (body,
 * content type, parameters).
 */

export interface AdminAuthOptions {
  readonly adminToken: Redacted.Redacted<string>
}

/** Constant-time, so the comparison does not tell an attacker how much of a guess was right. */
export const bearerMatches = (header: string | undefined, token: Redacted.Redacted<string>): boolean => {
  const match = /^Bearer\s+(.+)$/i.exec(header ?? "")
  if (match === null) return false
  const given = Buffer.from(match[1]!.trim())
  const expected = Buffer.from(Redacted.value(token))
  return given.length === expected.length && timingSafeEqual(given, expected)
}

export const plugin = fastifyPlugin<AdminAuthOptions>(
  async (app, options) => {
    app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
      if (!bearerMatches(request.headers.authorization, options.adminToken)) {
        return send(
          reply.header("www-authenticate", 'Bearer realm="frontdesk"'),
          problem(401, "unauthorized", "send Authorization: Bearer <ADMIN_TOKEN>"),
        )
      }
    })
  },
  { name: "frontdesk-admin-auth", fastify: "5.x" },
)
