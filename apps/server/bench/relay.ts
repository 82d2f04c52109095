import { cpus, loadavg } from "node:os"
import { NodeRuntime } from "@effect/platform-node"
import type { Business } from "@frontdesk/domain/model/Business"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import * as RecordingTelephony from "@frontdesk/domain/ports/RecordingTelephony"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import * as FakeConversationRelay from "@frontdesk/testkit/FakeConversationRelay"
import * as FakeOpenAI from "@frontdesk/testkit/FakeOpenAI"
import * as TwilioSignature from "@frontdesk/twilio/TwilioSignature"
import { DateTime, Effect, Layer, ManagedRuntime, Option, Redacted } from "effect"
import * as AppLayer from "../src/AppLayer.js"
import * as GoogleConnect from "../src/GoogleConnect.js"
import * as Logging from "../src/Logging.js"
import * as Server from "../src/Server.js"
// The same in-memory storage the server tests use, so the bench follows every port they wire.
import { memoryStorage } from "../test/Harness.js"

/**
 * `pnpm --filter @frontdesk/server exec tsx bench/relay.ts`: ConversationRelay calls over real
 * sockets against the app in this process (memory storage, so the figure is the relay and the
 * conversation, not the database). Per level of concurrent calls: time from a `prompt` with
 * `last: true` to the first `text` token, p50/p99, with the rules only and with rules first and a
 * fake OpenAI-compatible model answering in BENCH_MODEL_MS (300). Each call says one thing the
 * rules cannot place (so it goes to the model), then books, then agrees. A last run injects
 * faults into the model (BENCH_FAULT_SHARE, 0.2) and reports the fallback rate.
 *
 * Environment: BENCH_LEVELS (10,100), BENCH_MODEL_MS (300), BENCH_FAULT_SHARE (0.2).
 */

const levels = (process.env.BENCH_LEVELS ?? "10,100").split(",").map(Number)
const modelMs = Number(process.env.BENCH_MODEL_MS ?? 300)
const faultShare = Number(process.env.BENCH_FAULT_SHARE ?? 0.2)
const authToken = "bench-relay-token"
const publicBaseUrl = "https://frontdesk.bench"

const percentile = (values: ReadonlyArray<number>, p: number) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN
}

type Mode = "rules" | "model" | "faults"

const monthNames = [
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

/** Call `i`'s own slot: a day 1–30 ahead, an hour 9–16, so concurrent calls never collide. */
const slotWords = (business: Business, i: number) => {
  const day = DateTime.add(DateTime.unsafeMakeZoned(new Date(), { timeZone: business.timezone }), {
    days: 1 + (i % 30),
  })
  const parts = DateTime.toParts(day)
  const hour = 9 + (Math.floor(i / 30) % 8)
  const spoken = hour > 12 ? `${hour - 12}pm` : hour === 12 ? "noon" : `${hour}am`
  return `${monthNames[parts.month - 1]} ${parts.day} at ${spoken}`
}

const runLevel = (mode: Mode, calls: number) =>
  Effect.gen(function* () {
    const fake = yield* FakeOpenAI.make((_, index) => {
      if (mode === "faults" && (index * 7919) % 100 < faultShare * 100) {
        const faults: ReadonlyArray<FakeOpenAI.FakeBehaviour> = [
          { _tag: "Status", status: 500, latencyMs: modelMs },
          { _tag: "Status", status: 429, latencyMs: 20 },
          { _tag: "Hang" },
          { _tag: "Malformed" },
        ]
        return faults[index % faults.length] ?? { _tag: "Hang" }
      }
      return FakeOpenAI.answer({ intent: "book", slots: {} }, modelMs)
    })
    const metricsLayer = AppLayer.make({
      storage: memoryStorage,
      calendar: AppLayer.calendarNotConnected,
      telephony: RecordingTelephony.layerMemory,
      googleConnect: GoogleConnect.layerNotConfigured,
      outbox: false,
      ...(mode === "rules"
        ? {}
        : {
            understanding: AppLayer.understandingLive({
              provider: "openai",
              baseUrl: Option.some(fake.url),
              apiKey: Option.some(Redacted.make("sk-bench")),
              model: Option.some("bench"),
              timeoutMs: 1200,
            }),
          }),
    })
    const logger = Logging.makePino({ level: "silent" })
    const runtime = ManagedRuntime.make(Layer.merge(metricsLayer, Logging.layer(logger)))
    yield* Effect.addFinalizer(() => Effect.promise(() => runtime.dispose()))
    const app = Server.build({
      runtime,
      publicBaseUrl,
      adminToken: Redacted.make("bench-admin"),
      twilioAuthToken: Redacted.make(authToken),
      logger,
    })
    const address = yield* Effect.acquireRelease(
      Effect.promise(() => app.listen({ port: 0, host: "127.0.0.1" })),
      () => Effect.promise(() => app.close()),
    )
    const open = [["09:00", "17:00"]] as const
    const business = Fixtures.demoBusiness({
      hours: { mon: open, tue: open, wed: open, thu: open, fri: open, sat: open, sun: open },
      aiConfig: { ...Fixtures.nativeAiConfig, transport: "conversation_relay" },
    })
    yield* Effect.promise(() => runtime.runPromise(Effect.flatMap(Businesses, (b) => b.create(business))))

    const samples: Array<number> = []
    let booked = 0
    const oneCall = (i: number) =>
      Effect.scoped(
        Effect.gen(function* () {
          const callSid = Fixtures.callSid()
          const params = {
            CallSid: callSid,
            AccountSid: "AC00000000000000000000000000000000",
            From: `+1555100${String(i).padStart(4, "0")}`,
            To: business.phoneNumbers[0] ?? "",
            CallStatus: "ringing",
            Direction: "inbound",
          }
          const path = `/voice/incoming/${business.id}`
          yield* Effect.promise(() =>
            fetch(`${address}${path}`, {
              method: "POST",
              headers: {
                "content-type": "application/x-www-form-urlencoded",
                "x-twilio-signature": TwilioSignature.sign(Redacted.make(authToken), `${publicBaseUrl}${path}`, params),
              },
              body: new URLSearchParams(params).toString(),
            }).then((r) => r.text()),
          )
          const session = yield* FakeConversationRelay.connect({
            connectUrl: `${address.replace(/^http/, "ws")}/voice/relay/${business.id}`,
            signedUrl: `${publicBaseUrl.replace(/^http/, "ws")}/voice/relay/${business.id}`,
            authToken,
            timeout: "30 seconds",
          })
          yield* session.setup({ callSid, from: params.From, to: params.To })
          for (const line of [
            "so um yeah the thing I mentioned",
            `This is Ana Ruiz, can I get a haircut on ${slotWords(business, i)}`,
            "yes",
          ]) {
            const sent = performance.now()
            const reply = yield* session.say(line)
            if (reply._tag === "Said") samples.push(reply.firstTokenAt - sent)
            else booked++
          }
        }),
      ).pipe(Effect.catchAll((error) => Effect.logError(`call ${i} failed: ${String(error)}`)))
    yield* Effect.forEach(
      Array.from({ length: calls }, (_, i) => i),
      oneCall,
      { concurrency: "unbounded", discard: true },
    )
    const metrics = yield* Effect.promise(() => app.inject({ method: "GET", url: "/metrics" }))
    const count = (name: string) =>
      [...metrics.body.matchAll(new RegExp(`^${name}\\{[^}]*\\} (\\d+)$`, "gm"))].reduce((n, m) => n + Number(m[1]), 0)
    const turns = calls * 3
    return {
      mode,
      calls,
      booked,
      p50: percentile(samples, 50),
      p99: percentile(samples, 99),
      toModel: count("understanding_model_total") / turns,
      fallbacks: count("understanding_fallback_total"),
      consulted: count("understanding_model_total"),
    }
  }).pipe(Effect.scoped)

const program = Effect.gen(function* () {
  const rows: Array<string> = []
  const plans: ReadonlyArray<readonly [Mode, number]> = [
    ...levels.flatMap((calls) => [["rules", calls] as const, ["model", calls] as const]),
    ["faults", Math.max(...levels)] as const,
  ]
  for (const [mode, calls] of plans) {
    const r = yield* runLevel(mode, calls)
    const row = `| ${r.mode === "rules" ? "rules only" : r.mode === "model" ? `rules + model (${modelMs} ms)` : `rules + model, ${Math.round(faultShare * 100)}% faults`} | ${r.calls} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.booked}/${r.calls} | ${(r.toModel * 100).toFixed(0)}% | ${r.consulted === 0 ? "–" : `${((r.fallbacks / r.consulted) * 100).toFixed(0)}% (${r.fallbacks}/${r.consulted})`} |`
    rows.push(row)
    process.stdout.write(`${row}\n`)
  }
  process.stdout.write(
    [
      "",
      `machine: ${cpus().length} × ${cpus()[0]?.model ?? "cpu"}, load average ${loadavg()
        .map((n) => n.toFixed(1))
        .join(" ")}, node ${process.version}, ${new Date().toISOString()}`,
      "| understanding | concurrent calls | prompt→first token p50 (ms) | p99 (ms) | booked | turns to the model | fallback rate |",
      "|---|---|---|---|---|---|---|",
      ...rows,
      "",
    ].join("\n"),
  )
})

NodeRuntime.runMain(program)
