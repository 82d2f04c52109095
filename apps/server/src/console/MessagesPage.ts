import { CallerMessageId } from "@frontdesk/domain/model/CallerMessage"
import { CallerMessages } from "@frontdesk/domain/ports/CallerMessages"
import { Effect, Option, Schema } from "effect"
import { type BusinessView, chrome, localTime, maskPhone, ok, seeOther } from "./Access.js"
import { html } from "./Html.js"
import { banner, businessPath, csrfField, page } from "./Layout.js"

export const render = (view: BusinessView) =>
  Effect.gen(function* () {
    const messages = yield* (yield* CallerMessages).list(view.business.id, { limit: 200 })
    const id = view.business.id
    return ok(
      page(
        chrome(view, "messages", "Messages"),
        html`<section class="card" aria-label="Messages callers left, newest first">
  ${
    messages.length === 0
      ? html`<p class="muted">No messages. When a caller asks for a person, the receptionist takes a message and it appears here.</p>`
      : html`<table><thead><tr><th scope="col">When</th><th scope="col">From</th><th scope="col">Message</th><th scope="col">State</th></tr></thead><tbody>
    ${messages.map(
      (
        m,
      ) => html`<tr id="message-${m.id}"><td>${localTime(view.business, m.createdAt)}<br><a class="small" href="${businessPath(id, `/calls/${encodeURIComponent(m.callSid)}`)}">the call</a></td>
      <td>${m.callerPhone ?? "withheld"}</td><td>${m.text}</td>
      <td>${
        m.handledAt === undefined
          ? html`<form method="post" action="${businessPath(id, `/messages/${encodeURIComponent(m.id)}/handled`)}">${csrfField(view.session.csrfToken)}<button type="submit" class="secondary">Mark handled</button></form>`
          : html`<span class="pill ok">handled</span> <span class="muted small">${localTime(view.business, m.handledAt)}</span>`
      }</td></tr>`,
    )}</tbody></table>`
  }
</section>
<p class="muted small">Caller numbers elsewhere in the console are shortened (${maskPhone("+15551234567")}); here they are whole so you can call back.</p>`,
      ),
    )
  })

export const markHandled = (view: BusinessView, messageId: string) =>
  Effect.gen(function* () {
    const id = Schema.decodeUnknownOption(CallerMessageId)(messageId)
    const messages = yield* CallerMessages
    const found = Option.isNone(id)
      ? Option.none()
      : yield* messages.get(id.value).pipe(
          Effect.map(Option.some),
          Effect.catchTag("CallerMessageNotFound", () => Effect.succeed(Option.none())),
        )
    // Another business's message is answered as not found, never touched.
    if (Option.isNone(found) || found.value.businessId !== view.business.id) {
      return ok(page(chrome(view, "messages", "Message not found"), banner("bad", "There is no such message.")), 404)
    }
    yield* messages.markHandled(found.value.id)
    return seeOther(businessPath(view.business.id, "/messages"))
  })
