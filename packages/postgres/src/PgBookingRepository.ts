import { SqlClient } from "@effect/sql/SqlClient"
import { SqlError } from "@effect/sql/SqlError"
import { Booking, BookingStatus, CalendarSync, type NewBooking } from "@frontdesk/domain/model/Booking"
import { BookingNotFound, SlotTaken } from "@frontdesk/domain/model/Errors"
import type { BookingId, BusinessId, EventId, PhoneNumber } from "@frontdesk/domain/model/Ids"
import * as TimeRange from "@frontdesk/domain/model/TimeRange"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import type { NewOutboxJob } from "@frontdesk/domain/ports/Outbox"
import { DateTime, Effect, Layer, type ParseResult, Schema } from "effect"
import { ExclusionViolation, orPersistenceError, sqlState } from "./PgErrors.js"
import { insertWithJobs } from "./PgInsertWithJobs.js"
import { insertJobs } from "./PgOutbox.js"

const BookingRow = Schema.Struct({
  id: Schema.String,
  business_id: Schema.String,
  customer_name: Schema.String,
  customer_phone: Schema.String,
  service: Schema.String,
  starts_at: Schema.DateFromSelf,
  ends_at: Schema.DateFromSelf,
  status: BookingStatus,
  external_event_id: Schema.NullOr(Schema.String),
  calendar_sync: CalendarSync,
  source_call_sid: Schema.NullOr(Schema.String),
  created_at: Schema.DateFromSelf,
})

/** A row decodes through the domain's Booking schema (brands, E.164 phone, non-empty names). */
export const BookingFromRow = Schema.transform(BookingRow, Booking, {
  strict: true,
  decode: (row) => ({
    id: row.id,
    businessId: row.business_id,
    customer: { name: row.customer_name, phone: row.customer_phone },
    service: row.service,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    status: row.status,
    ...(row.external_event_id === null ? {} : { externalEventId: row.external_event_id }),
    calendarSync: row.calendar_sync,
    ...(row.source_call_sid === null ? {} : { sourceCallSid: row.source_call_sid }),
    createdAt: row.created_at.toISOString(),
  }),
  encode: (booking) => ({
    id: booking.id,
    business_id: booking.businessId,
    customer_name: booking.customer.name,
    customer_phone: booking.customer.phone,
    service: booking.service,
    starts_at: new Date(booking.startsAt),
    ends_at: new Date(booking.endsAt),
    status: booking.status,
    external_event_id: booking.externalEventId ?? null,
    calendar_sync: booking.calendarSync,
    source_call_sid: booking.sourceCallSid ?? null,
    created_at: new Date(booking.createdAt),
  }),
})

const decodeBookings = Schema.decodeUnknown(Schema.Array(BookingFromRow))

const columns = (sql: SqlClient) =>
  sql`id, business_id, customer_name, customer_phone, service, starts_at, ends_at, status,
    external_event_id, calendar_sync, source_call_sid, created_at`

export const make: Effect.Effect<BookingRepository["Type"], never, SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient

  const one =
    (bookingId: BookingId) =>
    (rows: ReadonlyArray<unknown>): Effect.Effect<Booking, BookingNotFound | ParseResult.ParseError> =>
      rows.length === 0
        ? Effect.fail(new BookingNotFound({ bookingId }))
        : Effect.map(decodeBookings(rows.slice(0, 1)), (bookings) => bookings[0] as Booking)

  // The exclusion constraint is the single arbiter of overlaps, including concurrent ones.
  const slotTaken =
    (businessId: BusinessId, range: TimeRange.TimeRange) =>
    <A, E, R>(self: Effect.Effect<A, E | SqlError, R>): Effect.Effect<A, E | SqlError | SlotTaken, R> =>
      Effect.catchIf(
        self,
        (error): error is SqlError => error instanceof SqlError && sqlState(error) === ExclusionViolation,
        (error) => Effect.fail(new SlotTaken({ businessId, range, cause: error })),
      )

  const insert = (booking: NewBooking, enqueue: ReadonlyArray<NewOutboxJob> = []) =>
    Effect.gen(function* () {
      const now = yield* DateTime.now
      const row = sql.insert({
        id: booking.id,
        business_id: booking.businessId,
        customer_name: booking.customer.name,
        customer_phone: booking.customer.phone,
        service: booking.service,
        starts_at: DateTime.toDate(booking.startsAt),
        ends_at: DateTime.toDate(booking.endsAt),
        status: "confirmed",
        external_event_id: null,
        calendar_sync: booking.calendarSync,
        source_call_sid: booking.sourceCallSid ?? null,
        created_at: DateTime.toDate(now),
        updated_at: DateTime.toDate(now),
      })
      // The booking and its jobs commit together or, when the exclusion constraint fires, not at all.
      const rows = yield* insertWithJobs(sql, sql`INSERT INTO bookings ${row} RETURNING ${columns(sql)}`, enqueue, now)
      const [created] = yield* decodeBookings(rows)
      return created as Booking
    }).pipe(
      slotTaken(booking.businessId, TimeRange.make(booking.startsAt, booking.endsAt)),
      orPersistenceError("BookingRepository.insert"),
    )

  const overlapping = (businessId: BusinessId, range: TimeRange.TimeRange) =>
    sql`SELECT ${columns(sql)} FROM bookings
      WHERE business_id = ${businessId} AND status = 'confirmed'
        AND tstzrange(starts_at, ends_at) && tstzrange(${DateTime.toDate(range.start)}, ${DateTime.toDate(range.end)})
      ORDER BY starts_at, id`.pipe(Effect.flatMap(decodeBookings), orPersistenceError("BookingRepository.overlapping"))

  const get = (bookingId: BookingId) =>
    sql`SELECT ${columns(sql)} FROM bookings WHERE id = ${bookingId}`.pipe(
      Effect.flatMap(one(bookingId)),
      orPersistenceError("BookingRepository.get"),
    )

  const cancel = (bookingId: BookingId, enqueue: ReadonlyArray<NewOutboxJob> = []) =>
    sql
      .withTransaction(
        Effect.gen(function* () {
          const now = yield* DateTime.now
          const current = yield* sql`SELECT ${columns(sql)} FROM bookings WHERE id = ${bookingId} FOR UPDATE`.pipe(
            Effect.flatMap(one(bookingId)),
          )
          // Cancelling twice changes nothing and schedules nothing new.
          if (current.status === "cancelled") return current
          const rows = yield* sql`UPDATE bookings SET status = 'cancelled', updated_at = ${DateTime.toDate(now)}
            WHERE id = ${bookingId} RETURNING ${columns(sql)}`
          yield* insertJobs(sql, enqueue, now)
          return yield* one(bookingId)(rows)
        }),
      )
      .pipe(orPersistenceError("BookingRepository.cancel"))

  const reschedule = (bookingId: BookingId, range: TimeRange.TimeRange, enqueue: ReadonlyArray<NewOutboxJob> = []) =>
    Effect.gen(function* () {
      const current = yield* get(bookingId)
      // A cancelled booking has no slot to move; callers book afresh instead.
      if (current.status === "cancelled") return yield* new BookingNotFound({ bookingId })
      const now = yield* DateTime.now
      return yield* sql
        .withTransaction(
          Effect.gen(function* () {
            const rows = yield* sql`UPDATE bookings
              SET starts_at = ${DateTime.toDate(range.start)}, ends_at = ${DateTime.toDate(range.end)},
                  updated_at = ${DateTime.toDate(now)}
              WHERE id = ${bookingId} AND status = 'confirmed' RETURNING ${columns(sql)}`
            const updated = yield* one(bookingId)(rows)
            yield* insertJobs(sql, enqueue, now)
            return updated
          }),
        )
        .pipe(slotTaken(current.businessId, range), orPersistenceError("BookingRepository.reschedule"))
    })

  const listByBusiness = (businessId: BusinessId, options?: { readonly limit?: number }) =>
    sql`SELECT ${columns(sql)} FROM bookings WHERE business_id = ${businessId}
      ORDER BY created_at DESC, id DESC
      ${options?.limit === undefined ? sql`` : sql`LIMIT ${options.limit}`}`.pipe(
      Effect.flatMap(decodeBookings),
      orPersistenceError("BookingRepository.listByBusiness"),
    )

  const upcomingByCustomerPhone = (businessId: BusinessId, phone: PhoneNumber, now: DateTime.Utc) =>
    sql`SELECT ${columns(sql)} FROM bookings
      WHERE business_id = ${businessId} AND customer_phone = ${phone} AND status = 'confirmed'
        AND starts_at > ${DateTime.toDate(now)}
      ORDER BY starts_at, id`.pipe(
      Effect.flatMap(decodeBookings),
      orPersistenceError("BookingRepository.upcomingByCustomerPhone"),
    )

  const setCalendarSync = (bookingId: BookingId, sync: CalendarSync, externalEventId?: EventId) =>
    Effect.gen(function* () {
      const now = yield* DateTime.now
      const rows = yield* sql`UPDATE bookings
        SET calendar_sync = ${sync}, external_event_id = COALESCE(${externalEventId ?? null}::text, external_event_id),
            updated_at = ${DateTime.toDate(now)}
        WHERE id = ${bookingId} RETURNING ${columns(sql)}`
      return yield* one(bookingId)(rows)
    }).pipe(orPersistenceError("BookingRepository.setCalendarSync"))

  return BookingRepository.of({
    insert,
    overlapping,
    get,
    cancel,
    reschedule,
    listByBusiness,
    upcomingByCustomerPhone,
    setCalendarSync,
  })
})

export const layer: Layer.Layer<BookingRepository, never, SqlClient> = Layer.effect(BookingRepository, make)
