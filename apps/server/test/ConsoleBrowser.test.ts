import { mkdirSync, mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { NodeContext, NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import * as FakeGoogle from "@frontdesk/testkit/FakeGoogle"
import * as FakeTwilio from "@frontdesk/testkit/FakeTwilio"
import { Duration, Effect, Layer, Redacted, Schedule } from "effect"
import { type BrowserContext, chromium, type Page } from "playwright-core"
import * as WebhookClient from "../src/cli/WebhookClient.js"
import * as ServerProcess from "./ServerProcess.js"

/**
 * The owner's journeys in a real Chromium (Debian's /usr/bin/chromium, driven by playwright-core)
 * against the real server process with the fake Google and fake Twilio. Screenshots of each page
 * go to docs/console/ for the README.
 */

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
const screenshots = resolve(import.meta.dirname, "../../../docs/console")
const platform = Layer.mergeAll(NodeContext.layer, NodeHttpClient.layerUndici)
const weekdays = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const
const timezone = "America/New_York"

const launch = Effect.acquireRelease(
  Effect.promise(async () => {
    const profile = mkdtempSync(join(tmpdir(), "frontdesk-chromium-"))
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: chromiumPath,
      headless: true,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
      viewport: { width: 1100, height: 800 },
    })
    return { context, profile }
  }),
  ({ context, profile }) =>
    Effect.promise(async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    }),
)

const api = (base: string, method: string, path: string, body?: unknown) =>
  Effect.promise(async () => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${ServerProcess.adminToken}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
    return { status: response.status, json: (await response.json()) as Record<string, unknown> }
  })

const everyDay = [["09:00", "17:00"]]
const newBusiness = (phone: string) => ({
  name: "Bella Hair Studio",
  timezone,
  phoneNumbers: [phone],
  services: [{ name: "Haircut", durationMinutes: 45, aliases: ["trim"], price: 40 }],
  hours: { mon: everyDay, tue: everyDay, wed: everyDay, thu: everyDay, fri: everyDay, sat: everyDay, sun: everyDay },
})

/** Retries an expectation until it holds (the outbox works in the background), up to a minute. */
const eventually = <A>(check: () => Promise<A>) =>
  Effect.tryPromise(check).pipe(
    Effect.retry(Schedule.spaced(Duration.millis(250)).pipe(Schedule.upTo(Duration.seconds(60)))),
    Effect.orDie,
  )

const shot = (page: Page, name: string) =>
  Effect.promise(() => page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true }))

const goto = (page: Page, url: string) => Effect.promise(() => page.goto(url))

/** Where the journey is, on stderr, so a timeout says which step hung. */
const step = (name: string) =>
  Effect.sync(() => process.stderr.write(`[console journey] ${new Date().toISOString()} ${name}\n`))

describe("the console in a real browser", () => {
  it.scopedLive(
    "invite → password → sign in; connect Google; one day's hours; a call books; cancel; a message; refusals",
    () =>
      Effect.gen(function* () {
        mkdirSync(screenshots, { recursive: true })
        yield* step("start")
        const google = yield* FakeGoogle.make()
        const twilio = yield* FakeTwilio.make({ authToken: ServerProcess.twilioAuthToken })
        const scratch = yield* ServerProcess.embedded
        // PostgreSQL when TEST_DATABASE_URL names one (much faster to start than PGlite), else PGlite.
        const database = yield* ServerProcess.throwawayPostgres.pipe(
          Effect.catchIf(
            (error): error is "unavailable" => error === "unavailable",
            () => Effect.succeed(scratch),
          ),
        )
        const server = yield* ServerProcess.start({
          database,
          google,
          twilio,
          dataDir: scratch._tag === "Embedded" ? scratch.dataDir : "",
          env: { OUTBOX_POLL_MS: "100" },
        })
        const base = server.url
        yield* step(`server up at ${base}`)
        const dialled = Fixtures.phoneNumber()
        const created = yield* api(base, "POST", "/api/v1/businesses", newBusiness(dialled))
        expect(created.status).toBe(201)
        const businessId = String(created.json.id)
        const other = yield* api(base, "POST", "/api/v1/businesses", {
          ...newBusiness(Fixtures.phoneNumber()),
          name: "Other Salon",
        })
        const invite = yield* api(base, "POST", `/api/v1/businesses/${businessId}/owners/invites`)
        expect(invite.status).toBe(201)
        yield* google.addCalendar("team@group.calendar.google.com", google.account, "Team rota")
        yield* google.addCalendar("holidays@group.calendar.google.com", google.account, "Holidays")

        const { context } = yield* launch
        const browser: BrowserContext = context
        const page = yield* Effect.promise(() => browser.newPage())
        page.setDefaultTimeout(20_000)
        yield* step("browser up")
        const at = (path: string) => `${base}/b/${businessId}${path}`

        yield* step("Invite → owner")
        // Invite → owner sets a password → signed in on Today.
        yield* goto(page, String(invite.json.inviteUrl))
        yield* Effect.promise(async () => {
          await page.getByLabel("Email").fill("ana@bella.example")
          await page.getByLabel("Password", { exact: true }).fill("a long enough password")
          await page.getByLabel("Password again").fill("a long enough password")
          await page.getByRole("button", { name: "Create account" }).click()
          await page.waitForURL(at(""))
        })
        expect(yield* Effect.promise(() => page.getByRole("heading", { name: "Today" }).isVisible())).toBe(true)
        // Signed out and in again with the new password.
        yield* Effect.promise(async () => {
          await page.getByRole("button", { name: "Sign out" }).click()
          await page.waitForURL(`${base}/signin`)
          await page.getByLabel("Email").fill("ana@bella.example")
          await page.getByLabel("Password").fill("a long enough password")
          await page.getByRole("button", { name: "Sign in", exact: true }).click()
          await page.waitForURL(at(""))
        })

        yield* step("Connect Google")
        // Connect Google from the browser, then pick a conflict calendar and the destination.
        yield* goto(page, at("/calendar"))
        yield* Effect.promise(async () => {
          await page.getByRole("button", { name: "Connect Google Calendar" }).click()
          await page.waitForURL(/calendar\?connected=1/)
          await page.getByRole("checkbox", { name: "Team rota" }).check()
          await page.getByRole("radio", { name: google.account, exact: true }).check()
          await page.getByRole("button", { name: "Use these calendars" }).click()
          await page.waitForURL(/calendar\?saved=1/)
        })
        yield* shot(page, "calendar")
        const connected = yield* api(base, "GET", `/api/v1/businesses/${businessId}`)
        const integrations = (
          connected.json.aiConfig as {
            integrations: {
              provider: string
              providers: { google_calendar: { calendar_ids: Array<string>; calendar_id: string } }
            }
          }
        ).integrations
        expect(integrations.provider).toBe("google_calendar")
        expect(integrations.providers.google_calendar.calendar_ids).toEqual([
          google.account,
          "team@group.calendar.google.com",
        ])
        expect(integrations.providers.google_calendar.calendar_id).toBe(google.account)

        yield* step("One day's hours")
        // One day's hours: a day the test's booking (tomorrow) does not fall on.
        const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString("en-US", {
          timeZone: timezone,
          weekday: "short",
        })
        const index = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(tomorrow)
        const day = weekdays[(index + 2) % 7]!
        yield* goto(page, at("/settings"))
        yield* Effect.promise(async () => {
          await page.locator(`#hours-${day}`).fill("10:00-12:00, 13:00-16:00")
          await page.locator(`form[action$="/settings/hours/${day}"] button`).click()
          await page.waitForURL(/settings\?saved=/)
        })
        yield* shot(page, "settings")
        const hours = (yield* api(base, "GET", `/api/v1/businesses/${businessId}`)).json.hours as Record<
          string,
          unknown
        >
        for (const d of weekdays) {
          expect(hours[d]).toEqual(
            d === day
              ? [
                  ["10:00", "12:00"],
                  ["13:00", "16:00"],
                ]
              : everyDay,
          )
        }
        expect(yield* Effect.promise(() => page.locator(`#hours-${weekdays[(index + 3) % 7]}`).inputValue())).toBe(
          "09:00-17:00",
        )

        yield* step("A simulated call")
        // A simulated call (signed webhooks) books.
        const caller = Fixtures.phoneNumber()
        const target = {
          url: base,
          publicBaseUrl: base,
          authToken: Redacted.make(ServerProcess.twilioAuthToken),
          businessId,
          to: dialled,
        }
        const call = yield* WebhookClient.makeCall(target, { from: caller })
        yield* call.start
        yield* call.say("Hi, it's Ana Ruiz, can I get a haircut tomorrow at 3 PM?")
        const confirmed = yield* call.say("yes please")
        expect(confirmed.says.join(" ")).toMatch(/all set/i)
        const event = yield* eventually(async () => {
          const events = await Effect.runPromise(google.events("primary"))
          const ours = events.filter(
            (e) => e.status === "confirmed" && e.extendedProperties?.private?.frontdesk === "booking",
          )
          if (ours.length !== 1) throw new Error(`events: ${ours.length}`)
          return ours[0]!
        })

        yield* step("The booking and its transcript")
        // The booking and its transcript appear.
        yield* goto(page, at("/calls"))
        yield* shot(page, "calls")
        yield* Effect.promise(async () => {
          await page
            .getByRole("link", { name: /Transcript/ })
            .first()
            .click()
          await page.getByText("can I get a haircut tomorrow at 3 PM?").waitFor()
          await page.getByText(/Ana Ruiz · Haircut/).waitFor()
        })
        yield* eventually(async () => {
          await page.reload()
          const text = (await page.locator("#call-followups").textContent()) ?? ""
          if (!/Confirmation text: sent/.test(text) || !/Calendar event created: sent/.test(text)) throw new Error(text)
        })
        yield* shot(page, "call")

        yield* step("Cancelling removes")
        // Cancelling removes the event in Google and texts the customer.
        yield* Effect.promise(async () => {
          await page.getByRole("link", { name: "Open in bookings" }).click()
          await page.getByRole("button", { name: /Cancel Ana Ruiz/ }).waitFor()
        })
        yield* shot(page, "bookings")
        yield* Effect.promise(async () => {
          await page.getByRole("button", { name: /Cancel Ana Ruiz/ }).click()
          await page.waitForURL(/cancelled=/)
          await page.getByText("cancelled", { exact: true }).first().waitFor()
        })
        yield* eventually(async () => {
          const events = await Effect.runPromise(google.events("primary"))
          if (events.some((e) => e.id === event.id && e.status === "confirmed")) throw new Error("event still there")
          const texts = await Effect.runPromise(twilio.messages)
          const toCaller = texts.filter((m) => m.to === caller)
          if (toCaller.length !== 2 || !/cancel/i.test(toCaller[1]!.body)) throw new Error(JSON.stringify(toCaller))
        })

        yield* step("A caller's message")
        // A caller's message appears and is marked handled.
        const second = yield* WebhookClient.makeCall(target, { from: Fixtures.phoneNumber() })
        yield* second.start
        yield* second.say("I'd like to speak to someone")
        yield* second.say("Please call me back about a wedding party")
        yield* goto(page, at("/messages"))
        yield* shot(page, "messages")
        yield* Effect.promise(async () => {
          await page.getByText("Please call me back about a wedding party").waitFor()
          await page.getByRole("button", { name: "Mark handled" }).click()
          await page.waitForURL(at("/messages"))
          await page.getByText("handled", { exact: true }).waitFor()
        })
        expect(yield* Effect.promise(() => page.getByRole("button", { name: "Mark handled" }).count())).toBe(0)

        yield* goto(page, at(""))
        yield* shot(page, "today")

        yield* step("A POST without")
        // A POST without the CSRF token, and another business's pages, are refused.
        const forged = yield* Effect.promise(() =>
          page.request.post(at(`/settings/hours/${day}`), { form: { intervals: "" } }),
        )
        expect(forged.status()).toBe(403)
        const after = (yield* api(base, "GET", `/api/v1/businesses/${businessId}`)).json.hours as Record<
          string,
          unknown
        >
        expect(after[day]).toEqual([
          ["10:00", "12:00"],
          ["13:00", "16:00"],
        ])
        const foreign = yield* goto(page, `${base}/b/${String(other.json.id)}/calls`)
        expect(foreign?.status()).toBe(403)

        yield* step("The operator's view")
        // The operator's view, and the sign-in page, for the README.
        yield* Effect.promise(() => browser.clearCookies())
        yield* goto(page, `${base}/`)
        yield* shot(page, "signin")
        yield* Effect.promise(async () => {
          await page.getByLabel("Admin token").fill(ServerProcess.adminToken)
          await page.getByRole("button", { name: "Sign in as operator" }).click()
          await page.getByRole("heading", { name: "Businesses" }).waitFor()
          await page.setViewportSize({ width: 390, height: 844 })
          await page.goto(at(""))
        })
        yield* shot(page, "today-phone")
      }).pipe(Effect.provide(platform)),
    { timeout: 480_000 },
  )
})
