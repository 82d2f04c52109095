import { Data, type Duration } from "effect"

/**
 * What went wrong talking to an external calendar, as the domain sees it. Adapters map vendor
 * errors to these kinds at their edge; DegradationRules decide what each kind means for a caller.
 */
export type CalendarFailureKind =
  | "Unauthorized"
  | "TokenRevoked"
  | "RateLimited"
  | "Timeout"
  | "Unavailable"
  | "NotFound"
  | "Network"
  | "Forbidden"
  | "NotConnected"

export const calendarFailureKinds: ReadonlyArray<CalendarFailureKind> = [
  "Unauthorized",
  "TokenRevoked",
  "RateLimited",
  "Timeout",
  "Unavailable",
  "NotFound",
  "Network",
  "Forbidden",
  "NotConnected",
]

export class CalendarError extends Data.TaggedError("CalendarError")<{
  readonly kind: CalendarFailureKind
  readonly message: string
  /** When the vendor said how long to wait (Retry-After). */
  readonly retryAfter?: Duration.Duration
  readonly cause?: unknown
}> {}

/** Kinds worth retrying with backoff; the rest will not fix themselves. */
export const isRetryable = (error: CalendarError): boolean =>
  error.kind === "RateLimited" || error.kind === "Timeout" || error.kind === "Unavailable" || error.kind === "Network"
