import { SqlClient } from "@effect/sql/SqlClient"
import { describe, expect, layer } from "@effect/vitest"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import { CallSessions } from "@frontdesk/domain/ports/CallSessions"
import { NewOutboxJob, Outbox } from "@frontdesk/domain/ports/Outbox"
import { CalendarCredentials, TokenVault } from "@frontdesk/domain/ports/TokenVault"
import { businessId, callSid, demoBusiness, newBooking, phoneNumber } from "@frontdesk/domain/testing/Fixtures"
import { Array as Arr, DateTime, Effect, Either, Layer, Option, Redacted, Schedule } from "effect"
import * as PgCallSessions from "../src/PgCallSessions.js"
import * as PgStorage from "../src/PgStorage.js"
import * as PgTokenVault from "../src/PgTokenVault.js"
import * as TokenCipher from "../src/TokenCipher.js"
import { forEachTarget, shared, targets } from "./TestDatabases.js"

const keyA = TokenCipher.generateKey("a2026")
const keyB = TokenCipher.generateKey("b2027")
const cipherLayer = TokenCipher.layer(Redacted.make(keyA))

const credentials = (refreshToken: string) =>
  new CalendarCredentials({
    provider: "google",
    refreshToken: Redacted.make(refreshToken),
    scope: "https://www.googleapis.com/auth/calendar",
    status: "connected",
    updatedAt: DateTime.unsafeMake("2026-03-01T12:00:00Z"),
  })

const secretToken = () => `1//0g-refresh-${crypto.randomUUID()}`

/** Every row of every table as text, the way a leaked dump would show it. */
const dumpAllTables = Effect.gen(function* () {
  const sql = yield* SqlClient
  const tables = yield* sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`
  const parts: Array<string> = []
  for (const { name } of tables) {
    const rows = yield* sql<{ row: string }>`SELECT t::text AS row FROM ${sql(name)} t`
    parts.push(...rows.map((r) => r.row))
  }
  return parts.join("\n")
})

forEachTarget(await targets(), (name, target) => {
  const database = shared(target)
  const adapters = Layer.provideMerge(PgStorage.layerPorts, Layer.merge(database, cipherLayer))

  describe(name, () => {
    layer(adapters, { timeout: "5 minutes", excludeTestServices: true })("Postgres adapters", (it) => {
      it.effect("the exclusion constraint rejects overlaps even for SQL that bypasses the adapter", () =>
        Effect.gen(function* () {
          const sql = yield* SqlClient
          const repo = yield* BookingRepository
          const biz = businessId()
          const booked = yield* repo.insert(newBooking({ businessId: biz, start: "2026-05-04T14:00:00Z" }))
          const raw = yield* Effect.either(
            sql`INSERT INTO bookings (id, business_id, customer_name, customer_phone, service, starts_at, ends_at,
                status, calendar_sync, created_at, updated_at)
              VALUES ('raw-1', ${biz}, 'Raw', '+15550000000', 'Haircut', '2026-05-04T14:59:00Z', '2026-05-04T16:00:00Z',
                'confirmed', 'pending', now(), now())`,
          )
          expect(Either.isLeft(raw) && String((raw.left.cause as { code?: string }).code)).toBe("23P01")
          // Cancelled rows are outside the constraint: the same slot can be booked again.
          yield* repo.cancel(booked.id)
          yield* sql`INSERT INTO bookings (id, business_id, customer_name, customer_phone, service, starts_at, ends_at,
                status, calendar_sync, created_at, updated_at)
              VALUES (${`raw-${biz}`}, ${biz}, 'Raw', '+15550000000', 'Haircut', '2026-05-04T14:59:00Z',
                '2026-05-04T16:00:00Z', 'confirmed', 'pending', now(), now())`
        }),
      )

      it.effect("stores refresh tokens only as ciphertext: a dump of every table has no plaintext", () =>
        Effect.gen(function* () {
          const vault = yield* TokenVault
          const biz = businessId()
          const token = secretToken()
          yield* vault.store(biz, credentials(token))
          const dump = yield* dumpAllTables
          expect(dump).toContain(biz)
          expect(dump).not.toContain(token)
          expect(dump).not.toContain(Buffer.from(token).toString("hex"))
          expect(dump).not.toContain(Buffer.from(token).toString("base64"))
          const loaded = yield* vault.load(biz)
          expect(Option.map(loaded, (c) => Redacted.value(c.refreshToken))).toEqual(Option.some(token))
        }),
      )

      it.effect("refuses a tampered ciphertext, a tampered tag and a token moved to another business", () =>
        Effect.gen(function* () {
          const sql = yield* SqlClient
          const vault = yield* TokenVault
          const [one, two, three] = [businessId(), businessId(), businessId()]
          for (const biz of [one, two, three]) yield* vault.store(biz, credentials(secretToken()))

          yield* sql`UPDATE calendar_credentials SET ciphertext = set_byte(ciphertext, 0, get_byte(ciphertext, 0) # 1)
            WHERE business_id = ${one}`
          const flipped = yield* Effect.either(vault.load(one))
          expect(Either.isLeft(flipped) && flipped.left._tag).toBe("TokenVaultError")

          yield* sql`UPDATE calendar_credentials SET auth_tag = set_byte(auth_tag, 15, get_byte(auth_tag, 15) # 128)
            WHERE business_id = ${two}`
          expect(Either.isLeft(yield* Effect.either(vault.load(two)))).toBe(true)

          yield* sql`UPDATE calendar_credentials AS target
            SET key_id = source.key_id, iv = source.iv, ciphertext = source.ciphertext, auth_tag = source.auth_tag
            FROM calendar_credentials AS source
            WHERE target.business_id = ${three} AND source.business_id = ${two}`
          expect(Either.isLeft(yield* Effect.either(vault.load(three)))).toBe(true)
        }),
      )

      it.effect("marks a connection broken, deletes it, and loads nothing for an unknown business", () =>
        Effect.gen(function* () {
          const vault = yield* TokenVault
          const biz = businessId()
          yield* vault.store(biz, credentials(secretToken()))
          yield* vault.markBroken(biz, "invalid_grant: Token has been revoked")
          const broken = yield* vault.load(biz)
          expect(Option.map(broken, (c) => [c.status, c.brokenReason])).toEqual(
            Option.some(["broken", "invalid_grant: Token has been revoked"]),
          )
          yield* vault.delete(biz)
          expect(yield* vault.load(biz)).toEqual(Option.none())
        }),
      )

      it.effect("re-encryption moves every row to the active key; old keys can then be retired", () =>
        Effect.gen(function* () {
          const sql = yield* SqlClient
          const biz = businessId()
          const token = secretToken()
          yield* (yield* TokenVault).store(biz, credentials(token))
          const keyOf = sql<{ key_id: string }>`SELECT key_id FROM calendar_credentials WHERE business_id = ${biz}`
          expect((yield* keyOf)[0]?.key_id).toBe("a2026")

          // Rotation: the new key goes first, the old one stays for reading.
          const rotated = TokenCipher.layer(Redacted.make(`${keyB},${keyA}`))
          const result = yield* PgTokenVault.reencrypt.pipe(Effect.provide(rotated))
          expect(result.moved).toBeGreaterThanOrEqual(1)
          expect((yield* keyOf)[0]?.key_id).toBe("b2027")
          const again = yield* PgTokenVault.reencrypt.pipe(Effect.provide(rotated))
          expect(again.moved).toBe(0)

          const newOnly = yield* PgTokenVault.make.pipe(Effect.provide(TokenCipher.layer(Redacted.make(keyB))))
          const loaded = yield* newOnly.load(biz)
          expect(Option.map(loaded, (c) => Redacted.value(c.refreshToken))).toEqual(Option.some(token))
          const oldOnly = yield* PgTokenVault.make.pipe(Effect.provide(cipherLayer))
          expect(Either.isLeft(yield* Effect.either(oldOnly.load(biz)))).toBe(true)
        }),
      )

      it.effect("call sessions: versions grow by one, a stale write conflicts and changes nothing", () =>
        Effect.gen(function* () {
          const sessions = yield* CallSessions
          const sid = callSid()
          const biz = businessId()
          expect(yield* sessions.save({ callSid: sid, businessId: biz, state: { step: "name" } }, 0)).toBe(1)
          expect(yield* sessions.save({ callSid: sid, businessId: biz, state: { step: "service" } }, 1)).toBe(2)
          const stale = yield* Effect.either(sessions.save({ callSid: sid, businessId: biz, state: { step: "x" } }, 1))
          expect(Either.isLeft(stale) && stale.left._tag).toBe("SessionConflict")
          const fresh = yield* Effect.either(sessions.save({ callSid: sid, businessId: biz, state: { step: "y" } }, 0))
          expect(Either.isLeft(fresh) && fresh.left._tag).toBe("SessionConflict")
          const loaded = yield* sessions.load(sid)
          expect(Option.map(loaded, (s) => [s.version, s.state])).toEqual(Option.some([2, { step: "service" }]))

          // Ten webhooks racing from version 2: exactly one wins.
          const raced = yield* Effect.forEach(
            Arr.range(1, 10),
            (i) => Effect.either(sessions.save({ callSid: sid, businessId: biz, state: { step: i } }, 2)),
            { concurrency: "unbounded" },
          )
          expect(raced.filter(Either.isRight).length).toBe(1)
        }),
      )

      it.effect("purges sessions last saved before the cutoff and keeps newer ones", () =>
        Effect.gen(function* () {
          const sql = yield* SqlClient
          const sessions = yield* CallSessions
          const [old, recent] = [callSid(), callSid()]
          const biz = businessId()
          yield* sessions.save({ callSid: old, businessId: biz, state: {} }, 0)
          yield* sessions.save({ callSid: recent, businessId: biz, state: {} }, 0)
          yield* sql`UPDATE call_sessions SET updated_at = now() - interval '25 hours' WHERE call_sid = ${old}`
          const now = yield* DateTime.now
          const purged = yield* sessions.purgeOlderThan(DateTime.subtract(now, { days: 1 }))
          expect(purged).toBeGreaterThanOrEqual(1)
          expect(Option.isNone(yield* sessions.load(old))).toBe(true)
          expect(Option.isSome(yield* sessions.load(recent))).toBe(true)
        }),
      )

      it.effect("the storage layer's purge removes sessions idle for more than a day on its own", () =>
        Effect.gen(function* () {
          const sql = yield* SqlClient
          const sessions = yield* CallSessions
          const [stale, live] = [callSid(), callSid()]
          yield* sessions.save({ callSid: stale, businessId: businessId(), state: {} }, 0)
          yield* sessions.save({ callSid: live, businessId: businessId(), state: {} }, 0)
          yield* sql`UPDATE call_sessions SET updated_at = now() - interval '25 hours' WHERE call_sid = ${stale}`
          yield* Effect.scoped(
            Effect.gen(function* () {
              yield* Layer.build(PgCallSessions.layerPurge({ every: "1 hour" }))
              // The first round runs in the background right away; how soon it gets there is up to
              // the machine, so the wait is bounded generously rather than by a count of polls.
              yield* sessions
                .load(stale)
                .pipe(
                  Effect.filterOrFail(Option.isNone),
                  Effect.retry(Schedule.spaced("20 millis").pipe(Schedule.upTo("20 seconds"))),
                )
            }),
          )
          expect(Option.isSome(yield* sessions.load(live))).toBe(true)
        }),
      )

      it.effect("outbox: dedupes pending jobs, leases claims, retries, parks and replays", () =>
        Effect.gen(function* () {
          const outbox = yield* Outbox
          const marker = crypto.randomUUID()
          const mine = <A extends { readonly payload: unknown }>(jobs: ReadonlyArray<A>) =>
            jobs.filter((j) => (j.payload as { marker?: string }).marker === marker)
          const job = (n: number, dedupeKey?: string) =>
            new NewOutboxJob({
              kind: "sms.confirmation",
              payload: { marker, n },
              ...(dedupeKey === undefined ? {} : { dedupeKey }),
            })
          yield* outbox.enqueue([job(1, `k1-${marker}`), job(2, `k1-${marker}`), job(3)])
          yield* outbox.enqueue([job(4, `k1-${marker}`)])
          expect(mine(yield* outbox.list({ status: "pending" })).length).toBe(2)

          const claimed = mine(yield* outbox.claim({ limit: 1000, leaseMillis: 60_000 }))
          expect(claimed.map((j) => j.attempts)).toEqual([1, 1])
          expect(claimed.every((j) => j.leasedUntil !== undefined)).toBe(true)
          // Leased jobs are invisible to other claimers until the lease runs out.
          expect(mine(yield* outbox.claim({ limit: 1000, leaseMillis: 60_000 }))).toEqual([])

          const [first, second] = claimed as [(typeof claimed)[0], (typeof claimed)[0]]
          yield* outbox.complete(first.id)
          const now = yield* DateTime.now
          yield* outbox.fail(second.id, { error: "503 from Twilio", retryAt: DateTime.add(now, { hours: 1 }) })
          expect(mine(yield* outbox.claim({ limit: 1000, leaseMillis: 60_000 }))).toEqual([])
          const retrying = mine(yield* outbox.list({ status: "pending" }))
          expect(retrying.map((j) => [j.id, j.lastError])).toEqual([[second.id, "503 from Twilio"]])

          yield* outbox.fail(second.id, { error: "invalid number", retryAt: undefined })
          expect(mine(yield* outbox.list({ status: "dead" })).map((j) => j.id)).toEqual([second.id])
          // A new live job for the same key blocks the replay: there is never more than one.
          yield* outbox.replay(second.id)
          const replayed = mine(yield* outbox.claim({ limit: 1000, leaseMillis: 60_000 }))
          expect(replayed.map((j) => [j.id, j.attempts])).toEqual([[second.id, 2]])
          // A late failure report for a completed job changes nothing.
          yield* outbox.fail(first.id, { error: "stale worker", retryAt: undefined })
          const done = mine(yield* outbox.list({ status: "done" }))
          expect(done.map((j) => j.id)).toEqual([first.id])
          expect(done[0]?.doneAt).toBeDefined()
          expect(done[0]?.lastError).toBeUndefined()
        }),
      )

      it.effect("concurrent claimers never receive the same job", () =>
        Effect.gen(function* () {
          const outbox = yield* Outbox
          const marker = crypto.randomUUID()
          yield* outbox.enqueue(
            Arr.range(1, 40).map((n) => new NewOutboxJob({ kind: "sms.owner_alert", payload: { marker, n } })),
          )
          const batches = yield* Effect.forEach(
            Arr.range(1, 8),
            () => outbox.claim({ limit: 7, leaseMillis: 60_000 }),
            { concurrency: "unbounded" },
          )
          const ids = batches
            .flat()
            .filter((j) => (j.payload as { marker?: string }).marker === marker)
            .map((j) => j.id)
          expect(new Set(ids).size).toBe(ids.length)
          expect(ids.length).toBeGreaterThan(0)
        }),
      )

      it.effect("businesses: round-trips the config, finds by number, and refuses a number in use", () =>
        Effect.gen(function* () {
          const businesses = yield* Businesses
          const shared = phoneNumber()
          const first = demoBusiness({ phoneNumbers: [shared, phoneNumber()] })
          yield* businesses.create(first)
          expect(yield* businesses.get(first.id)).toEqual(first)
          expect(yield* businesses.findByPhoneNumber(shared)).toEqual(Option.some(first))

          const second = demoBusiness({ phoneNumbers: [shared] })
          const clash = yield* Effect.either(businesses.create(second))
          expect(Either.isLeft(clash) && clash.left._tag).toBe("PhoneNumberInUse")
          expect(Either.isLeft(yield* Effect.either(businesses.get(second.id)))).toBe(true)

          // Once the first business lets the number go, the second may take it.
          yield* businesses.update(demoBusiness({ ...first, phoneNumbers: [phoneNumber()] }))
          yield* businesses.create(second)
          expect(Option.map(yield* businesses.findByPhoneNumber(shared), (b) => b.id)).toEqual(Option.some(second.id))
          // Ten owners claiming one number at once: one gets it, the others are told which number is taken.
          const contested = phoneNumber()
          const raced = yield* Effect.forEach(
            Arr.range(1, 10),
            () => Effect.either(businesses.create(demoBusiness({ phoneNumbers: [phoneNumber(), contested] }))),
            { concurrency: "unbounded" },
          )
          expect(raced.filter(Either.isRight).length).toBe(1)
          expect(
            raced.flatMap((r) => (Either.isLeft(r) && r.left._tag === "PhoneNumberInUse" ? [r.left.phoneNumber] : [])),
          ).toEqual(Array.from({ length: 9 }, () => contested))
          const missing = yield* Effect.either(businesses.update(demoBusiness()))
          expect(Either.isLeft(missing) && missing.left._tag).toBe("BusinessNotFound")
        }),
      )
    })
  })
})
