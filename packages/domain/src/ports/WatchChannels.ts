import { Context, type Effect, type Option, Schema } from "effect"
import type { PersistenceError } from "../model/Errors.js"
import { BusinessId } from "../model/Ids.js"

/**
 * A push channel the calendar opened for one of a business's calendars: it POSTs change
 * notifications naming `id` and echoing `token` (a secret only Frontdesk and the calendar know).
 */
export class WatchChannel extends Schema.Class<WatchChannel>("WatchChannel")({
  id: Schema.String,
  businessId: BusinessId,
  calendarId: Schema.String,
  token: Schema.Redacted(Schema.String),
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
