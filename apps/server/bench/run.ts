import { randomBytes } from "node:crypto"
import { cpus, loadavg, tmpdir, totalmem } from "node:os"
import { join } from "node:path"
import { Command, FileSystem, HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeContext, NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import * as SpokenTime from "@frontdesk/domain/speech/SpokenTime"
import * as FakeGoogle from "@frontdesk/testkit/FakeGoogle"
import * as FakeTwilio from "@frontdesk/testkit/FakeTwilio"
import { DateTime, Duration, Effect, Fiber, Layer, Option, Redacted, Schedule } from "effect"
import * as WebhookClient from "../src/cli/WebhookClient.js"
import type * as TwimlReader from "../src/TwimlReader.js"

/**
 * `pnpm bench`: whole simulated phone calls against the real server, started as a child process on a
 * throwaway PostgreSQL database, with the real Google adapter talking to a fake Google that answers
 * after a realistic delay and the real Twilio adapter sending texts to a fake Twilio. Every webhook is
 * signed and follows the `<Gather action>` of the previous answer, as Twilio does.
 *
 *   pnpm bench                 levels of concurrent calls (BENCH_LEVELS, default 10,50,100), native
 *                              and Google Calendar businesses, bare Fastify measured as the ceiling
 *   pnpm bench --soak 10       sustained load for N minutes (BENCH_SOAK_CALLS concurrent calls,
 *                              default 50): p99 per turn per minute, errors, RSS growth, calendar lag
 *
 * Environment: BENCH_GOOGLE_LATENCY_MS (80), BENCH_COLLIDE (share of calls asking for a time another
 * call already took, 0.05), BENCH_PG (postgres://postgres@127.0.0.1:5432), BENCH_PG_SOCKET (a
 * directory: the server connects over the Unix socket there), BENCH_TRANSCRIPT=1 prints
 * one call.
 */

// ---------------------------------------------------------------------------------------------
// Options

const argv = process.argv.slice(2)
const soakIndex = argv.indexOf("--soak")
const soakMinutes = soakIndex === -1 ? Option.none<number>() : Option.some(Number(argv[soakIndex + 1] ?? "10") || 10)
const levels = (process.env.BENCH_LEVELS ?? "10,50,100").split(",").map(Number)
const soakCalls = Number(process.env.BENCH_SOAK_CALLS ?? 100)
const thinkMs = Number(process.env.BENCH_THINK_MS ?? 2000)
const levelSeconds = Number(process.env.BENCH_SECONDS ?? 40)
const saturationSeconds = Number(process.env.BENCH_SATURATION_SECONDS ?? 20)
const googleLatencyMs = Number(process.env.BENCH_GOOGLE_LATENCY_MS ?? 80)
const collideShare = Number(process.env.BENCH_COLLIDE ?? 0.05)
const pgBase = (process.env.BENCH_PG ?? "postgres://postgres@127.0.0.1:5432").replace(/\/+$/, "")
const transcript = process.env.BENCH_TRANSCRIPT === "1"
const pgSocket = process.env.BENCH_PG_SOCKET

const serverPort = 3700 + Math.floor(Math.random() * 200)
const helloPort = serverPort + 1
const serverUrl = `http://127.0.0.1:${serverPort}`
const adminToken = randomBytes(16).toString("hex")
const authToken = randomBytes(16).toString("hex")
/** The server package: the child runs `src/main.ts` from here whatever the caller's directory. */
const packageDir = new URL("..", import.meta.url).pathname
const dbName = `frontdesk_bench_${Date.now()}_${randomBytes(3).toString("hex")}`

// ---------------------------------------------------------------------------------------------
// Statistics

interface Sample {
  readonly turn: string
  readonly ms: number
  /** performance.now() when the answer arrived. */
  readonly at: number
}

const percentile = (values: ReadonlyArray<number>, p: number) => {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN
}
const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a")
const mean = (values: ReadonlyArray<number>) =>
  values.length === 0 ? Number.NaN : values.reduce((a, b) => a + b, 0) / values.length

/** The server's resident memory, from the kernel: the child is `node` itself. */
const rssMb = (pid: number) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(`/proc/${pid}/status`)).pipe(
    Effect.map((status) => Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024),
    Effect.orElseSucceed(() => Number.NaN),
  )

/** CPU seconds (user + system) the server has used so far, from /proc/<pid>/stat (clock ticks of 10 ms). */
const cpuSeconds = (pid: number) =>
  Effect.flatMap(FileSystem.FileSystem, (fs) => fs.readFileString(`/proc/${pid}/stat`)).pipe(
    Effect.map((stat) => {
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
      return (Number(fields[11]) + Number(fields[12])) / 100
    }),
    Effect.orElseSucceed(() => Number.NaN),
  )

const load = () =>
  loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")

// ---------------------------------------------------------------------------------------------
// What callers say

const firstNames = ["Ana", "Ben", "Chloe", "Derek", "Elena", "Farid", "Grace", "Hugo", "Ines", "Jonah", "Keiko", "Liam"]
const lastNames = ["Ruiz", "Okafor", "Nguyen", "Schmidt", "Rossi", "Kowalski", "Haddad", "Silva", "Moreau", "Tanaka"]

/**
 * Callers ask for :00 and :30 over the whole day (the bench business is open around the clock, in
 * UTC), day after day from two days ahead, so concurrent callers mostly ask for different times.
 * The 15-minute service leaves :15 and :45 free: that is where the agent's alternatives for a taken
 * time land, so they do not steal the times later callers will ask for.
 */
const slotsPerDay = 48
const utcZone = DateTime.zoneUnsafeMakeNamed("UTC")
const slotPhrase = (k: number): string => {
  const day = DateTime.unsafeMake(Date.now() + (2 + Math.floor(k / slotsPerDay)) * 86_400_000)
  const minutes = (k % slotsPerDay) * 30
  // Said the way the agent reads dates back: "Friday, December 4th at 3:30 PM".
  return `${SpokenTime.date(day, utcZone)} at ${SpokenTime.clock(Math.floor(minutes / 60), minutes % 60)}`
}

/** Callers offered other times pick one at random, as people do, rather than all the first. */
const choices = ["the first one", "the second one", "the last one"]

let nextSlot = 0
let notBookedShown = 0
/** A fresh slot, or (for a share of callers) one an earlier caller already asked for. */
const pickSlot = () =>
  nextSlot > 10 && Math.random() < collideShare ? Math.floor(Math.random() * (nextSlot - 1)) : nextSlot++

/** US area codes only: other NANP countries (Canada, the Caribbean) are outside the text policy's default countries. */
const usAreaCodes = [201, 212, 213, 305, 312, 404, 415, 503, 512, 602, 617, 702, 713, 718, 808, 917]
const randomCaller = () =>
  `+1${usAreaCodes[Math.floor(Math.random() * usAreaCodes.length)]}${2 + Math.floor(Math.random() * 8)}${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`

// ---------------------------------------------------------------------------------------------
// Setup

const businessBody = (name: string, phone: string, google: boolean) => {
  const day = [["00:00", "24:00"]]
  return {
    name,
    timezone: "UTC",
    phoneNumbers: [phone],
    services: [{ name: "Trim", durationMinutes: 15, aliases: ["quick trim"] }],
    hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    bookingRules: { slotGranularityMinutes: 15, minLeadTimeMinutes: 0, maxDaysAhead: 365 },
    aiConfig: google
      ? {
          integrations: {
            provider: "google_calendar",
            providers: { google_calendar: { calendar_ids: ["primary"], calendar_id: "primary" } },
          },
        }
      : { integrations: { provider: "native", providers: {} } },
  }
}

interface Bench {
  readonly business: { readonly id: string; readonly to: string; readonly label: string }
}

type Outcome = "booked" | "booked-after-taken" | "not-booked" | "error"

interface CallResult {
  readonly outcome: Outcome
  readonly turns: number
}

/**
 * One caller, following the agent: greet → name and service → date and time → phone or read-back →
 * yes → goodbye if the line is still open. At most seven turns; every answer must be TwiML.
 */
const oneCall = (
  target: WebhookClient.Target,
  record: (sample: Sample) => void,
  options: { readonly show: boolean; readonly thinkMs: number },
): Effect.Effect<CallResult, never, HttpClient.HttpClient> =>
  Effect.gen(function* () {
    const from = randomCaller()
    const name = `${firstNames[Math.floor(Math.random() * firstNames.length)]} ${lastNames[Math.floor(Math.random() * lastNames.length)]}`
    const slot = slotPhrase(pickSlot())
    const call = yield* WebhookClient.makeCall(target, { from })
    let turns = 0
    const lines: Array<string> = []
    let taken = false
    const turn = (label: string, effect: Effect.Effect<TwimlReader.PhoneView, WebhookClient.WebhookError>) =>
      Effect.gen(function* () {
        const started = performance.now()
        const view = yield* effect
        const at = performance.now()
        record({ turn: label, ms: at - started, at })
        turns++
        const line = `agent> ${view.says.join(" ")}${view.hangup ? " (hangs up)" : ""}`
        lines.push(line)
        if (options.show) yield* Effect.logInfo(line)
        return view
      })
    // The agent's words take seconds to speak and the caller's answer as long: the server sees a
    // call's turns seconds apart. Jittered so that calls do not march in step.
    const pause = Effect.suspend(() =>
      options.thinkMs > 0 ? Effect.sleep(Duration.millis(options.thinkMs * (0.5 + Math.random()))) : Effect.void,
    )
    const say = (label: string, words: string) =>
      pause.pipe(
        Effect.zipRight(
          Effect.suspend(() => {
            lines.push(`caller> ${words}`)
            return options.show ? Effect.logInfo(`caller> ${words}`) : Effect.void
          }),
        ),
        Effect.zipRight(turn(label, call.say(words))),
      )

    let view = yield* turn("greet", call.start)
    view = yield* say("service", "Hi, I'd like to book a quick trim")
    while (!call.ended && turns < 7) {
      const text = view.says.join(" ")
      if (/all set/i.test(text)) {
        view = yield* say("goodbye", "Thanks, goodbye")
      } else if (/\b(isn't|not) (available|free)|taken|booked up|instead|how about|closest|nearest/i.test(text)) {
        taken = true
        view = yield* say("alternative", choices[Math.floor(Math.random() * choices.length)] ?? "the first one")
      } else if (/phone number|reach you/i.test(text)) {
        view = yield* say("phone", from.replace(/^\+1/, "").split("").join(" "))
      } else if (/what name|your name/i.test(text)) {
        view = yield* say("name", name)
      } else if (/(which|what) service|what can I|what would you like/i.test(text)) {
        view = yield* say("service-again", "a quick trim")
      } else if (/\?\s*$/.test(text) && /(shall|should) I|is that (right|correct)|confirm|book (it|that)/i.test(text)) {
        view = yield* say("yes", "yes")
      } else if (/when|what day|what time|which day/i.test(text)) {
        view = yield* say("date+time", slot)
      } else {
        view = yield* say("other", "yes")
      }
    }
    const booked = /all set/i.test(view.says.join(" "))
    if (!booked && notBookedShown++ < 3)
      yield* Effect.logWarning(`not booked after ${turns} turns:\n  ${lines.join("\n  ")}`)
    return {
      outcome: booked ? (taken ? "booked-after-taken" : "booked") : "not-booked",
      turns,
    } satisfies CallResult
  }).pipe(
    Effect.catchAll((error) =>
      Effect.logWarning(`call failed: ${error.message}`).pipe(Effect.as({ outcome: "error" as const, turns: 0 })),
    ),
  )

// ---------------------------------------------------------------------------------------------

const program = Effect.gen(function* () {
  const http = yield* HttpClient.HttpClient
  const ok = http.pipe(HttpClient.filterStatusOk)
  const startedAt = new Date()
  const commit = yield* Command.string(Command.make("git", "describe", "--always", "--dirty")).pipe(
    Effect.map((s) => s.trim()),
    Effect.orElseSucceed(() => "unknown"),
  )
  yield* Effect.logInfo(
    `bench: ${cpus().length}× ${cpus()[0]?.model ?? "cpu"}, ${Math.round(totalmem() / 2 ** 30)} GB, Node ${process.version}, load ${load()}`,
  )

  const psql = (sql: string) =>
    Command.string(Command.make("psql", `${pgBase}/${dbName}`, "-AtF", "\t", "-c", sql)).pipe(
      Effect.map((out) =>
        out
          .split("\n")
          .filter((line) => line !== "")
          .map((line) => line.split("\t")),
      ),
    )

  // A throwaway database on the machine's PostgreSQL, dropped at the end whatever happens.
  yield* Effect.acquireRelease(
    Command.exitCode(Command.make("createdb", "-h", "127.0.0.1", "-U", "postgres", dbName)),
    () =>
      Command.exitCode(Command.make("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", dbName)).pipe(
        Effect.ignore,
      ),
  )

  const google = yield* FakeGoogle.make()
  yield* google.setLatency(Duration.millis(googleLatencyMs))
  const twilio = yield* FakeTwilio.make({ authToken })

  // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server (not allowed in NODE_OPTIONS).
  const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? "").split(" ").filter((arg) => arg !== "")
  // BENCH_BUILT=1 runs the production bundle (`pnpm build` first) instead of the TypeScript source through tsx.
  const entry = process.env.BENCH_BUILT === "1" ? ["dist/main.js"] : ["--import", "tsx", "src/main.ts"]
  yield* Effect.logInfo(`server: node ${[...nodeArgs, ...entry].join(" ")}`)
  const server = yield* Command.make(process.execPath, ...nodeArgs, ...entry).pipe(
    Command.workingDirectory(packageDir),
    Command.env({
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
      PORT: String(serverPort),
      HOST: "127.0.0.1",
      PUBLIC_BASE_URL: serverUrl,
      // BENCH_PG_SOCKET=/var/run/postgresql: the server reaches PostgreSQL over its Unix socket instead of TCP.
      DATABASE_URL:
        pgSocket === undefined ? `${pgBase}/${dbName}` : `postgres://postgres@localhost/${dbName}?host=${pgSocket}`,
      DATA_DIR: join(tmpdir(), dbName),
      ADMIN_TOKEN: adminToken,
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_AUTH_TOKEN: authToken,
      TWILIO_API_BASE_URL: twilio.url,
      TWILIO_SMS_FROM: "+15555550199",
      // Thousands of bookings an hour are the point of the bench, not a runaway: lift the hourly text budget.
      SMS_HOURLY_BUDGET: "1000000",
      TOKEN_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString("base64")}`,
      GOOGLE_CLIENT_ID: google.clientId,
      GOOGLE_CLIENT_SECRET: google.clientSecret,
      GOOGLE_API_ROOT_URL: google.url,
      GOOGLE_OAUTH_AUTH_URL: google.authUrl,
      GOOGLE_OAUTH_TOKEN_URL: google.tokenUrl,
    }),
    Command.stdout("inherit"),
    Command.stderr("inherit"),
    Command.start,
  )
  const pid = server.pid
  yield* Effect.addFinalizer(() => server.kill("SIGTERM").pipe(Effect.ignore))
  let stopping = false
  // A server that dies mid-run is the finding, not noise: say so at once, with how it ended.
  yield* Effect.forkScoped(
    server.exitCode.pipe(
      Effect.flatMap((code) =>
        stopping ? Effect.void : Effect.logError(`the server exited during the run with code ${code}`),
      ),
      Effect.catchAll((error) =>
        stopping ? Effect.void : Effect.logError(`the server ended during the run: ${String(error)}`),
      ),
    ),
  )
  yield* ok
    .get(`${serverUrl}/readyz`)
    .pipe(Effect.retry(Schedule.spaced("250 millis").pipe(Schedule.upTo("90 seconds"))))

  const admin = (path: string, body: unknown) =>
    ok
      .execute(
        HttpClientRequest.post(`${serverUrl}${path}`).pipe(
          HttpClientRequest.bearerToken(adminToken),
          HttpClientRequest.bodyUnsafeJson(body),
        ),
      )
      .pipe(Effect.flatMap((response) => response.json))

  const native = (yield* admin("/api/v1/businesses", businessBody("Bench Native", "+15555550101", false))) as {
    id: string
  }
  const withGoogle = (yield* admin("/api/v1/businesses", businessBody("Bench Google", "+15555550102", true))) as {
    id: string
  }
  // Connect Google Calendar the way an owner does: start → consent screen → callback.
  const consentUrl = (yield* http.execute(
    HttpClientRequest.get(`${serverUrl}/oauth/google/start?businessId=${withGoogle.id}`).pipe(
      HttpClientRequest.bearerToken(adminToken),
    ),
  )).headers.location
  const callbackUrl = (yield* http.get(String(consentUrl))).headers.location
  const settled = yield* http.get(String(callbackUrl))
  if (settled.status >= 400) return yield* Effect.dieMessage(`Google connect failed: ${settled.status}`)

  const targets = {
    native: { id: native.id, to: "+15555550101", label: "native" },
    google: { id: withGoogle.id, to: "+15555550102", label: "google_calendar" },
  }
  const target = (business: Bench["business"]): WebhookClient.Target => ({
    url: serverUrl,
    publicBaseUrl: serverUrl,
    authToken: Redacted.make(authToken),
    businessId: business.id,
    to: business.to,
  })

  if (transcript) {
    yield* Effect.logInfo("one call, google_calendar business:")
    yield* oneCall(target(targets.google), () => {}, { show: true, thinkMs: 0 })
  }

  /** Calendar lag: booking committed → its event exists in (fake) Google; plus outbox job lag if jobs exist. */
  const calendarLag = Effect.gen(function* () {
    // Give a worker, if any, time to drain before reading.
    const bookings = yield* psql(
      `SELECT id, (extract(epoch from created_at) * 1000)::bigint, calendar_sync FROM bookings WHERE business_id = '${withGoogle.id}' AND status = 'confirmed'`,
    )
    const events = yield* google.events("primary")
    const createdByBooking = new Map<string, number>()
    for (const event of events) {
      const bookingId = event.extendedProperties?.private?.bookingId
      if (bookingId !== undefined) createdByBooking.set(bookingId, Date.parse(event.created))
    }
    const lags: Array<number> = []
    const lagsByCreated: Array<readonly [created: number, lag: number]> = []
    let missing = 0
    const sync: Record<string, number> = {}
    for (const [id, created, state] of bookings) {
      sync[state ?? "?"] = (sync[state ?? "?"] ?? 0) + 1
      const eventAt = createdByBooking.get(id ?? "")
      if (eventAt === undefined) missing++
      else {
        lags.push(eventAt - Number(created))
        lagsByCreated.push([Number(created), eventAt - Number(created)])
      }
    }
    const jobs = yield* psql(
      "SELECT kind, status, count(*), percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch from done_at - created_at) * 1000) FROM outbox_jobs GROUP BY kind, status ORDER BY kind, status",
    )
    const requests = yield* google.requests
    const byEndpoint: Record<string, number> = {}
    for (const r of requests) byEndpoint[r.endpoint] = (byEndpoint[r.endpoint] ?? 0) + 1
    const doneJobs = (yield* psql(
      "SELECT (extract(epoch from created_at) * 1000)::bigint, extract(epoch from done_at - created_at) * 1000 FROM outbox_jobs WHERE status = 'done'",
    )).map(([created, ms]) => [Number(created), Number(ms)] as const)
    return { bookings: bookings.length, lags, lagsByCreated, doneJobs, missing, sync, jobs, byEndpoint }
  })

  const waitForCalendar = Effect.gen(function* () {
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline) {
      const [row] = yield* psql("SELECT count(*) FROM outbox_jobs WHERE status = 'pending'")
      if (Number(row?.[0] ?? 0) === 0) return
      yield* Effect.sleep("500 millis")
    }
  })

  const smsSent = Effect.map(twilio.messages, (messages) => messages.length)

  // -------------------------------------------------------------------------------------------
  // Soak

  if (Option.isSome(soakMinutes)) {
    const minutes = soakMinutes.value
    const samples: Array<Sample> = []
    const outcomes: Record<Outcome, number> = { booked: 0, "booked-after-taken": 0, "not-booked": 0, error: 0 }
    const rss: Array<{ at: number; mb: number; cpu: number; benchCpu: number }> = []
    const loopLag: Array<{ at: number; ms: number }> = []
    const loads: Array<string> = []
    // Warm-up outside the measurement.
    yield* Effect.forEach(
      Array.from({ length: 20 }),
      () => oneCall(target(targets.google), () => {}, { show: false, thinkMs: 0 }),
      { concurrency: 10, discard: true },
    )
    const began = performance.now()
    const endAt = began + minutes * 60_000
    const sampler = yield* Effect.fork(
      Effect.gen(function* () {
        while (performance.now() < endAt) {
          const usage = process.cpuUsage()
          rss.push({
            at: performance.now(),
            mb: yield* rssMb(pid),
            cpu: yield* cpuSeconds(pid),
            benchCpu: (usage.user + usage.system) / 1e6,
          })
          if (rss.length % 6 === 1) loads.push(load())
          yield* Effect.sleep("5 seconds")
        }
      }),
    )
    // How late this process's timers fire: if the bench itself is starved, its latencies are inflated.
    const lagProbe = yield* Effect.fork(
      Effect.gen(function* () {
        while (performance.now() < endAt) {
          const t = performance.now()
          yield* Effect.sleep("100 millis")
          loopLag.push({ at: performance.now(), ms: performance.now() - t - 100 })
        }
      }),
    )
    // The server's own view each minute (/metrics): V8 heap in use and how late its event loop ran.
    const scraped: Array<{ at: number; heapMb: number; loopP99Ms: number; loopMaxMs: number }> = []
    const gauge = (text: string, name: string) =>
      Number(new RegExp(`^${name.replace(/[{}"=.]/g, "\\$&")} ([0-9.e+-]+)$`, "m").exec(text)?.[1] ?? Number.NaN)
    const scraper = yield* Effect.fork(
      Effect.gen(function* () {
        for (let m = 1; began + m * 60_000 < endAt + 1_000; m++) {
          yield* Effect.sleep(Duration.millis(Math.max(0, began + m * 60_000 - 1_000 - performance.now())))
          const text = yield* ok.get(`${serverUrl}/metrics`).pipe(
            Effect.flatMap((response) => response.text),
            Effect.orElseSucceed(() => ""),
          )
          scraped.push({
            at: performance.now(),
            heapMb: gauge(text, "nodejs_heap_used_bytes") / 2 ** 20,
            loopP99Ms: gauge(text, 'nodejs_eventloop_delay_seconds{quantile="0.99"}') * 1000,
            loopMaxMs: gauge(text, "nodejs_eventloop_delay_max_seconds") * 1000,
          })
        }
      }),
    )
    const worker = Effect.gen(function* () {
      yield* Effect.sleep(Duration.millis(Math.random() * thinkMs * 5))
      while (performance.now() < endAt) {
        const result = yield* oneCall(target(targets.google), (s) => samples.push(s), { show: false, thinkMs })
        outcomes[result.outcome]++
      }
    })
    yield* Effect.forEach(Array.from({ length: soakCalls }), () => worker, { concurrency: "unbounded", discard: true })
    yield* Fiber.interrupt(sampler)
    yield* Fiber.interrupt(lagProbe)
    yield* Fiber.interrupt(scraper)
    const seconds = (performance.now() - began) / 1000
    yield* waitForCalendar
    const lag = yield* calendarLag
    const sms = yield* smsSent
    // Which tables were read row by row: a scan that grows with the data shows here.
    const tables = yield* psql(
      "SELECT relname, n_live_tup, seq_scan, seq_tup_read, coalesce(idx_scan, 0) FROM pg_stat_user_tables ORDER BY seq_tup_read DESC LIMIT 6",
    )

    const perMinute = Array.from({ length: Math.ceil(minutes) }, (_, m) => {
      const inMinute = samples.filter((s) => s.at - began >= m * 60_000 && s.at - began < (m + 1) * 60_000)
      const within = <T extends { at: number }>(xs: ReadonlyArray<T>) =>
        xs.filter((x) => x.at - began >= m * 60_000 && x.at - began < (m + 1) * 60_000)
      const inRss = within(rss)
      const mbs = inRss.map((r) => r.mb)
      const first = inRss[0]
      const last = inRss.at(-1)
      const turns = inMinute.length
      return {
        cpuPerTurn:
          first !== undefined && last !== undefined && turns > 0 ? ((last.cpu - first.cpu) * 1000) / turns : Number.NaN,
        serverCpu:
          first !== undefined && last !== undefined && last.at > first.at
            ? ((last.cpu - first.cpu) * 1000) / (last.at - first.at)
            : Number.NaN,
        benchCpu:
          first !== undefined && last !== undefined && last.at > first.at
            ? ((last.benchCpu - first.benchCpu) * 1000) / (last.at - first.at)
            : Number.NaN,
        loopLagP99: percentile(
          within(loopLag).map((l) => l.ms),
          99,
        ),
        minute: m + 1,
        turns: inMinute.length,
        p50: percentile(
          inMinute.map((s) => s.ms),
          50,
        ),
        p99: percentile(
          inMinute.map((s) => s.ms),
          99,
        ),
        rss: mean(mbs),
        server: within(scraped)[0],
      }
    })
    const firstRss = perMinute[0]?.rss ?? Number.NaN
    const lastRss = perMinute.at(-1)?.rss ?? Number.NaN
    const calls = Object.values(outcomes).reduce((a, b) => a + b, 0)
    const all = samples.map((s) => s.ms)
    const lines = [
      "",
      `Frontdesk soak — ${startedAt.toISOString()} — commit ${commit} — ${cpus().length}× ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`,
      `${minutes} min, ${soakCalls} concurrent calls pausing ${thinkMs} ms (mean) before each caller turn, google_calendar business, fake Google latency ${googleLatencyMs} ms, ${Math.round(collideShare * 100)}% of callers ask for a taken time`,
      `load average during the run (1/5/15 min, sampled each 30 s): ${loads.join(" | ")}`,
      "",
      "| minute | turns | p50/turn | p99/turn | server RSS (mean) | server V8 heap in use | server loop delay p99 / max | server CPU (cores) | server CPU per turn | bench CPU (cores) | bench timer lag p99 |",
      "|---|---|---|---|---|---|---|---|---|---|---|",
      ...perMinute.map(
        (m) =>
          `| ${m.minute} | ${m.turns} | ${fmt(m.p50)} ms | ${fmt(m.p99)} ms | ${fmt(m.rss, 0)} MB | ${m.server === undefined ? "–" : `${fmt(m.server.heapMb, 0)} MB`} | ${m.server === undefined ? "–" : `${fmt(m.server.loopP99Ms)} / ${fmt(m.server.loopMaxMs)} ms`} | ${fmt(m.serverCpu, 2)} | ${fmt(m.cpuPerTurn)} ms | ${fmt(m.benchCpu, 2)} | ${fmt(m.loopLagP99)} ms |`,
      ),
      "",
      `calls ${calls} (${fmt(calls / seconds)} /s), turns ${samples.length} (${fmt(samples.length / seconds, 0)} /s); p50 ${fmt(percentile(all, 50))} ms, p99 ${fmt(percentile(all, 99))} ms, max ${fmt(percentile(all, 100))} ms`,
      `per turn kind p50 / p99 (n): ${Object.entries(
        samples.reduce<Record<string, Array<number>>>((acc, s) => {
          const list = acc[s.turn] ?? []
          list.push(s.ms)
          acc[s.turn] = list
          return acc
        }, {}),
      )
        .map(([turn, ms]) => `${turn} ${fmt(percentile(ms, 50))} / ${fmt(percentile(ms, 99))} ms (${ms.length})`)
        .join(", ")}`,
      `outcomes: ${JSON.stringify(outcomes)}; errors (HTTP/transport/TwiML) ${outcomes.error}`,
      `PostgreSQL tables (rows, sequential scans, rows read by them, index scans): ${tables
        .map(([name, rows, scans, read, idx]) => `${name} ${rows}/${scans}/${read}/${idx}`)
        .join(", ")}`,
      perMinute.length < 2
        ? "RSS growth needs a soak of at least 2 minutes (first minute against last)"
        : `RSS first minute ${fmt(firstRss, 0)} MB → last minute ${fmt(lastRss, 0)} MB: ${fmt(((lastRss - firstRss) / firstRss) * 100)}% growth`,
      ...lagLines(lag, sms),
      "",
    ]
    process.stdout.write(lines.join("\n"))
    return
  }

  // -------------------------------------------------------------------------------------------
  // Levels

  interface LevelResult {
    readonly mode: "paced" | "saturation"
    readonly scenario: string
    readonly concurrency: number
    readonly calls: number
    readonly turns: number
    readonly outcomes: Record<Outcome, number>
    readonly seconds: number
    readonly p50: number
    readonly p99: number
    readonly max: number
    readonly perTurn: Record<string, { n: number; p50: number; p99: number }>
    readonly rssMb: number
    /** Server CPU (user + system) per turn over the level, outbox work included: what the load average does not change much. */
    readonly cpuMsPerTurn: number
    readonly load: string
    /** Wall-clock window of the level, to attribute bookings and outbox jobs to it afterwards. */
    readonly window: readonly [startMs: number, endMs: number]
  }

  /**
   * `concurrency` calls in progress for `seconds`: each slot places calls back to back until time
   * is up (the calls under way then finish and count). Paced calls pause between turns as a real
   * line does; saturation calls do not, which measures the most turns per second the server gives.
   */
  const runLevel = (business: Bench["business"], concurrency: number, mode: "paced" | "saturation", seconds: number) =>
    Effect.gen(function* () {
      const samples: Array<Sample> = []
      const outcomes: Record<Outcome, number> = { booked: 0, "booked-after-taken": 0, "not-booked": 0, error: 0 }
      const think = mode === "paced" ? thinkMs : 0
      const startedAtMs = Date.now()
      const cpuBefore = yield* cpuSeconds(pid)
      const began = performance.now()
      const endAt = began + seconds * 1000
      const slot = Effect.gen(function* () {
        // Staggered so that paced calls do not all ring in the same instant.
        if (think > 0) yield* Effect.sleep(Duration.millis(Math.random() * think * 5))
        while (performance.now() < endAt) {
          const result = yield* oneCall(target(business), (s) => samples.push(s), { show: false, thinkMs: think })
          outcomes[result.outcome]++
        }
      })
      yield* Effect.forEach(Array.from({ length: concurrency }), () => slot, {
        concurrency: "unbounded",
        discard: true,
      })
      const elapsed = (performance.now() - began) / 1000
      const cpuUsed = (yield* cpuSeconds(pid)) - cpuBefore
      const calls = Object.values(outcomes).reduce((a, b) => a + b, 0)
      const byTurn: Record<string, Array<number>> = {}
      for (const s of samples) {
        const list = byTurn[s.turn] ?? []
        list.push(s.ms)
        byTurn[s.turn] = list
      }
      const all = samples.map((s) => s.ms)
      const result: LevelResult = {
        mode,
        scenario: business.label,
        concurrency,
        calls,
        turns: samples.length,
        outcomes,
        seconds: elapsed,
        p50: percentile(all, 50),
        p99: percentile(all, 99),
        max: percentile(all, 100),
        perTurn: Object.fromEntries(
          Object.entries(byTurn).map(([turn, ms]) => [
            turn,
            { n: ms.length, p50: percentile(ms, 50), p99: percentile(ms, 99) },
          ]),
        ),
        rssMb: yield* rssMb(pid),
        cpuMsPerTurn: (cpuUsed * 1000) / Math.max(1, samples.length),
        load: load(),
        window: [startedAtMs, Date.now()],
      }
      yield* Effect.logInfo(
        `${mode} ${result.scenario} c=${concurrency}: ${fmt(result.turns / elapsed, 0)} turns/s, ${fmt(calls / elapsed)} calls/s, p50 ${fmt(result.p50)} ms, p99 ${fmt(result.p99)} ms, server CPU ${fmt(result.cpuMsPerTurn)} ms/turn, ${JSON.stringify(outcomes)}, RSS ${fmt(result.rssMb, 0)} MB, load ${result.load}`,
      )
      return result
    })

  // Warm-up: JIT, connection pools, the Google access token.
  yield* runLevel(targets.native, 10, "saturation", 5)
  yield* runLevel(targets.google, 10, "saturation", 5)
  const rssStart = yield* rssMb(pid)
  const results: Array<LevelResult> = []
  for (const mode of ["paced", "saturation"] as const) {
    for (const business of [targets.native, targets.google]) {
      for (const c of levels) {
        results.push(yield* runLevel(business, c, mode, mode === "paced" ? levelSeconds : saturationSeconds))
      }
    }
  }
  const rssEnd = yield* rssMb(pid)
  yield* waitForCalendar
  const lag = yield* calendarLag
  const sms = yield* smsSent
  stopping = true
  yield* server.kill("SIGTERM")
  yield* server.exitCode.pipe(Effect.timeout("20 seconds"), Effect.ignore)

  // The ceiling: bare Fastify answering a constant, same client, same number in flight.
  const hello = yield* Command.make(process.execPath, "--import", "tsx", "bench/hello.ts").pipe(
    Command.workingDirectory(packageDir),
    Command.env({ PORT: String(helloPort) }),
    Command.start,
  )
  yield* Effect.addFinalizer(() => hello.kill("SIGTERM").pipe(Effect.ignore))
  const helloUrl = `http://127.0.0.1:${helloPort}/`
  yield* ok.get(helloUrl).pipe(Effect.retry(Schedule.spaced("100 millis").pipe(Schedule.upTo("30 seconds"))))
  const helloRun = (concurrency: number, requests: number) =>
    Effect.gen(function* () {
      const ms: Array<number> = []
      const began = performance.now()
      yield* Effect.forEach(
        Array.from({ length: requests }),
        () =>
          Effect.gen(function* () {
            const t = performance.now()
            yield* ok.get(helloUrl).pipe(Effect.flatMap((r) => r.text))
            ms.push(performance.now() - t)
          }),
        { concurrency, discard: true },
      )
      return {
        concurrency,
        rps: requests / ((performance.now() - began) / 1000),
        p50: percentile(ms, 50),
        p99: percentile(ms, 99),
      }
    })
  yield* helloRun(50, 5_000)
  const ceilings = []
  for (const c of levels) ceilings.push(yield* helloRun(c, 10_000))

  const turnNames = ["greet", "service", "date+time", "name", "phone", "yes", "alternative", "goodbye", "other"]
  const lines = [
    "",
    `Frontdesk bench — ${startedAt.toISOString()} — commit ${commit} — ${cpus().length}× ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`,
    `real PostgreSQL (throwaway database), fake Google latency ${googleLatencyMs} ms, fake Twilio, server NODE_ENV=production LOG_LEVEL=warn, ${Math.round(collideShare * 100)}% of callers ask for a taken time`,
    `paced: ${levelSeconds} s per level, ${thinkMs} ms mean pause before each caller turn (0.5–1.5×); saturation: ${saturationSeconds} s per level, no pause`,
    "",
    "| load | provider | concurrent calls | calls | turns/s | calls/s | p50/turn | p99/turn | max | errors | not booked | server RSS | server CPU per turn | load avg | booking → event in Google p95 | outbox job created → done p95 |",
    "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ...results.map((r) => {
      const inWindow = (created: number) => created >= r.window[0] && created <= r.window[1]
      const calendar = lag.lagsByCreated.filter(([created]) => inWindow(created)).map(([, ms]) => ms)
      const jobs = lag.doneJobs.filter(([created]) => inWindow(created)).map(([, ms]) => ms)
      const p95 = (xs: ReadonlyArray<number>) =>
        xs.length === 0 ? "–" : `${fmt(percentile(xs, 95), 0)} ms (${xs.length})`
      return `| ${r.mode} | ${r.scenario} | ${r.concurrency} | ${r.calls} | ${fmt(r.turns / r.seconds, 0)} | ${fmt(r.calls / r.seconds)} | ${fmt(r.p50)} ms | ${fmt(r.p99)} ms | ${fmt(r.max)} ms | ${r.outcomes.error} | ${r.outcomes["not-booked"]} | ${fmt(r.rssMb, 0)} MB | ${fmt(r.cpuMsPerTurn)} ms | ${r.load} | ${p95(calendar)} | ${p95(jobs)} |`
    }),
    "",
    "p50 / p99 per turn kind (ms):",
    "",
    `| load | provider | c | ${turnNames.join(" | ")} |`,
    `|---|---|---|${turnNames.map(() => "---").join("|")}|`,
    ...results.map(
      (r) =>
        `| ${r.mode} | ${r.scenario} | ${r.concurrency} | ${turnNames
          .map((t) => {
            const s = r.perTurn[t]
            return s === undefined ? "–" : `${fmt(s.p50)} / ${fmt(s.p99)} (${s.n})`
          })
          .join(" | ")} |`,
    ),
    "",
    "Bare Fastify hello world (child process, same client, same requests in flight):",
    "",
    "| in flight | requests/s | p50 | p99 |",
    "|---|---|---|---|",
    ...ceilings.map((c) => `| ${c.concurrency} | ${fmt(c.rps, 0)} | ${fmt(c.p50)} ms | ${fmt(c.p99)} ms |`),
    "",
    `Server RSS after warm-up ${fmt(rssStart, 0)} MB, at the end ${fmt(rssEnd, 0)} MB`,
    ...lagLines(lag, sms),
    "",
  ]
  process.stdout.write(lines.join("\n"))
})

const lagLines = (
  lag: {
    bookings: number
    lags: ReadonlyArray<number>
    missing: number
    sync: Record<string, number>
    jobs: ReadonlyArray<ReadonlyArray<string>>
    byEndpoint: Record<string, number>
  },
  sms: number,
) => [
  `google_calendar bookings ${lag.bookings}, calendar sync ${JSON.stringify(lag.sync)}, without an event ${lag.missing}; texts received by fake Twilio ${sms}`,
  `requests to (fake) Google, whole run incl. warm-up: ${Object.entries(lag.byEndpoint)
    .map(([endpoint, n]) => `${endpoint} ${n}`)
    .join(", ")}`,
  `booking commit → event in Google: p50 ${fmt(percentile(lag.lags, 50))} ms, p95 ${fmt(percentile(lag.lags, 95))} ms, max ${fmt(percentile(lag.lags, 100))} ms`,
  lag.jobs.length === 0
    ? "outbox jobs: none (the server follows up inline, in the call: no outbox worker wired)"
    : `outbox jobs (kind, status, count, p95 created→done): ${lag.jobs
        .map(([kind, status, count, p95]) => `${kind} ${status} ${count} ${fmt(Number(p95), 0)} ms`)
        .join("; ")}`,
]

program.pipe(
  Effect.scoped,
  Effect.provide(Layer.mergeAll(NodeContext.layer, NodeHttpClient.layerUndici)),
  NodeRuntime.runMain,
)
