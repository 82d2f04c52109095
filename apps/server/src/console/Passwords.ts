import { randomBytes, scrypt, timingSafeEqual } from "node:crypto"
import { Effect } from "effect"

/**
 * Owner passwords with scrypt (memory-hard, in node:crypto). Stored as
 * `scrypt$N$r$p$salt$hash`, so the cost can be raised later and old hashes still verify.
 */

const N = 2 ** 15
const r = 8
const p = 1
const keyLength = 32
// scrypt needs 128·N·r bytes; Node's default ceiling (32 MiB) is exactly that, so allow headroom.
const maxmem = 64 * 1024 * 1024

const derive = (password: string, salt: Buffer, cost: { n: number; r: number; p: number }) =>
  Effect.async<Buffer, Error>((resume) => {
    scrypt(password.normalize("NFKC"), salt, keyLength, { N: cost.n, r: cost.r, p: cost.p, maxmem }, (error, key) =>
      resume(error === null ? Effect.succeed(key) : Effect.fail(error)),
    )
  })

export const minimumLength = 10

export const hash = (password: string): Effect.Effect<string, Error> =>
  Effect.suspend(() => {
    const salt = randomBytes(16)
    return Effect.map(
      derive(password, salt, { n: N, r, p }),
      (key) => `scrypt$${N}$${r}$${p}$${salt.toString("base64url")}$${key.toString("base64url")}`,
    )
  })

/** False for a wrong password and for a hash this module did not write. */
export const verify = (password: string, stored: string): Effect.Effect<boolean> => {
  const [scheme, n, rr, pp, salt, key] = stored.split("$")
  if (scheme !== "scrypt" || salt === undefined || key === undefined) return Effect.succeed(false)
  const expected = Buffer.from(key, "base64url")
  return derive(password, Buffer.from(salt, "base64url"), { n: Number(n), r: Number(rr), p: Number(pp) }).pipe(
    Effect.map((given) => given.length === expected.length && timingSafeEqual(given, expected)),
    Effect.orElseSucceed(() => false),
  )
}
