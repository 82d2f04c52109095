import { describe, expect, it } from "@effect/vitest"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import { Effect } from "effect"
import type { LightMyRequestResponse } from "fastify"
import { adminToken, everyDayBusiness, type Harness, makeHarness } from "./Harness.js"

/** A browser's cookie jar, reduced to the console's one cookie. */
class Browser {
  cookie = ""
  constructor(readonly harness: Harness) {}
  request(method: "GET" | "POST", url: string, form?: Record<string, string>): Effect.Effect<LightMyRequestResponse> {
    return Effect.promise(() =>
      this.harness.app
        .inject({
          method,
          url,
          headers: {
            ...(this.cookie === "" ? {} : { cookie: this.cookie }),
            ...(form === undefined ? {} : { "content-type": "application/x-www-form-urlencoded" }),
          },
          ...(form === undefined ? {} : { payload: new URLSearchParams(form).toString() }),
        })
        .then((response) => {
          const set = response.headers["set-cookie"]
          const first = Array.isArray(set) ? set[0] : set
          if (first !== undefined) this.cookie = first.split(";")[0] ?? ""
          return response
        }),
    )
  }
  get = (url: string) => this.request("GET", url)
  /** Posts a form with the CSRF token of the page it is on, as the browser would. */
  submit = (pageUrl: string, action: string, fields: Record<string, string> = {}) =>
    Effect.gen(this, function* () {
      const page = yield* this.get(pageUrl)
      const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] ?? ""
      return yield* this.request("POST", action, { _csrf: csrf, ...fields })
    })
}

const signInOperator = (browser: Browser) => browser.request("POST", "/signin", { mode: "operator", token: adminToken })

const ownerOf = (harness: Harness, businessId: string, email: string) =>
  Effect.gen(function* () {
    const invite = yield* harness.admin("POST", `/api/v1/businesses/${businessId}/owners/invites`)
    expect(invite.statusCode).toBe(201)
    const path = new URL((invite.json() as { inviteUrl: string }).inviteUrl).pathname
    const owner = new Browser(harness)
    const created = yield* owner.request("POST", path, {
      email,
      password: "correct horse battery",
      confirm: "correct horse battery",
    })
    expect(created.statusCode).toBe(303)
    return { owner, path }
  })

describe("the console", () => {
  it.scoped("answers / with a sign-in page, and signs the operator in with ADMIN_TOKEN", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const browser = new Browser(harness)
      const signedOut = yield* browser.get("/")
      expect(signedOut.statusCode).toBe(200)
      expect(signedOut.headers["content-type"]).toContain("text/html")
      expect(signedOut.body).toContain("Sign in")
      const wrong = yield* browser.request("POST", "/signin", { mode: "operator", token: "guess" })
      expect(wrong.statusCode).toBe(401)
      const right = yield* signInOperator(browser)
      expect(right.statusCode).toBe(303)
      expect(right.headers["set-cookie"]).toMatch(/HttpOnly; SameSite=Lax; Secure/)
      expect((yield* browser.get("/")).body).toContain("Add a business")
    }),
  )

  it.scoped("an invite makes an owner account once; the owner sees only their own business", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const mine = everyDayBusiness()
      const theirs = everyDayBusiness()
      yield* harness.seed(mine)
      yield* harness.seed(theirs)
      const { owner, path } = yield* ownerOf(harness, mine.id, "ana@example.com")
      expect((yield* owner.get(`/b/${mine.id}`)).body).toContain(mine.name)
      expect((yield* owner.get(`/b/${theirs.id}/calls`)).statusCode).toBe(403)
      const again = yield* new Browser(harness).request("POST", path, {
        email: "ben@example.com",
        password: "another good password",
        confirm: "another good password",
      })
      expect(again.statusCode).toBe(410)
      const fresh = new Browser(harness)
      expect(
        (yield* fresh.request("POST", "/signin", { mode: "owner", email: "ANA@example.com", password: "wrong one!!" }))
          .statusCode,
      ).toBe(401)
      expect(
        (yield* fresh.request("POST", "/signin", {
          mode: "owner",
          email: "ana@example.com",
          password: "correct horse battery",
        })).headers.location,
      ).toBe("/")
      expect((yield* fresh.get("/")).headers.location).toBe(`/b/${mine.id}`)
    }),
  )

  it.scoped("refuses a state-changing form without the session's CSRF token, and rate-limits sign-in", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const browser = new Browser(harness)
      yield* signInOperator(browser)
      const forged = yield* browser.request("POST", `/b/${business.id}/settings/hours/mon`, { intervals: "" })
      expect(forged.statusCode).toBe(403)
      expect((yield* harness.run(Effect.flatMap(Businesses, (b) => b.get(business.id)))).hours.mon).toEqual(
        business.hours.mon,
      )

      const guesser = new Browser(harness)
      const statuses: Array<number> = []
      for (let i = 0; i < 7; i++) {
        statuses.push((yield* guesser.request("POST", "/signin", { mode: "operator", token: `guess-${i}` })).statusCode)
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429])
    }),
  )

  it.scoped("saving one day's hours leaves every other day as it was", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const browser = new Browser(harness)
      yield* signInOperator(browser)
      const saved = yield* browser.submit(`/b/${business.id}/settings`, `/b/${business.id}/settings/hours/tue`, {
        intervals: "10:00-12:00, 13:00-18:30",
      })
      expect(saved.statusCode).toBe(303)
      const stored = yield* harness.run(Effect.flatMap(Businesses, (b) => b.get(business.id)))
      expect(stored.hours.tue).toEqual([
        ["10:00", "12:00"],
        ["13:00", "18:30"],
      ])
      for (const day of ["mon", "wed", "thu", "fri", "sat", "sun"] as const)
        expect(stored.hours[day]).toEqual(business.hours[day])
      const bad = yield* browser.submit(`/b/${business.id}/settings`, `/b/${business.id}/settings/hours/wed`, {
        intervals: "9am-5pm",
      })
      expect(bad.statusCode).toBe(400)
      expect(bad.body).toContain("Not saved")
    }),
  )

  it.scoped("a call's transcript and booking appear in Calls and in the admin API", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const call = harness.call(business)
      yield* call.script(["Hi, it's Ana Ruiz, can I get a haircut tomorrow at 3 PM?", "yes please"])
      const [booking] = yield* harness.run(Effect.flatMap(BookingRepository, (r) => r.listByBusiness(business.id)))
      const api = yield* harness.admin("GET", `/api/v1/businesses/${business.id}/calls`)
      const [listed] = (
        api.json() as {
          calls: ReadonlyArray<{
            callSid: string
            outcome: string
            bookingId: string
            turns: ReadonlyArray<{ speaker: string; text: string }>
          }>
        }
      ).calls
      expect(listed?.callSid).toBe(call.callSid)
      expect(listed?.outcome).toBe("booked")
      expect(listed?.bookingId).toBe(booking?.id)
      expect(listed?.turns.map((t) => t.speaker)).toEqual(["agent", "caller", "agent", "caller", "agent"])
      expect(listed?.turns[1]?.text).toContain("Ana Ruiz")
      const browser = new Browser(harness)
      yield* signInOperator(browser)
      const detail = yield* browser.get(`/b/${business.id}/calls/${call.callSid}`)
      expect(detail.statusCode).toBe(200)
      expect(detail.body).toContain("can I get a haircut tomorrow at 3 PM?")
      expect(detail.body).toContain("Ana Ruiz · Haircut")
      const other = everyDayBusiness()
      yield* harness.seed(other)
      expect((yield* harness.admin("GET", `/api/v1/businesses/${other.id}/calls/${call.callSid}`)).statusCode).toBe(404)
    }),
  )
})
