import { Clock, DateTime, Effect, HashMap, Layer, Option, Ref } from "effect"
import type { Business } from "../model/Business.js"
import type { BusinessId } from "../model/Ids.js"
import * as TimeRange from "../model/TimeRange.js"
import { BusyCache } from "../ports/BusyCache.js"
import { Calendar } from "../ports/Calendar.js"
import { CalendarFeed } from "../ports/CalendarFeed.js"
import { WatchChannels } from "../ports/WatchChannels.js"
import * as Channels from "./Channels.js"
import { cacheAnswers } from "./SyncHealth.js"
import { SyncSettings } from "./SyncSettings.js"

/**
 * The Calendar port with availability answered from the busy cache whenever every checked
 * calendar's copy is healthy (SyncHealth): no request to the calendar while a caller waits.
 * Otherwise the live calendar answers, and its answer is remembered briefly, so the check a caller
 * triggers when naming a time and the check at "yes" a few seconds later cost one request, not two.
 * Writes pass through, each announced first as an expected own change of the calendar written to
 * (Channels.expectOwnChange), so the notification it causes costs no listing.
 */

/** Long enough to cover one call's read-back and "yes"; short enough that a stale answer does not linger. */
export const memoMillis = 30_000

interface Memo {
  readonly range: TimeRange.TimeRange
  readonly busy: ReadonlyArray<TimeRange.TimeRange>
  readonly at: number
}

const within = (inner: TimeRange.TimeRange, outer: TimeRange.TimeRange) =>
  !DateTime.lessThan(inner.start, outer.start) && !DateTime.greaterThan(inner.end, outer.end)

const clip = (busy: ReadonlyArray<TimeRange.TimeRange>, range: TimeRange.TimeRange) =>
  busy.flatMap((block) => {
    const start = DateTime.max(block.start, range.start)
    const end = DateTime.min(block.end, range.end)
    return DateTime.lessThan(start, end) ? [TimeRange.make(start, end)] : []
  })

export const make = Effect.gen(function* () {
  const live = yield* Calendar
  const cache = yield* BusyCache
  const feed = yield* CalendarFeed
  const channels = yield* WatchChannels
  const settings = yield* SyncSettings
  const memos = yield* Ref.make(HashMap.empty<BusinessId, Memo>())

  /** The cached busy time, when every checked calendar's copy may answer; storage trouble means "ask the calendar". */
  const fromCache = (business: Business, range: TimeRange.TimeRange) =>
    Effect.gen(function* () {
      const calendars = yield* feed.calendars(business)
      const now = yield* DateTime.now
      const open = yield* channels.forBusiness(business.id)
      for (const calendarId of calendars.checked) {
        const state = yield* cache.state(business.id, calendarId)
        const healthy = cacheAnswers({
          state,
          channels: open,
          calendarId,
          rangeEnd: range.end,
          now,
          pollInterval: settings.pollInterval,
        })
        if (!healthy) return Option.none()
      }
      const events = yield* cache.events(business.id, calendars.checked, range)
      // Frontdesk's own events are left out, as the live adapter does: their bookings block that time.
      return Option.some(
        clip(
          events
            .filter((event) => event.bookingId === undefined)
            .map((event) => TimeRange.make(event.start, event.end)),
          range,
        ),
      )
    }).pipe(Effect.orElseSucceed(() => Option.none<ReadonlyArray<TimeRange.TimeRange>>()))

  const remembered = (business: Business, range: TimeRange.TimeRange) =>
    Effect.gen(function* () {
      const now = yield* Clock.currentTimeMillis
      const memo = HashMap.get(yield* Ref.get(memos), business.id)
      return Option.filter(memo, (m) => now - m.at < memoMillis && within(range, m.range)).pipe(
        Option.map((m) => clip(m.busy, range)),
      )
    })

  const busy: Calendar["Type"]["busy"] = (business, range) =>
    Effect.gen(function* () {
      const cached = yield* fromCache(business, range)
      if (Option.isSome(cached)) return cached.value
      const memo = yield* remembered(business, range)
      if (Option.isSome(memo)) return memo.value
      const answer = yield* live.busy(business, range)
      const at = yield* Clock.currentTimeMillis
      yield* Ref.update(memos, HashMap.set(business.id, { range, busy: answer, at }))
      return answer
    })

  const pushing = settings.push && Option.isSome(settings.webhookAddress)

  /**
   * Recorded before the write, so its notification can never arrive first. Only with push (polling
   * gets no notifications) and only for a checked calendar (only those have channels). Trouble here
   * costs the write nothing: its notification is then simply listed.
   */
  const announced = <A, E>(business: Business, write: Effect.Effect<A, E>) =>
    Effect.zipRight(
      pushing
        ? Effect.gen(function* () {
            const calendars = yield* feed.calendars(business)
            if (calendars.checked.includes(calendars.target)) {
              yield* Channels.expectOwnChange(business.id, calendars.target).pipe(
                Effect.provideService(BusyCache, cache),
                Effect.provideService(SyncSettings, settings),
              )
            }
          }).pipe(Effect.ignore)
        : Effect.void,
      write,
    )

  return Calendar.of({
    ...live,
    busy,
    createEvent: (business, event) => announced(business, live.createEvent(business, event)),
    updateEvent: (business, event) => announced(business, live.updateEvent(business, event)),
    deleteEvent: (business, eventId) => announced(business, live.deleteEvent(business, eventId)),
  })
})

/** Over the live Calendar it decorates (provide that one underneath). */
export const layer: Layer.Layer<Calendar, never, Calendar | BusyCache | CalendarFeed | WatchChannels | SyncSettings> =
  Layer.effect(Calendar, make)
