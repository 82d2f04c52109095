import { createHash } from "node:crypto"
import { FetchHttpClient, HttpClient } from "@effect/platform"
import { describe, expect, it } from "@effect/vitest"
import * as TimeRange from "@frontdesk/domain/model/TimeRange"
import { Calendar } from "@frontdesk/domain/ports/Calendar"
import { TokenVault } from "@frontdesk/domain/ports/TokenVault"
import { demoBusinessWithGoogle, utc } from "@frontdesk/domain/testing/Fixtures"
import { FakeGoogle } from "@frontdesk/testkit/FakeGoogle"
import { Duration, Effect, Either, Layer, Option, Redacted, TestClock } from "effect"
import { GoogleOAuth, type GoogleOAuthError } from "../src/GoogleOAuth.js"
import { connect, redirectUrl, testLayer } from "./support.js"

const TestLayer = () => Layer.merge(testLayer(), FetchHttpClient.layer)

/** The owner's browser: opens the consent URL at the fake, which answers with the redirect back to us. */
const consent = (url: string) =>
  Effect.gen(function* () {
    const client = yield* HttpClient.HttpClient
    const response = yield* client
      .get(url)
      .pipe(Effect.provideService(FetchHttpClient.RequestInit, { redirect: "manual" }))
    const location = new URL(response.headers.location ?? "")
    expect(`${location.origin}${location.pathname}`).toBe(redirectUrl)
    return Object.fromEntries(location.searchParams) as Record<string, string>
  })

const oauthFailure = <A, E>(effect: Effect.Effect<A, E>) =>
  Effect.map(Effect.either(effect), (either) => {
    if (Either.isRight(either)) throw new Error("expected the connection to fail")
    return either.left as GoogleOAuthError
  })

describe("GoogleOAuth (over HTTP to the fake)", () => {
  it.live("consent URL asks for offline access with PKCE S256; the callback stores a working connection", () =>
    Effect.gen(function* () {
      const oauth = yield* GoogleOAuth
      const vault = yield* TokenVault
      const calendar = yield* Calendar
      const business = demoBusinessWithGoogle()

      const url = new URL(yield* oauth.authorizationUrl(business.id))
      const query = url.searchParams
      expect(query.get("access_type")).toBe("offline")
      expect(query.get("prompt")).toBe("consent")
      expect(query.get("include_granted_scopes")).toBe("true")
      expect(query.get("response_type")).toBe("code")
      expect(query.get("redirect_uri")).toBe(redirectUrl)
      expect(query.get("scope")?.split(" ").sort()).toEqual([
        "https://www.googleapis.com/auth/calendar.events",
        "https://www.googleapis.com/auth/calendar.freebusy",
      ])
      expect(query.get("code_challenge_method")).toBe("S256")
      expect(query.get("code_challenge")).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(query.get("state")).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/)

      const callback = yield* consent(url.toString())
      expect(yield* oauth.completeAuthorization(callback)).toBe(business.id)

      const stored = Option.getOrThrow(yield* vault.load(business.id))
      expect(stored.status).toBe("connected")
      expect(Redacted.value(stored.refreshToken)).toMatch(/^1\/\//)
      // And the stored connection works for availability checks.
      const range = TimeRange.make(utc("2026-03-09T13:00:00Z"), utc("2026-03-09T22:00:00Z"))
      expect(yield* calendar.busy(business, range)).toEqual([])
    }).pipe(Effect.provide(TestLayer())),
  )

  it.live("the owner declining (access_denied) stores nothing", () =>
    Effect.gen(function* () {
      const oauth = yield* GoogleOAuth
      const google = yield* FakeGoogle
      const vault = yield* TokenVault
      const business = demoBusinessWithGoogle()
      yield* google.setDenyConsent(true)
      const callback = yield* consent(yield* oauth.authorizationUrl(business.id))
      expect(callback.error).toBe("access_denied")
      const error = yield* oauthFailure(oauth.completeAuthorization(callback))
      expect(error.reason).toBe("AccessDenied")
      expect(error.businessId).toBe(business.id)
      expect(Option.isNone(yield* vault.load(business.id))).toBe(true)
    }).pipe(Effect.provide(TestLayer())),
  )

  it.live("a replayed callback is refused, and a used code is refused by Google", () =>
    Effect.gen(function* () {
      const oauth = yield* GoogleOAuth
      const vault = yield* TokenVault
      const business = demoBusinessWithGoogle()
      const first = yield* consent(yield* oauth.authorizationUrl(business.id))
      yield* oauth.completeAuthorization(first)
      const connected = Option.getOrThrow(yield* vault.load(business.id))

      expect((yield* oauthFailure(oauth.completeAuthorization(first))).reason).toBe("ReusedState")

      // A fresh, genuine state with the old code: Google says invalid_grant.
      const other = demoBusinessWithGoogle()
      const second = yield* consent(yield* oauth.authorizationUrl(other.id))
      const error = yield* oauthFailure(oauth.completeAuthorization({ ...second, code: first.code }))
      expect(error.reason).toBe("InvalidCode")
      expect(Option.isNone(yield* vault.load(other.id))).toBe(true)
      expect(Option.getOrThrow(yield* vault.load(business.id))).toEqual(connected)
    }).pipe(Effect.provide(TestLayer())),
  )

  it.live("a forged or tampered state is refused before anything reaches Google", () =>
    Effect.gen(function* () {
      const oauth = yield* GoogleOAuth
      const google = yield* FakeGoogle
      const vault = yield* TokenVault
      const victim = demoBusinessWithGoogle()
      const attacker = demoBusinessWithGoogle()
      const callback = yield* consent(yield* oauth.authorizationUrl(attacker.id))
      const [payload, signature] = (callback.state ?? "").split(".")
      const decoded = JSON.parse(Buffer.from(payload ?? "", "base64url").toString("utf8"))
      const forgedPayload = Buffer.from(JSON.stringify({ ...decoded, b: victim.id })).toString("base64url")
      yield* google.resetRequests

      for (const state of [
        `${forgedPayload}.${signature}`,
        `${forgedPayload}.${createHash("sha256").update(forgedPayload).digest("base64url")}`,
        "not-a-state",
        undefined,
      ]) {
        const error = yield* oauthFailure(oauth.completeAuthorization({ ...callback, state }))
        expect(error.reason).toBe("InvalidState")
      }
      expect(yield* google.requestCount("token")).toBe(0)
      expect(Option.isNone(yield* vault.load(victim.id))).toBe(true)
    }).pipe(Effect.provide(TestLayer())),
  )

  it.live("granting only part of the calendar access stores nothing", () =>
    Effect.gen(function* () {
      const oauth = yield* GoogleOAuth
      const google = yield* FakeGoogle
      const vault = yield* TokenVault
      const business = demoBusinessWithGoogle()
      yield* google.setGrantedScope("https://www.googleapis.com/auth/calendar.freebusy")
      const callback = yield* consent(yield* oauth.authorizationUrl(business.id))
      expect((yield* oauthFailure(oauth.completeAuthorization(callback))).reason).toBe("InsufficientScope")
      expect(Option.isNone(yield* vault.load(business.id))).toBe(true)
    }).pipe(Effect.provide(TestLayer())),
  )

  it.live("reconnecting to another Google account takes effect at once when the token cache is shared", () =>
    Effect.gen(function* () {
      const oauth = yield* GoogleOAuth
      const google = yield* FakeGoogle
      const calendar = yield* Calendar
      const business = demoBusinessWithGoogle()
      const range = TimeRange.make(utc("2026-03-09T13:00:00Z"), utc("2026-03-09T22:00:00Z"))
      yield* connect(business, "old-account@example.com")
      yield* google.addEvent(
        "primary",
        { start: "2026-03-09T14:00:00Z", end: "2026-03-09T15:00:00Z" },
        "old-account@example.com",
      )
      expect((yield* calendar.busy(business, range)).length).toBe(1)

      // The owner connects their other account (the fake's consent screen signs in as google.account).
      yield* oauth.completeAuthorization(yield* consent(yield* oauth.authorizationUrl(business.id)))
      expect(yield* calendar.busy(business, range)).toEqual([])
    }).pipe(Effect.provide(Layer.merge(testLayer({}, true), FetchHttpClient.layer))),
  )

  // TestClock: the state's 10 minutes pass without waiting.
  it.effect("a state older than 10 minutes is refused", () =>
    Effect.gen(function* () {
      const oauth = yield* GoogleOAuth
      const vault = yield* TokenVault
      const business = demoBusinessWithGoogle()
      const url = new URL(yield* oauth.authorizationUrl(business.id))
      yield* TestClock.adjust(Duration.minutes(10).pipe(Duration.sum(Duration.seconds(1))))
      const error = yield* oauthFailure(
        oauth.completeAuthorization({ code: "4/0Aanything", state: url.searchParams.get("state") ?? "" }),
      )
      expect(error.reason).toBe("ExpiredState")
      expect(error.businessId).toBe(business.id)
      expect(Option.isNone(yield* vault.load(business.id))).toBe(true)
    }).pipe(Effect.provide(testLayer())),
  )
})
