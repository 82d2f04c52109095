import { createHash, randomBytes } from "node:crypto"
import { NodeHttpClient } from "@effect/platform-node"
import * as BookingService from "@frontdesk/domain/booking/BookingService"
import * as CachedCalendar from "@frontdesk/domain/calendarsync/CachedCalendar"
import { type Settings as SyncOptions, SyncSettings } from "@frontdesk/domain/calendarsync/SyncSettings"
import type * as OutboxWorker from "@frontdesk/domain/followup/OutboxWorker"
import { TextSettings, type TextSettingsShape } from "@frontdesk/domain/followup/TextGuard"
import type { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import type { Businesses } from "@frontdesk/domain/ports/Businesses"
import type { BusyCache } from "@frontdesk/domain/ports/BusyCache"
import { Calendar } from "@frontdesk/domain/ports/Calendar"
import { CalendarError } from "@frontdesk/domain/ports/CalendarError"
import { CalendarFeed } from "@frontdesk/domain/ports/CalendarFeed"
import type { CallerMessages } from "@frontdesk/domain/ports/CallerMessages"
import type { CallRecords } from "@frontdesk/domain/ports/CallRecords"
import type { CallSessions } from "@frontdesk/domain/ports/CallSessions"
import type { ConsoleSessions } from "@frontdesk/domain/ports/ConsoleSessions"
import type { OAuthStates } from "@frontdesk/domain/ports/OAuthStates"
import type { OptOuts } from "@frontdesk/domain/ports/OptOuts"
import type { Outbox } from "@frontdesk/domain/ports/Outbox"
import type { OwnerAccounts } from "@frontdesk/domain/ports/OwnerAccounts"
import type { PendingReplies } from "@frontdesk/domain/ports/PendingReplies"
import type { Telephony } from "@frontdesk/domain/ports/Telephony"
import type { TextBudget } from "@frontdesk/domain/ports/TextBudget"
import type { TokenVault } from "@frontdesk/domain/ports/TokenVault"
import type { Understanding } from "@frontdesk/domain/ports/Understanding"
import type { WatchChannels } from "@frontdesk/domain/ports/WatchChannels"
import * as AccessTokens from "@frontdesk/google-calendar/AccessTokens"
import * as EventSync from "@frontdesk/google-calendar/EventSync"
import * as GoogleCalendar from "@frontdesk/google-calendar/GoogleCalendar"
import type { GoogleOptions } from "@frontdesk/google-calendar/GoogleConfig"
import * as GoogleOAuth from "@frontdesk/google-calendar/GoogleOAuth"
import * as PgDatabase from "@frontdesk/postgres/PgDatabase"
import * as PgStorage from "@frontdesk/postgres/PgStorage"
import * as TokenCipher from "@frontdesk/postgres/TokenCipher"
import * as LoggingTelephony from "@frontdesk/twilio/LoggingTelephony"
import * as TwilioTelephony from "@frontdesk/twilio/TwilioTelephony"
import * as FallbackUnderstanding from "@frontdesk/understanding/FallbackUnderstanding"
import * as ModelProvider from "@frontdesk/understanding/ModelProvider"
import * as RulesUnderstanding from "@frontdesk/understanding/RulesUnderstanding"
import { Duration, Effect, Layer, Option } from "effect"
import * as CachedBusinesses from "./CachedBusinesses.js"
import type { AppConfig, LlmConfig } from "./Config.js"
import type { Secrets } from "./DevSecrets.js"
import * as GoogleConnect from "./GoogleConnect.js"
import * as Metrics from "./Metrics.js"
import * as OutboxRunner from "./OutboxRunner.js"
import { Readiness } from "./Readiness.js"
import * as Retention from "./Retention.js"
import type { AppServices } from "./Server.js"
import * as SyncRunner from "./SyncRunner.js"

export type StoragePorts =
  | BookingRepository
  | Businesses
  | CallerMessages
  | CallSessions
  | TokenVault
  | Outbox
  | OptOuts
  | TextBudget
  | OAuthStates
  | PendingReplies
  | Readiness
  | BusyCache
  | WatchChannels
  | CallRecords
  | OwnerAccounts
  | ConsoleSessions

/** The adapters a deployment chooses; everything else is wired the same way everywhere. */
export interface Adapters<E1, E2, E3, E4, E5 = never> {
  readonly storage: Layer.Layer<StoragePorts, E1>
  /** May read calendar credentials from the vault. */
  readonly calendar: Layer.Layer<Calendar, E2, TokenVault>
  readonly telephony: Layer.Layer<Telephony, E3>
  /** May store the connection in the vault; OAuth states are shared through storage. */
  readonly googleConnect: Layer.Layer<GoogleConnect.GoogleConnect, E4, TokenVault | OAuthStates>
  /** Speech understanding; the rules alone when absent. May count into Metrics. */
  readonly understanding?: Layer.Layer<Understanding, never, Metrics.Metrics>
  /** The in-process outbox worker's settings; `false` runs no worker (tests that drive it by hand). */
  readonly outbox?: Partial<OutboxWorker.WorkerOptions> | false
  /** SMS_ALLOWED_COUNTRIES and SMS_HOURLY_BUDGET; TextGuard's defaults when absent. */
  readonly texting?: TextSettingsShape
  /** The calendar's change feed (listings, push channels); without one every check asks the calendar. */
  readonly feed?: Layer.Layer<CalendarFeed, E5, TokenVault>
  /** How the busy cache is kept current; `scheduler: false` runs no scheduler (tests tick it by hand). */
  readonly sync?: Partial<SyncOptions> & { readonly scheduler?: boolean }
  /** The scheduled purge of old call records and expired sessions; `false` runs none (tests). */
  readonly retention?: Retention.RetentionOptions | false
}

/** Feed for deployments without Google credentials: no calendar to list, so the cache stays empty. */
export const feedNotConnected: Layer.Layer<CalendarFeed> = Layer.succeed(CalendarFeed, {
  calendars: () =>
    Effect.fail(new CalendarError({ kind: "NotConnected", message: "Google Calendar is not configured" })),
  list: () => Effect.fail(new CalendarError({ kind: "NotConnected", message: "Google Calendar is not configured" })),
  watch: () => Effect.fail(new CalendarError({ kind: "NotConnected", message: "Google Calendar is not configured" })),
  stop: () => Effect.fail(new CalendarError({ kind: "NotConnected", message: "Google Calendar is not configured" })),
  check: () => Effect.fail(new CalendarError({ kind: "NotConnected", message: "Google Calendar is not configured" })),
})

/** 24 random bytes, base64url: channel ids and tokens Google echoes back. */
const newSecret = Effect.sync(() => randomBytes(24).toString("base64url"))

/** sha256, hex: channel tokens are stored and compared only as this (ADR 0012, amended 2026-12-02). */
const digest = (secret: string) => Effect.sync(() => createHash("sha256").update(secret, "utf8").digest("hex"))

/**
 * Production defaults; GOOGLE_PUSH, GOOGLE_SYNC_POLL_MS, GOOGLE_SYNC_VERIFY_MS and PUBLIC_BASE_URL
 * set the rest (see `live`).
 */
export const defaultSyncOptions: SyncOptions = {
  push: false,
  webhookAddress: Option.none(),
  pollInterval: Duration.seconds(60),
  // Google keeps an events channel for about a week at most; asking for that and renewing a day
  // early leaves a day of retries before a gap.
  channelTtl: Duration.days(7),
  renewBefore: Duration.days(1),
  // A notification of Frontdesk's own write is listed at most this late (GOOGLE_SYNC_VERIFY_MS).
  verifyDelay: Duration.minutes(5),
  // Google notifies within seconds of a write; a minute leaves room for a slow delivery.
  ownChangeWindow: Duration.minutes(1),
  newSecret,
  digest,
}

/** Calendar for deployments without Google credentials: every business is "not connected". */
export const calendarNotConnected: Layer.Layer<Calendar> = Layer.succeed(Calendar, {
  busy: () => Effect.fail(new CalendarError({ kind: "NotConnected", message: "Google Calendar is not configured" })),
  createEvent: () =>
    Effect.fail(new CalendarError({ kind: "NotConnected", message: "Google Calendar is not configured" })),
  updateEvent: () =>
    Effect.fail(new CalendarError({ kind: "NotConnected", message: "Google Calendar is not configured" })),
  deleteEvent: () =>
    Effect.fail(new CalendarError({ kind: "NotConnected", message: "Google Calendar is not configured" })),
  listCalendars: () =>
    Effect.fail(new CalendarError({ kind: "NotConnected", message: "Google Calendar is not configured" })),
})

/** Counts calendar failures by kind for /metrics, whatever adapter is underneath. */
const measuredCalendar = Layer.effect(
  Calendar,
  Effect.gen(function* () {
    const calendar = yield* Calendar
    const metrics = yield* Metrics.Metrics
    const counted = <A>(effect: Effect.Effect<A, CalendarError>) =>
      Effect.tapError(effect, (error) => metrics.calendarFailed(error.kind))
    return Calendar.of({
      busy: (business, range) => counted(calendar.busy(business, range)),
      createEvent: (business, event) => counted(calendar.createEvent(business, event)),
      updateEvent: (business, event) => counted(calendar.updateEvent(business, event)),
      deleteEvent: (business, eventId) => counted(calendar.deleteEvent(business, eventId)),
      listCalendars: (business) => counted(calendar.listCalendars(business)),
    })
  }),
)

/** Availability latency and booking outcomes for /metrics, measured at the use case. */
const measuredBookings = Layer.effect(
  BookingService.BookingService,
  Effect.gen(function* () {
    const bookings = yield* BookingService.BookingService
    const metrics = yield* Metrics.Metrics
    return BookingService.BookingService.of({
      // Operations added later pass through unmeasured.
      ...bookings,
      checkAvailability: (business, context) =>
        bookings.checkAvailability(business, context).pipe(
          Effect.timed,
          Effect.tap(([elapsed]) => metrics.availabilityChecked(Duration.toMillis(elapsed) / 1000)),
          Effect.map(([, result]) => result),
        ),
      book: (business, context) =>
        bookings
          .book(business, context)
          .pipe(Effect.tap((outcome) => metrics.bookingMade(outcome._tag === "Booked" ? "confirmed" : "slot_taken"))),
      cancel: (business, bookingId) =>
        bookings.cancel(business, bookingId).pipe(Effect.tap(() => metrics.bookingMade("cancelled"))),
      reschedule: (business, bookingId, start) =>
        bookings
          .reschedule(business, bookingId, start)
          .pipe(Effect.tap((outcome) => metrics.bookingMade(outcome._tag === "Booked" ? "rescheduled" : "slot_taken"))),
    })
  }),
)

export const make = <E1, E2, E3, E4, E5 = never>(
  adapters: Adapters<E1, E2, E3, E4, E5>,
): Layer.Layer<AppServices, E1 | E2 | E3 | E4 | E5> => {
  // Built once and shared: the storage layer below is referenced twice but memoised by reference.
  // The cached Businesses overrides the storage one (Layer.merge: the right side wins).
  const storage = Layer.merge(adapters.storage, CachedBusinesses.layer().pipe(Layer.provide(adapters.storage)))
  const base = Layer.merge(storage, Metrics.layer)
  const texting = adapters.texting === undefined ? Layer.empty : Layer.succeed(TextSettings, adapters.texting)
  const { scheduler = true, ...syncOptions } = adapters.sync ?? {}
  const sync = Layer.merge(
    (adapters.feed ?? feedNotConnected).pipe(Layer.provide(storage)),
    Layer.succeed(SyncSettings, { ...defaultSyncOptions, ...syncOptions }),
  )
  // Availability reads the shared busy cache when it is healthy, else the adapter (ADR 0012).
  const calendar = measuredCalendar.pipe(
    Layer.provide(CachedCalendar.layer.pipe(Layer.provide(adapters.calendar))),
    Layer.provide(Layer.merge(base, sync)),
  )
  const understanding = (adapters.understanding ?? RulesUnderstanding.layer).pipe(Layer.provide(base))
  const ports = Layer.mergeAll(base, calendar, adapters.telephony, understanding, texting, sync)
  // Calendar events and texts: the provider names them, BookingService commits them with the booking,
  // the outbox worker below runs them (ADR 0004, ADR 0007).
  const bookings = measuredBookings.pipe(Layer.provide(BookingService.layer), Layer.provide(ports))
  const worker =
    adapters.outbox === false
      ? Layer.empty
      : OutboxRunner.layer(adapters.outbox ?? {}).pipe(Layer.provide(Layer.merge(ports, bookings)))
  const syncScheduler = scheduler ? SyncRunner.layer.pipe(Layer.provide(ports)) : Layer.empty
  const googleConnect = adapters.googleConnect.pipe(Layer.provide(storage))
  const retention =
    adapters.retention === undefined || adapters.retention === false
      ? Layer.empty
      : Retention.layer(adapters.retention).pipe(Layer.provide(storage))
  return Layer.mergeAll(ports, bookings, googleConnect, worker, syncScheduler, retention)
}

/** Readiness from the database adapter: reachable and migrated, within a few seconds. */
export const pgReadiness = Layer.effect(
  Readiness,
  Effect.map(PgDatabase.PgDatabase, (db) =>
    Readiness.of({
      check: db.ready.pipe(
        Effect.timeoutFail({
          duration: "3 seconds",
          onTimeout: () => ({ message: "the database did not answer within 3 seconds" }),
        }),
        Effect.match({
          onFailure: (error) => ({ ready: false, checks: { database: { ok: false, detail: error.message } } }),
          onSuccess: () => ({ ready: true, checks: { database: { ok: true, detail: db.description } } }),
        }),
      ),
    }),
  ),
)

/** Facts about the installed build rather than the configuration (see MigrationsDirectory). */
export interface Deployment {
  /** Unset: the postgres package's own migrations (running from source). */
  readonly migrationsDir?: string
  /** The build's pre-migrated PGlite tarball (see PgliteSnapshot); unset: initdb on an empty DATA_DIR. */
  readonly pgliteSnapshot?: string
}

export const storageLive = (config: AppConfig, secrets: Secrets, deployment: Deployment = {}) =>
  Layer.provideMerge(
    pgReadiness,
    PgStorage.layer({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      ...(deployment.migrationsDir === undefined ? {} : { migrationsDir: deployment.migrationsDir }),
      ...(deployment.pgliteSnapshot === undefined ? {} : { pgliteSnapshot: deployment.pgliteSnapshot }),
    }).pipe(Layer.provide(TokenCipher.layer(secrets.tokenEncryptionKeys))),
  )

export const googleOptions = (config: AppConfig, secrets: Secrets): Option.Option<GoogleOptions> =>
  Option.all({ clientId: config.google.clientId, clientSecret: config.google.clientSecret }).pipe(
    Option.map(({ clientId, clientSecret }) => ({
      clientId,
      clientSecret,
      redirectUrl: config.google.redirectUrl,
      stateSecret: secrets.stateSecret,
      ...Option.match(config.google.apiRootUrl, {
        onNone: () => ({}),
        // The Calendar client joins paths onto the root, which must end with "/".
        onSome: (root) => ({ apiRootUrl: `${root}/` }),
      }),
      ...Option.match(config.google.oauthAuthUrl, { onNone: () => ({}), onSome: (url) => ({ oauthAuthUrl: url }) }),
      ...Option.match(config.google.oauthTokenUrl, { onNone: () => ({}), onSome: (url) => ({ oauthTokenUrl: url }) }),
    })),
  )

export const telephonyLive = (config: AppConfig, secrets: Secrets): Layer.Layer<Telephony> =>
  Option.match(config.twilio.smsSender, {
    onNone: () => LoggingTelephony.layer,
    onSome: (sender) =>
      TwilioTelephony.layer({
        accountSid: config.twilio.accountSid,
        authToken: secrets.twilioAuthToken,
        sender,
        ...Option.match(config.twilio.apiBaseUrl, { onNone: () => ({}), onSome: (apiBaseUrl) => ({ apiBaseUrl }) }),
      }),
  })

/**
 * Rules only (LLM_PROVIDER=none), or rules first and the configured model when they are unsure,
 * counted into `understanding_model_total` and `understanding_fallback_total` (ADR 0009).
 */
export const understandingLive = (llm: LlmConfig): Layer.Layer<Understanding, never, Metrics.Metrics> => {
  if (llm.provider === "none") return RulesUnderstanding.layer
  const model = ModelProvider.layer({
    provider: llm.provider,
    baseUrl: Option.getOrUndefined(llm.baseUrl),
    apiKey: Option.getOrUndefined(llm.apiKey),
    model: Option.getOrElse(llm.model, () => ModelProvider.defaultModel[llm.provider as "openai" | "anthropic"]),
  }).pipe(Layer.provide(NodeHttpClient.layerUndici))
  return Layer.unwrapEffect(
    Effect.map(Metrics.Metrics, (metrics) =>
      FallbackUnderstanding.layer({
        timeout: Duration.millis(llm.timeoutMs),
        observer: { consulted: metrics.understandingConsulted, fellBack: metrics.understandingFellBack },
      }),
    ),
  ).pipe(Layer.provide(model))
}

/** The production wiring, chosen from configuration . */
export const live = (config: AppConfig, secrets: Secrets, deployment: Deployment = {}) => {
  const google = googleOptions(config, secrets)
  // One access-token cache for the calendar and the OAuth routes (the same layer value, so built
  // once): an owner who reconnects another Google account is seen by the next check at once.
  const tokens = Option.map(google, AccessTokens.layer)
  return make({
    storage: storageLive(config, secrets, deployment),
    calendar: Option.match(Option.all([google, tokens]), {
      onNone: () => calendarNotConnected,
      onSome: ([options, shared]) => GoogleCalendar.layer(options).pipe(Layer.provide(shared)),
    }),
    telephony: telephonyLive(config, secrets),
    understanding: understandingLive(config.llm),
    outbox: config.outbox,
    texting: config.texting,
    feed: Option.match(Option.all([google, tokens]), {
      onNone: () => feedNotConnected,
      onSome: ([options, shared]) => EventSync.layer(options).pipe(Layer.provide(shared)),
    }),
    sync: {
      // Google pushes only to https with a valid certificate: an http PUBLIC_BASE_URL (development)
      // polls instead of queueing watches Google is bound to refuse.
      push: config.google.push && config.publicBaseUrl.startsWith("https://"),
      webhookAddress: Option.some(`${config.publicBaseUrl}/webhooks/google/calendar`),
      pollInterval: Duration.millis(config.google.syncPollMs),
      verifyDelay: Duration.millis(config.google.syncVerifyMs),
    },
    retention: { callRetentionDays: config.callRetentionDays },
    googleConnect: Option.match(Option.all([google, tokens]), {
      onNone: () => GoogleConnect.layerNotConfigured,
      onSome: ([options, shared]) =>
        Layer.effect(
          GoogleConnect.GoogleConnect,
          Effect.map(GoogleOAuth.GoogleOAuth, (oauth) => Option.some(oauth)),
        ).pipe(Layer.provide(GoogleOAuth.layer(options)), Layer.provide(shared)),
    }),
  })
}
