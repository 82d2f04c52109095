import { writeFileSync } from "node:fs"
import { Session } from "node:inspector/promises"
import { cpus, loadavg } from "node:os"
import { cpuUsage, memoryUsage } from "node:process"
import { BookingRules } from "@frontdesk/domain/model/Business"
import { DateTime, Effect } from "effect"
import { everyDayBusiness, type Harness, makeHarness } from "../test/Harness.js"

/**
 * `pnpm --filter @frontdesk/server exec tsx bench/turn.ts`: the CPU one caller turn costs inside the
 * server process with nothing outside it — memory storage, no database, no network (Fastify's
 * `inject`). What `pnpm bench` measures on top of this is PostgreSQL, sockets and the machine.
 * Whole booking calls one after another (greeting, service, day and time, name, yes); CPU per turn
 * from `process.cpuUsage`, heap after a forced GC when run with `--expose-gc`.
 *
 * Environment: BENCH_CALLS (400), BENCH_WARMUP_CALLS (100), BENCH_PROFILE (a path: a CPU profile of the
 * measured calls only, without start-up and warm-up).
 */

const calls = Number(process.env.BENCH_CALLS ?? 400)
const warmup = Number(process.env.BENCH_WARMUP_CALLS ?? 100)
const months = DateTime.unsafeMakeZoned(new Date(), { timeZone: "UTC" })

const program = Effect.scoped(
  Effect.gen(function* () {
    const harness: Harness = yield* makeHarness()
    // Open every day 09–17: eight one-hour haircuts a day, each call a day and an hour of its own.
    const business = everyDayBusiness({ bookingRules: new BookingRules({ maxDaysAhead: 365 }) })
    yield* harness.seed(business)
    const spoken = (i: number) => {
      const day = DateTime.add(months, { days: 2 + Math.floor(i / 8) })
      const hour = 9 + (i % 8)
      const clock = `${hour > 12 ? hour - 12 : hour} ${hour >= 12 ? "PM" : "AM"}`
      return `${DateTime.format(day, { month: "long", day: "numeric", locale: "en-US", timeZone: "UTC" })} at ${clock}`
    }
    const oneCall = (i: number) =>
      Effect.gen(function* () {
        const from = `+1415${String(2_000_000 + i).padStart(7, "0")}`
        const call = harness.call(business, { from })
        const heard = yield* call.script(["I'd like to book a haircut", spoken(i), `Ana Ruiz`, "yes"])
        if (!heard.some((line) => /booked|confirmed|all set|see you/i.test(line))) {
          return yield* Effect.die(new Error(`call ${i} did not book:\n${heard.join("\n")}`))
        }
        return 5
      })
    for (let i = 0; i < warmup; i++) yield* oneCall(i)
    const gc = (globalThis as { gc?: () => void }).gc
    gc?.()
    const heapBefore = memoryUsage().heapUsed
    const profilePath = process.env.BENCH_PROFILE
    const session = profilePath === undefined ? undefined : new Session()
    if (session !== undefined) {
      session.connect()
      yield* Effect.promise(() => session.post("Profiler.enable"))
      yield* Effect.promise(() => session.post("Profiler.start"))
    }
    const before = cpuUsage()
    const started = performance.now()
    let turns = 0
    for (let i = warmup; i < warmup + calls; i++) turns += yield* oneCall(i)
    const cpu = cpuUsage(before)
    const wall = performance.now() - started
    if (session !== undefined && profilePath !== undefined) {
      const { profile } = yield* Effect.promise(() => session.post("Profiler.stop"))
      writeFileSync(profilePath, JSON.stringify(profile))
      session.disconnect()
    }
    gc?.()
    const heapAfter = memoryUsage().heapUsed
    const perTurnMs = (cpu.user + cpu.system) / 1000 / turns
    console.log(
      [
        `machine: ${cpus().length}× ${cpus()[0]?.model}, Node ${process.version}, load ${loadavg()
          .map((l) => l.toFixed(2))
          .join(" ")}`,
        `${calls} calls, ${turns} turns after ${warmup} warm-up calls`,
        `CPU per turn ${perTurnMs.toFixed(3)} ms (user ${(cpu.user / 1000 / turns).toFixed(3)}, system ${(cpu.system / 1000 / turns).toFixed(3)}); wall per turn ${(wall / turns).toFixed(3)} ms`,
        gc === undefined
          ? "heap: run with --expose-gc for heap figures"
          : `heap after GC ${(heapBefore / 2 ** 20).toFixed(1)} → ${(heapAfter / 2 ** 20).toFixed(1)} MB (${((heapAfter - heapBefore) / calls / 1024).toFixed(1)} KB per call kept)`,
      ].join("\n"),
    )
  }),
)

Effect.runPromise(program).catch((error) => {
  console.error(error)
  process.exit(1)
})
