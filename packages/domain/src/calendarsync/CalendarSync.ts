import { Array as Arr, DateTime, Effect, Option } from "effect"
import type { BookingService } from "../booking/BookingService.js"
import type { Business } from "../model/Business.js"
import type { PersistenceError } from "../model/Errors.js"
import * as TimeRange from "../model/TimeRange.js"
import type { BookingRepository } from "../ports/BookingRepository.js"
import { BusyCache } from "../ports/BusyCache.js"
import type { CalendarError } from "../ports/CalendarError.js"
import { CalendarFeed, type FeedEvent } from "../ports/CalendarFeed.js"
import type { Outbox } from "../ports/Outbox.js"
import * as EventChanges from "./EventChanges.js"
import * as OwnerEdits from "./OwnerEdits.js"

/**
 * Brings one calendar's copy in the busy cache up to date: a full listing the first time (and
 * after a 410, or once the horizon has slid too far), incremental listings from the sync token
 * after that. Then Frontdesk's own events that the owner moved or deleted flow back to their
 * bookings (OwnerEdits).
 */

/** Listed before now: an appointment running right now still blocks. */
const lookBehindDays = 1
/** Listed past the booking horizon, so the copy stays good for a week before it must be listed again. */
const horizonSlackDays = 7

/** The farthest instant an availability check may ask about: maxDaysAhead plus a day of alternatives. */
export const neededHorizon = (business: Business, now: DateTime.Utc): DateTime.Utc =>
  DateTime.add(now, { days: business.bookingRules.maxDaysAhead + 2 })

export type SyncKind = "full" | "incremental"

export const sync = (
  business: Business,
  calendarId: string,
): Effect.Effect<
  SyncKind,
  CalendarError | PersistenceError,
  BusyCache | CalendarFeed | BookingService | BookingRepository | Outbox
> =>
  Effect.gen(function* () {
    const cache = yield* BusyCache
    const feed = yield* CalendarFeed
    const startedAt = yield* DateTime.now
    const state = yield* cache.state(business.id, calendarId)
    const token = Option.flatMap(state, (s) => Option.fromNullable(s.syncToken))
    const horizonOk = Option.exists(
      state,
      (s) => s.horizonEnd !== undefined && !DateTime.lessThan(s.horizonEnd, neededHorizon(business, startedAt)),
    )

    const full = Effect.gen(function* () {
      const range = TimeRange.make(
        DateTime.subtract(startedAt, { days: lookBehindDays }),
        DateTime.add(neededHorizon(business, startedAt), { days: horizonSlackDays }),
      )
      const listing = yield* feed.list(business, calendarId, { _tag: "Full", range })
      const syncedAt = yield* DateTime.now
      yield* cache.replace(business.id, calendarId, EventChanges.partition(listing.events, business).upserts, {
        syncToken: listing.nextSyncToken,
        syncedAt,
        startedAt,
        horizonEnd: range.end,
      })
      return { kind: "full" as const, events: listing.events }
    })

    const incremental = (syncToken: string) =>
      Effect.gen(function* () {
        const listing = yield* feed.list(business, calendarId, { _tag: "Since", syncToken })
        const syncedAt = yield* DateTime.now
        yield* cache.apply(business.id, calendarId, EventChanges.partition(listing.events, business), {
          syncToken: listing.nextSyncToken,
          syncedAt,
          startedAt,
        })
        return { kind: "incremental" as const, events: listing.events }
      })

    const result = yield* Option.match(
      Option.filter(token, () => horizonOk),
      {
        onNone: () => full,
        onSome: (syncToken) =>
          incremental(syncToken).pipe(
            Effect.catchTag("SyncTokenExpired", () =>
              Effect.zipRight(
                Effect.logInfo("sync token expired: listing the calendar again").pipe(
                  Effect.annotateLogs({ businessId: business.id, calendarId }),
                ),
                full,
              ),
            ),
          ),
      },
    )
    const edits = Arr.getSomes(result.events.map((event: FeedEvent) => EventChanges.ownEventEdit(event, business)))
    yield* Effect.forEach(edits, (edit) => OwnerEdits.apply(business, edit), { discard: true })
    return result.kind
  }).pipe(
    // A full listing cannot fail with an expired token; the type still carries it from `list`.
    Effect.catchTag("SyncTokenExpired", (error) =>
      Effect.dieMessage(`sync token expired on a full listing: ${error.calendarId}`),
    ),
    Effect.withSpan("CalendarSync.sync", { attributes: { businessId: business.id, calendarId } }),
  )
