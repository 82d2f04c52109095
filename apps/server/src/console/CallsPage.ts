import type { Booking } from "@frontdesk/domain/model/Booking"
import type { CallOutcome } from "@frontdesk/domain/model/CallRecord"
import { CallSid } from "@frontdesk/domain/model/Ids"
import * as LocalDate from "@frontdesk/domain/model/LocalDate"
import { zoneOf } from "@frontdesk/domain/model/TimeZone"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { CallerMessages } from "@frontdesk/domain/ports/CallerMessages"
import { CallRecords } from "@frontdesk/domain/ports/CallRecords"
import { Outbox, type OutboxJob } from "@frontdesk/domain/ports/Outbox"
import { Effect, Option, Schema } from "effect"
import { type BusinessView, chrome, clockOnly, localTime, maskPhone, ok } from "./Access.js"
import { formatDate } from "./BookingsPage.js"
import { html } from "./Html.js"
import { banner, businessPath, page } from "./Layout.js"

const outcomeLabels: Record<CallOutcome, readonly [string, "ok" | "bad" | "warn" | ""]> = {
  in_progress: ["in progress", "warn"],
  booked: ["booked", "ok"],
  rescheduled: ["rescheduled", "ok"],
  cancelled: ["cancelled a booking", ""],
  transferred: ["transferred", ""],
  ended: ["ended", ""],
  failed: ["failed", "bad"],
}

export const outcomePill = (outcome: CallOutcome) => {
  const [label, tone] = outcomeLabels[outcome]
  return html`<span class="pill ${tone}">${label}</span>`
}

export const list = (view: BusinessView) =>
  Effect.gen(function* () {
    const calls = yield* (yield* CallRecords).list(view.business.id, { limit: 200 })
    const id = view.business.id
    return ok(
      page(
        chrome(view, "calls", "Calls"),
        html`<section class="card" aria-label="Calls, newest first">
  ${
    calls.length === 0
      ? html`<p class="muted">No calls yet. Calls appear here as they come in, with their transcript.</p>`
      : html`<table><thead><tr><th scope="col">When</th><th scope="col">Caller</th><th scope="col">Outcome</th><th scope="col">Turns</th><th scope="col"><span class="skip">Details</span></th></tr></thead><tbody>
    ${calls.map(
      (c) => html`<tr><td>${localTime(view.business, c.startedAt)}</td><td>${maskPhone(c.caller)}</td>
      <td>${outcomePill(c.outcome)}</td><td>${c.turns.length}</td>
      <td><a href="${businessPath(id, `/calls/${encodeURIComponent(c.callSid)}`)}">Transcript<span class="skip"> of the call at ${localTime(view.business, c.startedAt)}</span></a></td></tr>`,
    )}</tbody></table>`
  }
</section>`,
      ),
    )
  })

/** Every outbox job that names this booking: its calendar event and texts, with their state. */
const jobsFor = (bookingId: string) =>
  Effect.gen(function* () {
    const outbox = yield* Outbox
    const all: Array<OutboxJob> = []
    for (const status of ["pending", "done", "dead"] as const) {
      all.push(...(yield* outbox.list({ status, limit: 500 })))
    }
    return all.filter(
      (job) =>
        typeof job.payload === "object" &&
        job.payload !== null &&
        (job.payload as { bookingId?: unknown }).bookingId === bookingId,
    )
  })

const jobLabel = (kind: string) =>
  ({
    "calendar.create_event": "Calendar event created",
    "calendar.update_event": "Calendar event moved",
    "calendar.delete_event": "Calendar event removed",
    "sms.confirmation": "Confirmation text",
    "sms.cancellation": "Cancellation text",
    "sms.rescheduled": "Rescheduled text",
  })[kind] ?? kind

export const detail = (view: BusinessView, callSid: string) =>
  Effect.gen(function* () {
    const sid = Schema.decodeUnknownOption(CallSid)(callSid)
    const found = Option.isNone(sid) ? Option.none() : yield* (yield* CallRecords).get(sid.value)
    if (Option.isNone(found) || found.value.businessId !== view.business.id) {
      return ok(
        page(chrome(view, "calls", "Call not found"), banner("bad", "There is no such call for this business.")),
        404,
      )
    }
    const call = found.value
    const booking =
      call.bookingId === undefined
        ? Option.none<Booking>()
        : yield* (yield* BookingRepository).get(call.bookingId).pipe(
            Effect.map(Option.some),
            Effect.catchTag("BookingNotFound", () => Effect.succeed(Option.none<Booking>())),
          )
    const jobs = call.bookingId === undefined ? [] : yield* jobsFor(call.bookingId)
    const messages = (yield* (yield* CallerMessages).list(view.business.id, { limit: 500 })).filter(
      (m) => m.callSid === call.callSid,
    )
    const id = view.business.id
    return ok(
      page(
        chrome(view, "calls", `Call at ${localTime(view.business, call.startedAt)}`),
        html`<p><a href="${businessPath(id, "/calls")}">← All calls</a></p>
<div class="grid two">
<section class="card" aria-labelledby="facts"><h2 id="facts">What happened</h2>
  <p>Caller ${maskPhone(call.caller)} · ${outcomePill(call.outcome)}
  ${call.endedAt === undefined ? "" : html` · ended ${clockOnly(view.business, call.endedAt)}`}</p>
  ${Option.match(booking, {
    onNone: () => html`<p class="muted">No booking from this call.</p>`,
    onSome: (
      b,
    ) => html`<h3>Booking</h3><p id="call-booking">${b.customer.name} · ${b.service} · ${localTime(view.business, b.startsAt)}
      · <span class="pill${b.status === "cancelled" ? "" : " ok"}">${b.status}</span>
      · calendar: <span class="pill">${b.calendarSync}</span>${b.externalEventId === undefined ? "" : html` <span class="muted small">event ${b.externalEventId}</span>`}</p>
      <p><a href="${businessPath(id, `/bookings?day=${formatDate(LocalDate.localDateOf(b.startsAt, zoneOf(view.business.timezone)))}`)}#booking-${b.id}">Open in bookings</a></p>`,
  })}
  ${
    jobs.length === 0
      ? ""
      : html`<h3>Follow-ups</h3><ul id="call-followups">${jobs.map(
          (j) =>
            html`<li>${jobLabel(j.kind)}: <span class="pill ${j.status === "done" ? "ok" : j.status === "dead" ? "bad" : "warn"}">${j.status === "done" ? "sent" : j.status}</span>${j.lastError === undefined ? "" : html` <span class="muted small">${j.lastError}</span>`}</li>`,
        )}</ul>`
  }
  ${
    messages.length === 0
      ? ""
      : html`<h3>Messages left</h3><ul>${messages.map((m) => html`<li>${m.text} ${m.handledAt === undefined ? html`<span class="pill warn">unread</span>` : html`<span class="pill ok">handled</span>`}</li>`)}</ul>`
  }
</section>
<section class="card" aria-labelledby="transcript"><h2 id="transcript">Transcript</h2>
  <ol class="transcript">${call.turns.map(
    (t) =>
      html`<li class="${t.speaker}"><span class="who">${t.speaker === "caller" ? "Caller" : "Receptionist"} · ${clockOnly(view.business, t.at)}</span>${t.text}</li>`,
  )}</ol>
</section>
</div>`,
      ),
    )
  })
