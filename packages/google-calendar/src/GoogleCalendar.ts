import type { Business } from "@frontdesk/domain/model/Business"
import type { BusinessId, EventId } from "@frontdesk/domain/model/Ids"
import * as TimeRange from "@frontdesk/domain/model/TimeRange"
import { Calendar, type CalendarEvent, CalendarListEntry } from "@frontdesk/domain/ports/Calendar"
import type { CalendarError } from "@frontdesk/domain/ports/CalendarError"
import type { TokenVault } from "@frontdesk/domain/ports/TokenVault"
import { Array as Arr, type Config, type ConfigError, DateTime, Effect, Layer, Option, Order, type Scope } from "effect"
import { normalize, parseRange, subtract, windows } from "./BusyRanges.js"
import * as CalendarClient from "./CalendarClient.js"
import { eventIdFor } from "./EventIds.js"
import { config as defaultConfig, type GoogleOptions } from "./GoogleConfig.js"
import { fromFreeBusyReason, statusOf } from "./GoogleErrors.js"
import * as GoogleSettings from "./GoogleSettings.js"
import * as OwnEvents from "./OwnEvents.js"
import { type CallPolicy, withDeadline, withPolicy, withRetries } from "./Resilience.js"

/**
 * The domain's Calendar port on Google Calendar v3.
 *
 * Round trips in steady state: an availability check is one `freeBusy` over every checked calendar,
 * a booking one `events.insert`; the access token is cached (AccessTokens), so no refresh per call.
 * Frontdesk's own events stay opaque (the owner and other tools must see them as busy) and are left
 * out of `busy` with the OwnEvents index, which costs one `events.list` per business now and then.
 * Writes use an event id derived from the booking (EventIds), so a retried insert that meets 409 is
 * a success and an update can re-create an event that went missing under the same id.
 */

/** Private extended property that marks events Frontdesk wrote (events.list can filter on it). */
export const MARKER_KEY = "frontdesk"
export const MARKER_VALUE = "booking"
/** Private extended property with the start Frontdesk last wrote (ISO 8601, UTC). */
export const WRITTEN_START_KEY = "startsAt"

/** Google refuses more than 50 calendars per freeBusy query (and long ranges: BusyRanges.windows). */
const MAX_CALENDARS_PER_QUERY = 50

/** RFC 3339 with the business's offset at that instant ("2026-03-08T10:00:00-04:00"). */
export const wallClock = (instant: DateTime.DateTime, business: Business): string =>
  DateTime.formatIsoOffset(DateTime.unsafeMakeZoned(instant, { timeZone: business.timezone })).replace(".000", "")

const eventBody = (business: Business, event: CalendarEvent) => ({
  summary: event.summary,
  description: event.description,
  start: { dateTime: wallClock(event.start, business), timeZone: business.timezone },
  end: { dateTime: wallClock(event.end, business), timeZone: business.timezone },
  // `startsAt` is the start Frontdesk wrote: an event whose start differs was moved by someone else
  // (calendarsync/EventChanges.ownEventEdit).
  extendedProperties: {
    private: {
      bookingId: event.bookingId,
      [MARKER_KEY]: MARKER_VALUE,
      [WRITTEN_START_KEY]: DateTime.formatIso(event.start),
    },
  },
})

/** Primary first, then by name: the order the owner sees them in Google. */
const calendarOrder = Order.combine(
  Order.mapInput(Order.reverse(Order.boolean), (entry: CalendarListEntry) => entry.primary),
  Order.mapInput(Order.string, (entry: CalendarListEntry) => entry.summary.toLowerCase()),
)

interface CalendarBusy {
  readonly calendarId: string
  readonly busy: ReadonlyArray<TimeRange.TimeRange>
  readonly error: Option.Option<CalendarError>
}

export const make = (options: GoogleOptions): Effect.Effect<Calendar["Type"], never, TokenVault | Scope.Scope> =>
  Effect.gen(function* () {
    const { api, policy, breaker, authorized } = yield* CalendarClient.make(options)
    const own = yield* OwnEvents.make()

    /** Breaker per attempt (so retries count), then timeouts and retries per policy, within its deadline. */
    const resilient = <A>(
      businessId: BusinessId,
      operation: string,
      callPolicy: CallPolicy,
      attempt: Effect.Effect<A, CalendarError>,
    ) => withPolicy(operation, callPolicy)(breaker.protect(businessId, attempt))

    /** The same without a deadline of its own: availability checks bound all their requests together. */
    const retried = <A>(
      businessId: BusinessId,
      operation: string,
      callPolicy: CallPolicy,
      attempt: Effect.Effect<A, CalendarError>,
    ) => withRetries(operation, callPolicy)(breaker.protect(businessId, attempt))

    const freeBusy = (business: Business, window: TimeRange.TimeRange, calendarIds: ReadonlyArray<string>) =>
      retried(
        business.id,
        "freeBusy",
        policy.busy,
        authorized(business.id, "freeBusy", (headers, signal) =>
          api.freebusy.query(
            {
              requestBody: {
                timeMin: DateTime.formatIso(window.start),
                timeMax: DateTime.formatIso(window.end),
                items: calendarIds.map((id) => ({ id })),
              },
            },
            { headers, signal, retry: false },
          ),
        ).pipe(
          Effect.flatMap((response): Effect.Effect<ReadonlyArray<CalendarBusy>, CalendarError> => {
            const calendars = response.data.calendars ?? {}
            const results = calendarIds.map((calendarId): CalendarBusy => {
              const answer = calendars[calendarId]
              const failure = answer === undefined ? { reason: "notFound" } : answer.errors?.[0]
              return {
                calendarId,
                busy: Arr.getSomes((answer?.busy ?? []).map(parseRange)),
                error:
                  failure === undefined
                    ? Option.none()
                    : Option.some(fromFreeBusyReason(calendarId, failure.reason ?? undefined)),
              }
            })
            // A transient per-calendar error fails the attempt so the whole query is retried.
            const transient = results.find(
              (result) =>
                Option.isSome(result.error) &&
                result.error.value.kind !== "NotFound" &&
                result.error.value.kind !== "Forbidden",
            )
            return transient === undefined ? Effect.succeed(results) : Effect.fail(Option.getOrThrow(transient.error))
          }),
        ),
      )

    /**
     * Frontdesk's own events in the target calendar over `range` (one events.list filtered on our
     * private marker). We deliberately do not create our events as `transparent` to hide them from
     * freeBusy: the owner's calendar, and every other tool reading it, would then show booked
     * appointments as free time.
     */
    const listOwnEvents = (business: Business, calendarId: string, range: TimeRange.TimeRange) =>
      retried(
        business.id,
        "events.list",
        policy.busy,
        authorized(business.id, "events.list", (headers, signal) =>
          api.events.list(
            {
              calendarId,
              timeMin: DateTime.formatIso(range.start),
              timeMax: DateTime.formatIso(range.end),
              singleEvents: true,
              maxResults: 2500,
              privateExtendedProperty: [`${MARKER_KEY}=${MARKER_VALUE}`],
              fields: "items(id,status,transparency,start,end),nextPageToken",
            },
            { headers, signal, retry: false },
          ),
        ),
      ).pipe(
        Effect.map((response) => ({
          complete: !response.data.nextPageToken,
          events: (response.data.items ?? [])
            .filter((event) => event.status !== "cancelled" && event.transparency !== "transparent")
            .flatMap((event) =>
              Option.match(parseRange({ start: event.start?.dateTime ?? null, end: event.end?.dateTime ?? null }), {
                onNone: () => [],
                onSome: (eventRange) => [[event.id ?? "", eventRange] as const],
              }),
            ),
        })),
      )

    /**
     * Which of the target calendar's busy time is ours. Usually answered from the OwnEvents index
     * (no request); when it is missing or stale, one listing over the whole booking horizon refills it.
     */
    const ownBusy = (
      business: Business,
      target: string,
      range: TimeRange.TimeRange,
      targetBusy: ReadonlyArray<TimeRange.TimeRange>,
    ) =>
      Effect.gen(function* () {
        const remembered = yield* own.lookup(business.id, range, targetBusy)
        if (Option.isSome(remembered)) return remembered.value
        const now = yield* DateTime.now
        const covered = TimeRange.make(
          DateTime.min(range.start, DateTime.subtract(now, { days: 1 })),
          DateTime.max(range.end, DateTime.add(now, { days: business.bookingRules.maxDaysAhead + 2 })),
        )
        const listing = yield* listOwnEvents(business, target, covered)
        if (listing.complete) yield* own.replace(business.id, covered, listing.events, range, targetBusy)
        return listing.events.map(([, eventRange]) => eventRange)
      })

    const busy = (business: Business, range: TimeRange.TimeRange) =>
      Effect.gen(function* () {
        if (TimeRange.durationMillis(range) <= 0) return []
        const { checkedCalendars: calendarIds, targetCalendar: target } = yield* GoogleSettings.of(business)
        const queries = windows(range).flatMap((window) =>
          Arr.chunksOf(calendarIds, MAX_CALENDARS_PER_QUERY).map((group) => freeBusy(business, window, group)),
        )
        // The usual case is a single query: run it without forking.
        const results = (
          queries.length === 1 ? [yield* queries[0]!] : yield* Effect.all(queries, { concurrency: 4 })
        ).flat()

        const failed = results.filter((result) => Option.isSome(result.error))
        if (failed.length > 0) {
          const first = Option.getOrThrow(failed[0]!.error)
          // Every calendar unreadable: report it, so the owner is told (DegradationRules flag it).
          if (failed.length === results.length) return yield* first
          // Some readable: their busy time still protects the owner better than assuming all free.
          yield* Effect.logWarning("Google Calendar: some calendars could not be read").pipe(
            Effect.annotateLogs({ businessId: business.id, calendars: failed.map((result) => result.calendarId) }),
          )
        }

        const targetBusy = results.filter((result) => result.calendarId === target).flatMap((result) => result.busy)
        const otherBusy = results.filter((result) => result.calendarId !== target).flatMap((result) => result.busy)
        const targetBlocks = normalize(targetBusy, range)
        const ownInTarget = targetBlocks.length === 0 ? [] : yield* ownBusy(business, target, range, targetBlocks)
        return normalize([...subtract(targetBlocks, ownInTarget), ...otherBusy], range)
      }).pipe(withDeadline("busy", policy.busy))

    const insert = (business: Business, calendarId: string, id: EventId, event: CalendarEvent) =>
      authorized(business.id, "events.insert", (headers, signal) =>
        api.events
          .insert(
            { calendarId, sendUpdates: "none", requestBody: { id, ...eventBody(business, event) } },
            { headers, signal, retry: false },
          )
          .then(
            (): EventId => id,
            // Our id already exists: an earlier attempt got through (its answer was lost). Done.
            (error: unknown) => (statusOf(error) === 409 ? id : Promise.reject(error)),
          ),
      )

    const remember = (business: Business, id: EventId, event: CalendarEvent) =>
      own.put(business.id, id, TimeRange.make(event.start, event.end))

    const createEvent = (business: Business, event: CalendarEvent) =>
      Effect.gen(function* () {
        const { targetCalendar } = yield* GoogleSettings.of(business)
        const id = eventIdFor(event.bookingId)
        yield* resilient(business.id, "events.insert", policy.write, insert(business, targetCalendar, id, event))
        yield* remember(business, id, event)
        return id
      })

    /**
     * Patches the booking's event; one the owner deleted is restored (`status: confirmed`, Google
     * keeps deleted events under their id) and one that never got there is inserted.
     */
    const updateEvent = (business: Business, event: CalendarEvent) =>
      Effect.gen(function* () {
        const { targetCalendar } = yield* GoogleSettings.of(business)
        const id = eventIdFor(event.bookingId)
        const patch = authorized(business.id, "events.patch", (headers, signal) =>
          api.events
            .patch(
              {
                calendarId: targetCalendar,
                eventId: id,
                sendUpdates: "none",
                requestBody: { ...eventBody(business, event), status: "confirmed" },
              },
              { headers, signal, retry: false },
            )
            .then((): EventId => id),
        ).pipe(
          Effect.catchIf(
            (error) => error.kind === "NotFound" && statusOf(error.cause) === 404,
            () => insert(business, targetCalendar, id, event),
          ),
        )
        yield* resilient(business.id, "events.patch", policy.write, patch)
        yield* remember(business, id, event)
        return id
      })

    const deleteEvent = (business: Business, eventId: EventId) =>
      Effect.flatMap(GoogleSettings.of(business), ({ targetCalendar }) =>
        resilient(
          business.id,
          "events.delete",
          policy.write,
          authorized(business.id, "events.delete", (headers, signal) =>
            api.events
              .delete({ calendarId: targetCalendar, eventId, sendUpdates: "none" }, { headers, signal, retry: false })
              .then(
                () => undefined,
                // Already gone (deleted by the owner, or our earlier attempt whose answer was lost).
                (error: unknown) => {
                  const status = statusOf(error)
                  return status === 404 || status === 410 ? undefined : Promise.reject(error)
                },
              ),
          ),
        ).pipe(Effect.zipRight(own.remove(business.id, eventId))),
      )

    /** calendarList.list, one page of up to 250 (an owner with more is not a receptionist's customer). */
    const listCalendars = (business: Business) =>
      resilient(
        business.id,
        "calendarList.list",
        policy.busy,
        authorized(business.id, "calendarList.list", (headers, signal) =>
          api.calendarList.list(
            { maxResults: 250, minAccessRole: "freeBusyReader", showHidden: false },
            { headers, signal, retry: false },
          ),
        ),
      ).pipe(
        Effect.map((response) =>
          Arr.sort(
            (response.data.items ?? []).flatMap((item) =>
              typeof item.id === "string" && item.id !== "" && item.deleted !== true
                ? [
                    new CalendarListEntry({
                      id: item.id,
                      summary: item.summaryOverride ?? item.summary ?? item.id,
                      primary: item.primary === true,
                      writable: item.accessRole === "owner" || item.accessRole === "writer",
                    }),
                  ]
                : [],
            ),
            calendarOrder,
          ),
        ),
      )

    return Calendar.of({ busy, createEvent, updateEvent, deleteEvent, listCalendars })
  })

export const layer = (options: GoogleOptions): Layer.Layer<Calendar, never, TokenVault> =>
  Layer.scoped(Calendar, make(options))

export const layerConfig = (
  config: Config.Config<GoogleOptions> = defaultConfig,
): Layer.Layer<Calendar, ConfigError.ConfigError, TokenVault> => Layer.unwrapEffect(Effect.map(config, layer))
