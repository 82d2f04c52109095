import { Context, type Effect, Schema } from "effect"
import type { Business } from "../model/Business.js"
import { BookingId, type EventId } from "../model/Ids.js"
import type { TimeRange } from "../model/TimeRange.js"
import type { CalendarError } from "./CalendarError.js"

/**
 * An appointment as it should appear in the business's calendar. It has no id of its own: each
 * calendar names a booking's event its own way, the same way every time, and says which id it used.
 */
export class CalendarEvent extends Schema.Class<CalendarEvent>("CalendarEvent")({
  /** The booking it shows; at most one event per booking. */
  bookingId: BookingId,
  summary: Schema.String,
  description: Schema.String,
  start: Schema.DateTimeUtc,
  end: Schema.DateTimeUtc,
}) {}

/** One calendar of the connected account, as the owner picks which are checked and which receives events. */
export class CalendarListEntry extends Schema.Class<CalendarListEntry>("CalendarListEntry")({
  id: Schema.String,
  summary: Schema.String,
  primary: Schema.Boolean,
  /** The account may add events to it (owner or writer). */
  writable: Schema.Boolean,
}) {}

/**
 * The business's external calendar. The business is passed whole: the adapter reads which
 * calendars to check and where to write from its `aiConfig` (its own settings there), and its time
 * zone for event times.
 *
 * Writes are safe to repeat, because a follow-up may run again after a lost answer or a crash: the
 * event id is derived from the booking, so a second create or update finds the event the first made.
 * The testkit's CalendarContract pins this for every implementation.
 */
export class Calendar extends Context.Tag("@frontdesk/domain/Calendar")<
  Calendar,
  {
    /** Busy intervals over every calendar the business checks, excluding Frontdesk's own events. */
    readonly busy: (business: Business, range: TimeRange) => Effect.Effect<ReadonlyArray<TimeRange>, CalendarError>
    /** Creates the booking's event and returns its id; one that already exists for the booking counts as created. */
    readonly createEvent: (business: Business, event: CalendarEvent) => Effect.Effect<EventId, CalendarError>
    /**
     * Makes the booking's event match, or re-creates it when it is missing (its create never got
     * through, or someone deleted it); returns its id, the one `createEvent` gives.
     */
    readonly updateEvent: (business: Business, event: CalendarEvent) => Effect.Effect<EventId, CalendarError>
    /** Deleting an event that is already gone counts as done. */
    readonly deleteEvent: (business: Business, eventId: EventId) => Effect.Effect<void, CalendarError>
    /** The connected account's calendars (Google's calendarList), primary first. */
    readonly listCalendars: (business: Business) => Effect.Effect<ReadonlyArray<CalendarListEntry>, CalendarError>
  }
>() {}
