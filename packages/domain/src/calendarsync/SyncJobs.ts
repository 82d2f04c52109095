import { DateTime, Schema } from "effect"
import { BusinessId } from "../model/Ids.js"
import { NewOutboxJob } from "../ports/Outbox.js"

/**
 * The calendar sync's durable jobs, on the same outbox as the booking follow-ups, so whichever
 * instance is free runs them and a crash only delays them. Scheduled ones carry a `notBefore`.
 * Dedupe keys keep one live job per calendar for a sync or a watch, however many instances or
 * notifications ask.
 */

export const CalendarPayload = Schema.Struct({ businessId: BusinessId, calendarId: Schema.String })
export type CalendarPayload = typeof CalendarPayload.Type

export const StopPayload = Schema.Struct({
  businessId: BusinessId,
  channelId: Schema.String,
  resourceId: Schema.String,
})
export type StopPayload = typeof StopPayload.Type

export const HealthPayload = Schema.Struct({ businessId: BusinessId })

/** List the calendar's changes into the busy cache (and let owner edits flow back). */
export const sync = (businessId: BusinessId, calendarId: string): NewOutboxJob =>
  new NewOutboxJob({
    kind: "calendar.sync",
    payload: CalendarPayload.make({ businessId, calendarId }),
    dedupeKey: `calendar:sync:${businessId}:${calendarId}`,
  })

/**
 * The deferred listing after notifications Frontdesk's own writes explained: due `at`, and under
 * its own key, so an unexplained notification's listing (`sync`) still runs at once beside it, and
 * later explained notifications join this one instead of pushing it further out.
 */
export const verify = (businessId: BusinessId, calendarId: string, at: DateTime.Utc): NewOutboxJob =>
  new NewOutboxJob({
    kind: "calendar.sync",
    payload: CalendarPayload.make({ businessId, calendarId }),
    dedupeKey: `calendar:verify:${businessId}:${calendarId}`,
    notBefore: at,
  })

/** Open a channel on a calendar that has none. */
export const watch = (businessId: BusinessId, calendarId: string): NewOutboxJob =>
  new NewOutboxJob({
    kind: "calendar.watch",
    payload: CalendarPayload.make({ businessId, calendarId }),
    dedupeKey: `calendar:watch:${businessId}:${calendarId}`,
  })

/** Replace `channelId` with a fresh channel shortly before it expires. */
export const renew = (businessId: BusinessId, calendarId: string, channelId: string, at: DateTime.Utc) =>
  new NewOutboxJob({
    kind: "calendar.watch",
    payload: CalendarPayload.make({ businessId, calendarId }),
    dedupeKey: `calendar:renew:${channelId}`,
    notBefore: at,
  })

export const stop = (payload: StopPayload): NewOutboxJob =>
  new NewOutboxJob({
    kind: "calendar.stop_channel",
    payload: StopPayload.make(payload),
    dedupeKey: `calendar:stop:${payload.channelId}`,
  })

const dayMillis = 86_400_000
/** The daily check runs at 03:00 UTC, so every instance schedules the same one (same key, one job). */
const checkHourMillis = 3 * 3_600_000

/** The connection check due `at` (now for the first one), keyed by its UTC day. */
export const healthCheck = (businessId: BusinessId, at: DateTime.Utc): NewOutboxJob =>
  new NewOutboxJob({
    kind: "calendar.health_check",
    payload: { businessId },
    dedupeKey: `calendar:health:${businessId}:${Math.floor(DateTime.toEpochMillis(at) / dayMillis)}`,
    notBefore: at,
  })

/** When the check after one run at `now` is due: 03:00 UTC the next day. */
export const nextHealthCheckAt = (now: DateTime.Utc): DateTime.Utc =>
  DateTime.unsafeMake((Math.floor(DateTime.toEpochMillis(now) / dayMillis) + 1) * dayMillis + checkHourMillis)
