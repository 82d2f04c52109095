/**
 * Failed sign-ins per key (the client address, and the email or "operator") in a sliding window:
 * after `maxFailures` the key is refused until its oldest failure leaves the window. In-process:
 * with several instances each keeps its own count, which still caps guessing per instance.
 */
export interface SignInLimiter {
  readonly blocked: (keys: ReadonlyArray<string>) => boolean
  readonly failed: (keys: ReadonlyArray<string>) => void
  readonly succeeded: (keys: ReadonlyArray<string>) => void
}

export const make = (
  options: { readonly maxFailures?: number; readonly windowMs?: number; readonly now?: () => number } = {},
): SignInLimiter => {
  const maxFailures = options.maxFailures ?? 5
  const windowMs = options.windowMs ?? 15 * 60 * 1000
  const now = options.now ?? Date.now
  const failures = new Map<string, Array<number>>()
  const recent = (key: string) => {
    const cutoff = now() - windowMs
    const kept = (failures.get(key) ?? []).filter((at) => at > cutoff)
    if (kept.length === 0) failures.delete(key)
    else failures.set(key, kept)
    return kept
  }
  return {
    blocked: (keys) => keys.some((key) => recent(key).length >= maxFailures),
    failed: (keys) => {
      for (const key of keys) failures.set(key, [...recent(key), now()])
      // Bounded memory under a spray of addresses: forget the oldest keys.
      while (failures.size > 10_000) failures.delete(failures.keys().next().value as string)
    },
    succeeded: (keys) => {
      for (const key of keys) failures.delete(key)
    },
  }
}
