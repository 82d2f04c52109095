import type { FastifyInstance } from "fastify"
import { stylesheet } from "../console/Layout.js"
import * as Bookings from "./console/Bookings.js"
import * as Businesses from "./console/Businesses.js"
import * as Calendar from "./console/Calendar.js"
import * as Calls from "./console/Calls.js"
import * as Invite from "./console/Invite.js"
import * as Messages from "./console/Messages.js"
import * as Routing from "./console/Routing.js"
import * as Settings from "./console/Settings.js"
import * as SignIn from "./console/SignIn.js"
import * as Today from "./console/Today.js"

/**
 * The owner's console: one module per page in `console/` registers its routes through the
 * session, CSRF and business checks of `console/Routing.ts`; the pages render from `../console/`.
 */

export type ConsoleServices = Routing.ConsoleServices
export type ConsoleOptions = Routing.ConsoleOptions

export const makeSignInLink = SignIn.makeSignInLink
export const oauthBrowserCheck = Calendar.oauthBrowserCheck
export const oauthSettingsUrl = Calendar.oauthSettingsUrl

export const register = (app: FastifyInstance, options: ConsoleOptions) => {
  const routes = Routing.make(app, options)

  app.get("/console.css", (_request, reply) =>
    reply.type("text/css; charset=utf-8").header("cache-control", "public, max-age=3600").send(stylesheet),
  )

  SignIn.register(routes)
  Invite.register(routes)
  Businesses.register(routes)
  Today.register(routes)
  Bookings.register(routes)
  Calls.register(routes)
  Messages.register(routes)
  Settings.register(routes)
  Calendar.register(routes)
}
