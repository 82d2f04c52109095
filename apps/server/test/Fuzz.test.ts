import { describe, expect, it } from "@effect/vitest"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import { CallerMessages } from "@frontdesk/domain/ports/CallerMessages"
import { CallSessions } from "@frontdesk/domain/ports/CallSessions"
import { Outbox } from "@frontdesk/domain/ports/Outbox"
import * as RecordingTelephony from "@frontdesk/domain/ports/RecordingTelephony"
import { RecordingTelephonyControl } from "@frontdesk/domain/ports/RecordingTelephony"
import { Telephony } from "@frontdesk/domain/ports/Telephony"
import { TokenVault } from "@frontdesk/domain/ports/TokenVault"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import * as PgStorage from "@frontdesk/postgres/PgStorage"
import * as TokenCipher from "@frontdesk/postgres/TokenCipher"
import * as FakeGoogle from "@frontdesk/testkit/FakeGoogle"
import * as TwilioSignature from "@frontdesk/twilio/TwilioSignature"
import { Context, Effect, Layer, Option, Redacted } from "effect"
import type { InjectOptions, LightMyRequestResponse } from "fastify"
import pino from "pino"
import * as AppLayer from "../src/AppLayer.js"
import * as Logging from "../src/Logging.js"
import * as TwimlReader from "../src/TwimlReader.js"
import { describeCase, type FuzzCase, type FuzzContext, generate, injectedNumber } from "./FuzzInputs.js"
import {
  adminToken,
  everyDayBusiness,
  googleAdapters,
  makeHarness,
  memoryStorage,
  publicBaseUrl,
  twilioAuthToken,
} from "./Harness.js"

/** Override with FUZZ_SEED / FUZZ_CASES to replay a failure or to fuzz harder locally. */
const seed = Number(process.env.FUZZ_SEED ?? 20_261_124)
const cases = Number(process.env.FUZZ_CASES ?? 3000)

/**
 * Every successful storage write, by port and method, in order. Wrapping the ports (rather than
 * diffing tables afterwards) also catches a write that a later write undid, and names the request
 * that made it.
 */
const spied = <E>(storage: Layer.Layer<AppLayer.StoragePorts, E>, writes: Array<string>) =>
  Layer.map(storage, (context) => {
    const noted =
      (name: string, wrote: (result: unknown) => boolean = () => true) =>
      <A, E2, R>(effect: Effect.Effect<A, E2, R>) =>
        Effect.tap(effect, (result) => Effect.sync(() => (wrote(result) ? writes.push(name) : undefined)))
    const businesses = Context.get(context, Businesses)
    const bookings = Context.get(context, BookingRepository)
    const sessions = Context.get(context, CallSessions)
    const vault = Context.get(context, TokenVault)
    const outbox = Context.get(context, Outbox)
    const messages = Context.get(context, CallerMessages)
    return context.pipe(
      Context.add(Businesses, {
        ...businesses,
        create: (business) => noted("Businesses.create")(businesses.create(business)),
        update: (business) => noted("Businesses.update")(businesses.update(business)),
      }),
      Context.add(BookingRepository, {
        ...bookings,
        insert: (booking, jobs) => noted("BookingRepository.insert")(bookings.insert(booking, jobs)),
        cancel: (id, jobs) => noted("BookingRepository.cancel")(bookings.cancel(id, jobs)),
        reschedule: (id, range, jobs) => noted("BookingRepository.reschedule")(bookings.reschedule(id, range, jobs)),
        setCalendarSync: (id, sync, eventId) =>
          noted("BookingRepository.setCalendarSync")(bookings.setCalendarSync(id, sync, eventId)),
      }),
      Context.add(CallerMessages, {
        ...messages,
        record: (message, jobs) => noted("CallerMessages.record")(messages.record(message, jobs)),
        markHandled: (id) => noted("CallerMessages.markHandled")(messages.markHandled(id)),
      }),
      Context.add(CallSessions, {
        ...sessions,
        save: (session, expected) => noted("CallSessions.save")(sessions.save(session, expected)),
        purgeOlderThan: (cutoff) =>
          noted("CallSessions.purgeOlderThan", (n) => (n as number) > 0)(sessions.purgeOlderThan(cutoff)),
      }),
      Context.add(TokenVault, {
        ...vault,
        store: (id, credentials) => noted("TokenVault.store")(vault.store(id, credentials)),
        delete: (id) => noted("TokenVault.delete")(vault.delete(id)),
        markBroken: (id, reason) => noted("TokenVault.markBroken")(vault.markBroken(id, reason)),
      }),
      Context.add(Outbox, {
        ...outbox,
        enqueue: (jobs) => noted("Outbox.enqueue")(outbox.enqueue(jobs)),
        claim: (options) =>
          noted("Outbox.claim", (claimed) => (claimed as ReadonlyArray<unknown>).length > 0)(outbox.claim(options)),
        complete: (id) => noted("Outbox.complete")(outbox.complete(id)),
        fail: (id, failure) => noted("Outbox.fail")(outbox.fail(id, failure)),
        replay: (id) => noted("Outbox.replay")(outbox.replay(id)),
      }),
    )
  })

interface LogLine {
  readonly level: number
  readonly msg?: string
}

/**
 * The test harness with a write spy around storage and texts, the real Google OAuth adapter on a
 * fake Google, and a logger whose lines the test reads (an error-level line is a crash report).
 */
const makeFuzzHarness = <E>(storage: Layer.Layer<AppLayer.StoragePorts, E>) =>
  Effect.gen(function* () {
    const writes: Array<string> = []
    const logs: Array<LogLine> = []
    const google = yield* FakeGoogle.make()
    // A text message is a write the caller (or the owner) sees; it counts like a stored row.
    const telephony = Layer.map(RecordingTelephony.layerMemory, (recording) => {
      const sender = Context.get(recording, Telephony)
      return Context.add(recording, Telephony, {
        sendSms: (message) =>
          Effect.tap(sender.sendSms(message), () =>
            Effect.sync(() => writes.push(`Telephony.sendSms to ${message.to}: ${message.body.slice(0, 120)}`)),
          ),
      })
    })
    const logger = pino(
      { level: "warn", redact: { paths: Logging.redactPaths, censor: "[redacted]" } },
      { write: (line: string) => void logs.push(JSON.parse(line) as LogLine) },
    )
    const harness = yield* makeHarness({
      storage: spied(storage, writes),
      telephony,
      googleConnect: googleAdapters(google).googleConnect,
      logger,
    })
    return { harness, writes, logs, google }
  })

type FuzzHarness = Effect.Effect.Success<ReturnType<typeof makeFuzzHarness>>

/** What a person (or Twilio) could observe as stored state, read back through the ports. */
const snapshot = (fuzz: FuzzHarness, businessId: string) =>
  fuzz.harness.run(
    Effect.gen(function* () {
      const businesses = yield* Effect.flatMap(Businesses, (b) => b.list)
      const bookings = yield* Effect.flatMap(BookingRepository, (r) =>
        r.listByBusiness(businessId as never, { limit: 500 }),
      )
      const jobs = yield* Effect.flatMap(Outbox, (o) => o.list({ limit: 500 }))
      const token = yield* Effect.flatMap(TokenVault, (v) => v.load(businessId as never))
      const sms = yield* Effect.flatMap(RecordingTelephonyControl, (t) => t.sent)
      return JSON.parse(
        JSON.stringify({
          businesses,
          bookings,
          jobs,
          connected: Option.isSome(token),
          // Messages callers left for the owner are part of a call; any other text is a write.
          sms: sms.filter((message) => !message.body.startsWith("Message for ")).length,
        }),
      ) as unknown
    }),
  )

/** Seeds a business with a booking and collects a few genuine OAuth states to spend on callbacks. */
const prepare = (fuzz: FuzzHarness) =>
  Effect.gen(function* () {
    const business = everyDayBusiness({ aiConfig: Fixtures.googleAiConfig, phoneNumbers: [Fixtures.phoneNumber()] })
    yield* fuzz.harness.seed(business)
    const booking = Fixtures.newBooking({ businessId: business.id, start: Fixtures.utc("2030-01-07T15:00:00Z") })
    yield* fuzz.harness.run(Effect.flatMap(BookingRepository, (r) => r.insert(booking)))
    const states: Array<string> = []
    for (let i = 0; i < 40; i++) {
      const start = yield* Effect.promise(() =>
        fuzz.harness.app.inject({
          method: "GET",
          url: `/oauth/google/start?businessId=${business.id}`,
          headers: { authorization: `Bearer ${adminToken}` },
        }),
      )
      const state = new URL(String(start.headers.location)).searchParams.get("state")
      if (state !== null) states.push(state)
    }
    const context: FuzzContext = { businessId: business.id, bookingId: booking.id, states }
    return context
  })

/**
 * What a genuine (signed) call may leave behind whatever the caller says: its session, and — after
 * the agent gives up understanding and offers to take a message — that message, stored for the
 * owner (its text waits in the outbox, which these tests do not run).
 */
const callMayWrite = (write: string) => write === "CallSessions.save" || write === "CallerMessages.record"

/** Why this response is wrong for this case, or undefined when it is fine. */
const verdict = (
  fuzzCase: FuzzCase,
  response: LightMyRequestResponse,
  writes: ReadonlyArray<string>,
  logs: ReadonlyArray<LogLine>,
): string | undefined => {
  const status = response.statusCode
  const crashes = logs.filter((line) => line.level >= 50)
  const crash = crashes[0] as (LogLine & { error?: unknown; cause?: unknown; err?: { message?: unknown } }) | undefined
  const crashReport =
    crash === undefined
      ? ""
      : `; logged ${JSON.stringify({ msg: crash.msg, error: crash.error, err: crash.err?.message, cause: crash.cause }).slice(0, 1200)}`
  if (status >= 500) return `answered ${status}: ${response.body.slice(0, 300)}${crashReport}`
  if (!fuzzCase.allowed.includes(status))
    return `answered ${status}, expected one of ${fuzzCase.allowed.join("/")}: ${response.body.slice(0, 300)}`
  const forbidden = writes.filter((write) => !(fuzzCase.writes === "session" && callMayWrite(write)))
  if (forbidden.length > 0) return `wrote ${forbidden.join(", ")} (answered ${status})`
  if (status >= 400 && writes.length > 0) return `refused with ${status} but wrote ${writes.join(", ")}`
  if (crashes.length > 0) return `logged an error${crashReport}`
  if (fuzzCase.twiml === true && status === 200) {
    if (!String(response.headers["content-type"]).includes("xml")) return `200 without TwiML: ${response.body}`
    const view = TwimlReader.read(response.body)
    if (view.says.join("").trim() === "") return `TwiML with nothing said: ${response.body.slice(0, 300)}`
    if (new RegExp(`<Dial\\b[^>]*>[^<]*\\${injectedNumber}`).test(response.body))
      return `caller text became TwiML: ${response.body.slice(0, 300)}`
  }
  if (
    status >= 400 &&
    status !== 404 &&
    !response.body.includes("Google") &&
    fuzzCase.group.startsWith("oauth.callback")
  )
    return `callback refusal is not the owner's page: ${response.body.slice(0, 200)}`
  return undefined
}

const send = (fuzz: FuzzHarness, fuzzCase: FuzzCase) =>
  Effect.promise(() => fuzz.harness.app.inject(fuzzCase.request as InjectOptions)).pipe(
    // light-my-request refusing to build a request (e.g. an illegal header) is the client's problem.
    Effect.catchAllDefect((defect) => Effect.succeed(defect as Error)),
  )

const healthy = (fuzz: FuzzHarness) =>
  Effect.map(
    Effect.promise(() => fuzz.harness.app.inject({ method: "GET", url: "/healthz" })),
    (response) => response.statusCode === 200,
  )

/** Runs every case, in order, attributing writes and log lines to the request that caused them. */
const runCorpus = (fuzz: FuzzHarness, corpus: ReadonlyArray<FuzzCase>) =>
  Effect.gen(function* () {
    const failures: Array<string> = []
    const tally = new Map<string, Map<number, number>>()
    let clientErrors = 0
    for (const [index, fuzzCase] of corpus.entries()) {
      const writesBefore = fuzz.writes.length
      const logsBefore = fuzz.logs.length
      const response = yield* send(fuzz, fuzzCase)
      if (response instanceof Error) {
        clientErrors++
        continue
      }
      const problem = verdict(fuzzCase, response, fuzz.writes.slice(writesBefore), fuzz.logs.slice(logsBefore))
      if (problem !== undefined) failures.push(`${describeCase(seed, index, fuzzCase)}\n  → ${problem}`)
      const byStatus = tally.get(fuzzCase.group) ?? new Map<number, number>()
      byStatus.set(response.statusCode, (byStatus.get(response.statusCode) ?? 0) + 1)
      tally.set(fuzzCase.group, byStatus)
      if (index % 250 === 249 && !(yield* healthy(fuzz))) {
        failures.push(`seed ${seed}: /healthz stopped answering after case #${index}`)
        break
      }
    }
    return { failures, tally, clientErrors }
  })

const report = (failures: ReadonlyArray<string>) =>
  failures.length === 0
    ? ""
    : `${failures.length} fuzz failure(s) with FUZZ_SEED=${seed}; first ones:\n\n${failures.slice(0, 8).join("\n\n")}`

const statusesOf = (tally: Map<string, Map<number, number>>, prefix: string) => {
  const out = new Map<number, number>()
  for (const [group, byStatus] of tally)
    if (group.startsWith(prefix)) for (const [status, n] of byStatus) out.set(status, (out.get(status) ?? 0) + n)
  return out
}

const fuzzOn = <E>(name: string, storage: Layer.Layer<AppLayer.StoragePorts, E>, count: number) =>
  it.scoped(
    `${name}: ${count} malformed requests (seed ${seed}) get documented 4xx or polite TwiML, no crash, nothing written`,
    () =>
      Effect.gen(function* () {
        const fuzz = yield* makeFuzzHarness(storage)
        const context = yield* prepare(fuzz)
        const before = yield* snapshot(fuzz, context.businessId)
        fuzz.writes.length = 0
        const googleBefore = yield* fuzz.google.requests

        const corpus = generate(seed, count, context)
        const { failures, tally, clientErrors } = yield* runCorpus(fuzz, corpus)
        if (process.env.FUZZ_VERBOSE !== undefined) {
          for (const [group, byStatus] of tally)
            console.log(`${group}: ${JSON.stringify(Object.fromEntries(byStatus))}`)
          console.log(`${clientErrors} requests the client could not build\n${failures.join("\n\n")}`)
        }
        expect(failures, report(failures)).toEqual([])

        // The corpus reached the route logic, not only the guards in front of it.
        const signed = statusesOf(tally, "voice.signed")
        expect(signed.get(200) ?? 0, "signed webhooks answered with TwiML").toBeGreaterThan(count * 0.05)
        expect(statusesOf(tally, "admin").get(400) ?? 0, "admin bodies refused by validation").toBeGreaterThan(
          count * 0.05,
        )
        expect(clientErrors, "requests the test client could not even build").toBeLessThan(count * 0.01)

        // Still up, and nothing observable changed: no business, booking, job, token, text or calendar event.
        expect(yield* healthy(fuzz)).toBe(true)
        expect(yield* snapshot(fuzz, context.businessId)).toEqual(before)
        expect(fuzz.writes.filter((write) => !callMayWrite(write))).toEqual([])
        // Genuine states with made-up codes reached Google's token endpoint (and were refused); nothing else did.
        const googleCalls = (yield* fuzz.google.requests).slice(googleBefore.length)
        expect(googleCalls.filter((request) => request.endpoint === "token").length).toBeGreaterThan(0)
        expect(googleCalls.filter((request) => request.endpoint !== "token")).toEqual([])
      }),
  )

/** Embedded PGlite, migrated: the SQL adapters see the same garbage (NUL bytes, odd UTF-8, huge strings). */
const pgliteStorage = Layer.provideMerge(
  AppLayer.pgReadiness,
  PgStorage.layer({ databaseUrl: Option.none(), dataDir: undefined }).pipe(
    Layer.provide(TokenCipher.layer(Redacted.make(TokenCipher.generateKey("fuzz")))),
  ),
)

const regressions = <E>(name: string, storage: Layer.Layer<AppLayer.StoragePorts, E>) =>
  it.scoped(`${name}: inputs the fuzzer found answer 4xx or polite TwiML, not 5xx, and change nothing`, () =>
    Effect.gen(function* () {
      const fuzz = yield* makeFuzzHarness(storage)
      const context = yield* prepare(fuzz)
      fuzz.writes.length = 0
      const request = (method: string, url: string, headers: Record<string, string> = {}, payload?: string) =>
        Effect.map(
          Effect.promise(() =>
            fuzz.harness.app.inject({
              method: method as "GET",
              url,
              headers: { authorization: `Bearer ${adminToken}`, ...headers },
              ...(payload === undefined ? {} : { payload }),
            }),
          ),
          (response) => response.statusCode,
        )
      const json = { "content-type": "application/json" }
      const statuses = {
        // Ids padded with spaces or tabs are not ids: BusinessId.make threw inside the route.
        paddedId: yield* request("GET", "/api/v1/businesses/%20biz"),
        tabId: yield* request("PATCH", "/api/v1/businesses/%09", json, '{"name": "x"}'),
        paddedBookings: yield* request("GET", "/api/v1/businesses/biz%20/bookings"),
        paddedBooking: yield* request("POST", `/api/v1/businesses/${context.businessId}/bookings/%20/cancel`),
        // A body nested thousands deep: printing the validation error overflowed the stack.
        deepBody: yield* request("POST", "/api/v1/businesses", json, `${"[".repeat(3000)}${"]".repeat(3000)}`),
        // A form body on the JSON API was read as an empty patch and saved.
        formPatch: yield* request("PATCH", `/api/v1/businesses/${context.businessId}`, {
          "content-type": "application/x-www-form-urlencoded",
        }),
        textPost: yield* request("POST", "/api/v1/businesses", { "content-type": "text/plain" }, "name=x"),
        // Repeated query parameters arrive as arrays: `.trim` / `.split` of an array threw.
        paddedStart: yield* request("GET", "/oauth/google/start?businessId=x%20"),
        repeatedStart: yield* request("GET", `/oauth/google/start?businessId=${context.businessId}&businessId=x`),
        repeatedState: yield* request("GET", `/oauth/google/callback?state=${context.states[0]}&state=x&code=c`),
        // Text Postgres cannot store was a "storage unavailable" 503 there.
        nulId: yield* request("GET", "/api/v1/businesses/%00"),
        nulBooking: yield* request("POST", `/api/v1/businesses/${context.businessId}/bookings/%00/cancel`),
        nulStart: yield* request("GET", "/oauth/google/start?businessId=%00"),
        nulName: yield* request("PATCH", `/api/v1/businesses/${context.businessId}`, json, '{"name": "a\\u0000b"}'),
        // One number listed twice: stored twice in memory, "belongs to another business" (409) on Postgres.
        repeatedNumber: yield* request(
          "POST",
          "/api/v1/businesses",
          json,
          JSON.stringify({
            name: "Twice",
            timezone: "Europe/Lisbon",
            phoneNumbers: ["+15553334444", "+15553334444"],
            services: [{ name: "Haircut", durationMinutes: 30 }],
            hours: {},
          }),
        ),
        halfSurrogate: yield* request(
          "PATCH",
          `/api/v1/businesses/${context.businessId}`,
          json,
          '{"aiConfig": {"greeting": "\\ud800"}}',
        ),
      }
      expect(statuses).toEqual({
        paddedId: 404,
        tabId: 404,
        paddedBookings: 404,
        paddedBooking: 404,
        deepBody: 400,
        formPatch: 415,
        textPost: 415,
        paddedStart: 404,
        repeatedStart: 400,
        repeatedState: 400,
        nulId: 404,
        nulBooking: 404,
        nulStart: 404,
        nulName: 400,
        repeatedNumber: 400,
        halfSurrogate: 400,
      })
      expect(fuzz.writes).toEqual([])

      // A signed call whose CallSid and caller id carry NUL: every turn failed as a storage error on Postgres.
      const sid = `CA\u0000${Fixtures.callSid().slice(3)}`
      const turn = (url: string, extra: Record<string, string>) => {
        const form = { CallSid: sid, From: "+1555\u0000123", To: "+15550000000", ...extra }
        return Effect.promise(() =>
          fuzz.harness.app.inject({
            method: "POST",
            url,
            headers: {
              "content-type": "application/x-www-form-urlencoded",
              "x-twilio-signature": TwilioSignature.sign(
                Redacted.make(twilioAuthToken),
                `${publicBaseUrl}${url}`,
                form,
              ),
            },
            payload: new URLSearchParams(form).toString(),
          }),
        )
      }
      // Kilobytes of CallSid did not fit Postgres's index on the session key: every turn failed.
      const longSid = yield* turn(`/voice/incoming/${context.businessId}`, { CallSid: `CA${"0".repeat(5000)}` })
      expect(longSid.statusCode).toBe(400)
      const greeting = yield* turn(`/voice/incoming/${context.businessId}`, {})
      const next = yield* turn(`/voice/turn/${context.businessId}?turn=1`, { SpeechResult: "a haircut\u0000 please" })
      expect([greeting.statusCode, next.statusCode]).toEqual([200, 200])
      expect(TwimlReader.read(next.body).says.join(" ")).not.toMatch(/trouble/i)
      expect(fuzz.writes).toEqual(["CallSessions.save", "CallSessions.save"])
      expect(fuzz.logs.filter((line) => line.level >= 50)).toEqual([])
    }),
  )

// Thousands of requests one after another through the whole stack (and PGlite's WASM engine on that
// target): tens of seconds when idle, minutes when the cores are shared with other test runs.
describe("fuzzing the webhook, admin and OAuth routes", { timeout: 300_000 }, () => {
  fuzzOn("in memory", memoryStorage, cases)
  fuzzOn("on PGlite", pgliteStorage, Math.ceil(cases / 3))
  regressions("in memory", memoryStorage)
  regressions("on PGlite", pgliteStorage)

  it.scoped("the write check is not blind: genuine requests through the same verdict are flagged", () =>
    Effect.gen(function* () {
      const fuzz = yield* makeFuzzHarness(memoryStorage)
      const context = yield* prepare(fuzz)
      fuzz.writes.length = 0
      const post = (url: string, payload: unknown, method: "POST" | "PATCH" = "POST") => ({
        method,
        url,
        headers: { authorization: `Bearer ${adminToken}`, "content-type": "application/json" },
        payload: JSON.stringify(payload),
      })
      const incoming = `/voice/incoming/${context.businessId}`
      const form = { CallSid: Fixtures.callSid(), From: "+15551230001", To: "+15550000000" }
      const genuine: ReadonlyArray<FuzzCase> = [
        {
          group: "admin.post",
          label: "a valid business",
          request: post("/api/v1/businesses", {
            name: "Real Barber",
            timezone: "Europe/Lisbon",
            phoneNumbers: [Fixtures.phoneNumber()],
            services: [{ name: "Haircut", durationMinutes: 30 }],
            hours: { mon: [["09:00", "18:00"]] },
          }),
          allowed: [201],
          writes: "none",
        },
        {
          group: "admin.patch",
          label: "a valid patch",
          request: post(`/api/v1/businesses/${context.businessId}`, { name: "Renamed" }, "PATCH"),
          allowed: [200],
          writes: "none",
        },
        {
          group: "admin.cancel",
          label: "a genuine cancel",
          request: {
            method: "POST",
            url: `/api/v1/businesses/${context.businessId}/bookings/${context.bookingId}/cancel`,
            headers: { authorization: `Bearer ${adminToken}` },
          },
          allowed: [200],
          writes: "none",
        },
        {
          group: "voice.signed.incoming",
          label: "a genuine call",
          request: {
            method: "POST",
            url: incoming,
            headers: {
              "content-type": "application/x-www-form-urlencoded",
              "x-twilio-signature": TwilioSignature.sign(
                Redacted.make(twilioAuthToken),
                `${publicBaseUrl}${incoming}`,
                form,
              ),
            },
            payload: new URLSearchParams(form).toString(),
          },
          allowed: [200],
          writes: "none",
          twiml: true,
        },
      ]
      const flagged: Array<string | undefined> = []
      const wrote: Array<ReadonlyArray<string>> = []
      for (const fuzzCase of genuine) {
        const before = fuzz.writes.length
        const response = yield* Effect.promise(() => fuzz.harness.app.inject(fuzzCase.request as InjectOptions))
        expect(response.statusCode, fuzzCase.label).toBe(fuzzCase.allowed[0])
        wrote.push(fuzz.writes.slice(before))
        flagged.push(verdict(fuzzCase, response, fuzz.writes.slice(before), []))
      }
      expect(wrote).toEqual([
        ["Businesses.create"],
        ["Businesses.update"],
        ["BookingRepository.cancel"],
        ["CallSessions.save"],
      ])
      expect(flagged.map((problem) => problem?.replace(/ \(answered.*$/, ""))).toEqual([
        "wrote Businesses.create",
        "wrote Businesses.update",
        "wrote BookingRepository.cancel",
        "wrote CallSessions.save",
      ])
      // A session write is what a signed webhook to a real business is allowed to do, and nothing more.
      expect(
        verdict(
          { ...genuine[3]!, writes: "session" },
          yield* Effect.promise(() => fuzz.harness.app.inject(genuine[3]!.request as InjectOptions)),
          [],
          [],
        ),
      ).toBeUndefined()
    }),
  )
})
