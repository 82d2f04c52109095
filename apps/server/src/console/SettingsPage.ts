import { Business, checkAdminLimits, type Weekday, weekdays } from "@frontdesk/domain/model/Business"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import * as SpokenTime from "@frontdesk/domain/speech/SpokenTime"
import { Effect, type ParseResult, Schema } from "effect"
import { reasonOf } from "../http/Answer.js"
import { type BusinessView, chrome, ok, seeOther } from "./Access.js"
import { type Html, html } from "./Html.js"
import { banner, businessPath, csrfField, page } from "./Layout.js"

type Encoded = typeof Business.Encoded
type Mutable<T> = { -readonly [K in keyof T]: T[K] }

const encodeBusiness = Schema.encodeSync(Business)

const lines = (text: string | undefined) =>
  (text ?? "")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "")

const optionalText = (text: string | undefined) => {
  const trimmed = (text ?? "").trim()
  return trimmed === "" ? undefined : trimmed
}

/** "09:00-12:00, 13:00-17:00" → [["09:00","12:00"],["13:00","17:00"]]; empty is closed. */
export const parseIntervals = (text: string | undefined): ReadonlyArray<ReadonlyArray<string>> =>
  (text ?? "")
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part !== "")
    .map((part) => part.split(/\s*[-–]\s*/))

const formatIntervals = (intervals: ReadonlyArray<readonly [string, string]>) =>
  intervals.map(([open, close]) => `${open}-${close}`).join(", ")

const Sections = ["profile", "faq", "hours", "closed", "services", "rules", "phones"] as const
export type Section = (typeof Sections)[number]

/** Each form changes its own fields only; the rest of the stored business is carried over as is. */
const patchFor = (section: Section, form: Record<string, string>, current: Encoded, day?: Weekday): Encoded => {
  const next = structuredClone(current) as Mutable<Encoded>
  switch (section) {
    case "profile": {
      next.name = (form.name ?? "").trim()
      const profile = { ...next.profile } as Mutable<NonNullable<Encoded["profile"]>>
      for (const key of ["address", "parking", "policies"] as const) {
        const value = optionalText(form[key])
        if (value === undefined) delete profile[key]
        else profile[key] = value
      }
      next.profile = profile
      for (const key of ["ownerPhone", "transferPhone"] as const) {
        const value = optionalText(form[key])?.replace(/[\s().-]/g, "")
        if (value === undefined) delete next[key]
        else next[key] = value
      }
      const aiConfig = { ...next.aiConfig } as Record<string, unknown>
      for (const key of ["voice", "language"] as const) {
        const value = optionalText(form[key])
        if (value === undefined) delete aiConfig[key]
        else aiConfig[key] = value
      }
      next.aiConfig = aiConfig as Encoded["aiConfig"]
      next.currency = (form.currency ?? "").trim().toUpperCase()
      return next
    }
    case "faq":
      next.profile = {
        ...next.profile,
        faq: lines(form.faq).map((line) => {
          const [question, ...answer] = line.split("|")
          return { question: (question ?? "").trim(), answer: answer.join("|").trim() }
        }),
      }
      return next
    case "hours":
      next.hours = { ...next.hours, [day ?? "mon"]: parseIntervals(form.intervals) } as Encoded["hours"]
      return next
    case "closed":
      next.closedDates = lines(form.closedDates)
      return next
    case "services":
      next.services = lines(form.services).map((line) => {
        const [name, minutes, price, aliases] = line.split("|").map((part) => part.trim())
        return {
          name: name ?? "",
          ...(minutes === undefined || minutes === "" ? {} : { durationMinutes: Number(minutes) }),
          ...(price === undefined || price === "" ? {} : { price: Number(price) }),
          aliases: (aliases ?? "")
            .split(",")
            .map((alias) => alias.trim())
            .filter((alias) => alias !== ""),
        }
      }) as unknown as Encoded["services"]
      return next
    case "rules":
      next.bookingRules = {
        slotGranularityMinutes: Number(form.slotGranularityMinutes),
        bufferMinutes: Number(form.bufferMinutes),
        minLeadTimeMinutes: Number(form.minLeadTimeMinutes),
        maxDaysAhead: Number(form.maxDaysAhead),
        maxOpenBookingsPerCaller: Number(form.maxOpenBookingsPerCaller),
      }
      return next
    case "phones":
      next.phoneNumbers = lines(form.phoneNumbers).map((line) => line.replace(/[\s().-]/g, ""))
      return next
  }
}

export const isSection = (text: string): text is Section => (Sections as ReadonlyArray<string>).includes(text)
export const isWeekday = (text: string): text is Weekday => (weekdays as ReadonlyArray<string>).includes(text)

const field = (id: string, label: string, value: string | undefined, hint?: string, type = "text") =>
  html`<label for="${id}">${label}</label><input id="${id}" name="${id}" type="${type}" value="${value ?? ""}"${hint === undefined ? "" : html` aria-describedby="${id}-hint"`}>${hint === undefined ? "" : html`<p class="hint" id="${id}-hint">${hint}</p>`}`

const area = (id: string, label: string, value: string, hint: string) =>
  html`<label for="${id}">${label}</label><textarea id="${id}" name="${id}" aria-describedby="${id}-hint">${value}</textarea><p class="hint" id="${id}-hint">${hint}</p>`

export const render = (view: BusinessView, notice?: Html, status = 200) =>
  Effect.sync(() => {
    const b = view.business
    const id = b.id
    const csrf = csrfField(view.session.csrfToken)
    const form = (section: string, body: Html) =>
      html`<form method="post" action="${businessPath(id, `/settings/${section}`)}">${csrf}${body}<p><button type="submit">Save</button></p></form>`
    const voice = typeof b.aiConfig.voice === "string" ? b.aiConfig.voice : undefined
    const language = typeof b.aiConfig.language === "string" ? b.aiConfig.language : undefined
    return ok(
      page(
        chrome(view, "settings", "Settings"),
        html`${notice ?? ""}
<section class="card" aria-labelledby="hours-h"><h2 id="hours-h">Opening hours</h2>
  <p class="hint">One day at a time: saving a day changes only that day. Times as HH:MM (24-hour), several ranges separated by commas; empty means closed.</p>
  ${weekdays.map(
    (day) => html`<form class="day" method="post" action="${businessPath(id, `/settings/hours/${day}`)}">${csrf}
    <label for="hours-${day}">${SpokenTime.weekdayName(day)}</label>
    <input id="hours-${day}" name="intervals" type="text" value="${formatIntervals(b.hours[day])}" placeholder="closed" inputmode="numeric">
    <button type="submit" class="secondary" aria-label="Save ${SpokenTime.weekdayName(day)}">Save</button></form>`,
  )}
</section>
<div class="grid two">
<section class="card" aria-labelledby="profile-h"><h2 id="profile-h">Business profile</h2>
  ${form(
    "profile",
    html`${field("name", "Name", b.name)}
    ${field("address", "Address", b.profile.address)}
    ${field("parking", "Parking", b.profile.parking)}
    ${field("policies", "Policies", b.profile.policies, "Cancellation, late arrival, payment: one or two sentences the receptionist may read out.")}
    ${field("ownerPhone", "Your mobile (alerts)", b.ownerPhone, "International format, e.g. +15551234567.", "tel")}
    ${field("transferPhone", "Transfer calls to", b.transferPhone, "Where “let me talk to a person” goes; empty takes a message instead.", "tel")}
    ${field("voice", "Voice", voice, "A Twilio voice: alice, Polly.Joanna, Polly.Joanna-Neural, Google.en-US-Neural2-F.")}
    ${field("language", "Language", language, "e.g. en-US.")}
    ${field("currency", "Currency", b.currency, "ISO code for prices, e.g. USD.")}`,
  )}
</section>
<section class="card" aria-labelledby="faq-h"><h2 id="faq-h">Questions callers ask</h2>
  ${form(
    "faq",
    area(
      "faq",
      "FAQ",
      b.profile.faq.map((entry) => `${entry.question} | ${entry.answer}`).join("\n"),
      "One per line: question | answer. The receptionist speaks the answer as written.",
    ),
  )}
</section>
<section class="card" aria-labelledby="services-h"><h2 id="services-h">Services</h2>
  ${form(
    "services",
    area(
      "services",
      "Services",
      b.services
        .map((s) => `${s.name} | ${s.durationMinutes ?? ""} | ${s.price ?? ""} | ${s.aliases.join(", ")}`)
        .join("\n"),
      "One per line: name | minutes | price | other names callers use, comma separated.",
    ),
  )}
</section>
<section class="card" aria-labelledby="closed-h"><h2 id="closed-h">Closed dates</h2>
  ${form(
    "closed",
    area(
      "closedDates",
      "Closed on",
      b.closedDates.join("\n"),
      "Holidays, one date per line as YYYY-MM-DD; callers are not booked then.",
    ),
  )}
</section>
<section class="card" aria-labelledby="rules-h"><h2 id="rules-h">Booking rules</h2>
  ${form(
    "rules",
    html`${field("slotGranularityMinutes", "Start times every (minutes)", String(b.bookingRules.slotGranularityMinutes), undefined, "number")}
    ${field("bufferMinutes", "Buffer after each appointment (minutes)", String(b.bookingRules.bufferMinutes), undefined, "number")}
    ${field("minLeadTimeMinutes", "Book at least this far ahead (minutes)", String(b.bookingRules.minLeadTimeMinutes), undefined, "number")}
    ${field("maxDaysAhead", "Book at most this many days ahead", String(b.bookingRules.maxDaysAhead), undefined, "number")}
    ${field("maxOpenBookingsPerCaller", "Upcoming bookings per caller", String(b.bookingRules.maxOpenBookingsPerCaller), undefined, "number")}`,
  )}
</section>
<section class="card" aria-labelledby="phones-h"><h2 id="phones-h">Phone numbers</h2>
  ${form(
    "phones",
    area(
      "phoneNumbers",
      "Numbers callers dial",
      b.phoneNumbers.join("\n"),
      "The Twilio numbers of this business, one per line, e.g. +15551234567.",
    ),
  )}
</section>
</div>`,
      ),
      status,
    )
  })

const problemsOf = (error: ParseResult.ParseError) =>
  banner("bad", html`<strong>Not saved.</strong> ${reasonOf(error)}`)

export const save = (view: BusinessView, section: Section, form: Record<string, string>, day?: Weekday) =>
  Effect.gen(function* () {
    const merged = patchFor(section, form, encodeBusiness(view.business), day)
    const decoded = yield* Effect.either(Schema.decodeUnknown(Business)(merged, { onExcessProperty: "error" }))
    if (decoded._tag === "Left") return yield* render(view, problemsOf(decoded.left), 400)
    const limited = yield* Effect.either(checkAdminLimits(decoded.right))
    if (limited._tag === "Left") return yield* render(view, problemsOf(limited.left), 400)
    if (new Set(decoded.right.phoneNumbers).size !== decoded.right.phoneNumbers.length) {
      return yield* render(view, banner("bad", "Not saved: the same phone number is listed twice."), 400)
    }
    const stored = yield* (yield* Businesses).update(decoded.right).pipe(Effect.either)
    if (stored._tag === "Left") {
      if (stored.left._tag === "PhoneNumberInUse") {
        return yield* render(
          view,
          banner("bad", `Not saved: ${stored.left.phoneNumber} already belongs to another business.`),
          409,
        )
      }
      return yield* Effect.fail(stored.left)
    }
    return seeOther(businessPath(view.business.id, `/settings?saved=${day ?? section}`))
  })
