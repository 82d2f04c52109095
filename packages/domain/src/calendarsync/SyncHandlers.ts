import { DateTime, Effect, Option, Schema } from "effect"
import type { BookingService } from "../booking/BookingService.js"
import * as CalendarConnection from "../followup/CalendarConnection.js"
import { JobFailure, type JobHandlers } from "../followup/OutboxWorker.js"
import type { Business } from "../model/Business.js"
import type { BookingRepository } from "../ports/BookingRepository.js"
import { Businesses } from "../ports/Businesses.js"
import { BusyCache } from "../ports/BusyCache.js"
import { type CalendarError, isRetryable } from "../ports/CalendarError.js"
import { CalendarFeed } from "../ports/CalendarFeed.js"
import { Outbox, type OutboxJob } from "../ports/Outbox.js"
import type { TokenVault } from "../ports/TokenVault.js"
import type { WatchChannels } from "../ports/WatchChannels.js"
import * as CalendarSync from "./CalendarSync.js"
import * as Channels from "./Channels.js"
import * as SyncJobs from "./SyncJobs.js"
import type { SyncSettings } from "./SyncSettings.js"

/** What the outbox worker does with the calendar sync's jobs (SyncJobs). */

export type SyncServices =
  | BusyCache
  | CalendarFeed
  | WatchChannels
  | SyncSettings
  | BookingService
  | BookingRepository
  | Businesses
  | TokenVault
  | Outbox

/** Listings repeated in one job when notifications keep arriving while it lists. */
const maxRounds = 3

const failure = (error: CalendarError | { readonly _tag: string; readonly message: string }) =>
  new JobFailure({
    message: `${error._tag}: ${error.message}`,
    permanent:
      error._tag === "CalendarError" ? !isRetryable(error as CalendarError) : error._tag === "BusinessNotFound",
    ...(error._tag === "CalendarError" && (error as CalendarError).retryAfter !== undefined
      ? { retryAfter: (error as CalendarError).retryAfter }
      : {}),
    cause: error,
  })

const decode =
  <A, I>(schema: Schema.Schema<A, I>) =>
  (job: OutboxJob) =>
    Schema.decodeUnknown(schema)(job.payload).pipe(
      Effect.mapError((cause) => new JobFailure({ message: `malformed ${job.kind} payload`, permanent: true, cause })),
    )

const businessOf = (businessId: Business["id"]) =>
  Effect.flatMap(Businesses, (businesses) => businesses.get(businessId)).pipe(Effect.mapError(failure))

/** Connected and still checking this calendar: only then is there anything to sync or watch. */
const stillWanted = (business: Business, calendarId: string) =>
  Effect.gen(function* () {
    const state = yield* CalendarConnection.connection(business).pipe(
      Effect.mapError((cause) => new JobFailure({ message: `token vault: ${cause.message}`, permanent: false, cause })),
    )
    if (state._tag !== "Connected") return false
    const feed = yield* CalendarFeed
    const calendars = yield* feed.calendars(business).pipe(Effect.mapError(failure))
    return calendars.checked.includes(calendarId)
  })

/** A calendar failure that needs the owner flags the connection before the job fails. */
const calling = <A, E extends { readonly _tag: string; readonly message: string }, R>(
  business: Business,
  effect: Effect.Effect<A, E, R>,
) =>
  effect.pipe(
    Effect.tapError((error) =>
      error._tag === "CalendarError"
        ? CalendarConnection.flagIfNeeded(business, error as unknown as CalendarError)
        : Effect.void,
    ),
    Effect.mapError(failure),
  )

const runSync = (job: OutboxJob) =>
  Effect.gen(function* () {
    const { businessId, calendarId } = yield* decode(SyncJobs.CalendarPayload)(job)
    const business = yield* businessOf(businessId)
    if (!(yield* stillWanted(business, calendarId))) return
    const cache = yield* BusyCache
    for (let round = 1; round <= maxRounds; round++) {
      yield* calling(business, CalendarSync.sync(business, calendarId))
      const state = yield* cache.state(business.id, calendarId).pipe(Effect.mapError(failure))
      if (Option.isNone(state) || state.value.pendingSince === undefined) return
    }
    return yield* Effect.fail(
      new JobFailure({ message: "the calendar kept changing while it was listed", permanent: false }),
    )
  })

const runWatch = (job: OutboxJob) =>
  Effect.gen(function* () {
    const { businessId, calendarId } = yield* decode(SyncJobs.CalendarPayload)(job)
    const business = yield* businessOf(businessId)
    if (!(yield* stillWanted(business, calendarId))) return
    // A refused channel (Google will not push to this address) is no reason to flag the connection:
    // the calendar is still readable, and the scheduler polls it instead.
    const opened = yield* Channels.open(business, calendarId).pipe(Effect.mapError(failure))
    // The first listing follows the watch: the copy must exist before a notification can refresh it.
    if (Option.isSome(opened)) {
      const outbox = yield* Outbox
      yield* outbox.enqueue([SyncJobs.sync(business.id, calendarId)]).pipe(Effect.mapError(failure))
    }
  })

const runStop = (job: OutboxJob) =>
  Effect.gen(function* () {
    const payload = yield* decode(SyncJobs.StopPayload)(job)
    const business = yield* Effect.flatMap(Businesses, (b) => b.get(payload.businessId)).pipe(Effect.option)
    // A revoked or disconnected business can no longer stop it at Google; it expires there on its own.
    const callable = Option.isSome(business)
      ? (yield* CalendarConnection.connection(business.value).pipe(Effect.orElseSucceed(() => undefined)))?._tag ===
        "Connected"
      : false
    yield* Channels.stop(callable ? business : Option.none(), {
      id: payload.channelId,
      resourceId: payload.resourceId,
    }).pipe(Effect.mapError(failure))
  })

/** The daily check: a token refresh and one read of each checked calendar; the next one is scheduled first. */
const runHealthCheck = (job: OutboxJob) =>
  Effect.gen(function* () {
    const { businessId } = yield* decode(SyncJobs.HealthPayload)(job)
    const business = yield* businessOf(businessId)
    const outbox = yield* Outbox
    const now = yield* DateTime.now
    const state = yield* CalendarConnection.connection(business).pipe(
      Effect.mapError((cause) => new JobFailure({ message: `token vault: ${cause.message}`, permanent: false, cause })),
    )
    if (state._tag !== "Connected") return
    yield* outbox
      .enqueue([SyncJobs.healthCheck(business.id, SyncJobs.nextHealthCheckAt(now))])
      .pipe(Effect.mapError(failure))
    const feed = yield* CalendarFeed
    yield* calling(business, feed.check(business))
  })

export const handlers: JobHandlers<SyncServices> = {
  "calendar.sync": { run: runSync },
  "calendar.watch": { run: runWatch },
  "calendar.stop_channel": { run: runStop },
  "calendar.health_check": { run: runHealthCheck },
}
