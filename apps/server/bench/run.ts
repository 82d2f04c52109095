import { randomBytes } from "node:crypto"
import { readFileSync } from "node:fs"
import { cpus, tmpdir, totalmem } from "node:os"
import { join } from "node:path"
import { Command, HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeContext, NodeHttpClient, NodeRuntime } from "@effect/platform-node"
import * as FakeGoogle from "@frontdesk/testkit/FakeGoogle"
import { Duration, Effect, Layer, Redacted, Schedule } from "effect"
import * as WebhookClient from "../src/cli/WebhookClient.js"

/**
 * `pnpm bench`: whole simulated calls (signed webhooks, six turns each) at increasing concurrency
 * against the real server in a child process, on real PostgreSQL, with the real Google adapter
 * talking to a fake Google that answers after a realistic delay. Bare Fastify is measured in the
 * same run as the ceiling. Environment: BENCH_LEVELS (default 1,10,50,100), BENCH_GOOGLE_LATENCY_MS
 * (default 40), BENCH_PG (default postgres://postgres@127.0.0.1:5432).
 */

const levels = (process.env.BENCH_LEVELS ?? "1,10,50,100").split(",").map(Number)
const googleLatencyMs = Number(process.env.BENCH_GOOGLE_LATENCY_MS ?? 40)
const pgBase = process.env.BENCH_PG ?? "postgres://postgres@127.0.0.1:5432"
const serverPort = 3700 + Math.floor(Math.random() * 200)
const helloPort = serverPort + 1
const serverUrl = `http://127.0.0.1:${serverPort}`
const adminToken = randomBytes(16).toString("hex")
const authToken = randomBytes(16).toString("hex")
const dbName = `frontdesk_bench_${Date.now()}`

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted.length === 0
    ? Number.NaN
    : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN)
const ms = (n: number) => `${n.toFixed(1)} ms`

const rssOf = (pid: number | undefined): number => {
  if (pid === undefined) return Number.NaN
  try {
    // The child is `node` itself; its VmRSS is the server's memory.
    const status = readFileSync(`/proc/${pid}/status`, "utf8")
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN) / 1024
  } catch {
    return Number.NaN
  }
}

const months = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
]
const ordinal = (n: number) =>
  `${n}${n % 100 >= 11 && n % 100 <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th")}`

/** Every call gets its own slot: 15-minute starts from 8 AM to 7:45 PM, day after day. */
let slotCounter = 0
const nextSlot = (): string => {
  const k = slotCounter++
  const day = new Date(Date.now() + (2 + Math.floor(k / 48)) * 86_400_000)
  const minutes = 8 * 60 + (k % 48) * 15
  const hour = Math.floor(minutes / 60)
  const minute = minutes % 60
  const h12 = hour % 12 === 0 ? 12 : hour % 12
  const clock = minute === 0 ? `${h12}` : `${h12}:${String(minute).padStart(2, "0")}`
  return `${months[day.getUTCMonth()]} ${ordinal(day.getUTCDate())} at ${clock} ${hour < 12 ? "AM" : "PM"}`
}

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

interface LevelResult {
  readonly scenario: string
  readonly concurrency: number
  readonly calls: number
  readonly turns: number
  readonly errors: number
  readonly seconds: number
  readonly p50: number
  readonly p99: number
  readonly max: number
  readonly rssMb: number
}

const program = Effect.gen(function* () {
  const http = yield* HttpClient.HttpClient
  const ok = http.pipe(HttpClient.filterStatusOk)
  yield* Effect.logInfo(`bench: ${cpus().length} CPUs (${cpus()[0]?.model}), ${Math.round(totalmem() / 2 ** 30)} GB`)

  // Real PostgreSQL, a throwaway database.
  yield* Effect.acquireRelease(
    Command.exitCode(Command.make("createdb", "-h", "127.0.0.1", "-U", "postgres", dbName)),
    () =>
      Command.exitCode(Command.make("dropdb", "-h", "127.0.0.1", "-U", "postgres", "--force", dbName)).pipe(
        Effect.ignore,
      ),
  )

  const google = yield* FakeGoogle.make()
  yield* google.setLatency(Duration.millis(googleLatencyMs))

  const env = {
    ...process.env,
    NODE_ENV: "production",
    LOG_LEVEL: "warn",
    PORT: String(serverPort),
    HOST: "127.0.0.1",
    PUBLIC_BASE_URL: serverUrl,
    DATABASE_URL: `${pgBase}/${dbName}`,
    DATA_DIR: join(tmpdir(), dbName),
    ADMIN_TOKEN: adminToken,
    TWILIO_AUTH_TOKEN: authToken,
    TOKEN_ENCRYPTION_KEYS: `bench:${randomBytes(32).toString("base64")}`,
    GOOGLE_CLIENT_ID: google.clientId,
    GOOGLE_CLIENT_SECRET: google.clientSecret,
    GOOGLE_API_ROOT_URL: google.url.replace(/\/$/, ""),
    GOOGLE_OAUTH_AUTH_URL: google.authUrl,
    GOOGLE_OAUTH_TOKEN_URL: google.tokenUrl,
  }
  const server = yield* Command.make(process.execPath, "--import", "tsx", "src/main.ts").pipe(
    Command.env(env),
    Command.stdout("inherit"),
    Command.stderr("inherit"),
    Command.start,
  )
  yield* ok
    .get(`${serverUrl}/readyz`)
    .pipe(Effect.retry(Schedule.spaced("250 millis").pipe(Schedule.upTo("60 seconds"))))
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
  // Connect Google through the real routes: start → (fake) consent → callback.
  const start = yield* http.execute(
    HttpClientRequest.get(`${serverUrl}/oauth/google/start?businessId=${withGoogle.id}`).pipe(
      HttpClientRequest.bearerToken(adminToken),
    ),
  )
  const consent = yield* Effect.promise(() => fetch(String(start.headers.location), { redirect: "manual" }))
  yield* ok.get(String(consent.headers.get("location")))

  const runLevel = (scenario: string, business: { id: string }, to: string, concurrency: number) =>
    Effect.gen(function* () {
      const calls = Math.max(20, concurrency * 3)
      const latencies: Array<number> = []
      let errors = 0
      const target: WebhookClient.Target = {
        url: serverUrl,
        publicBaseUrl: serverUrl,
        authToken: Redacted.make(authToken),
        businessId: business.id,
        to,
      }
      const timed = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
        Effect.gen(function* () {
          const started = performance.now()
          const result = yield* effect
          latencies.push(performance.now() - started)
          return result
        })
      const oneCall = (i: number) =>
        Effect.gen(function* () {
          const call = yield* WebhookClient.makeCall(target, {
            from: `+1555${String(1_000_000 + Math.floor(Math.random() * 8_999_999))}`,
          })
          yield* timed(call.start)
          yield* timed(call.say("Hi, I'd like to make an appointment"))
          yield* timed(call.say("a quick trim please"))
          yield* timed(call.say(`My name is Caller ${i}`))
          yield* timed(call.say(nextSlot()))
          const last = yield* timed(call.say("yes"))
          if (!last.hangup || !last.says.join(" ").includes("all set")) errors++
        }).pipe(Effect.catchAll(() => Effect.sync(() => errors++)))
      const began = performance.now()
      yield* Effect.forEach(
        Array.from({ length: calls }, (_, i) => i),
        oneCall,
        { concurrency, discard: true },
      )
      const seconds = (performance.now() - began) / 1000
      latencies.sort((a, b) => a - b)
      const result: LevelResult = {
        scenario,
        concurrency,
        calls,
        turns: latencies.length,
        errors,
        seconds,
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        max: latencies.at(-1) ?? Number.NaN,
        rssMb: rssOf(server.pid),
      }
      yield* Effect.logInfo(
        `${scenario} c=${concurrency}: ${(result.turns / seconds).toFixed(0)} turns/s, ${(calls / seconds).toFixed(1)} calls/s, p50 ${ms(result.p50)}, p99 ${ms(result.p99)}, errors ${errors}`,
      )
      return result
    })

  // Warm-up: JIT, connection pools, token refresh.
  yield* runLevel("warmup", native, "+15555550101", 5)
  yield* runLevel("warmup", withGoogle, "+15555550102", 5)
  const results: Array<LevelResult> = []
  for (const concurrency of levels) results.push(yield* runLevel("native", native, "+15555550101", concurrency))
  for (const concurrency of levels) results.push(yield* runLevel("google", withGoogle, "+15555550102", concurrency))
  const rssAfter = rssOf(server.pid)
  yield* server.kill("SIGTERM")

  // The ceiling: bare Fastify on the same machine, same client, 100 in flight.
  const hello = yield* Command.make(process.execPath, "--import", "tsx", "bench/hello.ts").pipe(
    Command.env({ ...process.env, PORT: String(helloPort) }),
    Command.start,
  )
  yield* ok
    .get(`http://127.0.0.1:${helloPort}/`)
    .pipe(Effect.retry(Schedule.spaced("100 millis").pipe(Schedule.upTo("20 seconds"))))
  const helloRequests = 20_000
  const helloStart = performance.now()
  yield* Effect.forEach(
    Array.from({ length: helloRequests }),
    () => ok.get(`http://127.0.0.1:${helloPort}/`).pipe(Effect.flatMap((r) => r.text)),
    { concurrency: 100, discard: true },
  )
  const helloRps = helloRequests / ((performance.now() - helloStart) / 1000)
  yield* hello.kill("SIGTERM")

  const lines = [
    "",
    `Frontdesk bench — ${new Date().toISOString()} — ${cpus().length}× ${cpus()[0]?.model ?? "cpu"}, Node ${process.version}`,
    `PostgreSQL ${pgBase.replace(/\/\/[^@]*@/, "//")}, fake Google latency ${googleLatencyMs} ms, 6 turns per call, server LOG_LEVEL=warn`,
    "",
    "| scenario | concurrent calls | calls | turns/s | calls/s | p50/turn | p99/turn | max | errors | server RSS |",
    "|---|---|---|---|---|---|---|---|---|---|",
    ...results.map(
      (r) =>
        `| ${r.scenario} | ${r.concurrency} | ${r.calls} | ${(r.turns / r.seconds).toFixed(0)} | ${(r.calls / r.seconds).toFixed(1)} | ${ms(r.p50)} | ${ms(r.p99)} | ${ms(r.max)} | ${r.errors} | ${r.rssMb.toFixed(0)} MB |`,
    ),
    "",
    `Bare Fastify hello world (same machine, same client, 100 in flight): ${helloRps.toFixed(0)} requests/s`,
    `Server RSS at the end: ${rssAfter.toFixed(0)} MB`,
    "",
  ]
  process.stdout.write(lines.join("\n"))
})

program.pipe(
  Effect.scoped,
  Effect.provide(Layer.mergeAll(NodeContext.layer, NodeHttpClient.layerUndici)),
  NodeRuntime.runMain,
)
