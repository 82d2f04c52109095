import { FileSystem } from "@effect/platform"
import { NodeContext } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Either, Option, Redacted } from "effect"
import * as Config from "../src/Config.js"
import * as DevSecrets from "../src/DevSecrets.js"

const withEnv = (env: Record<string, string>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

describe("configuration", () => {
  it.effect("development needs nothing: defaults as the README documents", () =>
    Effect.gen(function* () {
      const config = yield* Config.load.pipe(withEnv({}))
      expect(config.port).toBe(3000)
      expect(config.host).toBe("127.0.0.1")
      expect(config.publicBaseUrl).toBe("http://localhost:3000")
      expect(config.dataDir).toBe("./.frontdesk")
      expect(config.google.redirectUrl).toBe("http://localhost:3000/oauth/google/callback")
      expect(Option.isNone(config.twilio.smsSender)).toBe(true)
    }),
  )

  it.effect("reads every variable, keeps secrets redacted and prefers TWILIO_SMS_FROM", () =>
    Effect.gen(function* () {
      const config = yield* Config.load.pipe(
        withEnv({
          PORT: "8080",
          PUBLIC_BASE_URL: "https://frontdesk.example.com/",
          ADMIN_TOKEN: "admin-secret",
          TWILIO_AUTH_TOKEN: "twilio-secret",
          TWILIO_SMS_FROM: "+15550001111",
          TWILIO_MESSAGING_SERVICE_SID: "MG123",
          TWILIO_API_BASE_URL: "http://127.0.0.1:9999",
          GOOGLE_CLIENT_ID: "client",
          GOOGLE_CLIENT_SECRET: "google-secret",
        }),
      )
      expect(config.publicBaseUrl).toBe("https://frontdesk.example.com")
      expect(config.google.redirectUrl).toBe("https://frontdesk.example.com/oauth/google/callback")
      expect(config.twilio.smsSender).toEqual(Option.some({ _tag: "From", from: "+15550001111" }))
      expect(Option.map(config.twilio.apiBaseUrl, String)).toEqual(Option.some("http://127.0.0.1:9999"))
      expect(String(config.adminToken)).not.toContain("admin-secret")
      expect(JSON.stringify(config)).not.toContain("secret")
    }),
  )

  it.effect("production refuses to start without its secrets, naming each missing one", () =>
    Effect.gen(function* () {
      const result = yield* Effect.either(Config.load.pipe(withEnv({ NODE_ENV: "production", ADMIN_TOKEN: "x" })))
      expect(Either.isLeft(result)).toBe(true)
      const message = Either.isLeft(result) ? result.left.message : ""
      for (const name of ["TWILIO_AUTH_TOKEN", "TOKEN_ENCRYPTION_KEYS", "PUBLIC_BASE_URL"]) {
        expect(message).toContain(name)
      }
      expect(message).not.toContain("ADMIN_TOKEN")
      const complete = yield* Config.load.pipe(
        withEnv({
          NODE_ENV: "production",
          ADMIN_TOKEN: "a",
          TWILIO_AUTH_TOKEN: "b",
          TOKEN_ENCRYPTION_KEYS: "k1:AAAA",
          PUBLIC_BASE_URL: "https://x.example",
          DATABASE_URL: "postgres://db.example/frontdesk",
        }),
      )
      expect(complete.production).toBe(true)
    }),
  )

  it.effect("production refuses embedded PGlite unless ALLOW_EMBEDDED_DB=true says so", () =>
    Effect.gen(function* () {
      const secrets = {
        NODE_ENV: "production",
        ADMIN_TOKEN: "a",
        TWILIO_AUTH_TOKEN: "b",
        TOKEN_ENCRYPTION_KEYS: "k1:AAAA",
        PUBLIC_BASE_URL: "https://x.example",
      }
      const refused = yield* Effect.either(Config.load.pipe(withEnv(secrets)))
      const message = Either.isLeft(refused) ? refused.left.message : ""
      expect(message).toContain("Refusing to start with NODE_ENV=production: set DATABASE_URL")
      expect(message).toContain("ALLOW_EMBEDDED_DB=true")
      // Every missing name at once, so one failed deploy tells the whole story.
      const both = yield* Effect.either(Config.load.pipe(withEnv({ NODE_ENV: "production" })))
      expect(Either.isLeft(both) && both.left.message).toContain("DATABASE_URL, TWILIO_AUTH_TOKEN")
      const allowed = yield* Config.load.pipe(withEnv({ ...secrets, ALLOW_EMBEDDED_DB: "true" }))
      expect(Option.isNone(allowed.databaseUrl)).toBe(true)
      // Development keeps its zero-setup embedded database.
      expect((yield* Config.load.pipe(withEnv({}))).allowEmbeddedDb).toBe(false)
    }),
  )

  it.effect(
    "HTTP limits and TRUST_PROXY: defaults cut slow sockets and trust no proxy; the environment tunes both",
    () =>
      Effect.gen(function* () {
        const defaults = yield* Config.load.pipe(withEnv({}))
        expect(defaults.http).toEqual(Config.defaultHttpLimits)
        expect(defaults.http.requestTimeoutMs).toBe(30_000)
        expect(defaults.trustProxy).toBe(false)
        const tuned = yield* Config.load.pipe(
          withEnv({ HTTP_REQUEST_TIMEOUT_MS: "5000", HTTP_MAX_CONNECTIONS: "64", TRUST_PROXY: "2" }),
        )
        expect(tuned.http.requestTimeoutMs).toBe(5000)
        expect(tuned.http.maxConnections).toBe(64)
        expect(tuned.trustProxy).toBe(2)
        const listed = yield* Config.load.pipe(withEnv({ TRUST_PROXY: "10.0.0.0/8, 127.0.0.1,loopback" }))
        expect(listed.trustProxy).toEqual(["10.0.0.0/8", "127.0.0.1", "loopback"])
        expect((yield* Config.load.pipe(withEnv({ TRUST_PROXY: "0" }))).trustProxy).toBe(false)
        for (const [name, value] of [
          ["TRUST_PROXY", "true"],
          ["TRUST_PROXY", "10.0.0.0/40"],
          ["HTTP_REQUEST_TIMEOUT_MS", "0"],
          ["HTTP_MAX_CONNECTIONS", "lots"],
        ] as const) {
          const refused = yield* Effect.either(Config.load.pipe(withEnv({ [name]: value })))
          expect(Either.isLeft(refused) && refused.left.message).toContain(name)
        }
      }),
  )

  it.effect("a malformed URL is refused with the variable's name", () =>
    Effect.gen(function* () {
      const result = yield* Effect.either(Config.load.pipe(withEnv({ PUBLIC_BASE_URL: "frontdesk.example.com" })))
      expect(Either.isLeft(result) && result.left.message).toContain("PUBLIC_BASE_URL")
    }),
  )
})

describe("development secrets", () => {
  it.scoped("are generated once under DATA_DIR and reused on the next start; the environment wins", () =>
    Effect.gen(function* () {
      const fs = yield* FileSystem.FileSystem
      const dataDir = yield* fs.makeTempDirectoryScoped()
      const config = yield* Config.load.pipe(withEnv({ DATA_DIR: `${dataDir}/nested` }))
      const first = yield* DevSecrets.resolve(config)
      const second = yield* DevSecrets.resolve(config)
      expect(Redacted.value(second.adminToken)).toBe(Redacted.value(first.adminToken))
      expect(Redacted.value(first.adminToken).length).toBeGreaterThanOrEqual(32)
      expect(Redacted.value(first.tokenEncryptionKeys)).toMatch(/^dev1:[A-Za-z0-9+/]{43}=$/)
      expect(first.fromDataDir).toEqual(["ADMIN_TOKEN", "TOKEN_ENCRYPTION_KEYS", "TWILIO_AUTH_TOKEN"])
      const info = yield* fs.stat(first.file)
      expect(info.mode & 0o077).toBe(0)

      const overridden = yield* DevSecrets.resolve(
        yield* Config.load.pipe(withEnv({ DATA_DIR: `${dataDir}/nested`, ADMIN_TOKEN: "from-env" })),
      )
      expect(Redacted.value(overridden.adminToken)).toBe("from-env")
      expect(Redacted.value(overridden.twilioAuthToken)).toBe(Redacted.value(first.twilioAuthToken))
    }).pipe(Effect.provide(NodeContext.layer)),
  )

  it.effect("SMS_ALLOWED_COUNTRIES and SMS_HOURLY_BUDGET: read, upper-cased, and refused when malformed", () =>
    Effect.gen(function* () {
      expect((yield* Config.load.pipe(withEnv({}))).texting).toEqual({ extraCountries: [], hourlyBudget: 100 })
      const config = yield* Config.load.pipe(withEnv({ SMS_ALLOWED_COUNTRIES: "ca, gb", SMS_HOURLY_BUDGET: "20" }))
      expect(config.texting).toEqual({ extraCountries: ["CA", "GB"], hourlyBudget: 20 })
      const bad = yield* Effect.either(Config.load.pipe(withEnv({ SMS_ALLOWED_COUNTRIES: "US,Canada" })))
      expect(Either.isLeft(bad) && bad.left.message).toContain("ISO 3166")
    }),
  )
})
