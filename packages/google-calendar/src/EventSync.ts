import type { Business } from "@frontdesk/domain/model/Business"
import type { BusinessId } from "@frontdesk/domain/model/Ids"
import type { LocalDate } from "@frontdesk/domain/model/LocalDate"
import { CalendarError } from "@frontdesk/domain/ports/CalendarError"
import { CalendarFeed, type EventTime, type FeedEvent, SyncTokenExpired } from "@frontdesk/domain/ports/CalendarFeed"
import type { TokenVault } from "@frontdesk/domain/ports/TokenVault"
import type { calendar_v3 } from "@googleapis/calendar"
import { type Config, type ConfigError, DateTime, Effect, Layer, Option, type Scope } from "effect"
import * as CalendarClient from "./CalendarClient.js"
import { bookingIdOf } from "./EventIds.js"
import { MARKER_KEY, MARKER_VALUE, WRITTEN_START_KEY } from "./GoogleCalendar.js"
import { config as defaultConfig, type GoogleOptions } from "./GoogleConfig.js"
import { statusOf } from "./GoogleErrors.js"
import * as GoogleSettings from "./GoogleSettings.js"
import { withPolicy } from "./Resilience.js"

/**
 * The domain's CalendarFeed on Google Calendar v3: `events.list` with paging and sync tokens
 * (`singleEvents=true`, so recurring events arrive as instances), `events.watch` and
 * `channels.stop` for push, and the daily connection check. It runs in the background (outbox
 * jobs), so each request gets the patient write policy, not the tight one of a caller's check.
 */

/** Google's largest page; a calendar this adapter lists rarely needs a second one. */
const PAGE_SIZE = 2500
/** Bound on pages per listing (250,000 events): a runaway pageToken loop stops here. */
const MAX_PAGES = 100

const FIELDS = "items(id,status,transparency,start,end,extendedProperties),nextPageToken,nextSyncToken"

const localDate = (text: string): Option.Option<LocalDate> => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  return match === null
    ? Option.none()
    : Option.some({ year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) })
}

const timeOf = (time: calendar_v3.Schema$EventDateTime | undefined): EventTime | undefined => {
  if (time?.dateTime) {
    return Option.match(DateTime.make(time.dateTime), {
      onNone: () => undefined,
      onSome: (at): EventTime => ({ _tag: "At", at: DateTime.toUtc(at) }),
    })
  }
  if (time?.date) {
    return Option.match(localDate(time.date), {
      onNone: () => undefined,
      onSome: (date): EventTime => ({ _tag: "AllDay", date }),
    })
  }
  return undefined
}

export const feedEventOf = (event: calendar_v3.Schema$Event): FeedEvent => {
  const id = event.id ?? ""
  const own = event.extendedProperties?.private ?? {}
  const ours = own[MARKER_KEY] === MARKER_VALUE
  const bookingId = bookingIdOf(id)
  const writtenStart = ours ? Option.flatMap(Option.fromNullable(own[WRITTEN_START_KEY]), DateTime.make) : Option.none()
  const start = timeOf(event.start)
  const end = timeOf(event.end)
  return {
    id,
    cancelled: event.status === "cancelled",
    free: event.transparency === "transparent",
    ...(start !== undefined ? { start } : {}),
    ...(end !== undefined ? { end } : {}),
    ...(Option.isSome(bookingId) ? { bookingId: bookingId.value } : {}),
    ...(Option.isSome(writtenStart) ? { writtenStart: DateTime.toUtc(writtenStart.value) } : {}),
  }
}

export const make = (options: GoogleOptions): Effect.Effect<CalendarFeed["Type"], never, TokenVault | Scope.Scope> =>
  Effect.gen(function* () {
    const { api, tokens, policy, breaker, authorized } = yield* CalendarClient.make(options)

    /** One Google call with the business's access token; a 401 refreshes the token once. */
    const call = <A>(
      businessId: BusinessId,
      operation: string,
      request: (headers: Record<string, string>, signal: AbortSignal) => Promise<A>,
    ): Effect.Effect<A, CalendarError> =>
      withPolicy(operation, policy.write)(breaker.protect(businessId, authorized(businessId, operation, request)))

    const calendars = (business: Business) =>
      Effect.map(GoogleSettings.of(business), (settings) => ({
        checked: settings.checkedCalendars,
        target: settings.targetCalendar,
      }))

    const list: CalendarFeed["Type"]["list"] = (business, calendarId, from) =>
      Effect.gen(function* () {
        const events: Array<FeedEvent> = []
        let pageToken: string | undefined
        for (let page = 0; page < MAX_PAGES; page++) {
          const params: calendar_v3.Params$Resource$Events$List = {
            calendarId,
            singleEvents: true,
            maxResults: PAGE_SIZE,
            fields: FIELDS,
            ...(from._tag === "Full"
              ? { timeMin: DateTime.formatIso(from.range.start), timeMax: DateTime.formatIso(from.range.end) }
              : { syncToken: from.syncToken }),
            ...(pageToken !== undefined ? { pageToken } : {}),
          }
          const response = yield* call(business.id, "events.list", (headers, signal) =>
            api.events.list(params, { headers, signal, retry: false }),
          ).pipe(
            Effect.catchIf(
              (error) => from._tag === "Since" && statusOf(error.cause) === 410,
              (error) => Effect.fail(new SyncTokenExpired({ calendarId, cause: error })),
            ),
          )
          events.push(...(response.data.items ?? []).map(feedEventOf))
          if (response.data.nextSyncToken) return { events, nextSyncToken: response.data.nextSyncToken }
          if (!response.data.nextPageToken) break
          pageToken = response.data.nextPageToken
        }
        return yield* Effect.fail(
          new CalendarError({
            kind: "Unavailable",
            message: `events.list ${calendarId}: listing ended without a sync token`,
          }),
        )
      })

    const watch: CalendarFeed["Type"]["watch"] = (business, calendarId, channel) =>
      call(business.id, "events.watch", (headers, signal) =>
        api.events.watch(
          {
            calendarId,
            requestBody: {
              id: channel.id,
              type: "web_hook",
              address: channel.address,
              token: channel.token,
              params: { ttl: String(channel.ttlSeconds) },
            },
          },
          { headers, signal, retry: false },
        ),
      ).pipe(
        Effect.flatMap((response) => {
          const expiration = Number(response.data.expiration)
          return response.data.resourceId && Number.isFinite(expiration)
            ? Effect.succeed({ resourceId: response.data.resourceId, expiresAt: DateTime.unsafeMake(expiration) })
            : Effect.fail(
                new CalendarError({ kind: "Unavailable", message: "events.watch: no resourceId or expiration" }),
              )
        }),
      )

    const stop: CalendarFeed["Type"]["stop"] = (business, channel) =>
      call(business.id, "channels.stop", (headers, signal) =>
        api.channels
          .stop({ requestBody: { id: channel.id, resourceId: channel.resourceId } }, { headers, signal, retry: false })
          .then(
            () => undefined,
            // Already stopped, or expired at Google: done.
            (error: unknown) => (statusOf(error) === 404 ? undefined : Promise.reject(error)),
          ),
      )

    /** A fresh token (the refresh is what fails when the owner revoked access) and one read per checked calendar. */
    const check: CalendarFeed["Type"]["check"] = (business) =>
      Effect.gen(function* () {
        const { checked } = yield* calendars(business)
        yield* tokens.forget(business.id)
        yield* Effect.forEach(
          checked,
          (calendarId) =>
            call(business.id, "events.list", (headers, signal) =>
              api.events.list({ calendarId, maxResults: 1, fields: "kind" }, { headers, signal, retry: false }),
            ),
          { discard: true },
        )
      })

    return CalendarFeed.of({ calendars, list, watch, stop, check })
  })

export const layer = (options: GoogleOptions): Layer.Layer<CalendarFeed, never, TokenVault> =>
  Layer.scoped(CalendarFeed, make(options))

export const layerConfig = (
  config: Config.Config<GoogleOptions> = defaultConfig,
): Layer.Layer<CalendarFeed, ConfigError.ConfigError, TokenVault> => Layer.unwrapEffect(Effect.map(config, layer))
