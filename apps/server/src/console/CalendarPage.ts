import { Business } from "@frontdesk/domain/model/Business"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import { Calendar, type CalendarListEntry } from "@frontdesk/domain/ports/Calendar"
import { ConsoleSessions } from "@frontdesk/domain/ports/ConsoleSessions"
import { TokenVault } from "@frontdesk/domain/ports/TokenVault"
import { Effect, Either, Option, Schema } from "effect"
import { GoogleConnect } from "../GoogleConnect.js"
import { type BusinessView, chrome, ok, seeOther, sha256 } from "./Access.js"
import { type Html, html } from "./Html.js"
import { banner, businessPath, csrfField, page } from "./Layout.js"

const encodeBusiness = Schema.encodeSync(Business)

/** The calendar ids the business checks and writes to, as stored (`primary` when unset). */
const chosen = (view: BusinessView) => {
  const google: Record<string, unknown> = view.business.aiConfig.integrations.providers.google_calendar ?? {}
  const ids = Array.isArray(google.calendar_ids) ? (google.calendar_ids as ReadonlyArray<string>) : ["primary"]
  const target = typeof google.calendar_id === "string" ? google.calendar_id : "primary"
  return { ids, target, inUse: view.business.aiConfig.integrations.provider === "google_calendar" }
}

const matches = (entry: CalendarListEntry, id: string) => entry.id === id || (entry.primary && id === "primary")

export const render = (view: BusinessView, query: { readonly connected?: string }, notice?: Html, status = 200) =>
  Effect.gen(function* () {
    const id = view.business.id
    const csrf = csrfField(view.session.csrfToken)
    const google = yield* GoogleConnect
    const stored = yield* (yield* TokenVault).load(id).pipe(Effect.orElseSucceed(() => Option.none()))
    const connectForm = (label: string) =>
      html`<form method="post" action="${businessPath(id, "/calendar/connect")}">${csrf}<button type="submit">${label}</button></form>`
    let body: Html
    if (Option.isNone(google)) {
      body = banner(
        "info",
        "Google Calendar is not configured on this server: the operator sets GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET (see docs/operations.md).",
      )
    } else if (Option.isNone(stored)) {
      body = html`<p>Connect your Google Calendar so the receptionist checks it before booking and adds each booking to it.</p>${connectForm("Connect Google Calendar")}`
    } else if (stored.value.status === "broken") {
      body = html`${banner("bad", html`<strong>The connection is broken:</strong> ${stored.value.brokenReason ?? "Google refused it"}. Reconnect to resume checking your calendar.`)}
      ${connectForm("Reconnect Google Calendar")}`
    } else {
      const listed = yield* Effect.either((yield* Calendar).listCalendars(view.business))
      const { ids, target, inUse } = chosen(view)
      body = Either.match(listed, {
        onLeft: (error) =>
          html`${banner("bad", `Could not list your calendars: ${error.message}`)}${connectForm("Reconnect Google Calendar")}`,
        onRight: (
          calendars,
        ) => html`<p><span class="pill ok">connected</span> ${inUse ? "" : html`<span class="pill warn">not used for bookings yet: save your choice below</span>`}</p>
  <form method="post" action="${businessPath(id, "/calendar/choose")}">${csrf}
    <fieldset><legend>Check these calendars for conflicts</legend>
      ${calendars.map(
        (c, i) =>
          html`<label class="check"><input type="checkbox" name="check_${i}" value="${c.id}"${ids.some((x) => matches(c, x)) ? html` checked` : ""}> ${c.summary}${c.primary ? html` <span class="pill">primary</span>` : ""}</label>`,
      )}
    </fieldset>
    <fieldset><legend>Add bookings to</legend>
      ${calendars
        .filter((c) => c.writable)
        .map(
          (c) =>
            html`<label class="check"><input type="radio" name="destination" value="${c.id}"${matches(c, target) ? html` checked` : ""}> ${c.summary}</label>`,
        )}
    </fieldset>
    <p><button type="submit">Use these calendars</button></p>
  </form>
  <form method="post" action="${businessPath(id, "/calendar/disconnect")}">${csrf}<button type="submit" class="danger">Disconnect Google Calendar</button></form>`,
      })
    }
    return ok(
      page(
        chrome(view, "calendar", "Calendar"),
        html`${query.connected === "1" ? banner("ok", "Google Calendar connected. Choose which calendars to use.") : ""}${notice ?? ""}<section class="card">${body}</section>`,
      ),
      status,
    )
  })

/** Sends the browser to Google, remembering the `state` with this session so the callback must come back here. */
export const connect = (view: BusinessView) =>
  Effect.gen(function* () {
    const google = yield* GoogleConnect
    if (Option.isNone(google)) return yield* render(view, {}, undefined, 503)
    const url = yield* google.value.authorizationUrl(view.business.id)
    const state = new URL(url).searchParams.get("state") ?? ""
    yield* (yield* ConsoleSessions).bindOAuthState(view.session.idHash, sha256(state))
    return seeOther(url)
  })

const saveIntegrations = (
  view: BusinessView,
  change: (google: Record<string, unknown>) => Record<string, unknown>,
  provider: string,
) =>
  Effect.gen(function* () {
    const encoded = encodeBusiness(view.business)
    const integrations = encoded.aiConfig?.integrations ?? { provider: "native", providers: {} }
    const providers = (integrations.providers ?? {}) as Record<string, unknown>
    const current = (providers.google_calendar ?? {}) as Record<string, unknown>
    const next = {
      ...encoded,
      aiConfig: {
        ...encoded.aiConfig,
        integrations: { ...integrations, provider, providers: { ...providers, google_calendar: change(current) } },
      },
    }
    const business = yield* Schema.decodeUnknown(Business)(next)
    return yield* (yield* Businesses).update(business)
  })

export const choose = (view: BusinessView, form: Record<string, string>) =>
  Effect.gen(function* () {
    const checked = Object.entries(form)
      .filter(([key]) => key.startsWith("check_"))
      .map(([, value]) => value)
      .filter((value) => value !== "")
    const destination = (form.destination ?? "").trim()
    if (checked.length === 0 || destination === "") {
      return yield* render(
        view,
        {},
        banner("bad", "Pick at least one calendar to check and one to add bookings to."),
        400,
      )
    }
    yield* saveIntegrations(
      view,
      (google) => ({ ...google, enabled: true, calendar_ids: checked, calendar_id: destination }),
      "google_calendar",
    )
    return seeOther(businessPath(view.business.id, "/calendar?saved=1"))
  })

export const disconnect = (view: BusinessView) =>
  Effect.gen(function* () {
    const google = yield* GoogleConnect
    const result = Option.isNone(google) ? { revokedAtGoogle: false } : yield* google.value.disconnect(view.business.id)
    // Back to Frontdesk's own bookings until a calendar is connected again; the choice of calendars is kept.
    yield* saveIntegrations(view, (current) => current, "native")
    return result.revokedAtGoogle
      ? seeOther(businessPath(view.business.id, "/calendar?disconnected=1"))
      : seeOther(businessPath(view.business.id, "/calendar?disconnected=local"))
  })
