import { isIP } from "node:net"
import type * as OutboxWorker from "@frontdesk/domain/followup/OutboxWorker"
import { defaultTextSettings, type TextSettingsShape } from "@frontdesk/domain/followup/TextGuard"
import * as TextPolicy from "@frontdesk/domain/model/TextPolicy"
import { Config, Data, Effect, Option, type Redacted } from "effect"

export type SmsSender =
  | { readonly _tag: "From"; readonly from: string }
  | { readonly _tag: "MessagingService"; readonly messagingServiceSid: string }

/**
 * How long and how many: without limits a client that sends a request one byte at a time holds
 * its socket forever, and enough of them starve Twilio's webhooks.
 */
export interface HttpLimits {
  /** The whole request (head and body) must arrive within this; then the socket is answered 408 and closed. */
  readonly requestTimeoutMs: number
  /** A socket that sends nothing for this long is closed. */
  readonly connectionTimeoutMs: number
  /** An idle keep-alive socket is closed after this; keep it above the load balancer's idle timeout. */
  readonly keepAliveTimeoutMs: number
  readonly maxRequestsPerSocket: number
  /** Sockets beyond this are dropped on accept. */
  readonly maxConnections: number
}

export const defaultHttpLimits: HttpLimits = {
  requestTimeoutMs: 30_000,
  connectionTimeoutMs: 60_000,
  keepAliveTimeoutMs: 72_000,
  maxRequestsPerSocket: 1000,
  maxConnections: 1024,
}

/**
 * Which peers may say who the client is through X-Forwarded-For: none (`false`), the nearest
 * `n` hops, or proxies by address or CIDR. Fastify's `trustProxy` takes each form as is.
 */
export type TrustProxy = false | number | ReadonlyArray<string>

/** Speech understanding by a language model when the rules are unsure (ADR 0009); `none` is rules only. */
export interface LlmConfig {
  readonly provider: "none" | "openai" | "anthropic"
  /** The provider's own URL when none; any OpenAI-compatible server (Ollama, vLLM) for `openai`. */
  readonly baseUrl: Option.Option<string>
  readonly apiKey: Option.Option<Redacted.Redacted<string>>
  readonly model: Option.Option<string>
  /** The model's budget per utterance; past it the rules' answer is used. */
  readonly timeoutMs: number
}

export const defaultLlmTimeoutMs = 1200

/** Everything the server reads from the environment . Secrets stay Redacted. */
export interface AppConfig {
  readonly production: boolean
  readonly port: number
  readonly host: string
  readonly http: HttpLimits
  readonly trustProxy: TrustProxy
  /** The URL Twilio and Google see; webhooks are signed against it. */
  readonly publicBaseUrl: string
  readonly databaseUrl: Option.Option<Redacted.Redacted<string>>
  /** Production may run on embedded PGlite only when asked to (ALLOW_EMBEDDED_DB=true). */
  readonly allowEmbeddedDb: boolean
  readonly dataDir: string
  readonly adminToken: Option.Option<Redacted.Redacted<string>>
  readonly tokenEncryptionKeys: Option.Option<Redacted.Redacted<string>>
  readonly twilio: {
    readonly accountSid: string
    readonly authToken: Option.Option<Redacted.Redacted<string>>
    readonly smsSender: Option.Option<SmsSender>
    readonly apiBaseUrl: Option.Option<string>
  }
  /** Where and how much the system texts (SMS_ALLOWED_COUNTRIES, SMS_HOURLY_BUDGET). */
  readonly texting: TextSettingsShape
  /** Outbox worker tuning; unset values keep OutboxWorker.defaultOptions. */
  readonly outbox: Partial<OutboxWorker.WorkerOptions>
  readonly llm: LlmConfig
  /** CALL_RETENTION_DAYS: call records and transcripts older than this are purged. */
  readonly callRetentionDays: number
  readonly google: {
    readonly clientId: Option.Option<string>
    readonly clientSecret: Option.Option<Redacted.Redacted<string>>
    readonly redirectUrl: string
    readonly apiRootUrl: Option.Option<string>
    readonly oauthAuthUrl: Option.Option<string>
    readonly oauthTokenUrl: Option.Option<string>
    /** `GOOGLE_PUSH`: watch checked calendars for changes (`on`), or only poll them (`off`). */
    readonly push: boolean
    /** `GOOGLE_SYNC_POLL_MS`: incremental-sync poll for a calendar with no live channel. */
    readonly syncPollMs: number
    /**
     * `GOOGLE_SYNC_VERIFY_MS`: a notification Frontdesk's own event write explains is not listed at
     * once; one verification listing follows this long after (default 5 min, ADR 0012).
     */
    readonly syncVerifyMs: number
  }
}

/** The server refuses to start; the message names what to fix. */
export class StartupError extends Data.TaggedError("StartupError")<{ readonly message: string }> {}

/** The account sid used when none is configured; Twilio's own docs use this shape for examples. */
export const devAccountSid = "AC00000000000000000000000000000000"

const optionalString = (name: string) => Config.option(Config.nonEmptyString(name))
const optionalSecret = (name: string) => Config.option(Config.redacted(Config.nonEmptyString(name)))

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, "")

const url = (name: string) =>
  Config.nonEmptyString(name).pipe(
    Config.validate({
      message: "must be an absolute http(s) URL",
      validation: (value) => /^https?:\/\/[^/\s]+/.test(value),
    }),
    Config.map(withoutTrailingSlash),
  )

const positiveInteger = (name: string, fallback: number) =>
  Config.integer(name).pipe(
    Config.validate({ message: "must be a positive integer", validation: (n) => n > 0 }),
    Config.withDefault(fallback),
  )

/** proxy-addr's names for address ranges, accepted as they are. */
const rangeNames = new Set(["loopback", "linklocal", "uniquelocal"])

const isProxyAddress = (entry: string): boolean => {
  if (rangeNames.has(entry)) return true
  const [address = "", prefix, ...rest] = entry.split("/")
  const family = isIP(address)
  if (family === 0 || rest.length > 0) return false
  if (prefix === undefined) return true
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128)
}

const parseTrustProxy = (value: string): TrustProxy => {
  const trimmed = value.trim()
  if (trimmed === "") return false
  if (/^\d+$/.test(trimmed)) return Number(trimmed) === 0 ? false : Number(trimmed)
  return trimmed.split(",").map((entry) => entry.trim())
}

const trustProxy = Config.string("TRUST_PROXY").pipe(
  Config.validate({
    message: "must be a hop count or comma-separated proxy addresses/CIDRs (e.g. 10.0.0.0/8,127.0.0.1)",
    validation: (value) => {
      const parsed = parseTrustProxy(value)
      return typeof parsed !== "object" || parsed.every(isProxyAddress)
    },
  }),
  Config.map(parseTrustProxy),
  Config.withDefault<TrustProxy>(false),
)

const smsAllowedCountries = Config.string("SMS_ALLOWED_COUNTRIES").pipe(
  Config.validate({
    message: "must be comma-separated ISO 3166 alpha-2 country codes (e.g. US,CA,GB)",
    validation: (value) => TextPolicy.parseCountries(value) !== undefined,
  }),
  Config.map((value) => TextPolicy.parseCountries(value) ?? []),
  Config.withDefault<ReadonlyArray<string>>([]),
)

const raw = Config.all({
  nodeEnv: Config.string("NODE_ENV").pipe(Config.withDefault("development")),
  port: Config.port("PORT").pipe(Config.withDefault(3000)),
  host: Config.string("HOST").pipe(Config.withDefault("127.0.0.1")),
  http: Config.all({
    requestTimeoutMs: positiveInteger("HTTP_REQUEST_TIMEOUT_MS", defaultHttpLimits.requestTimeoutMs),
    connectionTimeoutMs: positiveInteger("HTTP_CONNECTION_TIMEOUT_MS", defaultHttpLimits.connectionTimeoutMs),
    keepAliveTimeoutMs: positiveInteger("HTTP_KEEP_ALIVE_TIMEOUT_MS", defaultHttpLimits.keepAliveTimeoutMs),
    maxRequestsPerSocket: positiveInteger("HTTP_MAX_REQUESTS_PER_SOCKET", defaultHttpLimits.maxRequestsPerSocket),
    maxConnections: positiveInteger("HTTP_MAX_CONNECTIONS", defaultHttpLimits.maxConnections),
  }),
  trustProxy,
  smsAllowedCountries,
  smsHourlyBudget: positiveInteger("SMS_HOURLY_BUDGET", defaultTextSettings.hourlyBudget),
  publicBaseUrl: Config.option(url("PUBLIC_BASE_URL")),
  databaseUrl: optionalSecret("DATABASE_URL"),
  allowEmbeddedDb: Config.boolean("ALLOW_EMBEDDED_DB").pipe(Config.withDefault(false)),
  dataDir: Config.string("DATA_DIR").pipe(Config.withDefault("./.frontdesk")),
  adminToken: optionalSecret("ADMIN_TOKEN"),
  tokenEncryptionKeys: optionalSecret("TOKEN_ENCRYPTION_KEYS"),
  twilioAccountSid: Config.string("TWILIO_ACCOUNT_SID").pipe(Config.withDefault(devAccountSid)),
  twilioAuthToken: optionalSecret("TWILIO_AUTH_TOKEN"),
  twilioSmsFrom: optionalString("TWILIO_SMS_FROM"),
  twilioMessagingServiceSid: optionalString("TWILIO_MESSAGING_SERVICE_SID"),
  twilioApiBaseUrl: Config.option(url("TWILIO_API_BASE_URL")),
  googleClientId: optionalString("GOOGLE_CLIENT_ID"),
  googleClientSecret: optionalSecret("GOOGLE_CLIENT_SECRET"),
  googleRedirectUrl: Config.option(url("GOOGLE_REDIRECT_URL")),
  googleApiRootUrl: Config.option(url("GOOGLE_API_ROOT_URL")),
  googleOauthAuthUrl: Config.option(url("GOOGLE_OAUTH_AUTH_URL")),
  googleOauthTokenUrl: Config.option(url("GOOGLE_OAUTH_TOKEN_URL")),
  googlePush: Config.literal("on", "off")("GOOGLE_PUSH").pipe(Config.withDefault("on" as const)),
  googleSyncPollMs: positiveInteger("GOOGLE_SYNC_POLL_MS", 60_000),
  googleSyncVerifyMs: positiveInteger("GOOGLE_SYNC_VERIFY_MS", 300_000),
  outboxConcurrency: Config.option(Config.integer("OUTBOX_CONCURRENCY")),
  outboxMaxAttempts: Config.option(Config.integer("OUTBOX_MAX_ATTEMPTS")),
  outboxLeaseMs: Config.option(Config.integer("OUTBOX_LEASE_MS")),
  outboxRetryBaseMs: Config.option(Config.integer("OUTBOX_RETRY_BASE_MS")),
  outboxRetryMaxMs: Config.option(Config.integer("OUTBOX_RETRY_MAX_MS")),
  outboxPollMs: Config.option(Config.integer("OUTBOX_POLL_MS")),
  llmProvider: Config.literal("none", "openai", "anthropic")("LLM_PROVIDER").pipe(Config.withDefault("none" as const)),
  llmBaseUrl: Config.option(url("LLM_BASE_URL")),
  llmApiKey: optionalSecret("LLM_API_KEY"),
  llmModel: optionalString("LLM_MODEL"),
  llmTimeoutMs: positiveInteger("LLM_TIMEOUT_MS", defaultLlmTimeoutMs),
  callRetentionDays: Config.integer("CALL_RETENTION_DAYS").pipe(
    Config.validate({
      message: "CALL_RETENTION_DAYS must be a whole number of days, at least 1",
      validation: (n) => n >= 1,
    }),
    Config.withDefault(90),
  ),
})

const positive = (value: Option.Option<number>): Option.Option<number> => Option.filter(value, (n) => n > 0)

/** Secrets production must be given: generated values would change on every deploy or instance. */
export const requiredInProduction = ["TWILIO_AUTH_TOKEN", "ADMIN_TOKEN", "TOKEN_ENCRYPTION_KEYS", "PUBLIC_BASE_URL"]

export const load: Effect.Effect<AppConfig, StartupError> = Effect.gen(function* () {
  const env = yield* raw.pipe(Effect.mapError((error) => new StartupError({ message: `Bad configuration: ${error}` })))
  const production = env.nodeEnv === "production"
  if (production) {
    const present: Record<string, boolean> = {
      TWILIO_AUTH_TOKEN: Option.isSome(env.twilioAuthToken),
      ADMIN_TOKEN: Option.isSome(env.adminToken),
      TOKEN_ENCRYPTION_KEYS: Option.isSome(env.tokenEncryptionKeys),
      PUBLIC_BASE_URL: Option.isSome(env.publicBaseUrl),
    }
    const missing = requiredInProduction.filter((name) => !present[name])
    // Embedded PGlite lives on one instance's disk: a production deploy that forgot DATABASE_URL
    // would take bookings that vanish with the container, so it has to be asked for by name.
    const noDatabase = Option.isNone(env.databaseUrl) && !env.allowEmbeddedDb
    if (missing.length > 0 || noDatabase) {
      const names = noDatabase ? ["DATABASE_URL", ...missing] : missing
      return yield* new StartupError({
        message:
          `Refusing to start with NODE_ENV=production: set ${names.join(", ")}` +
          (noDatabase ? " (or ALLOW_EMBEDDED_DB=true to keep data in embedded PGlite under DATA_DIR)" : ""),
      })
    }
  }
  // A hosted provider without a key would fail every request: every turn would wait out the
  // timeout before the rules answer. A local server (LLM_BASE_URL) may need no key.
  if (env.llmProvider !== "none" && Option.isNone(env.llmApiKey) && Option.isNone(env.llmBaseUrl)) {
    return yield* new StartupError({
      message: `LLM_PROVIDER=${env.llmProvider} needs LLM_API_KEY (or LLM_BASE_URL for a local OpenAI-compatible server)`,
    })
  }
  const publicBaseUrl = Option.getOrElse(env.publicBaseUrl, () => `http://localhost:${env.port}`)
  return {
    production,
    port: env.port,
    host: env.host,
    http: env.http,
    trustProxy: env.trustProxy,
    publicBaseUrl,
    databaseUrl: env.databaseUrl,
    allowEmbeddedDb: env.allowEmbeddedDb,
    dataDir: env.dataDir,
    adminToken: env.adminToken,
    tokenEncryptionKeys: env.tokenEncryptionKeys,
    twilio: {
      accountSid: env.twilioAccountSid,
      authToken: env.twilioAuthToken,
      smsSender: Option.isSome(env.twilioSmsFrom)
        ? Option.some({ _tag: "From" as const, from: env.twilioSmsFrom.value })
        : Option.map(env.twilioMessagingServiceSid, (sid) => ({
            _tag: "MessagingService" as const,
            messagingServiceSid: sid,
          })),
      apiBaseUrl: env.twilioApiBaseUrl,
    },
    texting: { extraCountries: env.smsAllowedCountries, hourlyBudget: env.smsHourlyBudget },
    outbox: {
      ...Option.match(positive(env.outboxConcurrency), {
        onNone: () => ({}),
        onSome: (concurrency) => ({ concurrency }),
      }),
      ...Option.match(positive(env.outboxMaxAttempts), {
        onNone: () => ({}),
        onSome: (maxAttempts) => ({ maxAttempts }),
      }),
      ...Option.match(positive(env.outboxLeaseMs), { onNone: () => ({}), onSome: (leaseMillis) => ({ leaseMillis }) }),
      ...Option.match(positive(env.outboxRetryBaseMs), {
        onNone: () => ({}),
        onSome: (baseDelayMillis) => ({ baseDelayMillis }),
      }),
      ...Option.match(positive(env.outboxRetryMaxMs), {
        onNone: () => ({}),
        onSome: (maxDelayMillis) => ({ maxDelayMillis }),
      }),
      ...Option.match(positive(env.outboxPollMs), { onNone: () => ({}), onSome: (idleMillis) => ({ idleMillis }) }),
    },
    llm: {
      provider: env.llmProvider,
      baseUrl: env.llmBaseUrl,
      apiKey: env.llmApiKey,
      model: env.llmModel,
      timeoutMs: env.llmTimeoutMs,
    },
    callRetentionDays: env.callRetentionDays,
    google: {
      clientId: env.googleClientId,
      clientSecret: env.googleClientSecret,
      redirectUrl: Option.getOrElse(env.googleRedirectUrl, () => `${publicBaseUrl}/oauth/google/callback`),
      apiRootUrl: env.googleApiRootUrl,
      oauthAuthUrl: env.googleOauthAuthUrl,
      oauthTokenUrl: env.googleOauthTokenUrl,
      push: env.googlePush === "on",
      syncPollMs: env.googleSyncPollMs,
      syncVerifyMs: env.googleSyncVerifyMs,
    },
  }
})
