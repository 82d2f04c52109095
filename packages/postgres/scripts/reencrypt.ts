/**
 * `pnpm tokens:reencrypt`: after putting a new key first in TOKEN_ENCRYPTION_KEYS, moves every
 * stored refresh token to it. Safe while servers run; once it reports nothing left on old keys,
 * the old keys can be removed from the list. Exits non-zero if some row could not be opened.
 */
import { NodeRuntime } from "@effect/platform-node"
import { Effect, Layer } from "effect"
import * as PgDatabase from "../src/PgDatabase.js"
import * as PgTokenVault from "../src/PgTokenVault.js"
import * as TokenCipher from "../src/TokenCipher.js"

const program = Effect.gen(function* () {
  const cipher = yield* TokenCipher.TokenCipher
  const result = yield* PgTokenVault.reencrypt
  yield* Effect.logInfo(
    `Re-encrypted ${result.moved} calendar credential(s) to key "${cipher.activeKeyId}"; ` +
      `${result.alreadyCurrent} already used it`,
  )
  if (result.unreadable.length > 0) {
    return yield* Effect.fail(
      new TokenCipher.TokenCipherError({
        message: `${result.unreadable.length} row(s) could not be opened with any configured key (businesses: ${result.unreadable.join(", ")}); they were left untouched`,
      }),
    )
  }
})

program.pipe(Effect.provide(Layer.merge(PgDatabase.layerConfig(), TokenCipher.layerConfig())), NodeRuntime.runMain)
