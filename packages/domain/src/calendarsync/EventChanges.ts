import { DateTime, Option } from "effect"
import type { Business } from "../model/Business.js"
import { boundary } from "../model/LocalDate.js"
import { zoneOf } from "../model/TimeZone.js"
import { CachedEvent } from "../ports/BusyCache.js"
import type { EventTime, FeedEvent } from "../ports/CalendarFeed.js"

/**
 * What a listed event means for availability: the interval it blocks, or nothing. Free
 * ("transparent") and cancelled events block nothing; an all-day event blocks its local days in
 * the business's zone (its end date is exclusive); recurring events arrive as single instances, so
 * each instance is one event here.
 */

const instantOf = (time: EventTime, business: Business): DateTime.Utc =>
  time._tag === "At" ? time.at : boundary(zoneOf(business.timezone), time.date, 0)

export const blocking = (event: FeedEvent, business: Business): Option.Option<CachedEvent> => {
  if (event.cancelled || event.free || event.start === undefined || event.end === undefined) return Option.none()
  const start = instantOf(event.start, business)
  const end = instantOf(event.end, business)
  if (!DateTime.lessThan(start, end)) return Option.none()
  return Option.some(
    new CachedEvent({
      eventId: event.id,
      start,
      end,
      ...(event.bookingId !== undefined ? { bookingId: event.bookingId } : {}),
    }),
  )
}

/** A listing as cache writes: what now blocks time, and which ids no longer do. */
export const partition = (events: ReadonlyArray<FeedEvent>, business: Business) => {
  const upserts: Array<CachedEvent> = []
  const removals: Array<string> = []
  for (const event of events) {
    Option.match(blocking(event, business), {
      onNone: () => removals.push(event.id),
      onSome: (cached) => upserts.push(cached),
    })
  }
  return { upserts, removals }
}

/**
 * What happened to one of Frontdesk's own events, if anything the booking must follow: deleted,
 * or moved (its start differs from the start Frontdesk last wrote). An event still at the start
 * Frontdesk wrote is ours as we left it, even when the booking has moved since (the update is on
 * its way), so it never drags a booking back.
 */
export type OwnEventEdit =
  | { readonly _tag: "Deleted"; readonly bookingId: NonNullable<FeedEvent["bookingId"]> }
  | { readonly _tag: "Moved"; readonly bookingId: NonNullable<FeedEvent["bookingId"]>; readonly start: DateTime.Utc }

export const ownEventEdit = (event: FeedEvent, business: Business): Option.Option<OwnEventEdit> => {
  if (event.bookingId === undefined) return Option.none()
  if (event.cancelled) return Option.some({ _tag: "Deleted", bookingId: event.bookingId })
  if (event.start === undefined || event.writtenStart === undefined) return Option.none()
  const start = instantOf(event.start, business)
  return DateTime.Equivalence(start, event.writtenStart)
    ? Option.none()
    : Option.some({ _tag: "Moved", bookingId: event.bookingId, start })
}
