import type * as OutboxWorker from "@frontdesk/domain/followup/OutboxWorker"
import { Config, Data, Effect, Option, type Redacted } from "effect"

export type SmsSender =
  | { readonly _tag: "From"; readonly from: string }
  | { readonly _tag: "MessagingService"; readonly messagingServiceSid: string }

/** Everything the server reads from the environment . Secrets stay Redacted. */
export interface AppConfig {
  readonly production: boolean
  readonly port: number
  readonly host: string
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
  /** Outbox worker tuning; unset values keep OutboxWorker.defaultOptions. */
  readonly outbox: Partial<OutboxWorker.WorkerOptions>
  readonly google: {
    readonly clientId: Option.Option<string>
    readonly clientSecret: Option.Option<Redacted.Redacted<string>>
    readonly redirectUrl: string
    readonly apiRootUrl: Option.Option<string>
    readonly oauthAuthUrl: Option.Option<string>
    readonly oauthTokenUrl: Option.Option<string>
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

const raw = Config.all({
  nodeEnv: Config.string("NODE_ENV").pipe(Config.withDefault("development")),
  port: Config.port("PORT").pipe(Config.withDefault(3000)),
  host: Config.string("HOST").pipe(Config.withDefault("127.0.0.1")),
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
  outboxConcurrency: Config.option(Config.integer("OUTBOX_CONCURRENCY")),
  outboxMaxAttempts: Config.option(Config.integer("OUTBOX_MAX_ATTEMPTS")),
  outboxLeaseMs: Config.option(Config.integer("OUTBOX_LEASE_MS")),
  outboxRetryBaseMs: Config.option(Config.integer("OUTBOX_RETRY_BASE_MS")),
  outboxRetryMaxMs: Config.option(Config.integer("OUTBOX_RETRY_MAX_MS")),
  outboxPollMs: Config.option(Config.integer("OUTBOX_POLL_MS")),
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
  const publicBaseUrl = Option.getOrElse(env.publicBaseUrl, () => `http://localhost:${env.port}`)
  return {
    production,
    port: env.port,
    host: env.host,
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
    google: {
      clientId: env.googleClientId,
      clientSecret: env.googleClientSecret,
      redirectUrl: Option.getOrElse(env.googleRedirectUrl, () => `${publicBaseUrl}/oauth/google/callback`),
      apiRootUrl: env.googleApiRootUrl,
      oauthAuthUrl: env.googleOauthAuthUrl,
      oauthTokenUrl: env.googleOauthTokenUrl,
    },
  }
})
