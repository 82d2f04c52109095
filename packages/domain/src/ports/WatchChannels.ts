import { Context, type Effect, type Option, Schema } from "effect"
import type { PersistenceError } from "../model/Errors.js"
import { BusinessId } from "../model/Ids.js"

/**
 * A push channel the calendar opened for one of a business's calendars: it POSTs change
 * notifications naming `id` and echoing the channel's token (a secret only Frontdesk and the
 * calendar know). Only the token's digest is kept (`SyncSettings.digest`), so a leaked row cannot
 * be replayed as a notification.
 */
export class WatchChannel extends Schema.Class<WatchChannel>("WatchChannel")({
  id: Schema.String,
  businessId: BusinessId,
  calendarId: Schema.String,
  /** sha256 of the token, lowercase hex. */
  tokenHash: Schema.String,
  /** The calendar's id for the watched resource; needed to stop the channel. */
  resourceId: Schema.String,
  expiresAt: Schema.DateTimeUtc,
  createdAt: Schema.DateTimeUtc,
}) {}

/** Open channels, shared by every instance: any of them may receive a notification or renew a channel. */
export class WatchChannels extends Context.Tag("@frontdesk/domain/WatchChannels")<
  WatchChannels,
  {
    readonly save: (channel: WatchChannel) => Effect.Effect<void, PersistenceError>
    readonly get: (id: string) => Effect.Effect<Option.Option<WatchChannel>, PersistenceError>
    /** The business's channels, newest first. */
    readonly forBusiness: (
      businessId: WatchChannel["businessId"],
    ) => Effect.Effect<ReadonlyArray<WatchChannel>, PersistenceError>
    /** Removing a channel that is gone already is a no-op. */
    readonly remove: (id: string) => Effect.Effect<void, PersistenceError>
  }
>() {}
