import * as BookingService from "@frontdesk/domain/booking/BookingService"
import type * as OutboxWorker from "@frontdesk/domain/followup/OutboxWorker"
import { TextSettings, type TextSettingsShape } from "@frontdesk/domain/followup/TextGuard"
import type { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import type { Businesses } from "@frontdesk/domain/ports/Businesses"
import { Calendar } from "@frontdesk/domain/ports/Calendar"
import { CalendarError } from "@frontdesk/domain/ports/CalendarError"
import type { CallerMessages } from "@frontdesk/domain/ports/CallerMessages"
import type { CallSessions } from "@frontdesk/domain/ports/CallSessions"
import type { OAuthStates } from "@frontdesk/domain/ports/OAuthStates"
import type { OptOuts } from "@frontdesk/domain/ports/OptOuts"
import type { Outbox } from "@frontdesk/domain/ports/Outbox"
import type { PendingReplies } from "@frontdesk/domain/ports/PendingReplies"
import type { Telephony } from "@frontdesk/domain/ports/Telephony"
import type { TextBudget } from "@frontdesk/domain/ports/TextBudget"
import type { TokenVault } from "@frontdesk/domain/ports/TokenVault"
import * as AccessTokens from "@frontdesk/google-calendar/AccessTokens"
import * as GoogleCalendar from "@frontdesk/google-calendar/GoogleCalendar"
import type { GoogleOptions } from "@frontdesk/google-calendar/GoogleConfig"
import * as GoogleOAuth from "@frontdesk/google-calendar/GoogleOAuth"
import * as PgDatabase from "@frontdesk/postgres/PgDatabase"
import * as PgStorage from "@frontdesk/postgres/PgStorage"
import * as TokenCipher from "@frontdesk/postgres/TokenCipher"
import * as LoggingTelephony from "@frontdesk/twilio/LoggingTelephony"
import * as TwilioTelephony from "@frontdesk/twilio/TwilioTelephony"
import * as RulesUnderstanding from "@frontdesk/understanding/RulesUnderstanding"
import { Duration, Effect, Layer, Option } from "effect"
import * as CachedBusinesses from "./CachedBusinesses.js"
import type { AppConfig } from "./Config.js"
import type { Secrets } from "./DevSecrets.js"
import * as GoogleConnect from "./GoogleConnect.js"
import * as Metrics from "./Metrics.js"
import * as OutboxRunner from "./OutboxRunner.js"
import { Readiness } from "./Readiness.js"
import type { AppServices } from "./Server.js"

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

/** The adapters a deployment chooses; everything else is wired the same way everywhere. */
export interface Adapters<E1, E2, E3, E4> {
  readonly storage: Layer.Layer<StoragePorts, E1>
  /** May read calendar credentials from the vault. */
  readonly calendar: Layer.Layer<Calendar, E2, TokenVault>
  readonly telephony: Layer.Layer<Telephony, E3>
  /** May store the connection in the vault; OAuth states are shared through storage. */
  readonly googleConnect: Layer.Layer<GoogleConnect.GoogleConnect, E4, TokenVault | OAuthStates>
  /** The in-process outbox worker's settings; `false` runs no worker (tests that drive it by hand). */
  readonly outbox?: Partial<OutboxWorker.WorkerOptions> | false
  /** SMS_ALLOWED_COUNTRIES and SMS_HOURLY_BUDGET; TextGuard's defaults when absent. */
  readonly texting?: TextSettingsShape
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

export const make = <E1, E2, E3, E4>(
  adapters: Adapters<E1, E2, E3, E4>,
): Layer.Layer<AppServices, E1 | E2 | E3 | E4> => {
  // Built once and shared: the storage layer below is referenced twice but memoised by reference.
  // The cached Businesses overrides the storage one (Layer.merge: the right side wins).
  const storage = Layer.merge(adapters.storage, CachedBusinesses.layer().pipe(Layer.provide(adapters.storage)))
  const base = Layer.merge(storage, Metrics.layer)
  const calendar = measuredCalendar.pipe(Layer.provide(adapters.calendar), Layer.provide(base))
  const texting = adapters.texting === undefined ? Layer.empty : Layer.succeed(TextSettings, adapters.texting)
  const ports = Layer.mergeAll(base, calendar, adapters.telephony, RulesUnderstanding.layer, texting)
  // Calendar events and texts: the provider names them, BookingService commits them with the booking,
  // the outbox worker below runs them (ADR 0004, ADR 0007).
  const bookings = measuredBookings.pipe(Layer.provide(BookingService.layer), Layer.provide(ports))
  const worker =
    adapters.outbox === false ? Layer.empty : OutboxRunner.layer(adapters.outbox ?? {}).pipe(Layer.provide(ports))
  const googleConnect = adapters.googleConnect.pipe(Layer.provide(storage))
  return Layer.mergeAll(ports, bookings, googleConnect, worker)
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

export const storageLive = (config: AppConfig, secrets: Secrets) =>
  Layer.provideMerge(
    pgReadiness,
    PgStorage.layer({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }).pipe(
      Layer.provide(TokenCipher.layer(secrets.tokenEncryptionKeys)),
    ),
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

/** The production wiring, chosen from configuration . */
export const live = (config: AppConfig, secrets: Secrets) => {
  const google = googleOptions(config, secrets)
  // One access-token cache for the calendar and the OAuth routes (the same layer value, so built
  // once): an owner who reconnects another Google account is seen by the next check at once.
  const tokens = Option.map(google, AccessTokens.layer)
  return make({
    storage: storageLive(config, secrets),
    calendar: Option.match(Option.all([google, tokens]), {
      onNone: () => calendarNotConnected,
      onSome: ([options, shared]) => GoogleCalendar.layer(options).pipe(Layer.provide(shared)),
    }),
    telephony: telephonyLive(config, secrets),
    outbox: config.outbox,
    texting: config.texting,
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
