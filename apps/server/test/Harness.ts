import { createServer } from "node:http"
import * as SyncScheduler from "@frontdesk/domain/calendarsync/SyncScheduler"
import type { Settings as SyncOptions } from "@frontdesk/domain/calendarsync/SyncSettings"
import * as OutboxWorker from "@frontdesk/domain/followup/OutboxWorker"
import type { Business } from "@frontdesk/domain/model/Business"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import { Calendar } from "@frontdesk/domain/ports/Calendar"
import type { CalendarFeed } from "@frontdesk/domain/ports/CalendarFeed"
import * as MemoryBookingRepository from "@frontdesk/domain/ports/MemoryBookingRepository"
import * as MemoryBusinesses from "@frontdesk/domain/ports/MemoryBusinesses"
import * as MemoryBusyCache from "@frontdesk/domain/ports/MemoryBusyCache"
import * as MemoryCallerMessages from "@frontdesk/domain/ports/MemoryCallerMessages"
import * as MemoryCallRecords from "@frontdesk/domain/ports/MemoryCallRecords"
import * as MemoryCallSessions from "@frontdesk/domain/ports/MemoryCallSessions"
import * as MemoryConsoleSessions from "@frontdesk/domain/ports/MemoryConsoleSessions"
import * as MemoryOAuthStates from "@frontdesk/domain/ports/MemoryOAuthStates"
import * as MemoryOptOuts from "@frontdesk/domain/ports/MemoryOptOuts"
import * as MemoryOutbox from "@frontdesk/domain/ports/MemoryOutbox"
import * as MemoryOwnerAccounts from "@frontdesk/domain/ports/MemoryOwnerAccounts"
import * as MemoryPendingReplies from "@frontdesk/domain/ports/MemoryPendingReplies"
import * as MemoryStore from "@frontdesk/domain/ports/MemoryStore"
import * as MemoryTextBudget from "@frontdesk/domain/ports/MemoryTextBudget"
import * as MemoryTokenVault from "@frontdesk/domain/ports/MemoryTokenVault"
import * as MemoryWatchChannels from "@frontdesk/domain/ports/MemoryWatchChannels"
import type { OAuthStates } from "@frontdesk/domain/ports/OAuthStates"
import * as RecordingTelephony from "@frontdesk/domain/ports/RecordingTelephony"
import type { Telephony } from "@frontdesk/domain/ports/Telephony"
import { CalendarCredentials, TokenVault } from "@frontdesk/domain/ports/TokenVault"
import type { Understanding } from "@frontdesk/domain/ports/Understanding"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import * as EventSync from "@frontdesk/google-calendar/EventSync"
import * as GoogleCalendar from "@frontdesk/google-calendar/GoogleCalendar"
import type { GoogleOptions } from "@frontdesk/google-calendar/GoogleConfig"
import * as GoogleOAuth from "@frontdesk/google-calendar/GoogleOAuth"
import type { FakeGoogleService } from "@frontdesk/testkit/FakeGoogle"
import * as TwilioSignature from "@frontdesk/twilio/TwilioSignature"
import { Context, DateTime, Duration, Effect, Layer, ManagedRuntime, Option, Redacted } from "effect"
import type { FastifyInstance, LightMyRequestResponse } from "fastify"
import type pino from "pino"
import * as AppLayer from "../src/AppLayer.js"
import * as GoogleConnect from "../src/GoogleConnect.js"
import * as Logging from "../src/Logging.js"
import type * as Metrics from "../src/Metrics.js"
import * as OutboxRunner from "../src/OutboxRunner.js"
import * as Readiness from "../src/Readiness.js"
import * as Server from "../src/Server.js"
import * as TwimlReader from "../src/TwimlReader.js"

export const publicBaseUrl = "https://frontdesk.test"
export const adminToken = "test-admin-token"
export const twilioAuthToken = "test-twilio-auth-token"
export const stateSecret = "test-state-secret"

/** The in-memory storage ports, sharing one store so bookings, messages and their outbox jobs commit together. */
export const memoryStorage: Layer.Layer<AppLayer.StoragePorts> = Layer.mergeAll(
  Layer.mergeAll(MemoryBookingRepository.layer, MemoryCallerMessages.layer, MemoryOutbox.layer).pipe(
    Layer.provide(MemoryStore.layerMemory),
  ),
  MemoryBusinesses.layerMemory,
  // Each turn's call-record entry is written with its session, as PgCallSessions does in one statement.
  MemoryCallSessions.layerWithRecords.pipe(Layer.provideMerge(MemoryCallRecords.layerMemory)),
  MemoryTokenVault.layerMemory,
  MemoryOptOuts.layerMemory,
  MemoryTextBudget.layerMemory,
  MemoryOAuthStates.layerMemory,
  MemoryBusyCache.layerMemory,
  MemoryWatchChannels.layerMemory,
  MemoryOwnerAccounts.layerMemory,
  MemoryConsoleSessions.layerMemory,
  MemoryPendingReplies.layerMemory,
  Readiness.layerAlwaysReady("memory"),
)

/** The real Google adapter (Calendar and OAuth) pointed at a fake Google, with short timeouts. */
export const googleOptions = (google: FakeGoogleService): GoogleOptions => ({
  clientId: google.clientId,
  clientSecret: Redacted.make(google.clientSecret),
  redirectUrl: `${publicBaseUrl}/oauth/google/callback`,
  stateSecret: Redacted.make("test-state-secret-0123456789abcdef"),
  apiRootUrl: google.url,
  oauthAuthUrl: google.authUrl,
  oauthTokenUrl: google.tokenUrl,
  resilience: {
    busy: {
      attemptTimeout: Duration.millis(500),
      deadline: Duration.millis(2000),
      maxRetries: 1,
      baseDelay: Duration.millis(10),
      maxDelay: Duration.millis(50),
    },
  },
})

export const googleAdapters = (google: FakeGoogleService) => {
  const options = googleOptions(google)
  return {
    calendar: GoogleCalendar.layer(options),
    feed: EventSync.layer(options),
    googleConnect: Layer.effect(
      GoogleConnect.GoogleConnect,
      Effect.map(GoogleOAuth.GoogleOAuth, (oauth) => Option.some(oauth)),
    ).pipe(Layer.provide(GoogleOAuth.layer(options))),
  }
}

export interface HarnessOptions {
  /** Calendar plus any control tags the test wants to reach (MemoryCalendarControl, …). */
  readonly calendar?: Layer.Layer<Calendar, never, TokenVault>
  readonly telephony?: Layer.Layer<Telephony>
  readonly googleConnect?: Layer.Layer<GoogleConnect.GoogleConnect, never, TokenVault | OAuthStates>
  readonly storage?: Layer.Layer<AppLayer.StoragePorts, unknown>
  /** Where the server logs; silent unless TEST_LOG_LEVEL is set. */
  readonly logger?: pino.Logger
  /** Understanding wired as production wires it (may count into the server's Metrics), e.g. AppLayer.understandingLive. */
  readonly understandingAdapter?: Layer.Layer<Understanding, never, Metrics.Metrics>
  /** Replaces the rules adapter for the webhooks (e.g. one that records what it was asked). */
  readonly understanding?: Layer.Layer<Understanding>
  readonly http?: Server.ServerOptions["http"]
  readonly trustProxy?: Server.ServerOptions["trustProxy"]
  /** The calendar's change feed; none: the busy cache stays empty and every check asks the calendar. */
  readonly feed?: Layer.Layer<CalendarFeed, never, TokenVault>
  /**
   * Busy-cache sync settings. With `push`, a loopback relay receives Google's notifications and
   * hands them to the app, and the channels are opened with its address.
   */
  readonly sync?: Partial<Omit<SyncOptions, "webhookAddress">>
  /** Runs the outbox worker and the sync scheduler in the background, as a server does (the sync bench). */
  readonly background?: boolean
  /** Routes a test adds before the app is ready (e.g. one that echoes what Fastify saw). */
  readonly extend?: (app: FastifyInstance) => void
}

/** A business open every day, so "tomorrow at 2 PM" is bookable whatever day the test runs. */
export const everyDayBusiness = (overrides: Parameters<typeof Fixtures.demoBusiness>[0] = {}): Business => {
  const day = [["09:00", "17:00"]] as const
  return Fixtures.demoBusiness({
    hours: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: day },
    ...overrides,
  })
}

export const makeHarness = (options: HarnessOptions = {}) =>
  Effect.gen(function* () {
    const scope = yield* Effect.scope
    const build = <A, E, R>(layer: Layer.Layer<A, E, R>) => Layer.buildWithScope(layer, scope)
    const storage = yield* build(options.storage ?? memoryStorage)
    const calendar = yield* build(
      (options.calendar ?? AppLayer.calendarNotConnected).pipe(Layer.provide(Layer.succeedContext(storage))),
    )
    const telephony = yield* build((options.telephony ?? RecordingTelephony.layerMemory) as Layer.Layer<Telephony>)
    // Google POSTs notifications to a real address; this relay passes them to the app under test.
    const relay: { app: FastifyInstance | undefined } = { app: undefined }
    const webhookAddress =
      options.sync?.push === true
        ? Option.some(
            yield* Effect.acquireRelease(
              Effect.async<{ readonly url: string; readonly close: () => void }>((resume) => {
                const server = createServer((request, response) => {
                  const target = relay.app
                  if (target === undefined) return void response.writeHead(503).end()
                  void target
                    .inject({ method: "POST", url: request.url ?? "/", headers: request.headers })
                    .then((answer) => response.writeHead(answer.statusCode).end(answer.body))
                })
                server.listen(0, "127.0.0.1", () => {
                  const address = server.address()
                  const port = typeof address === "object" && address !== null ? address.port : 0
                  resume(
                    Effect.succeed({
                      url: `http://127.0.0.1:${port}/webhooks/google/calendar`,
                      close: () => {
                        server.closeAllConnections()
                        server.close()
                      },
                    }),
                  )
                })
              }),
              (server) => Effect.sync(server.close),
            ),
          ).pipe(Option.map((server) => server.url))
        : Option.none()
    const appLayer = AppLayer.make({
      storage: Layer.succeedContext(storage),
      calendar: Layer.succeedContext(calendar) as Layer.Layer<Calendar>,
      telephony: Layer.succeedContext(telephony) as Layer.Layer<Telephony>,
      googleConnect: options.googleConnect ?? GoogleConnect.layerNotConfigured,
      ...(options.understandingAdapter === undefined ? {} : { understanding: options.understandingAdapter }),
      // Tests run the outbox by hand (drainOutbox) so what happens after the call is deterministic.
      outbox: options.background === true ? {} : false,
      ...(options.feed === undefined ? {} : { feed: options.feed }),
      // The sync scheduler too (tickSync).
      sync: { ...options.sync, webhookAddress, scheduler: options.background === true },
    })
    const logger = options.logger ?? Logging.makePino({ level: process.env.TEST_LOG_LEVEL ?? "silent" })
    const runtime = yield* Effect.acquireRelease(
      Effect.sync(() =>
        ManagedRuntime.make(
          Layer.mergeAll(
            appLayer,
            // The adapter's control tags only: Calendar itself stays AppLayer's decorated one, so the
            // outbox drained here writes events as the server's worker does (CachedCalendar).
            Layer.succeedContext(Context.omit(Calendar)(calendar)),
            Layer.succeedContext(telephony),
            Logging.layer(logger),
            // Last, so it wins over the adapter AppLayer merged in.
            options.understanding ?? Layer.empty,
          ),
        ),
      ),
      (runtime) => Effect.promise(() => runtime.dispose()),
    )
    const app = Server.build({
      runtime,
      publicBaseUrl,
      adminToken: Redacted.make(adminToken),
      twilioAuthToken: Redacted.make(twilioAuthToken),
      logger,
      ...(options.http === undefined ? {} : { http: options.http }),
      ...(options.trustProxy === undefined ? {} : { trustProxy: options.trustProxy }),
    })
    options.extend?.(app)
    relay.app = app
    yield* Effect.acquireRelease(
      Effect.promise(() => app.ready()),
      () => Effect.promise(() => app.close()),
    )
    return new Harness(app, runtime)
  })

export type Params = Record<string, string>

export class Harness {
  constructor(
    readonly app: FastifyInstance,
    readonly runtime: ManagedRuntime.ManagedRuntime<Server.AppServices, unknown>,
  ) {}

  /** Runs inside the server's runtime; `R` may name a control tag the test layered in (not checked). */
  run<A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<A, E> {
    const inRuntime = effect as Effect.Effect<A, E, Server.AppServices>
    return Effect.promise(() => this.runtime.runPromiseExit(inRuntime)).pipe(Effect.flatten) as Effect.Effect<A, E>
  }

  /**
   * Runs the outbox until nothing is due: what the server's worker does in the background right
   * after a call (calendar events, texts). A job scheduled for a later retry is left for later.
   */
  get drainOutbox(): Effect.Effect<void> {
    const batch = OutboxWorker.processBatch(OutboxRunner.handlers, OutboxWorker.defaultOptions)
    return this.run(
      Effect.iterate(1, { while: (claimed) => claimed > 0, body: () => batch }).pipe(Effect.orDie, Effect.asVoid),
    )
  }

  private readonly syncMemory = Effect.runSync(SyncScheduler.makeMemory)

  /** One round of the calendar sync scheduler (what each instance does every half poll interval). */
  get tickSync(): Effect.Effect<number> {
    return this.run(SyncScheduler.tick(this.syncMemory)).pipe(Effect.orDie)
  }

  seed(business: Business) {
    return this.run(Effect.flatMap(Businesses, (b) => b.create(business)))
  }

  /** POSTs a signed, form-encoded webhook as Twilio would (the path may carry a query). */
  webhook(
    path: string,
    params: Params,
    options: { readonly signature?: string | null } = {},
  ): Effect.Effect<LightMyRequestResponse> {
    const signature =
      options.signature === undefined
        ? TwilioSignature.sign(Redacted.make(twilioAuthToken), `${publicBaseUrl}${path}`, params)
        : options.signature
    return Effect.promise(() =>
      this.app.inject({
        method: "POST",
        url: path,
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          ...(signature === null ? {} : { "x-twilio-signature": signature }),
        },
        payload: new URLSearchParams(params).toString(),
      }),
    )
  }

  admin(
    method: "GET" | "POST" | "PATCH",
    url: string,
    body?: unknown,
    token: string | null = adminToken,
  ): Effect.Effect<LightMyRequestResponse> {
    return Effect.promise(() =>
      this.app.inject({
        method,
        url,
        headers: {
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { "content-type": "application/json" }),
        },
        ...(body === undefined ? {} : { payload: typeof body === "string" ? body : JSON.stringify(body) }),
      }),
    )
  }

  call(business: Business, options: { readonly from?: string; readonly callSid?: string } = {}) {
    return new SimulatedCall(
      this,
      business,
      options.from ?? Fixtures.phoneNumber(),
      options.callSid ?? Fixtures.callSid(),
    )
  }
}

/** A phone on the other end: follows the TwiML's Gather actions like Twilio does. */
export class SimulatedCall {
  next: string | undefined
  silenceUrl: string | undefined
  last: TwimlReader.PhoneView | undefined
  lastBody = ""
  lastRequest: { readonly path: string; readonly params: Params } | undefined
  constructor(
    readonly harness: Harness,
    readonly business: Business,
    readonly from: string,
    readonly callSid: string,
  ) {}

  params(extra: Params = {}): Params {
    return {
      CallSid: this.callSid,
      AccountSid: "AC00000000000000000000000000000000",
      From: this.from,
      To: this.business.phoneNumbers[0] ?? "+15550000000",
      CallStatus: "in-progress",
      Direction: "inbound",
      ApiVersion: "2010-04-01",
      ...extra,
    }
  }

  private follow(path: string, params: Params) {
    this.lastRequest = { path, params }
    return this.harness.webhook(path, params).pipe(
      Effect.map((response) => {
        if (response.statusCode !== 200)
          throw new Error(`webhook ${path} answered ${response.statusCode}: ${response.body}`)
        this.lastBody = response.body
        const view = TwimlReader.read(response.body)
        this.last = view
        this.next = view.action?.replace(publicBaseUrl, "")
        this.silenceUrl = view.redirect?.replace(publicBaseUrl, "")
        return view
      }),
    )
  }

  start() {
    return this.follow(`/voice/incoming/${this.business.id}`, this.params({ CallStatus: "ringing" }))
  }

  say(text: string) {
    if (this.next === undefined) throw new Error("the agent is not listening")
    return this.follow(this.next, this.params({ SpeechResult: text, Confidence: "0.92" }))
  }

  /** Sends the last webhook again, byte for byte, as Twilio does when it retries. */
  replay() {
    const last = this.lastRequest
    if (last === undefined) throw new Error("nothing to replay")
    return this.harness.webhook(last.path, last.params)
  }

  /** The webhook `say` would send, without sending it (to fire duplicates concurrently). */
  pending(text: string) {
    if (this.next === undefined) throw new Error("the agent is not listening")
    return { path: this.next, params: this.params({ SpeechResult: text, Confidence: "0.92" }) }
  }

  silence() {
    if (this.silenceUrl === undefined) throw new Error("no redirect to follow")
    return this.follow(this.silenceUrl, this.params())
  }

  /** Says each line in turn; returns everything the agent said. */
  script(lines: ReadonlyArray<string>) {
    const self = this
    return Effect.gen(function* () {
      const heard: Array<string> = [...(yield* self.start()).says]
      for (const line of lines) heard.push(...(yield* self.say(line)).says)
      return heard
    })
  }
}

/** `hour`:00 tomorrow in the business's zone, as an instant. */
export const tomorrowAt = (business: Business, hour: number, minute = 0): DateTime.Utc => {
  const now = DateTime.unsafeMakeZoned(new Date(), { timeZone: business.timezone })
  const parts = DateTime.toParts(DateTime.add(now, { days: 1 }))
  const pad = (n: number) => String(n).padStart(2, "0")
  return Fixtures.localDateTime(
    business.timezone,
    `${parts.year}-${pad(parts.month)}-${pad(parts.day)}T${pad(hour)}:${pad(minute)}`,
  )
}

/** The business as connected earlier: a refresh token from the fake Google in the vault. */
export const connectGoogle = (harness: Harness, google: FakeGoogleService, business: Business) =>
  Effect.gen(function* () {
    const refreshToken = yield* google.connect()
    yield* harness.run(
      Effect.flatMap(TokenVault, (vault) =>
        vault.store(
          business.id,
          new CalendarCredentials({
            provider: "google",
            refreshToken: Redacted.make(refreshToken),
            scope: "https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.freebusy",
            status: "connected",
            updatedAt: DateTime.unsafeNow(),
          }),
        ),
      ),
    )
  })
