import { NodeContext, NodeRuntime } from "@effect/platform-node"
import { Effect, Layer, ManagedRuntime, Option, Redacted } from "effect"
import * as AppLayer from "./AppLayer.js"
import * as Config from "./Config.js"
import * as DemoBusiness from "./DemoBusiness.js"
import * as DevSecrets from "./DevSecrets.js"
import * as Logging from "./Logging.js"
import * as MigrationsDirectory from "./MigrationsDirectory.js"
import * as PgliteSnapshot from "./PgliteSnapshot.js"
import * as Console from "./routes/Console.js"
import * as Server from "./Server.js"

/**
 * `pnpm start`: configuration from the environment, secrets generated under DATA_DIR in
 * development, embedded PGlite unless DATABASE_URL is set, a demo business, and a banner.
 */
// Measured from process start, so this is the time spent loading modules (ADR 0013's cold-start figures).
const modulesLoadedMs = performance.now()
const logger = Logging.makePino()

const program = Effect.gen(function* () {
  const config = yield* Config.load
  const secrets = yield* DevSecrets.resolve(config)
  const migrationsDir = yield* MigrationsDirectory.resolve(import.meta.url)
  const pgliteSnapshot = PgliteSnapshot.resolve(import.meta.url)
  const deployment = { migrationsDir, ...(pgliteSnapshot === undefined ? {} : { pgliteSnapshot }) }
  const layer = Layer.provideMerge(AppLayer.live(config, secrets, deployment), Logging.layer(logger))

  const configuredMs = performance.now()
  // Built before listening: a database that cannot start stops the process here, not on the first call.
  const runtime = yield* Effect.acquireRelease(
    Effect.promise(async () => {
      const runtime = ManagedRuntime.make(layer)
      await runtime.runtime()
      return runtime
    }),
    (runtime) =>
      Effect.promise(() => runtime.dispose()).pipe(Effect.tap(() => Effect.sync(() => logger.info("database closed")))),
  )

  const runtimeReadyMs = performance.now()
  const demo = config.production
    ? Option.none()
    : Option.some(yield* Effect.promise(() => runtime.runPromise(DemoBusiness.seed)))

  const app = Server.build({
    runtime,
    publicBaseUrl: config.publicBaseUrl,
    adminToken: secrets.adminToken,
    twilioAuthToken: secrets.twilioAuthToken,
    logger,
    http: config.http,
    trustProxy: config.trustProxy,
    ...(Option.isSome(config.google.oauthAuthUrl) ? { oauthAuthUrl: config.google.oauthAuthUrl.value } : {}),
  })
  // Closing stops accepting connections and waits for in-flight webhooks before the runtime goes.
  yield* Effect.acquireRelease(
    Effect.promise(() => app.listen({ port: config.port, host: config.host })),
    () =>
      Effect.sync(() => logger.info("shutting down: finishing in-flight requests")).pipe(
        Effect.zipRight(Effect.promise(() => app.close())),
      ),
  )

  const listeningMs = performance.now()
  logger.info(
    {
      modulesMs: Math.round(modulesLoadedMs),
      configMs: Math.round(configuredMs - modulesLoadedMs),
      databaseMs: Math.round(runtimeReadyMs - configuredMs),
      listenMs: Math.round(listeningMs - runtimeReadyMs),
      totalMs: Math.round(listeningMs),
    },
    "start-up phases",
  )
  const listen = `http://${config.host}:${config.port}`
  const sms = Option.match(config.twilio.smsSender, {
    onNone: () => "logged only (set TWILIO_SMS_FROM or TWILIO_MESSAGING_SERVICE_SID to send)",
    onSome: (sender) => (sender._tag === "From" ? `Twilio, from ${sender.from}` : "Twilio messaging service"),
  })
  const google = Option.isSome(config.google.clientId)
    ? `Google OAuth client ${config.google.clientId.value}`
    : "off (set GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET)"
  // A one-time operator sign-in for whoever started the server (an hour to use it).
  const signInLink = yield* Effect.promise(() => runtime.runPromise(Console.makeSignInLink(config.publicBaseUrl)))
  const lines = [
    "",
    "  Frontdesk is answering the phone.",
    "",
    `  Console          ${config.publicBaseUrl}/`,
    `  Sign in once     ${signInLink}`,
    `  Listening on     ${listen}`,
    `  Public URL       ${config.publicBaseUrl}  (Twilio signatures are checked against this)`,
    `  Database         ${Option.isSome(config.databaseUrl) ? "PostgreSQL (DATABASE_URL)" : `embedded PGlite in ${config.dataDir}/pglite`}`,
    `  SMS              ${sms}`,
    `  Google Calendar  ${google}`,
    ...(config.production
      ? []
      : [
          `  Admin token      ${Redacted.value(secrets.adminToken)}`,
          `  Dev secrets      ${secrets.file}${secrets.fromDataDir.length > 0 ? ` (${secrets.fromDataDir.join(", ")})` : ""}`,
        ]),
    ...Option.match(demo, {
      onNone: () => [],
      onSome: ({ business }) => [
        "",
        `  Demo business    ${business.name} (id ${business.id}, ${business.timezone})`,
        "  Place a call     pnpm call                (in another terminal; type what the caller says)",
        `  Twilio webhook   ${config.publicBaseUrl}/voice/incoming/${business.id}`,
        `  Admin API        curl -H "Authorization: Bearer $ADMIN_TOKEN" ${listen}/api/v1/businesses`,
      ],
    }),
    "",
  ]
  process.stdout.write(`${lines.join("\n")}\n`)
  return yield* Effect.never
})

program.pipe(
  Effect.scoped,
  Effect.catchTag("StartupError", (error) =>
    Effect.sync(() => {
      process.stderr.write(`${error.message}\n`)
      process.exitCode = 1
    }),
  ),
  Effect.provide(Layer.merge(NodeContext.layer, Logging.layer(logger))),
  NodeRuntime.runMain({ disablePrettyLogger: true }),
)
