import { Context, type DateTime, type Effect, type Option, Schema } from "effect"
import type { PersistenceError } from "../model/Errors.js"
import { BookingId, BusinessId } from "../model/Ids.js"
import type { TimeRange } from "../model/TimeRange.js"

/** One event that blocks time, as the busy cache keeps it (free and cancelled events are not kept). */
export class CachedEvent extends Schema.Class<CachedEvent>("CachedEvent")({
  eventId: Schema.String,
  start: Schema.DateTimeUtc,
  end: Schema.DateTimeUtc,
  /** Set for Frontdesk's own events: the booking already blocks that time, so `busy` leaves them out. */
  bookingId: Schema.optional(BookingId),
}) {}

/** How far one calendar's copy has got. */
export class SyncState extends Schema.Class<SyncState>("SyncState")({
  businessId: BusinessId,
  calendarId: Schema.String,
  /** The calendar's cursor for the next incremental listing; absent before the first full sync. */
  syncToken: Schema.optional(Schema.String),
  /** When the last listing finished. */
  syncedAt: Schema.optional(Schema.DateTimeUtc),
  /** The full listing covered events up to here; later time is not known to the cache. */
  horizonEnd: Schema.optional(Schema.DateTimeUtc),
  /** A change notification arrived and has not been listed yet: the copy is stale. */
  pendingSince: Schema.optional(Schema.DateTimeUtc),
}) {}

/** What one listing changed, written with the cursor it ends at. */
export interface SyncWrite {
  readonly syncToken: string
  readonly syncedAt: DateTime.Utc
  /** When the listing started: a notification later than this keeps the copy pending. */
  readonly startedAt: DateTime.Utc
}

/**
 * A copy of the busy time in a business's external calendars, kept current by incremental sync
 * (calendarsync/CalendarSync) and shared by every server instance, so an availability check can be
 * answered without asking the calendar while the caller waits.
 */
export class BusyCache extends Context.Tag("@frontdesk/domain/BusyCache")<
  BusyCache,
  {
    readonly state: (
      businessId: BusinessId,
      calendarId: string,
    ) => Effect.Effect<Option.Option<SyncState>, PersistenceError>
    /** A full listing: the calendar's events become exactly `events`. */
    readonly replace: (
      businessId: BusinessId,
      calendarId: string,
      events: ReadonlyArray<CachedEvent>,
      write: SyncWrite & { readonly horizonEnd: DateTime.Utc },
    ) => Effect.Effect<void, PersistenceError>
    /** An incremental listing: `upserts` replace events by id, `removals` (cancelled, now free) go. */
    readonly apply: (
      businessId: BusinessId,
      calendarId: string,
      changes: { readonly upserts: ReadonlyArray<CachedEvent>; readonly removals: ReadonlyArray<string> },
      write: SyncWrite,
    ) => Effect.Effect<void, PersistenceError>
    /** A notification said the calendar changed; the copy is stale until the next listing. */
    readonly markPending: (
      businessId: BusinessId,
      calendarId: string,
      at: DateTime.Utc,
    ) => Effect.Effect<void, PersistenceError>
    /** Cached events of these calendars overlapping `range`, Frontdesk's own included (they carry a bookingId). */
    readonly events: (
      businessId: BusinessId,
      calendarIds: ReadonlyArray<string>,
      range: TimeRange,
    ) => Effect.Effect<ReadonlyArray<CachedEvent>, PersistenceError>
    /**
     * Frontdesk is about to write one of its own events on this calendar: the notification the write
     * will cause is expected. Outstanding expectations recorded before `staleBefore` are dropped first,
     * so a write that never caused a notification stops explaining others.
     */
    readonly expectOwnChange: (
      businessId: BusinessId,
      calendarId: string,
      at: DateTime.Utc,
      staleBefore: DateTime.Utc,
    ) => Effect.Effect<void, PersistenceError>
    /**
     * A notification arrived: uses up one outstanding expectation recorded at or after `staleBefore`,
     * atomically (two instances never use the same one). False when none explains it.
     */
    readonly claimOwnChange: (
      businessId: BusinessId,
      calendarId: string,
      staleBefore: DateTime.Utc,
    ) => Effect.Effect<boolean, PersistenceError>
    /** Drops the calendar's copy and cursor (disconnect, calendar no longer checked). */
    readonly forget: (businessId: BusinessId, calendarId: string) => Effect.Effect<void, PersistenceError>
  }
>() {}
