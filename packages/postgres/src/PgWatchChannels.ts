import { SqlClient } from "@effect/sql/SqlClient"
import { WatchChannel, WatchChannels } from "@frontdesk/domain/ports/WatchChannels"
import { DateTime, Effect, Layer, Option, Schema } from "effect"
import { orPersistenceError } from "./PgErrors.js"

const ChannelRow = Schema.Struct({
  id: Schema.String,
  business_id: Schema.String,
  calendar_id: Schema.String,
  token_hash: Schema.String,
  resource_id: Schema.String,
  expires_at: Schema.DateFromSelf,
  created_at: Schema.DateFromSelf,
})

const decodeRows = Schema.decodeUnknown(Schema.Array(ChannelRow))
const decodeChannel = Schema.decodeUnknown(WatchChannel)

const toChannel = (row: typeof ChannelRow.Type) =>
  decodeChannel({
    id: row.id,
    businessId: row.business_id,
    calendarId: row.calendar_id,
    tokenHash: row.token_hash,
    resourceId: row.resource_id,
    expiresAt: row.expires_at.toISOString(),
    createdAt: row.created_at.toISOString(),
  })

const columns = (sql: SqlClient) => sql`id, business_id, calendar_id, token_hash, resource_id, expires_at, created_at`

export const make: Effect.Effect<WatchChannels["Type"], never, SqlClient> = Effect.gen(function* () {
  const sql = yield* SqlClient

  const save: WatchChannels["Type"]["save"] = (channel) =>
    sql`INSERT INTO calendar_watch_channels ${sql.insert({
      id: channel.id,
      business_id: channel.businessId,
      calendar_id: channel.calendarId,
      token_hash: channel.tokenHash,
      resource_id: channel.resourceId,
      expires_at: DateTime.toDate(channel.expiresAt),
      created_at: DateTime.toDate(channel.createdAt),
    })} ON CONFLICT (id) DO UPDATE SET resource_id = EXCLUDED.resource_id, expires_at = EXCLUDED.expires_at`.pipe(
      Effect.asVoid,
      orPersistenceError("WatchChannels.save"),
    )

  const get: WatchChannels["Type"]["get"] = (id) =>
    sql`SELECT ${columns(sql)} FROM calendar_watch_channels WHERE id = ${id}`.pipe(
      Effect.flatMap(decodeRows),
      Effect.flatMap((rows) =>
        rows[0] === undefined ? Effect.succeed(Option.none()) : Effect.map(toChannel(rows[0]), Option.some),
      ),
      orPersistenceError("WatchChannels.get"),
    )

  const forBusiness: WatchChannels["Type"]["forBusiness"] = (businessId) =>
    sql`SELECT ${columns(sql)} FROM calendar_watch_channels WHERE business_id = ${businessId}
      ORDER BY created_at DESC, id`.pipe(
      Effect.flatMap(decodeRows),
      Effect.flatMap((rows) => Effect.forEach(rows, toChannel)),
      orPersistenceError("WatchChannels.forBusiness"),
    )

  const remove: WatchChannels["Type"]["remove"] = (id) =>
    sql`DELETE FROM calendar_watch_channels WHERE id = ${id}`.pipe(
      Effect.asVoid,
      orPersistenceError("WatchChannels.remove"),
    )

  return WatchChannels.of({ save, get, forBusiness, remove })
})

export const layer: Layer.Layer<WatchChannels, never, SqlClient> = Layer.effect(WatchChannels, make)
