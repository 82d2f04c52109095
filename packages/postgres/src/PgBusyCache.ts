import { SqlClient } from "@effect/sql/SqlClient"
import type { BusinessId } from "@frontdesk/domain/model/Ids"
import { BusyCache, CachedEvent, SyncState, type SyncWrite } from "@frontdesk/domain/ports/BusyCache"
import { Array as Arr, DateTime, Effect, Layer, Option, Schema } from "effect"
import { orPersistenceError } from "./PgErrors.js"

const StateRow = Schema.Struct({
  business_id: Schema.String,
  calendar_id: Schema.String,
  sync_token: Schema.NullOr(Schema.String),
  synced_at: Schema.NullOr(Schema.DateFromSelf),
  horizon_end: Schema.NullOr(Schema.DateFromSelf),
  pending_since: Schema.NullOr(Schema.DateFromSelf),
})

const EventRow = Schema.Struct({
  event_id: Schema.String,
  starts_at: Schema.DateFromSelf,
  ends_at: Schema.DateFromSelf,
  booking_id: Schema.NullOr(Schema.String),
})

const decodeStates = Schema.decodeUnknown(Schema.Array(StateRow))
const decodeEvents = Schema.decodeUnknown(Schema.Array(EventRow))
const decodeState = Schema.decodeUnknown(SyncState)
const decodeEvent = Schema.decodeUnknown(CachedEvent)

const iso = (date: Date | null) => (date === null ? undefined : date.toISOString())

const toState = (row: typeof StateRow.Type) =>
  decodeState({
    businessId: row.business_id,
    calendarId: row.calendar_id,
    ...(row.sync_token === null ? {} : { syncToken: row.sync_token }),
    ...(row.synced_at === null ? {} : { syncedAt: iso(row.synced_at) }),
    ...(row.horizon_end === null ? {} : { horizonEnd: iso(row.horizon_end) }),
    ...(row.pending_since === null ? {} : { pendingSince: iso(row.pending_since) }),
  })

const toEvent = (row: typeof EventRow.Type) =>
  decodeEvent({
    eventId: row.event_id,
    start: row.starts_at.toISOString(),
    end: row.ends_at.toISOString(),
    ...(row.booking_id === null ? {} : { bookingId: row.booking_id }),
  })

/** Inserted in slices: one statement per few hundred events keeps the parameter count well under Postgres's limit. */
const INSERT_SLICE = 500

export const make: Effect.Effect<BusyCache["Type"], never, SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient

  const eventRows = (businessId: BusinessId, calendarId: string, events: ReadonlyArray<CachedEvent>) =>
    events.map((event) => ({
      business_id: businessId,
      calendar_id: calendarId,
      event_id: event.eventId,
      starts_at: DateTime.toDate(event.start),
      ends_at: DateTime.toDate(event.end),
      booking_id: event.bookingId ?? null,
    }))

  const upsertEvents = (businessId: BusinessId, calendarId: string, events: ReadonlyArray<CachedEvent>) =>
    Effect.forEach(
      Arr.chunksOf(eventRows(businessId, calendarId, events), INSERT_SLICE),
      (rows) =>
        sql`INSERT INTO calendar_busy_events ${sql.insert(rows)}
          ON CONFLICT (business_id, calendar_id, event_id) DO UPDATE
          SET starts_at = EXCLUDED.starts_at, ends_at = EXCLUDED.ends_at, booking_id = EXCLUDED.booking_id`,
      { discard: true },
    )

  /** Writes the cursor; a notification newer than the listing's start keeps the copy pending. */
  const writeState = (businessId: BusinessId, calendarId: string, write: SyncWrite, horizonEnd?: DateTime.Utc) =>
    sql`INSERT INTO calendar_sync_state (business_id, calendar_id, sync_token, synced_at, horizon_end)
      VALUES (${businessId}, ${calendarId}, ${write.syncToken}, ${DateTime.toDate(write.syncedAt)},
        ${horizonEnd === undefined ? null : DateTime.toDate(horizonEnd)})
      ON CONFLICT (business_id, calendar_id) DO UPDATE SET
        sync_token = EXCLUDED.sync_token,
        synced_at = EXCLUDED.synced_at,
        horizon_end = COALESCE(EXCLUDED.horizon_end, calendar_sync_state.horizon_end),
        pending_since = CASE WHEN calendar_sync_state.pending_since > ${DateTime.toDate(write.startedAt)}
          THEN calendar_sync_state.pending_since ELSE NULL END`

  const state = (businessId: BusinessId, calendarId: string) =>
    sql`SELECT business_id, calendar_id, sync_token, synced_at, horizon_end, pending_since FROM calendar_sync_state
      WHERE business_id = ${businessId} AND calendar_id = ${calendarId}`.pipe(
      Effect.flatMap(decodeStates),
      Effect.flatMap((rows) =>
        rows[0] === undefined ? Effect.succeed(Option.none()) : Effect.map(toState(rows[0]), Option.some),
      ),
      orPersistenceError("BusyCache.state"),
    )

  const replace: BusyCache["Type"]["replace"] = (businessId, calendarId, events, write) =>
    sql
      .withTransaction(
        Effect.gen(function* () {
          yield* writeState(businessId, calendarId, write, write.horizonEnd)
          yield* sql`DELETE FROM calendar_busy_events WHERE business_id = ${businessId} AND calendar_id = ${calendarId}`
          yield* upsertEvents(businessId, calendarId, events)
        }),
      )
      .pipe(orPersistenceError("BusyCache.replace"))

  const apply: BusyCache["Type"]["apply"] = (businessId, calendarId, changes, write) =>
    sql
      .withTransaction(
        Effect.gen(function* () {
          yield* writeState(businessId, calendarId, write)
          if (changes.removals.length > 0) {
            yield* sql`DELETE FROM calendar_busy_events WHERE business_id = ${businessId}
              AND calendar_id = ${calendarId} AND event_id IN ${sql.in(changes.removals)}`
          }
          yield* upsertEvents(businessId, calendarId, changes.upserts)
        }),
      )
      .pipe(orPersistenceError("BusyCache.apply"))

  const markPending: BusyCache["Type"]["markPending"] = (businessId, calendarId, at) =>
    sql`INSERT INTO calendar_sync_state (business_id, calendar_id, pending_since)
      VALUES (${businessId}, ${calendarId}, ${DateTime.toDate(at)})
      ON CONFLICT (business_id, calendar_id) DO UPDATE
      SET pending_since = GREATEST(calendar_sync_state.pending_since, EXCLUDED.pending_since)`.pipe(
      Effect.asVoid,
      orPersistenceError("BusyCache.markPending"),
    )

  const events: BusyCache["Type"]["events"] = (businessId, calendarIds, range) =>
    (calendarIds.length === 0
      ? Effect.succeed([])
      : sql`SELECT event_id, starts_at, ends_at, booking_id FROM calendar_busy_events
          WHERE business_id = ${businessId} AND calendar_id IN ${sql.in(calendarIds)}
            AND starts_at < ${DateTime.toDate(range.end)} AND ends_at > ${DateTime.toDate(range.start)}
          ORDER BY starts_at, event_id`.pipe(
          Effect.flatMap(decodeEvents),
          Effect.flatMap((rows) => Effect.forEach(rows, toEvent)),
        )
    ).pipe(orPersistenceError("BusyCache.events"))

  // One statement each, so concurrent instances count and use expectations without a lost update.
  const expectOwnChange: BusyCache["Type"]["expectOwnChange"] = (businessId, calendarId, at, staleBefore) =>
    sql`INSERT INTO calendar_own_changes (business_id, calendar_id, expected, expected_at)
      VALUES (${businessId}, ${calendarId}, 1, ${DateTime.toDate(at)})
      ON CONFLICT (business_id, calendar_id) DO UPDATE SET
        expected = CASE WHEN calendar_own_changes.expected_at < ${DateTime.toDate(staleBefore)}
          THEN 1 ELSE calendar_own_changes.expected + 1 END,
        expected_at = GREATEST(calendar_own_changes.expected_at, EXCLUDED.expected_at)`.pipe(
      Effect.asVoid,
      orPersistenceError("BusyCache.expectOwnChange"),
    )

  const claimOwnChange: BusyCache["Type"]["claimOwnChange"] = (businessId, calendarId, staleBefore) =>
    sql`UPDATE calendar_own_changes SET expected = expected - 1
      WHERE business_id = ${businessId} AND calendar_id = ${calendarId}
        AND expected > 0 AND expected_at >= ${DateTime.toDate(staleBefore)}
      RETURNING expected`.pipe(
      Effect.map((rows) => rows.length > 0),
      orPersistenceError("BusyCache.claimOwnChange"),
    )

  const forget: BusyCache["Type"]["forget"] = (businessId, calendarId) =>
    sql
      .withTransaction(
        Effect.zipRight(
          sql`DELETE FROM calendar_own_changes WHERE business_id = ${businessId} AND calendar_id = ${calendarId}`,
          sql`DELETE FROM calendar_sync_state WHERE business_id = ${businessId} AND calendar_id = ${calendarId}`,
        ),
      )
      .pipe(Effect.asVoid, orPersistenceError("BusyCache.forget"))

  return BusyCache.of({ state, replace, apply, markPending, expectOwnChange, claimOwnChange, events, forget })
})

export const layer: Layer.Layer<BusyCache, never, SqlClient> = Layer.effect(BusyCache, make)
