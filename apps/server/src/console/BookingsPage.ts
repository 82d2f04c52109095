import type { AvailabilityResult } from "@frontdesk/domain/availability/AvailabilityResult"
import { BookingOutcome, BookingService } from "@frontdesk/domain/booking/BookingService"
import type { Booking } from "@frontdesk/domain/model/Booking"
import { BookingContext } from "@frontdesk/domain/model/BookingContext"
import { durationOf } from "@frontdesk/domain/model/Business"
import { Customer } from "@frontdesk/domain/model/Customer"
import { BookingId, PhoneNumber } from "@frontdesk/domain/model/Ids"
import * as LocalDate from "@frontdesk/domain/model/LocalDate"
import { zoneOf } from "@frontdesk/domain/model/TimeZone"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import * as Refusals from "@frontdesk/domain/speech/Refusals"
import { Array as Arr, DateTime, Effect, Option, Order, Schema } from "effect"
import { type BusinessView, chrome, clockOnly, localTime, ok, seeOther } from "./Access.js"
import { type Html, html } from "./Html.js"
import { banner, businessPath, csrfField, page } from "./Layout.js"

const pad = (n: number) => String(n).padStart(2, "0")
export const formatDate = (d: LocalDate.LocalDate) => `${d.year}-${pad(d.month)}-${pad(d.day)}`

export const parseDate = (text: string | undefined): Option.Option<LocalDate.LocalDate> => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text ?? "")
  if (m === null) return Option.none()
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) }
  return formatDate(LocalDate.fromDayNumber(LocalDate.dayNumber(date))) === text ? Option.some(date) : Option.none()
}

/** A `datetime-local` value ("2026-05-04T14:30") as an instant in the business's zone. */
export const parseLocalDateTime = (view: BusinessView, text: string | undefined): Option.Option<DateTime.Utc> => {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(text ?? "")
  if (m === null) return Option.none()
  return Option.flatMap(parseDate(m[1]), (date) =>
    LocalDate.atLocal(zoneOf(view.business.timezone), date, Number(m[2]) * 60 + Number(m[3])),
  )
}

const toLocalInput = (view: BusinessView, instant: DateTime.DateTime) => {
  const parts = DateTime.toParts(DateTime.setZone(instant, zoneOf(view.business.timezone)))
  return `${parts.year}-${pad(parts.month)}-${pad(parts.day)}T${pad(parts.hours)}:${pad(parts.minutes)}`
}

const unavailable = (view: BusinessView, availability: AvailabilityResult): Html =>
  banner(
    "bad",
    html`<strong>That time cannot be booked.</strong> ${Refusals.refusal(view.business, availability.reason)}
    ${
      availability.alternatives.length === 0
        ? ""
        : html` Free nearby: ${availability.alternatives.map((a, i) => html`${i > 0 ? ", " : ""}${localTime(view.business, a)}`)}.`
    }`,
  )

const syncPill = (booking: Booking) =>
  booking.status === "cancelled"
    ? html`<span class="pill">cancelled</span>`
    : booking.calendarSync === "synced"
      ? html`<span class="pill ok">in calendar</span>`
      : booking.calendarSync === "failed"
        ? html`<span class="pill bad">calendar failed</span>`
        : booking.calendarSync === "pending"
          ? html`<span class="pill warn">calendar pending</span>`
          : html`<span class="pill">no calendar</span>`

export const render = (view: BusinessView, query: { readonly day?: string }, notice?: Html, status = 200) =>
  Effect.gen(function* () {
    const zone = zoneOf(view.business.timezone)
    const today = LocalDate.localDateOf(yield* DateTime.now, zone)
    const day = Option.getOrElse(parseDate(query.day), () => today)
    const all = yield* (yield* BookingRepository).listByBusiness(view.business.id, { limit: 500 })
    const onDay = Arr.sort(
      all.filter((b) => LocalDate.equals(LocalDate.localDateOf(b.startsAt, zone), day)),
      Order.mapInput(DateTime.Order, (b: Booking) => b.startsAt),
    )
    const id = view.business.id
    const csrf = csrfField(view.session.csrfToken)
    const dayPath = (d: LocalDate.LocalDate) => businessPath(id, `/bookings?day=${formatDate(d)}`)
    return ok(
      page(
        chrome(view, "bookings", "Bookings"),
        html`${notice ?? ""}
<section class="card" aria-labelledby="day">
  <div class="row">
    <h2 id="day">${DateTime.format(LocalDate.noonOf(zone, day), { locale: "en-US", timeZone: view.business.timezone, weekday: "long", day: "numeric", month: "long", year: "numeric" })}</h2>
  </div>
  <nav class="actions" aria-label="Days">
    <a href="${dayPath(LocalDate.addDays(day, -1))}">← Previous day</a>
    <a href="${dayPath(today)}">Today</a>
    <a href="${dayPath(LocalDate.addDays(day, 1))}">Next day →</a>
  </nav>
  <form method="get" action="${businessPath(id, "/bookings")}" class="row">
    <div><label for="goto">Go to day</label><input id="goto" type="date" name="day" value="${formatDate(day)}"></div>
    <button type="submit" class="secondary">Show</button>
  </form>
  ${
    onDay.length === 0
      ? html`<p class="muted">No bookings on this day.</p>`
      : html`<table><thead><tr><th scope="col">Time</th><th scope="col">Customer</th><th scope="col">Service</th><th scope="col">State</th><th scope="col">Change</th></tr></thead><tbody>
    ${onDay.map(
      (b) => html`<tr id="booking-${b.id}">
      <td>${clockOnly(view.business, b.startsAt)}–${clockOnly(view.business, b.endsAt)}</td>
      <td>${b.customer.name}<br><span class="muted small">${b.customer.phone}</span></td>
      <td>${b.service}</td>
      <td>${syncPill(b)}</td>
      <td>${
        b.status === "confirmed"
          ? html`<div class="actions">
        <form method="post" action="${businessPath(id, `/bookings/${b.id}/cancel`)}">${csrf}<button type="submit" class="danger" aria-label="Cancel ${b.customer.name}'s ${b.service}">Cancel</button></form>
        <form method="post" action="${businessPath(id, `/bookings/${b.id}/reschedule`)}" class="row">${csrf}
          <div><label for="move-${b.id}">New time</label><input id="move-${b.id}" type="datetime-local" name="startsAt" value="${toLocalInput(view, b.startsAt)}" required></div>
          <button type="submit" class="secondary">Move</button></form></div>`
          : ""
      }</td></tr>`,
    )}</tbody></table>`
  }
</section>
<section class="card" aria-labelledby="add">
  <h2 id="add">Add a booking</h2>
  <form method="post" action="${businessPath(id, "/bookings")}">${csrf}
    <div class="row">
      <div><label for="name">Customer name</label><input id="name" name="name" type="text" required autocomplete="off"></div>
      <div><label for="phone">Phone (E.164, e.g. +15551234567)</label><input id="phone" name="phone" type="tel" required></div>
    </div>
    <div class="row">
      <div><label for="service">Service</label><select id="service" name="service">${view.business.services.map((s) => html`<option>${s.name}</option>`)}</select></div>
      <div><label for="startsAt">Starts</label><input id="startsAt" name="startsAt" type="datetime-local" required value="${formatDate(day)}T10:00"></div>
      <button type="submit">Book</button>
    </div>
  </form>
</section>`,
      ),
      status,
    )
  })

const refused = (view: BusinessView, form: Record<string, string>, message: string) =>
  render(view, { day: (form.startsAt ?? "").slice(0, 10) }, banner("bad", message), 400)

export const add = (view: BusinessView, form: Record<string, string>) =>
  Effect.gen(function* () {
    const service = view.business.services.find((s) => s.name === form.service)
    if (service === undefined) return yield* refused(view, form, "Choose one of the business's services.")
    const phone = Schema.decodeUnknownOption(PhoneNumber)((form.phone ?? "").replace(/[\s().-]/g, ""))
    if (Option.isNone(phone)) return yield* refused(view, form, "Phone: use international format like +15551234567.")
    const name = (form.name ?? "").trim()
    if (name === "" || name.length > 100) return yield* refused(view, form, "Customer name: 1 to 100 characters.")
    const start = parseLocalDateTime(view, form.startsAt)
    if (Option.isNone(start)) return yield* refused(view, form, "Starts: pick a date and time.")
    const outcome = yield* (yield* BookingService).book(
      view.business,
      new BookingContext({
        businessId: view.business.id,
        customer: new Customer({ name, phone: phone.value }),
        service: service.name,
        requestedStart: start.value,
        durationMinutes: durationOf(view.business, service),
      }),
    )
    return yield* BookingOutcome.$match(outcome, {
      Booked: ({ booking }) =>
        Effect.succeed(
          seeOther(
            businessPath(view.business.id, `/bookings?day=${(form.startsAt ?? "").slice(0, 10)}&booked=${booking.id}`),
          ),
        ),
      Unavailable: ({ availability }) =>
        render(view, { day: (form.startsAt ?? "").slice(0, 10) }, unavailable(view, availability), 409),
    })
  })

const bookingIdOf = (text: string) => Schema.decodeUnknownOption(BookingId)(text)

export const cancel = (view: BusinessView, bookingId: string) =>
  Effect.gen(function* () {
    const id = bookingIdOf(bookingId)
    if (Option.isNone(id)) return yield* render(view, {}, banner("bad", "No such booking."), 404)
    const cancelled = yield* (yield* BookingService).cancel(view.business, id.value)
    const day = formatDate(LocalDate.localDateOf(cancelled.startsAt, zoneOf(view.business.timezone)))
    return seeOther(businessPath(view.business.id, `/bookings?day=${day}&cancelled=${cancelled.id}`))
  }).pipe(Effect.catchTag("BookingNotFound", () => render(view, {}, banner("bad", "No such booking."), 404)))

export const reschedule = (view: BusinessView, bookingId: string, form: Record<string, string>) =>
  Effect.gen(function* () {
    const id = bookingIdOf(bookingId)
    if (Option.isNone(id)) return yield* render(view, {}, banner("bad", "No such booking."), 404)
    const start = parseLocalDateTime(view, form.startsAt)
    if (Option.isNone(start)) return yield* refused(view, form, "New time: pick a date and time.")
    const outcome = yield* (yield* BookingService).reschedule(view.business, id.value, start.value)
    return yield* BookingOutcome.$match(outcome, {
      Booked: ({ booking }) =>
        Effect.succeed(
          seeOther(
            businessPath(
              view.business.id,
              `/bookings?day=${formatDate(LocalDate.localDateOf(booking.startsAt, zoneOf(view.business.timezone)))}&moved=${booking.id}`,
            ),
          ),
        ),
      Unavailable: ({ availability }) =>
        render(view, { day: (form.startsAt ?? "").slice(0, 10) }, unavailable(view, availability), 409),
    })
  }).pipe(Effect.catchTag("BookingNotFound", () => render(view, {}, banner("bad", "No such booking."), 404)))
