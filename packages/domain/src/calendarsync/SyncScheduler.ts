import { DateTime, Duration, Effect, Option, Ref } from "effect"
import * as CalendarConnection from "../followup/CalendarConnection.js"
import type { Business } from "../model/Business.js"
import type { PersistenceError } from "../model/Errors.js"
import type { BusinessId } from "../model/Ids.js"
import { Businesses } from "../ports/Businesses.js"
import { BusyCache } from "../ports/BusyCache.js"
import { CalendarFeed } from "../ports/CalendarFeed.js"
import { type NewOutboxJob, Outbox } from "../ports/Outbox.js"
import type { TokenVault } from "../ports/TokenVault.js"
import { WatchChannels } from "../ports/WatchChannels.js"
import { hasLiveChannel } from "./SyncHealth.js"
import * as SyncJobs from "./SyncJobs.js"
import { SyncSettings } from "./SyncSettings.js"

/**
 * Decides, every poll interval on every instance, which calendar jobs are due, and enqueues them
 * (the dedupe keys make the instances' decisions one job): a watch for each checked calendar with
 * no live channel, a listing for each calendar that is only polled and due, a stop for channels
 * no longer wanted (disconnected, calendar unchecked), and the first daily connection check.
 */

export interface Memory {
  /** Businesses whose daily check this instance has seeded. */
  readonly seeded: Ref.Ref<ReadonlySet<BusinessId>>
  /** Last time this instance asked for a watch on a calendar, so a refused watch is not retried every tick. */
  readonly watchAsked: Ref.Ref<ReadonlyMap<string, number>>
}

export const makeMemory: Effect.Effect<Memory> = Effect.all({
  seeded: Ref.make<ReadonlySet<BusinessId>>(new Set()),
  watchAsked: Ref.make<ReadonlyMap<string, number>>(new Map()),
})

/** A calendar whose watch was asked for is not asked again before this many poll intervals. */
const watchRetryPolls = 10

const wantsSync = (business: Business) =>
  business.aiConfig.integrations.providers.google_calendar?.check_availability !== false

export const tick = (
  memory: Memory,
): Effect.Effect<
  number,
  PersistenceError,
  Businesses | BusyCache | CalendarFeed | WatchChannels | Outbox | SyncSettings | TokenVault
> =>
  Effect.gen(function* () {
    const settings = yield* SyncSettings
    const cache = yield* BusyCache
    const feed = yield* CalendarFeed
    const channels = yield* WatchChannels
    const outbox = yield* Outbox
    const now = yield* DateTime.now
    const nowMillis = DateTime.toEpochMillis(now)
    const poll = Duration.toMillis(settings.pollInterval)
    const pushing = settings.push && Option.isSome(settings.webhookAddress)
    const jobs: Array<NewOutboxJob> = []

    for (const business of yield* Effect.flatMap(Businesses, (b) => b.list)) {
      const open = yield* channels.forBusiness(business.id)
      const connection = yield* CalendarConnection.connection(business).pipe(
        Effect.orElseSucceed((): CalendarConnection.Connection => ({ _tag: "NotConnected", reason: "vault" })),
      )
      const calendars =
        connection._tag === "Connected" && wantsSync(business)
          ? yield* feed.calendars(business).pipe(Effect.option)
          : Option.none()
      const checked: ReadonlyArray<string> = Option.match(calendars, { onNone: () => [], onSome: (c) => c.checked })
      for (const channel of open) {
        if (!checked.includes(channel.calendarId) || !pushing) {
          jobs.push(SyncJobs.stop({ businessId: business.id, channelId: channel.id, resourceId: channel.resourceId }))
        }
      }
      if (checked.length === 0) continue
      const seeded = yield* Ref.get(memory.seeded)
      if (!seeded.has(business.id)) {
        jobs.push(SyncJobs.healthCheck(business.id, now))
        yield* Ref.set(memory.seeded, new Set([...seeded, business.id]))
      }
      for (const calendarId of checked) {
        const live = hasLiveChannel(open, calendarId, now)
        if (pushing && !live) {
          const key = `${business.id}\u0000${calendarId}`
          const asked = (yield* Ref.get(memory.watchAsked)).get(key)
          if (asked === undefined || nowMillis - asked >= watchRetryPolls * poll) {
            jobs.push(SyncJobs.watch(business.id, calendarId))
            yield* Ref.update(memory.watchAsked, (all) => new Map([...all, [key, nowMillis]]))
          }
        }
        const state = yield* cache.state(business.id, calendarId)
        const syncedAt = Option.flatMap(state, (s) => Option.fromNullable(s.syncedAt))
        const due = Option.match(syncedAt, {
          onNone: () => true,
          onSome: (at) => !live && nowMillis - DateTime.toEpochMillis(at) >= poll,
        })
        if (due) jobs.push(SyncJobs.sync(business.id, calendarId))
      }
    }
    yield* outbox.enqueue(jobs)
    return jobs.length
  })

/** Ticks forever, one poll interval apart; a failed tick is logged and the next one tries again. */
export const run = (memory: Memory) =>
  Effect.gen(function* () {
    const settings = yield* SyncSettings
    yield* tick(memory).pipe(
      Effect.catchAll((error) =>
        Effect.logError("calendar sync scheduling failed").pipe(Effect.annotateLogs({ error: error.message })),
      ),
    )
    // Half the interval: a calendar is listed again between one and one and a half intervals after the last.
    yield* Effect.sleep(Duration.millis(Duration.toMillis(settings.pollInterval) / 2))
  }).pipe(Effect.forever)
