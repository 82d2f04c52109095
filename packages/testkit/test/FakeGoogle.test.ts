import { createHash } from "node:crypto"
import { FetchHttpClient, HttpClient, HttpClientRequest } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import { type Duration, Effect, Layer, TestClock } from "effect"
import { FakeGoogle, Fault, layer as fakeGoogleLayer } from "../src/FakeGoogle.js"

const TestLayer = Layer.merge(fakeGoogleLayer(), FetchHttpClient.layer)

const token = (google: FakeGoogle["Type"], form: Record<string, string>) =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const response = yield* client.execute(
      HttpClientRequest.post(google.tokenUrl).pipe(
        HttpClientRequest.bodyUrlParams({ client_id: google.clientId, client_secret: google.clientSecret, ...form }),
      ),
    )
    return { status: response.status, body: (yield* response.json) as Record<string, unknown> }
  })

const api = (google: FakeGoogle["Type"], accessToken: string, method: "POST" | "GET", path: string, body?: unknown) =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const base = HttpClientRequest.make(method)(`${google.url}${path}`).pipe(HttpClientRequest.bearerToken(accessToken))
    const request = body === undefined ? base : yield* HttpClientRequest.bodyJson(base, body)
    const response = yield* client.execute(request)
    return { status: response.status, headers: response.headers, body: yield* response.text }
  })

describe("FakeGoogle", () => {
  it.layer(TestLayer)((it) => {
    it.effect("exchanges a consented code only with the matching PKCE verifier, once", () =>
      Effect.gen(function* () {
        const google = yield* FakeGoogle
        const client = yield* HttpClient.HttpClient
        const verifier = "v".repeat(43)
        const consent = new URL(google.authUrl)
        for (const [key, value] of Object.entries({
          client_id: google.clientId,
          redirect_uri: "http://localhost/cb",
          response_type: "code",
          scope: "https://www.googleapis.com/auth/calendar.events",
          access_type: "offline",
          state: "s1",
          code_challenge: createHash("sha256").update(verifier).digest("base64url"),
          code_challenge_method: "S256",
        })) {
          consent.searchParams.set(key, value)
        }
        // Google answers the consent with a redirect to the app; read it instead of following it.
        const redirect = yield* client
          .get(consent.toString())
          .pipe(Effect.provideService(FetchHttpClient.RequestInit, { redirect: "manual" }))
        const callback = new URL(redirect.headers.location ?? "")
        expect(callback.searchParams.get("state")).toBe("s1")
        const code = callback.searchParams.get("code") ?? ""

        const wrong = yield* token(google, {
          grant_type: "authorization_code",
          code,
          redirect_uri: "http://localhost/cb",
          code_verifier: "w".repeat(43),
        })
        expect(wrong).toMatchObject({ status: 400, body: { error: "invalid_grant" } })

        // The failed attempt consumed the code, as Google does.
        const again = yield* token(google, {
          grant_type: "authorization_code",
          code,
          redirect_uri: "http://localhost/cb",
          code_verifier: verifier,
        })
        expect(again.status).toBe(400)
      }),
    )

    it.effect("refreshes, rejects revoked refresh tokens and unknown bearers", () =>
      Effect.gen(function* () {
        const google = yield* FakeGoogle
        const refreshToken = yield* google.connect()
        const refreshed = yield* token(google, { grant_type: "refresh_token", refresh_token: refreshToken })
        expect(refreshed.status).toBe(200)
        expect(refreshed.body.refresh_token).toBeUndefined()
        const accessToken = String(refreshed.body.access_token)

        const range = { timeMin: "2026-03-09T13:00:00Z", timeMax: "2026-03-09T22:00:00Z", items: [{ id: "primary" }] }
        expect((yield* api(google, accessToken, "POST", "calendar/v3/freeBusy", range)).status).toBe(200)
        expect((yield* api(google, "nope", "POST", "calendar/v3/freeBusy", range)).status).toBe(401)

        yield* google.revoke(refreshToken)
        expect((yield* api(google, accessToken, "POST", "calendar/v3/freeBusy", range)).status).toBe(401)
        const denied = yield* token(google, { grant_type: "refresh_token", refresh_token: refreshToken })
        expect(denied).toMatchObject({ status: 400, body: { error: "invalid_grant" } })
      }),
    )

    it.effect("merges busy blocks, keeps event ids unique after deletion, injects faults", () =>
      Effect.gen(function* () {
        const google = yield* FakeGoogle
        const refreshToken = yield* google.connect({ account: "merge@example.com" })
        const { body } = yield* token(google, { grant_type: "refresh_token", refresh_token: refreshToken })
        const accessToken = String(body.access_token)
        yield* google.addEvent(
          "primary",
          { start: "2026-03-09T14:00:00Z", end: "2026-03-09T15:00:00Z" },
          "merge@example.com",
        )
        yield* google.addEvent(
          "primary",
          { start: "2026-03-09T14:30:00Z", end: "2026-03-09T16:00:00Z" },
          "merge@example.com",
        )
        yield* google.addEvent(
          "primary",
          { start: "2026-03-09T18:00:00Z", end: "2026-03-09T19:00:00Z", transparency: "transparent" },
          "merge@example.com",
        )
        const freeBusy = yield* api(google, accessToken, "POST", "calendar/v3/freeBusy", {
          timeMin: "2026-03-09T13:00:00Z",
          timeMax: "2026-03-09T22:00:00Z",
          items: [{ id: "primary" }, { id: "missing" }],
        })
        const calendars = JSON.parse(freeBusy.body).calendars
        expect(calendars.primary.busy).toEqual([{ start: "2026-03-09T14:00:00Z", end: "2026-03-09T16:00:00Z" }])
        expect(calendars.missing.errors).toEqual([{ domain: "global", reason: "notFound" }])

        const event = {
          id: "abc12345",
          summary: "Haircut - Ana",
          start: { dateTime: "2026-03-09T10:00:00-04:00", timeZone: "America/New_York" },
          end: { dateTime: "2026-03-09T11:00:00-04:00", timeZone: "America/New_York" },
        }
        const path = "calendar/v3/calendars/primary/events"
        expect((yield* api(google, accessToken, "POST", path, event)).status).toBe(200)
        expect((yield* api(google, accessToken, "POST", path, event)).status).toBe(409)

        yield* google.inject(Fault.rateLimited(2), { endpoints: ["freeBusy"] })
        const limited = yield* api(google, accessToken, "POST", "calendar/v3/freeBusy", {
          timeMin: "2026-03-09T13:00:00Z",
          timeMax: "2026-03-09T22:00:00Z",
          items: [{ id: "primary" }],
        })
        expect(limited.status).toBe(429)
        expect(limited.headers["retry-after"]).toBe("2")
        expect(yield* google.requestCount("events.insert")).toBe(2)
      }),
    )
  })

  it.live("latency, hangs, drops and lost responses behave as switched", () =>
    Effect.gen(function* () {
      const google = yield* FakeGoogle
      const refreshToken = yield* google.connect({ account: "faults@example.com" })
      const { body } = yield* token(google, { grant_type: "refresh_token", refresh_token: refreshToken })
      const accessToken = String(body.access_token)
      const path = "calendar/v3/calendars/primary/events"
      const event = (id: string) => ({
        id,
        start: { dateTime: "2026-03-09T10:00:00-04:00" },
        end: { dateTime: "2026-03-09T11:00:00-04:00" },
      })
      // Patient with requests that get an answer or a closed connection, so a busy machine only makes
      // them slower; the hung one is given up on after a second, and it would never answer anyway.
      const insert = (id: string, patience: Duration.DurationInput = "20 seconds") =>
        api(google, accessToken, "POST", path, event(id)).pipe(
          Effect.timeout(patience),
          Effect.map((response) => response.status),
          Effect.catchAll((error) => Effect.succeed(error._tag)),
        )

      yield* google.setLatency("150 millis")
      const started = Date.now()
      expect(yield* insert("lat00001")).toBe(200)
      expect(Date.now() - started).toBeGreaterThanOrEqual(150)
      yield* google.setLatency(0)

      yield* google.inject(Fault.hang, { endpoints: ["events.insert"] })
      expect(yield* insert("hang0001", "1 second")).toBe("TimeoutException")
      yield* google.inject(Fault.drop, { endpoints: ["events.insert"] })
      expect(yield* insert("drop0001")).toBe("RequestError")
      yield* google.inject(Fault.loseResponse, { endpoints: ["events.insert"] })
      expect(yield* insert("lost0001")).toBe("RequestError")
      // Hung and dropped inserts did nothing; the lost one was stored.
      const ids = (yield* google.events("primary", "faults@example.com")).map((stored) => stored.id)
      expect(ids).toEqual(["lat00001", "lost0001"])
      // Every request is counted, faulted ones included.
      expect(yield* google.requestCount("events.insert")).toBe(4)
    }).pipe(Effect.provide(TestLayer)),
  )

  // The fake reads the Effect clock, here the TestClock: the period ends exactly when the test moves
  // the clock past it, however long the requests inside it took.
  it.effect("a fault injected for a period applies until the period is over", () =>
    Effect.gen(function* () {
      const google = yield* FakeGoogle
      const refreshToken = yield* google.connect({ account: "timed@example.com" })
      const { body } = yield* token(google, { grant_type: "refresh_token", refresh_token: refreshToken })
      const accessToken = String(body.access_token)
      const insert = (id: string) =>
        Effect.map(
          api(google, accessToken, "POST", "calendar/v3/calendars/primary/events", {
            id,
            start: { dateTime: "2026-03-09T10:00:00-04:00" },
            end: { dateTime: "2026-03-09T11:00:00-04:00" },
          }),
          (response) => response.status,
        )

      yield* google.inject(Fault.serverError(503), { endpoints: ["events.insert"], during: "1 second" })
      expect(yield* insert("down0001")).toBe(503)
      expect(yield* insert("down0002")).toBe(503)
      yield* TestClock.adjust("999 millis")
      expect(yield* insert("down0003")).toBe(503)
      yield* TestClock.adjust("1 millis")
      expect(yield* insert("up000001")).toBe(200)
      expect((yield* google.events("primary", "timed@example.com")).map((stored) => stored.id)).toEqual(["up000001"])
      expect(yield* google.requestCount("events.insert")).toBe(4)
    }).pipe(Effect.provide(TestLayer)),
  )
})
