import { ConsoleSessions } from "@frontdesk/domain/ports/ConsoleSessions"
import { Effect, type ManagedRuntime, Option } from "effect"
import type { FastifyRequest } from "fastify"
import { sameSecret, sha256 } from "../../console/Access.js"
import * as CalendarPage from "../../console/CalendarPage.js"
import { banner, businessPath } from "../../console/Layout.js"
import { cookieName, cookiesOf, type Routes } from "./Routing.js"

/**
 * The calendar page: connect Google, choose the calendars, disconnect; and the two things the
 * OAuth callback route (routes/OAuth.ts) needs from the console.
 */
export const register = ({ page, action }: Routes) => {
  page("/b/:id/calendar", (view, request) =>
    CalendarPage.render(
      view,
      request.query,
      request.query.saved === "1"
        ? banner("ok", "Saved: bookings now check and go to the calendars you chose.")
        : request.query.disconnected === "1"
          ? banner("ok", "Disconnected: Google's permission was revoked and the stored token deleted.")
          : request.query.disconnected === "local"
            ? banner(
                "info",
                "Disconnected here; Google could not be reached to revoke the permission. Remove Frontdesk in your Google account's connected apps.",
              )
            : undefined,
    ),
  )
  action("/b/:id/calendar/connect", (view) => CalendarPage.connect(view))
  action("/b/:id/calendar/choose", (view, form) => CalendarPage.choose(view, form))
  action("/b/:id/calendar/disconnect", (view) => CalendarPage.disconnect(view))
}

/**
 * Google's callback must come back to the browser that started it: a `state` a console session
 * started is accepted only with that session's cookie. States from the admin API (bearer) are not
 * bound to a browser and pass.
 */
export const oauthBrowserCheck =
  (runtime: ManagedRuntime.ManagedRuntime<ConsoleSessions, unknown>, publicBaseUrl: string) =>
  (request: FastifyRequest, state: string | undefined): Promise<boolean> =>
    runtime.runPromise(
      Effect.gen(function* () {
        if (state === undefined || state === "") return true
        const sessions = yield* ConsoleSessions
        const started = yield* sessions.findByOAuthState(sha256(state))
        if (Option.isNone(started)) return true
        const token = cookiesOf(request.headers.cookie)[cookieName(publicBaseUrl)]
        return token !== undefined && sameSecret(sha256(token), started.value.idHash)
      }).pipe(Effect.orElseSucceed(() => false)),
    )

export const oauthSettingsUrl = (businessId: string) => businessPath(businessId, "/calendar?connected=1")
