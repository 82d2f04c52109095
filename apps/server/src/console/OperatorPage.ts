import type { Business } from "@frontdesk/domain/model/Business"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import { OwnerAccounts } from "@frontdesk/domain/ports/OwnerAccounts"
import { Effect } from "effect"
import { ok, type Viewer } from "./Access.js"
import { type Html, html } from "./Html.js"
import { banner, businessPath, csrfField, page } from "./Layout.js"

/** The operator's home: every business, its owners, and the forms to invite an owner or add a business. */
export const render = (viewer: Viewer, notice?: Html, status = 200) =>
  Effect.gen(function* () {
    const businesses = yield* (yield* Businesses).list
    const owners = yield* OwnerAccounts
    const rows: Array<Html> = []
    for (const business of businesses) {
      const accounts = yield* owners.listByBusiness(business.id)
      rows.push(
        row(
          viewer,
          business,
          accounts.map((a) => a.email),
        ),
      )
    }
    const csrf = csrfField(viewer.session.csrfToken)
    return ok(
      page(
        { title: "Businesses", csrf: viewer.session.csrfToken, who: viewer.who, operator: true },
        html`${notice ?? ""}
<section class="card" aria-label="Businesses">
${
  businesses.length === 0
    ? html`<p class="muted">No businesses yet.</p>`
    : html`<table><thead><tr><th scope="col">Business</th><th scope="col">Numbers</th><th scope="col">Owners</th><th scope="col">Invite</th></tr></thead><tbody>${rows}</tbody></table>`
}
</section>
<section class="card" aria-labelledby="new-h"><h2 id="new-h">Add a business</h2>
<form method="post" action="/businesses">${csrf}
  <div class="row">
    <div><label for="name">Name</label><input id="name" name="name" type="text" required></div>
    <div><label for="timezone">Time zone</label><input id="timezone" name="timezone" type="text" value="America/New_York" required></div>
    <div><label for="phone">Number callers dial</label><input id="phone" name="phone" type="tel" placeholder="+15551234567"></div>
    <button type="submit">Add</button>
  </div>
  <p class="hint">It starts open Monday to Friday 9–5 with one 30-minute service; change both in its Settings.</p>
</form></section>`,
      ),
      status,
    )
  })

const row = (viewer: Viewer, business: Business, emails: ReadonlyArray<string>) =>
  html`<tr><td><a href="${businessPath(business.id)}">${business.name}</a><br><span class="muted small">${business.id}</span></td>
  <td>${business.phoneNumbers.join(", ")}</td><td>${emails.length === 0 ? html`<span class="muted">none</span>` : emails.join(", ")}</td>
  <td><form method="post" action="${businessPath(business.id, "/invites")}">${csrfField(viewer.session.csrfToken)}<button type="submit" class="secondary" aria-label="Invite an owner for ${business.name}">Invite owner</button></form></td></tr>`

export const invited = (viewer: Viewer, business: Business, link: string) =>
  render(
    viewer,
    banner(
      "ok",
      html`Invite link for <strong>${business.name}</strong> (valid 7 days, works once). Send it to the owner:
      <code class="link" id="invite-link">${link}</code>`,
    ),
  )
