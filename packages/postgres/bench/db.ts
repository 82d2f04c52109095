/**
 * `pnpm bench:db`: booking inserts through the real adapter (PgBookingRepository: a transaction
 * per insert, the exclusion constraint checked by the database) against PostgreSQL and embedded
 * PGlite, plus a contention run where every insert fights over the same few calendars.
 *
 *   BENCH_DATABASE_URL  server to benchmark (a throwaway database is created and dropped);
 *                       default postgres://postgres@127.0.0.1:5432/postgres
 *   BENCH_INSERTS       inserts per throughput run on PostgreSQL (default 4000; PGlite runs a quarter)
 */

import { mkdtempSync, rmSync } from "node:fs"
import { cpus, tmpdir } from "node:os"
import { join } from "node:path"
import { NodeRuntime } from "@effect/platform-node"
import { SqlClient } from "@effect/sql/SqlClient"
import { PgClient } from "@effect/sql-pg"
import { NewBooking } from "@frontdesk/domain/model/Booking"
import { Customer } from "@frontdesk/domain/model/Customer"
import { BookingId, BusinessId, PhoneNumber } from "@frontdesk/domain/model/Ids"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { NewOutboxJob } from "@frontdesk/domain/ports/Outbox"
import { Array as Arr, Context, DateTime, Effect, Layer, Logger, LogLevel, Option, Redacted } from "effect"
import * as PgBookingRepository from "../src/PgBookingRepository.js"
import * as PgDatabase from "../src/PgDatabase.js"

interface Row {
  readonly target: string
  readonly scenario: string
  readonly clients: number
  readonly attempts: number
  readonly stored: number
  readonly slotTaken: number
  readonly perSecond: number
  readonly p50: number
  readonly p99: number
  readonly overlaps: number | undefined
}

const base = DateTime.unsafeMake("2027-01-04T00:00:00Z")
let counter = 0
const nextId = () => `${Date.now().toString(36)}${(counter++).toString(36)}`

const booking = (businessId: string, startMinutes: number, durationMinutes: number) => {
  const startsAt = DateTime.add(base, { minutes: startMinutes })
  return new NewBooking({
    id: BookingId.make(`bench_${nextId()}`),
    businessId: BusinessId.make(businessId),
    customer: new Customer({ name: "Bench Caller", phone: PhoneNumber.make("+15550001234") }),
    service: "Haircut",
    startsAt,
    endsAt: DateTime.add(startsAt, { minutes: durationMinutes }),
    calendarSync: "pending",
  })
}

const percentile = (sorted: ReadonlyArray<number>, p: number) =>
  sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0)

/** What the booking flow stores with each booking: its calendar event and the confirmation SMS. */
const followUps = (b: NewBooking) => [
  new NewOutboxJob({ kind: "calendar.create_event", payload: { bookingId: b.id }, dedupeKey: `calendar:${b.id}` }),
  new NewOutboxJob({ kind: "sms.confirmation", payload: { bookingId: b.id }, dedupeKey: `sms:${b.id}` }),
]

/** `clients` workers pull from one shared queue of attempts until it is empty. */
const run = (clients: number, attempts: ReadonlyArray<NewBooking>, withJobs = false) =>
  Effect.gen(function* () {
    const repo = yield* BookingRepository
    const queue = [...attempts]
    const latencies: Array<number> = []
    let stored = 0
    let slotTaken = 0
    const started = performance.now()
    yield* Effect.forEach(
      Arr.range(1, clients),
      () =>
        Effect.gen(function* () {
          for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
            const t0 = performance.now()
            const result = yield* Effect.either(repo.insert(next, withJobs ? followUps(next) : []))
            latencies.push(performance.now() - t0)
            if (result._tag === "Right") stored++
            else if (result.left._tag === "SlotTaken") slotTaken++
            else return yield* result.left
          }
        }),
      { concurrency: "unbounded", discard: true },
    )
    const seconds = (performance.now() - started) / 1000
    latencies.sort((a, b) => a - b)
    return {
      attempts: attempts.length,
      stored,
      slotTaken,
      perSecond: attempts.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
    }
  })

/** Pairs of confirmed bookings of one business whose ranges intersect; must be 0. */
const countOverlaps = (businessIds: ReadonlyArray<string>) =>
  Effect.gen(function* () {
    const sql = yield* SqlClient
    const [row] = yield* sql<{ n: number }>`SELECT count(*)::int AS n FROM bookings a JOIN bookings b
      ON a.business_id = b.business_id AND a.id < b.id
     AND tstzrange(a.starts_at, a.ends_at) && tstzrange(b.starts_at, b.ends_at)
     WHERE a.status = 'confirmed' AND b.status = 'confirmed' AND a.business_id IN ${sql.in(businessIds)}`
    return row?.n ?? 0
  })

const scenarios = (target: string, inserts: number) =>
  Effect.gen(function* () {
    const rows: Array<Row> = []
    // Warm-up: connections, plan caches, WASM JIT.
    yield* run(
      4,
      Arr.range(0, 99).map((i) => booking(`warm_${target}`, i * 60, 30)),
    )

    // Throughput: 8 clients, each on its own calendar, never colliding.
    const clients = 8
    const ownSlots = Arr.range(0, inserts - 1).map((i) => booking(`tp_${target}_${i % clients}`, i * 60, 30))
    const tp = yield* run(clients, ownSlots)
    rows.push({ target, scenario: "8 clients, no conflicts", clients, ...tp, overlaps: undefined })

    // Same, but each booking commits with its two outbox jobs in one transaction, as in production.
    const withJobs = Arr.range(0, inserts - 1).map((i) => booking(`tpj_${target}_${i % clients}`, i * 60, 30))
    const tpj = yield* run(clients, withJobs, true)
    rows.push({ target, scenario: "8 clients, + 2 outbox jobs each", clients, ...tpj, overlaps: undefined })

    // Contention: 16 clients, 3 calendars, random overlapping requests on a small grid of slots.
    const resources = ["a", "b", "c"].map((r) => `ct_${target}_${r}_${nextId()}`)
    const contended = Arr.range(1, Math.floor(inserts / 2)).map(() =>
      booking(
        resources[Math.floor(Math.random() * resources.length)] as string,
        Math.floor(Math.random() * 400) * 15,
        15 * (1 + Math.floor(Math.random() * 6)),
      ),
    )
    const ct = yield* run(16, contended, true)
    const overlaps = yield* countOverlaps(resources)
    rows.push({ target, scenario: "16 clients, 3 calendars, + jobs", clients: 16, ...ct, overlaps })
    return rows
  })

const postgresRows = (url: string, inserts: number) =>
  Effect.gen(function* () {
    const admin = Context.get(
      yield* Layer.build(PgClient.layer({ url: Redacted.make(url), maxConnections: 1 })),
      SqlClient,
    )
    const name = `frontdesk_bench_${nextId()}`
    yield* Effect.acquireRelease(admin`CREATE DATABASE ${admin(name)}`, () =>
      admin`DROP DATABASE IF EXISTS ${admin(name)} WITH (FORCE)`.pipe(Effect.ignore),
    )
    const target = new URL(url)
    target.pathname = `/${name}`
    const layer = Layer.provideMerge(
      PgBookingRepository.layer,
      PgDatabase.layer({
        databaseUrl: Option.some(Redacted.make(target.toString())),
        dataDir: undefined,
        maxConnections: 16,
      }),
    )
    return yield* scenarios("PostgreSQL", inserts).pipe(Effect.provide(layer))
  }).pipe(Effect.scoped)

const pgliteRows = (inserts: number) =>
  Effect.gen(function* () {
    const dataDir = mkdtempSync(join(tmpdir(), "frontdesk-bench-"))
    yield* Effect.addFinalizer(() => Effect.sync(() => rmSync(dataDir, { recursive: true, force: true })))
    const layer = Layer.provideMerge(
      PgBookingRepository.layer,
      PgDatabase.layer({ databaseUrl: Option.none(), dataDir }),
    )
    return yield* scenarios("PGlite (socket, on disk)", inserts).pipe(Effect.provide(layer))
  }).pipe(Effect.scoped)

const pad = (value: string, width: number) => value.padEnd(width)
const fmt = (n: number, digits = 1) => n.toFixed(digits)

const printTable = (rows: ReadonlyArray<Row>) => {
  const header = [
    "database",
    "scenario",
    "attempts",
    "stored",
    "slot taken",
    "attempts/s",
    "p50 ms",
    "p99 ms",
    "overlaps",
  ]
  const lines = rows.map((r) => [
    r.target,
    r.scenario,
    String(r.attempts),
    String(r.stored),
    String(r.slotTaken),
    fmt(r.perSecond, 0),
    fmt(r.p50, 2),
    fmt(r.p99, 2),
    r.overlaps === undefined ? "-" : String(r.overlaps),
  ])
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)))
  const render = (cells: ReadonlyArray<string>) => `| ${cells.map((c, i) => pad(c, widths[i] ?? 0)).join(" | ")} |`
  console.log(render(header))
  console.log(`|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`)
  for (const line of lines) console.log(render(line))
}

const program = Effect.gen(function* () {
  const url = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres"
  const inserts = Number(process.env.BENCH_INSERTS ?? 4000)
  console.log(
    `bench:db on ${cpus().length} cores, Node ${process.version}, ${new Date().toISOString()}; ${inserts} inserts per PostgreSQL run`,
  )
  const pg = yield* postgresRows(url, inserts)
  const lite = yield* pgliteRows(Math.floor(inserts / 4))
  const rows = [...pg, ...lite]
  printTable(rows)
  const overlaps = rows.reduce((n, r) => n + (r.overlaps ?? 0), 0)
  if (overlaps > 0) return yield* Effect.dieMessage(`${overlaps} overlapping confirmed bookings found`)
})

program.pipe(Logger.withMinimumLogLevel(LogLevel.Warning), NodeRuntime.runMain)
