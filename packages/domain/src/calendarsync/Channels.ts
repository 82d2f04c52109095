import { DateTime, Duration, Effect, Option } from "effect"
import type { Business } from "../model/Business.js"
import type { PersistenceError } from "../model/Errors.js"
import { BusyCache } from "../ports/BusyCache.js"
import type { CalendarError } from "../ports/CalendarError.js"
import { CalendarFeed } from "../ports/CalendarFeed.js"
import { Outbox } from "../ports/Outbox.js"
import { WatchChannel, WatchChannels } from "../ports/WatchChannels.js"
import * as SyncJobs from "./SyncJobs.js"
import { SyncSettings } from "./SyncSettings.js"

/**
 * Push channels: opened on each checked calendar, replaced before they expire (the calendar never
 * renews one), stopped when they are no longer wanted, and the notifications they bring checked
 * against the channel's secret before anything is scheduled.
 */

/**
 * Opens a fresh channel on the calendar and schedules its renewal; older channels on the same
 * calendar are stopped once the new one is stored, so a renewal never leaves a gap.
 */
export const open = (
  business: Business,
  calendarId: string,
): Effect.Effect<
  Option.Option<WatchChannel>,
  CalendarError | PersistenceError,
  CalendarFeed | WatchChannels | Outbox | SyncSettings
> =>
  Effect.gen(function* () {
    const settings = yield* SyncSettings
    if (!settings.push || Option.isNone(settings.webhookAddress)) return Option.none()
    const feed = yield* CalendarFeed
    const channels = yield* WatchChannels
    const outbox = yield* Outbox
    const id = `fd-${yield* settings.newSecret}`
    const token = yield* settings.newSecret
    const tokenHash = yield* settings.digest(token)
    const opened = yield* feed.watch(business, calendarId, {
      id,
      token,
      address: settings.webhookAddress.value,
      ttlSeconds: Math.floor(Duration.toSeconds(settings.channelTtl)),
    })
    const now = yield* DateTime.now
    const channel = new WatchChannel({
      id,
      businessId: business.id,
      calendarId,
      tokenHash,
      resourceId: opened.resourceId,
      expiresAt: opened.expiresAt,
      createdAt: now,
    })
    yield* channels.save(channel)
    const older = (yield* channels.forBusiness(business.id)).filter(
      (other) => other.calendarId === calendarId && other.id !== id,
    )
    const renewAt = DateTime.max(
      now,
      DateTime.subtract(opened.expiresAt, { millis: Duration.toMillis(settings.renewBefore) }),
    )
    yield* outbox.enqueue([
      SyncJobs.renew(business.id, calendarId, id, renewAt),
      ...older.map((other) =>
        SyncJobs.stop({ businessId: business.id, channelId: other.id, resourceId: other.resourceId }),
      ),
    ])
    yield* Effect.logInfo("calendar push channel opened").pipe(
      Effect.annotateLogs({ businessId: business.id, calendarId, expiresAt: DateTime.formatIso(opened.expiresAt) }),
    )
    return Option.some(channel)
  })

/** Stops the channel at the calendar (when still possible) and forgets it. */
export const stop = (
  business: Option.Option<Business>,
  channel: { readonly id: string; readonly resourceId: string },
): Effect.Effect<void, CalendarError | PersistenceError, CalendarFeed | WatchChannels> =>
  Effect.gen(function* () {
    const feed = yield* CalendarFeed
    const channels = yield* WatchChannels
    if (Option.isSome(business)) yield* feed.stop(business.value, channel)
    yield* channels.remove(channel.id)
  })

/** Compares digests without stopping at the first difference. */
const sameSecret = (a: string, b: string): boolean => {
  let difference = a.length ^ b.length
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    difference |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0)
  }
  return difference === 0
}

export type Receipt = "accepted" | "unknown_channel" | "wrong_token"

/**
 * Frontdesk is about to write one of its own events on `calendarId`: the notification that write
 * causes is expected, so `receive` need not list the calendar for it (ADR 0012, amended 2026-12-02).
 */
export const expectOwnChange = (
  businessId: Business["id"],
  calendarId: string,
): Effect.Effect<void, PersistenceError, BusyCache | SyncSettings> =>
  Effect.gen(function* () {
    const settings = yield* SyncSettings
    const cache = yield* BusyCache
    const now = yield* DateTime.now
    yield* cache.expectOwnChange(
      businessId,
      calendarId,
      now,
      DateTime.subtract(now, { millis: Duration.toMillis(settings.ownChangeWindow) }),
    )
  })

/**
 * A notification from the calendar: only a known channel with its own token is believed (the
 * stored digest against the presented token's digest). One that an expected own write explains
 * leaves the copy answering and only makes sure a verification listing is due within the verify
 * delay. Any other marks the copy stale (availability asks the calendar until the listing ran) and
 * schedules the listing now; the `sync` message that follows a watch only schedules the first listing.
 */
export const receive = (notification: {
  readonly channelId: string
  readonly token: string | undefined
  readonly resourceState: string | undefined
}): Effect.Effect<Receipt, PersistenceError, WatchChannels | BusyCache | Outbox | SyncSettings> =>
  Effect.gen(function* () {
    const channels = yield* WatchChannels
    const settings = yield* SyncSettings
    const found = yield* channels.get(notification.channelId)
    if (Option.isNone(found)) return "unknown_channel" as const
    const channel = found.value
    if (notification.token === undefined) return "wrong_token" as const
    if (!sameSecret(yield* settings.digest(notification.token), channel.tokenHash)) return "wrong_token" as const
    const outbox = yield* Outbox
    if (notification.resourceState !== "sync") {
      const cache = yield* BusyCache
      const now = yield* DateTime.now
      const staleBefore = DateTime.subtract(now, { millis: Duration.toMillis(settings.ownChangeWindow) })
      if (yield* cache.claimOwnChange(channel.businessId, channel.calendarId, staleBefore)) {
        const at = DateTime.add(now, { millis: Duration.toMillis(settings.verifyDelay) })
        yield* outbox.enqueue([SyncJobs.verify(channel.businessId, channel.calendarId, at)])
        return "accepted" as const
      }
      yield* cache.markPending(channel.businessId, channel.calendarId, now)
    }
    yield* outbox.enqueue([SyncJobs.sync(channel.businessId, channel.calendarId)])
    return "accepted" as const
  })
