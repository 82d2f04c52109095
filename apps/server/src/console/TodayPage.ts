import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { CallerMessages } from "@frontdesk/domain/ports/CallerMessages"
import { TokenVault } from "@frontdesk/domain/ports/TokenVault"
import { Array as Arr, DateTime, Effect, Option, Order } from "effect"
import { type BusinessView, chrome, localTime, maskPhone, ok } from "./Access.js"
import { html } from "./Html.js"
import { banner, businessPath, csrfField, page } from "./Layout.js"

/** The calendar connection's health as a banner: broken is a reconnect button, never silence. */
export const connectionBanner = (view: BusinessView) =>
  Effect.gen(function* () {
    const stored = yield* Effect.flatMap(TokenVault, (vault) => vault.load(view.business.id)).pipe(
      Effect.orElseSucceed(() => Option.none()),
    )
    if (Option.isNone(stored) || stored.value.status === "connected") return html``
    return banner(
      "bad",
      html`<strong>Google Calendar is disconnected.</strong> Bookings are not checked against your calendar
      (${stored.value.brokenReason ?? "Google refused the connection"}).
      <form method="post" action="${businessPath(view.business.id, "/calendar/connect")}">${csrfField(view.session.csrfToken)}<button type="submit">Reconnect</button></form>`,
    )
  })

export const render = (view: BusinessView) =>
  Effect.gen(function* () {
    const now = yield* DateTime.now
    const all = yield* (yield* BookingRepository).listByBusiness(view.business.id, { limit: 500 })
    const upcoming = Arr.take(
      Arr.sort(
        all.filter((b) => b.status === "confirmed" && DateTime.greaterThanOrEqualTo(b.endsAt, now)),
        Order.mapInput(DateTime.Order, (b: (typeof all)[number]) => b.startsAt),
      ),
      15,
    )
    const unread = yield* (yield* CallerMessages).list(view.business.id, { unhandledOnly: true, limit: 5 })
    const health = yield* connectionBanner(view)
    const id = view.business.id
    return ok(
      page(
        chrome(view, "today", "Today"),
        html`${health}
<div class="grid two">
<section class="card" aria-labelledby="upcoming">
  <h2 id="upcoming">Upcoming appointments</h2>
  ${
    upcoming.length === 0
      ? html`<p class="muted">Nothing booked yet.</p>`
      : html`<table><thead><tr><th scope="col">When</th><th scope="col">Who</th><th scope="col">Service</th></tr></thead><tbody>
      ${upcoming.map(
        (b) =>
          html`<tr><td>${localTime(view.business, b.startsAt)}</td><td>${b.customer.name}</td><td>${b.service}</td></tr>`,
      )}</tbody></table>`
  }
  <p><a href="${businessPath(id, "/bookings")}">All bookings</a></p>
</section>
<section class="card" aria-labelledby="unread">
  <h2 id="unread">Unread messages</h2>
  ${
    unread.length === 0
      ? html`<p class="muted">No new messages.</p>`
      : html`<ul>${unread.map(
          (m) =>
            html`<li><span class="muted small">${localTime(view.business, m.createdAt)} · ${maskPhone(m.callerPhone)}</span><br>${m.text}</li>`,
        )}</ul>`
  }
  <p><a href="${businessPath(id, "/messages")}">All messages</a></p>
</section>
</div>`,
      ),
    )
  })
