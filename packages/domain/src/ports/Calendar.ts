import { Context, type Effect, Schema } from "effect"
import type { Business } from "../model/Business.js"
import { BookingId, EventId } from "../model/Ids.js"
import type { TimeRange } from "../model/TimeRange.js"
import type { CalendarError } from "./CalendarError.js"

/** An appointment as it should appear in the business's calendar. */
export class CalendarEvent extends Schema.Class<CalendarEvent>("CalendarEvent")({
  /** Chosen by Frontdesk, deterministic per booking, so a retried insert never duplicates. */
  id: EventId,
  bookingId: BookingId,
  summary: Schema.String,
  description: Schema.String,
  start: Schema.DateTimeUtc,
  end: Schema.DateTimeUtc,
}) {}

/**
 * The business's external calendar. The business is passed whole: the adapter reads which
 * calendars to check and where to write from its `aiConfig`, and its time zone for event times.
 */
export class Calendar extends Context.Tag("@frontdesk/domain/Calendar")<
  Calendar,
  {
    /** Busy intervals over every calendar the business checks, excluding Frontdesk's own events. */
    readonly busy: (business: Business, range: TimeRange) => Effect.Effect<ReadonlyArray<TimeRange>, CalendarError>
    /** Creates the event; an event that already exists with this id counts as created. */
    readonly createEvent: (business: Business, event: CalendarEvent) => Effect.Effect<EventId, CalendarError>
    readonly updateEvent: (business: Business, event: CalendarEvent) => Effect.Effect<void, CalendarError>
    /** Deleting an event that is already gone counts as done. */
    readonly deleteEvent: (business: Business, eventId: EventId) => Effect.Effect<void, CalendarError>
  }
>() {}
