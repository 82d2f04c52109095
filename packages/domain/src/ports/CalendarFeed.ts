import { Context, Data, type DateTime, type Effect } from "effect"
import type { Business } from "../model/Business.js"
import type { BookingId } from "../model/Ids.js"
import type { LocalDate } from "../model/LocalDate.js"
import type { TimeRange } from "../model/TimeRange.js"
import type { CalendarError } from "./CalendarError.js"

/** When an event starts or ends: an instant, or (all-day events) a date in the business's zone. */
export type EventTime =
  | { readonly _tag: "At"; readonly at: DateTime.Utc }
  /** All-day: the end date is exclusive, as calendars store it. */
  | { readonly _tag: "AllDay"; readonly date: LocalDate }

/** One event as a listing reports it; recurring events arrive as their single instances. */
export interface FeedEvent {
  readonly id: string
  readonly cancelled: boolean
  /** Shown as free ("transparent"): never blocks time. */
  readonly free: boolean
  /** Absent on cancelled events, which may arrive as little more than their id. */
  readonly start?: EventTime
  readonly end?: EventTime
  /** Frontdesk wrote it, for this booking (known from the event id even when the event is cancelled). */
  readonly bookingId?: BookingId
  /** The start Frontdesk last wrote into its own event; a different `start` means someone moved it. */
  readonly writtenStart?: DateTime.Utc
}

export interface FeedListing {
  readonly events: ReadonlyArray<FeedEvent>
  /** The cursor for the next incremental listing. */
  readonly nextSyncToken: string
}

/** The calendar no longer accepts the sync token (410 Gone): list everything again. */
export class SyncTokenExpired extends Data.TaggedError("SyncTokenExpired")<{
  readonly calendarId: string
  readonly cause?: unknown
}> {}

/** A channel the calendar accepted. */
export interface OpenedChannel {
  readonly resourceId: string
  readonly expiresAt: DateTime.Utc
}

/**
 * The business's external calendars as a stream of changes: listings (full over a range, then
 * incremental from a cursor) and push channels that say when to list again. The adapter knows
 * which calendars a business checks and writes to.
 */
export class CalendarFeed extends Context.Tag("@frontdesk/domain/CalendarFeed")<
  CalendarFeed,
  {
    /** Calendars whose busy time blocks bookings, and the one Frontdesk writes to. */
    readonly calendars: (
      business: Business,
    ) => Effect.Effect<{ readonly checked: ReadonlyArray<string>; readonly target: string }, CalendarError>
    /** Every page of a full listing over `range`, or of the changes since `syncToken`. */
    readonly list: (
      business: Business,
      calendarId: string,
      from:
        | { readonly _tag: "Full"; readonly range: TimeRange }
        | { readonly _tag: "Since"; readonly syncToken: string },
    ) => Effect.Effect<FeedListing, CalendarError | SyncTokenExpired>
    /** Asks the calendar to POST change notifications for `calendarId` to `address`. */
    readonly watch: (
      business: Business,
      calendarId: string,
      channel: {
        readonly id: string
        readonly token: string
        readonly address: string
        readonly ttlSeconds: number
      },
    ) => Effect.Effect<OpenedChannel, CalendarError>
    /** Stopping a channel that is gone already counts as done. */
    readonly stop: (
      business: Business,
      channel: { readonly id: string; readonly resourceId: string },
    ) => Effect.Effect<void, CalendarError>
    /** Refreshes the access token and reads each checked calendar once: the daily connection check. */
    readonly check: (business: Business) => Effect.Effect<void, CalendarError>
  }
>() {}
