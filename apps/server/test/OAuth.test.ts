import { describe, expect, it } from "@effect/vitest"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { TokenVault } from "@frontdesk/domain/ports/TokenVault"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import * as FakeGoogle from "@frontdesk/testkit/FakeGoogle"
import { Effect, Layer, Option } from "effect"
import type * as AppLayer from "../src/AppLayer.js"
import { adminToken, everyDayBusiness, googleAdapters, makeHarness, memoryStorage, publicBaseUrl } from "./Harness.js"

/** The owner's browser at Google's consent screen: approve, and follow Google back to us. */
const consent = (location: string) =>
  Effect.promise(async () => {
    const response = await fetch(location, { redirect: "manual" })
    const back = response.headers.get("location")
    if (back === null) throw new Error(`consent answered ${response.status} without a redirect`)
    return new URL(back)
  })

describe("Google Calendar connection through the routes", () => {
  it.scoped("start → Google consent → callback stores the connection, and the next booking lands in the calendar", () =>
    Effect.gen(function* () {
      const google = yield* FakeGoogle.make()
      const harness = yield* makeHarness(googleAdapters(google))
      const business = everyDayBusiness({ aiConfig: Fixtures.googleAiConfig })
      yield* harness.seed(business)

      const start = yield* Effect.promise(() =>
        harness.app.inject({
          method: "GET",
          url: `/oauth/google/start?businessId=${business.id}`,
          headers: { authorization: `Bearer ${adminToken}` },
        }),
      )
      expect(start.statusCode).toBe(302)
      const consentUrl = new URL(String(start.headers.location))
      expect(consentUrl.searchParams.get("redirect_uri")).toBe(`${publicBaseUrl}/oauth/google/callback`)
      expect(consentUrl.searchParams.get("code_challenge_method")).toBe("S256")
      expect(consentUrl.searchParams.get("access_type")).toBe("offline")

      const callback = yield* consent(consentUrl.toString())
      expect(callback.origin + callback.pathname).toBe(`${publicBaseUrl}/oauth/google/callback`)
      const done = yield* Effect.promise(() =>
        harness.app.inject({ method: "GET", url: `${callback.pathname}${callback.search}` }),
      )
      // Connected: the owner lands back on the console's Calendar page to choose calendars.
      expect(done.statusCode).toBe(302)
      expect(String(done.headers.location)).toContain(`/calendar?connected=1`)
      const stored = yield* harness.run(Effect.flatMap(TokenVault, (vault) => vault.load(business.id)))
      expect(Option.map(stored, (credentials) => credentials.status)).toEqual(Option.some("connected"))

      // The same callback again (a double submit) is refused and changes nothing.
      const replayed = yield* Effect.promise(() =>
        harness.app.inject({ method: "GET", url: `${callback.pathname}${callback.search}` }),
      )
      expect(replayed.statusCode).toBe(400)

      const call = harness.call(business)
      yield* call.script(["Hi, this is Ana Ruiz, a haircut tomorrow at 9 AM", "yes"])
      yield* harness.drainOutbox
      const [booking] = yield* harness.run(Effect.flatMap(BookingRepository, (r) => r.listByBusiness(business.id)))
      expect(booking?.calendarSync).toBe("synced")
      expect((yield* google.events("primary")).map((event) => event.id)).toEqual([booking?.externalEventId])
    }),
  )

  it.scoped("start needs the admin token and a known business; a denied or forged callback changes nothing", () =>
    Effect.gen(function* () {
      const google = yield* FakeGoogle.make()
      const harness = yield* makeHarness(googleAdapters(google))
      const business = everyDayBusiness({ aiConfig: Fixtures.googleAiConfig })
      yield* harness.seed(business)
      const get = (url: string, token: string | null = adminToken) =>
        Effect.promise(() =>
          harness.app.inject({
            method: "GET",
            url,
            headers: token === null ? {} : { authorization: `Bearer ${token}` },
          }),
        )
      expect((yield* get(`/oauth/google/start?businessId=${business.id}`, null)).statusCode).toBe(401)
      expect((yield* get("/oauth/google/start")).statusCode).toBe(400)
      expect((yield* get("/oauth/google/start?businessId=unknown")).statusCode).toBe(404)

      yield* google.setDenyConsent(true)
      const start = yield* get(`/oauth/google/start?businessId=${business.id}`)
      const denied = yield* consent(String(start.headers.location))
      const afterDenial = yield* get(`${denied.pathname}${denied.search}`, null)
      expect(afterDenial.statusCode).toBe(400)
      expect(afterDenial.body).toContain("did not grant access")

      const forged = yield* get("/oauth/google/callback?code=abc&state=forged", null)
      expect(forged.statusCode).toBe(400)
      const stored = yield* harness.run(Effect.flatMap(TokenVault, (vault) => vault.load(business.id)))
      expect(Option.isNone(stored)).toBe(true)
    }),
  )

  it.scoped("without a Google client configured, start says what to set", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const start = yield* Effect.promise(() =>
        harness.app.inject({
          method: "GET",
          url: `/oauth/google/start?businessId=${business.id}`,
          headers: { authorization: `Bearer ${adminToken}` },
        }),
      )
      expect(start.statusCode).toBe(503)
      expect(start.json().message).toContain("GOOGLE_CLIENT_ID")
    }),
  )

  it.scoped("two instances sharing one store: a callback used on one is refused on the other as already used", () =>
    Effect.gen(function* () {
      const google = yield* FakeGoogle.make()
      // One storage, built once and shared by both instances the way two servers share Postgres
      // (PgOAuthStates passes the same OAuthStates contract, races included, in packages/postgres).
      const storage = yield* Layer.build(memoryStorage)
      const shared = Layer.succeedContext(storage) as Layer.Layer<AppLayer.StoragePorts>
      const first = yield* makeHarness({ ...googleAdapters(google), storage: shared })
      const second = yield* makeHarness({ ...googleAdapters(google), storage: shared })
      const business = everyDayBusiness({ aiConfig: Fixtures.googleAiConfig })
      yield* first.seed(business)

      const start = yield* Effect.promise(() =>
        first.app.inject({
          method: "GET",
          url: `/oauth/google/start?businessId=${business.id}`,
          headers: { authorization: `Bearer ${adminToken}` },
        }),
      )
      const callback = yield* consent(String(start.headers.location))
      const path = `${callback.pathname}${callback.search}`
      const done = yield* Effect.promise(() => second.app.inject({ method: "GET", url: path }))
      expect(done.statusCode).toBe(302)
      expect(done.headers["cache-control"]).toBe("no-store")

      // Replayed against the instance that issued it: refused for the state, before Google is asked again.
      const exchangesBefore = (yield* google.requests).filter((r) => r.endpoint === "token").length
      const replayed = yield* Effect.promise(() => first.app.inject({ method: "GET", url: path }))
      expect(replayed.statusCode).toBe(400)
      expect(replayed.body).toContain("invalid, expired or already used")
      expect((yield* google.requests).filter((r) => r.endpoint === "token").length).toBe(exchangesBefore)
    }),
  )
})
