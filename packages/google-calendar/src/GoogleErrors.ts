import { CalendarError, type CalendarFailureKind } from "@frontdesk/domain/ports/CalendarError"
import { Duration, Option } from "effect"

/**
 * Google's failures (gaxios errors from the SDKs, per-calendar freeBusy errors, OAuth error bodies)
 * turned into the domain's CalendarError kinds. Nothing vendor-shaped leaves this package.
 */

const rateLimitReasons = new Set(["rateLimitExceeded", "userRateLimitExceeded", "quotaExceeded"])

const networkCodes = new Set([
  "ECONNRESET",
  "ECONNREFUSED",
  "ECONNABORTED",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "UND_ERR_SOCKET",
  "ERR_STREAM_PREMATURE_CLOSE",
])

type HeadersLike = { get?: (name: string) => string | null } | Record<string, string | undefined>

interface GaxiosLike {
  readonly message?: string
  readonly status?: number
  readonly code?: string | number
  readonly response?: {
    readonly status?: number
    readonly headers?: HeadersLike
    readonly data?: unknown
  }
  readonly cause?: unknown
}

const header = (headers: HeadersLike | undefined, name: string): string | undefined => {
  if (headers === undefined) return undefined
  if (typeof headers.get === "function") return headers.get(name) ?? undefined
  const value = (headers as Record<string, unknown>)[name]
  return typeof value === "string" ? value : undefined
}

/** `Retry-After` is either delta-seconds or an HTTP date. */
export const parseRetryAfter = (
  value: string | undefined,
  now: number = Date.now(),
): Option.Option<Duration.Duration> => {
  if (value === undefined || value.trim() === "") return Option.none()
  const trimmed = value.trim()
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Option.some(Duration.seconds(Number(trimmed)))
  const at = Date.parse(trimmed)
  return Number.isNaN(at) ? Option.none() : Option.some(Duration.millis(Math.max(0, at - now)))
}

/** The first `reason` in Google's error body (`{error:{errors:[{reason}]}}`), or an OAuth `error` string. */
export const errorReason = (data: unknown): string | undefined => {
  if (typeof data !== "object" || data === null) return undefined
  const error = (data as { error?: unknown }).error
  if (typeof error === "string") return error
  if (typeof error !== "object" || error === null) return undefined
  const errors = (error as { errors?: ReadonlyArray<{ reason?: unknown }> }).errors
  const reason = errors?.[0]?.reason
  if (typeof reason === "string") return reason
  const status = (error as { status?: unknown }).status
  return typeof status === "string" ? status : undefined
}

const codeOf = (error: GaxiosLike): string | undefined => {
  for (let current: unknown = error, depth = 0; current !== undefined && depth < 4; depth++) {
    const code = (current as { code?: unknown } | null)?.code
    if (typeof code === "string" && networkCodes.has(code)) return code
    if (typeof code === "string" && (code === "TimeoutError" || code === "ETIMEDOUT")) return code
    current = (current as { cause?: unknown } | null)?.cause
  }
  return undefined
}

export const statusOf = (cause: unknown): number | undefined => {
  if (typeof cause !== "object" || cause === null) return undefined
  const error = cause as GaxiosLike
  return error.response?.status ?? (typeof error.status === "number" ? error.status : undefined)
}

const kindForStatus = (status: number, reason: string | undefined): CalendarFailureKind => {
  if (status === 401) return "Unauthorized"
  if (status === 429) return "RateLimited"
  if (status === 403) return reason !== undefined && rateLimitReasons.has(reason) ? "RateLimited" : "Forbidden"
  if (status === 404 || status === 410) return "NotFound"
  if (status === 408) return "Timeout"
  if (status >= 500) return "Unavailable"
  // Remaining 4xx mean we sent something Google will never accept; retrying cannot help.
  return "Forbidden"
}

/**
 * What we keep of a vendor error as the CalendarError's cause: enough to diagnose, nothing that
 * could carry a token (gaxios errors hold the request config, headers included).
 */
export class GoogleFailure {
  constructor(
    readonly status: number | undefined,
    readonly reason: string | undefined,
    readonly code: string | undefined,
    readonly message: string,
  ) {}
}

/** Any error thrown by a Google SDK call, as a CalendarError. `operation` names what we were doing. */
export const fromGoogle = (operation: string, cause: unknown): CalendarError => {
  if (cause instanceof CalendarError) return cause
  const error = (typeof cause === "object" && cause !== null ? cause : {}) as GaxiosLike
  const status = statusOf(cause)
  if (status !== undefined) {
    const reason = errorReason(error.response?.data)
    const kind = kindForStatus(status, reason)
    const retryAfter =
      kind === "RateLimited" ? parseRetryAfter(header(error.response?.headers, "retry-after")) : Option.none()
    const message = `${operation}: Google answered ${status}${reason === undefined ? "" : ` ${reason}`}`
    return new CalendarError({
      kind,
      message,
      ...(Option.isSome(retryAfter) ? { retryAfter: retryAfter.value } : {}),
      cause: new GoogleFailure(status, reason, undefined, message),
    })
  }
  const code = codeOf(error)
  if (code === "TimeoutError" || code === "ETIMEDOUT") {
    const message = `${operation}: timed out`
    return new CalendarError({
      kind: "Timeout",
      message,
      cause: new GoogleFailure(undefined, undefined, code, message),
    })
  }
  const message = `${operation}: ${code ?? error.message ?? "request failed"}`
  return new CalendarError({
    kind: "Network",
    message,
    cause: new GoogleFailure(undefined, undefined, code, message),
  })
}

/** A per-calendar error inside a freeBusy answer (`calendars[id].errors[].reason`). */
export const fromFreeBusyReason = (calendarId: string, reason: string | undefined): CalendarError => {
  const kind: CalendarFailureKind =
    reason === "notFound"
      ? "NotFound"
      : reason === "forbidden" || reason === "forbiddenForNonOrganizer" || reason === "insufficientPermissions"
        ? "Forbidden"
        : reason !== undefined && rateLimitReasons.has(reason)
          ? "RateLimited"
          : "Unavailable"
  return new CalendarError({ kind, message: `freeBusy: calendar ${calendarId}: ${reason ?? "unknown error"}` })
}

/** The OAuth token endpoint said the refresh token is dead (revoked, expired, unused for 6 months). */
export const isInvalidGrant = (cause: unknown): boolean => {
  const error = (typeof cause === "object" && cause !== null ? cause : {}) as GaxiosLike
  return errorReason(error.response?.data) === "invalid_grant" || error.message === "invalid_grant"
}
