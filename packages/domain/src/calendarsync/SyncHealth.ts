import { DateTime, Duration, type Option } from "effect"
import type { SyncState } from "../ports/BusyCache.js"
import type { WatchChannel } from "../ports/WatchChannels.js"

/**
 * Whether a calendar's cached copy may answer an availability check instead of the calendar: it
 * has been fully listed over the range asked about, no notification is waiting to be listed, and
 * it is fresh — a live channel would have told us of any change, or a poll ran within two poll
 * intervals (one missed poll is tolerated; two mean the sync is not keeping up).
 */
export const cacheAnswers = (input: {
  readonly state: Option.Option<SyncState>
  readonly channels: ReadonlyArray<WatchChannel>
  readonly calendarId: string
  readonly rangeEnd: DateTime.Utc
  readonly now: DateTime.Utc
  readonly pollInterval: Duration.Duration
}): boolean => {
  if (input.state._tag === "None") return false
  const state = input.state.value
  if (state.syncToken === undefined || state.syncedAt === undefined || state.horizonEnd === undefined) return false
  if (state.pendingSince !== undefined) return false
  if (DateTime.lessThan(state.horizonEnd, input.rangeEnd)) return false
  if (hasLiveChannel(input.channels, input.calendarId, input.now)) return true
  const age = DateTime.distance(state.syncedAt, input.now)
  return age <= 2 * Duration.toMillis(input.pollInterval)
}

export const hasLiveChannel = (channels: ReadonlyArray<WatchChannel>, calendarId: string, now: DateTime.Utc) =>
  channels.some((channel) => channel.calendarId === calendarId && DateTime.greaterThan(channel.expiresAt, now))
