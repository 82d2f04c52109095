import { SqlClient } from "@effect/sql/SqlClient"
import { SqlError } from "@effect/sql/SqlError"
import { Business } from "@frontdesk/domain/model/Business"
import { BusinessNotFound, PhoneNumberInUse } from "@frontdesk/domain/model/Errors"
import type { BusinessId, PhoneNumber } from "@frontdesk/domain/model/Ids"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { constraintName, orPersistenceError, sqlState, UniqueViolation } from "./PgErrors.js"

interface BusinessRow {
  readonly id: string
  readonly name: string
  readonly timezone: string
  readonly services: unknown
  readonly hours: unknown
  readonly booking_rules: unknown
  readonly ai_config: unknown
  readonly owner_phone: string | null
  readonly transfer_phone: string | null
  readonly country: string
  readonly currency: string
  readonly profile: unknown
  readonly closed_dates: unknown
  readonly phone_numbers: unknown
}

const decodeBusiness = Schema.decodeUnknown(Business)
const encodeBusiness = Schema.encode(Business)

/** Rows go back through the domain's Business schema: defaults, brands and validations apply. */
const fromRow = (row: BusinessRow) =>
  decodeBusiness({
    id: row.id,
    name: row.name,
    timezone: row.timezone,
    phoneNumbers: row.phone_numbers,
    services: row.services,
    hours: row.hours,
    bookingRules: row.booking_rules,
    aiConfig: row.ai_config,
    ...(row.owner_phone === null ? {} : { ownerPhone: row.owner_phone }),
    ...(row.transfer_phone === null ? {} : { transferPhone: row.transfer_phone }),
    country: row.country,
    currency: row.currency,
    profile: row.profile,
    closedDates: row.closed_dates,
  })

const phoneNumbersPkey = "business_phone_numbers_pkey"

/** The server names the duplicate key: `Key (phone_number)=(+15551234567) already exists.` */
const conflictingNumber = (error: SqlError, business: Business): string => {
  const detail = (error.cause as { detail?: unknown } | undefined)?.detail
  const match = typeof detail === "string" ? detail.match(/=\((\+\d+)\)/) : null
  return match?.[1] ?? business.phoneNumbers[0] ?? ""
}

export const make: Effect.Effect<Businesses["Type"], never, SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient

  const select = (where: ReturnType<SqlClient["unsafe"]>) =>
    sql<BusinessRow>`SELECT b.id, b.name, b.timezone, b.services, b.hours, b.booking_rules, b.ai_config,
        b.owner_phone, b.transfer_phone, b.country, b.currency, b.profile, b.closed_dates,
        COALESCE(
          (SELECT json_agg(p.phone_number ORDER BY p.position) FROM business_phone_numbers p WHERE p.business_id = b.id),
          '[]'::json
        ) AS phone_numbers
      FROM businesses b ${where}`.pipe(Effect.flatMap((rows) => Effect.forEach(rows, fromRow)))

  /** Fails with the first number another business already answers to. */
  const claimNumbers = (business: Business) =>
    Effect.gen(function* () {
      if (business.phoneNumbers.length === 0) return
      const taken = yield* sql<{ phone_number: string }>`SELECT phone_number FROM business_phone_numbers
        WHERE phone_number IN ${sql.in(business.phoneNumbers)} AND business_id <> ${business.id}
        ORDER BY phone_number`
      const first = taken[0]
      if (first !== undefined) return yield* new PhoneNumberInUse({ phoneNumber: first.phone_number })
      yield* sql`DELETE FROM business_phone_numbers WHERE business_id = ${business.id}`
      // Rows go in sorted order so two owners claiming the same numbers wait on each other, never deadlock.
      const rows = business.phoneNumbers
        .map((phone_number, position) => ({ phone_number, business_id: business.id, position }))
        .sort((a, b) => (a.phone_number < b.phone_number ? -1 : a.phone_number > b.phone_number ? 1 : 0))
      yield* sql`INSERT INTO business_phone_numbers ${sql.insert(rows)}`
    })

  // A concurrent claim that slipped past the check still hits the primary key.
  const numberRace =
    (business: Business) =>
    <A, E, R>(self: Effect.Effect<A, E | SqlError, R>): Effect.Effect<A, E | SqlError | PhoneNumberInUse, R> =>
      Effect.catchIf(
        self,
        (error): error is SqlError =>
          error instanceof SqlError &&
          sqlState(error) === UniqueViolation &&
          constraintName(error) === phoneNumbersPkey,
        (cause) => Effect.fail(new PhoneNumberInUse({ phoneNumber: conflictingNumber(cause, business), cause })),
      )

  const columns = (business: Business) =>
    Effect.map(encodeBusiness(business), (encoded) => ({
      name: encoded.name,
      timezone: encoded.timezone,
      services: JSON.stringify(encoded.services),
      hours: JSON.stringify(encoded.hours),
      booking_rules: JSON.stringify(encoded.bookingRules ?? {}),
      ai_config: JSON.stringify(encoded.aiConfig ?? {}),
      owner_phone: encoded.ownerPhone ?? null,
      transfer_phone: encoded.transferPhone ?? null,
      country: encoded.country ?? "US",
      currency: encoded.currency ?? "USD",
      profile: JSON.stringify(encoded.profile ?? { faq: [] }),
      closed_dates: JSON.stringify(encoded.closedDates ?? []),
    }))

  const get = (id: BusinessId) =>
    select(sql`WHERE b.id = ${id}`).pipe(
      Effect.flatMap((found) =>
        found[0] === undefined ? Effect.fail(new BusinessNotFound({ businessId: id })) : Effect.succeed(found[0]),
      ),
      orPersistenceError("Businesses.get"),
    )

  const findByPhoneNumber = (phone: PhoneNumber) =>
    select(sql`WHERE b.id = (SELECT business_id FROM business_phone_numbers WHERE phone_number = ${phone})`).pipe(
      Effect.map((found) => Option.fromNullable(found[0])),
      orPersistenceError("Businesses.findByPhoneNumber"),
    )

  const create = (business: Business) =>
    Effect.gen(function* () {
      const now = DateTime.toDate(yield* DateTime.now)
      const values = yield* columns(business)
      yield* sql.withTransaction(
        Effect.gen(function* () {
          yield* sql`INSERT INTO businesses ${sql.insert({ id: business.id, ...values, created_at: now, updated_at: now })}`
          yield* claimNumbers(business)
        }),
      )
      return business
    }).pipe(numberRace(business), orPersistenceError("Businesses.create"))

  const update = (business: Business) =>
    Effect.gen(function* () {
      const now = DateTime.toDate(yield* DateTime.now)
      const values = yield* columns(business)
      yield* sql.withTransaction(
        Effect.gen(function* () {
          const updated = yield* sql`UPDATE businesses SET ${sql.update({ ...values, updated_at: now })}
            WHERE id = ${business.id} RETURNING id`
          if (updated.length === 0) return yield* new BusinessNotFound({ businessId: business.id })
          if (business.phoneNumbers.length === 0) {
            yield* sql`DELETE FROM business_phone_numbers WHERE business_id = ${business.id}`
          }
          yield* claimNumbers(business)
        }),
      )
      return business
    }).pipe(numberRace(business), orPersistenceError("Businesses.update"))

  const list = select(sql`ORDER BY b.created_at, b.id`).pipe(orPersistenceError("Businesses.list"))

  return Businesses.of({ get, findByPhoneNumber, create, update, list })
})

export const layer: Layer.Layer<Businesses, never, SqlClient> = Layer.effect(Businesses, make)
