import { HttpClient, HttpClientRequest } from "@effect/platform"
import { Effect, Redacted } from "effect"
import * as WebhookClient from "../src/cli/WebhookClient.js"
import { adminToken, twilioAuthToken } from "./ServerProcess.js"

/**
 * Drives a whole booking call against a running server the way a caller would: asks for a time,
 * answers what the agent asks, says yes at the read-back, and hangs up if the time is taken.
 */

export type CallResult =
  | { readonly _tag: "Booked"; readonly phone: string; readonly heard: string }
  | { readonly _tag: "Declined"; readonly phone: string; readonly heard: string }
  | { readonly _tag: "Broken"; readonly phone: string; readonly error: string }

export interface Caller {
  readonly name: string
  readonly phone: string
  /** e.g. "a haircut tomorrow at 7:30 PM" */
  readonly request: string
}

export const bookCall = (serverUrl: string, businessId: string, dialled: string, caller: Caller) =>
  Effect.gen(function* () {
    const call = yield* WebhookClient.makeCall(
      {
        url: serverUrl,
        publicBaseUrl: serverUrl,
        authToken: Redacted.make(twilioAuthToken),
        businessId,
        to: dialled,
      },
      { from: caller.phone },
    )
    let view = yield* call.start
    let heard = view.says.join(" ")
    view = yield* call.say(`Hi, this is ${caller.name}, can I get ${caller.request}?`)
    for (let turn = 0; turn < 8 && !call.ended; turn++) {
      heard = view.says.join(" ")
      if (/all set/i.test(heard)) break
      const answer = /shall i book/i.test(heard)
        ? "yes"
        : /name/i.test(heard)
          ? caller.name
          : /number/i.test(heard)
            ? caller.phone.slice(2)
            : /I have|instead|taken|not available|isn't available|doesn't work/i.test(heard)
              ? undefined
              : `I'd like ${caller.request}`
      if (answer === undefined) return { _tag: "Declined", phone: caller.phone, heard } as CallResult
      view = yield* call.say(answer)
    }
    heard = view.says.join(" ")
    return (
      /all set/i.test(heard)
        ? { _tag: "Booked", phone: caller.phone, heard }
        : { _tag: "Declined", phone: caller.phone, heard }
    ) as CallResult
  }).pipe(
    Effect.catchAll((error) =>
      Effect.succeed({ _tag: "Broken", phone: caller.phone, error: String(error) } as CallResult),
    ),
  )

const names = [
  "Ana Ruiz",
  "Ben Okafor",
  "Chloe Martin",
  "Dev Patel",
  "Ella Novak",
  "Femi Adeyemi",
  "Grace Lee",
  "Hugo Silva",
  "Ines Costa",
  "Jon Berg",
]

/** Distinct callers with distinct phone numbers; `slot` picks the half hour they ask for. */
export const caller = (index: number, slot: number): Caller => {
  const minutes = 6 * 60 + slot * 30
  const hour = Math.floor(minutes / 60)
  const h12 = hour % 12 === 0 ? 12 : hour % 12
  const time = `${h12}${minutes % 60 === 0 ? "" : ":30"} ${hour < 12 ? "AM" : "PM"}`
  return {
    name: `${names[index % names.length]}`,
    phone: `+1415555${String(1000 + index).padStart(4, "0")}`,
    request: `a haircut tomorrow at ${time}`,
  }
}

const bearer = HttpClientRequest.bearerToken(adminToken)

/** A business open 06:00–22:00 every day with 30-minute haircuts, booking through Google Calendar. */
export const createBusiness = (serverUrl: string, dialled: string) =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const day = [["06:00", "22:00"]]
    const response = yield* client.execute(
      HttpClientRequest.post(`${serverUrl}/api/v1/businesses`).pipe(
        bearer,
        HttpClientRequest.bodyUnsafeJson({
          name: "Crash Test Cuts",
          timezone: "America/New_York",
          phoneNumbers: [dialled],
          services: [{ name: "Haircut", durationMinutes: 30 }],
          hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
          bookingRules: { slotGranularityMinutes: 30, minLeadTimeMinutes: 30, maxDaysAhead: 30 },
          aiConfig: {
            integrations: { provider: "google_calendar", providers: { google_calendar: { enabled: true } } },
          },
        }),
      ),
    )
    const body = (yield* response.json) as { readonly id: string }
    if (response.status !== 201) return yield* Effect.fail(new Error(`create business: ${response.status}`))
    return body.id
  })

/** The owner's OAuth connect, through the real routes and the fake Google consent page. */
export const connectGoogle = (serverUrl: string, businessId: string) =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const hop = (request: HttpClientRequest.HttpClientRequest) =>
      Effect.flatMap(client.execute(request), (response) => {
        const location = response.headers.location
        return response.status === 302 && location !== undefined
          ? Effect.succeed(location)
          : Effect.fail(new Error(`expected a redirect from ${request.url}, got ${response.status}`))
      })
    const consent = yield* hop(
      HttpClientRequest.get(`${serverUrl}/oauth/google/start?businessId=${businessId}`).pipe(bearer),
    )
    const callback = yield* hop(HttpClientRequest.get(consent))
    const done = yield* client.execute(HttpClientRequest.get(callback))
    if (done.status >= 400) return yield* Effect.fail(new Error(`OAuth callback answered ${done.status}`))
  })

export interface BookingRow {
  readonly id: string
  readonly customerPhone: string
  readonly startsAt: string
  readonly endsAt: string
  readonly status: string
  readonly externalEventId?: string
  readonly calendarSync: string
}

export const bookings = (serverUrl: string, businessId: string) =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(
      HttpClientRequest.get(`${serverUrl}/api/v1/businesses/${businessId}/bookings?limit=500`).pipe(bearer),
    )
    const body = (yield* response.json) as { readonly bookings: ReadonlyArray<BookingRow> }
    return body.bookings
  })

/** Jobs still waiting in the outbox, from /metrics (what an operator would watch). */
export const outboxDepth = (serverUrl: string) =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const text = yield* Effect.flatMap(client.execute(HttpClientRequest.get(`${serverUrl}/metrics`)), (r) => r.text)
    const match = /^frontdesk_outbox_depth (\d+)$/m.exec(text)
    return match === null ? Number.POSITIVE_INFINITY : Number(match[1])
  })
