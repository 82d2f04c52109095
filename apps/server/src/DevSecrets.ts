import { createHmac, randomBytes } from "node:crypto"
import { FileSystem, Path } from "@effect/platform"
import { Effect, Option, Redacted, Schema } from "effect"
import type { AppConfig } from "./Config.js"

/** The secrets the server runs with, from the environment or (in development) generated once. */
export interface Secrets {
  readonly adminToken: Redacted.Redacted<string>
  readonly tokenEncryptionKeys: Redacted.Redacted<string>
  readonly twilioAuthToken: Redacted.Redacted<string>
  /** Signs OAuth `state` so a callback cannot be forged for another business. */
  readonly stateSecret: Redacted.Redacted<string>
  /** Which ones came from `DATA_DIR` rather than the environment (for the start-up banner). */
  readonly fromDataDir: ReadonlyArray<string>
  readonly file: string
}

const StoredSecrets = Schema.Struct({
  adminToken: Schema.String,
  tokenEncryptionKeys: Schema.String,
  twilioAuthToken: Schema.String,
  stateSecret: Schema.String,
})
type StoredSecrets = typeof StoredSecrets.Type

const generate = (): StoredSecrets => ({
  adminToken: randomBytes(24).toString("base64url"),
  tokenEncryptionKeys: `dev1:${randomBytes(32).toString("base64")}`,
  twilioAuthToken: randomBytes(16).toString("hex"),
  stateSecret: randomBytes(32).toString("base64url"),
})

/** Production has no file to keep a secret in, so the state key is derived from the admin token. */
const deriveStateSecret = (adminToken: Redacted.Redacted<string>) =>
  Redacted.make(createHmac("sha256", Redacted.value(adminToken)).update("frontdesk oauth state").digest("base64url"))

export const resolve = (config: AppConfig) =>
  Effect.gen(function* () {
    const fs = yield* FileSystem.FileSystem
    const path = yield* Path.Path
    const file = path.join(config.dataDir, "dev-secrets.json")
    if (config.production) {
      // Config.load already refused to start without these.
      const adminToken = Option.getOrThrow(config.adminToken)
      return {
        adminToken,
        tokenEncryptionKeys: Option.getOrThrow(config.tokenEncryptionKeys),
        twilioAuthToken: Option.getOrThrow(config.twilio.authToken),
        stateSecret: deriveStateSecret(adminToken),
        fromDataDir: [],
        file,
      } satisfies Secrets
    }
    const existing = yield* fs
      .readFileString(file)
      .pipe(Effect.flatMap(Schema.decode(Schema.parseJson(StoredSecrets))), Effect.option)
    const stored = Option.getOrElse(existing, generate)
    if (Option.isNone(existing)) {
      yield* fs.makeDirectory(config.dataDir, { recursive: true })
      yield* fs.writeFileString(file, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600 })
      yield* Effect.logInfo("Generated development secrets").pipe(Effect.annotateLogs({ file }))
    }
    const fromDataDir: Array<string> = []
    const pick = (name: string, env: Option.Option<Redacted.Redacted<string>>, value: string) =>
      Option.getOrElse(env, () => {
        fromDataDir.push(name)
        return Redacted.make(value)
      })
    return {
      adminToken: pick("ADMIN_TOKEN", config.adminToken, stored.adminToken),
      tokenEncryptionKeys: pick("TOKEN_ENCRYPTION_KEYS", config.tokenEncryptionKeys, stored.tokenEncryptionKeys),
      twilioAuthToken: pick("TWILIO_AUTH_TOKEN", config.twilio.authToken, stored.twilioAuthToken),
      stateSecret: Redacted.make(stored.stateSecret),
      fromDataDir,
      file,
    } satisfies Secrets
  })
