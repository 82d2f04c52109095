import { Cause, HashMap, type Layer, List, Logger, type LogLevel } from "effect"
import pino from "pino"

const phonePattern = /(?<![\w+])\+?\d[\d\s().-]{6,}\d(?!\w)/g

/** Keeps the last two digits so an operator can still tell two callers apart. */
export const redactText = (text: string): string =>
  text.replace(phonePattern, (match) => {
    const digits = match.replace(/\D/g, "")
    return digits.length < 7 ? match : `${"*".repeat(digits.length - 2)}${digits.slice(-2)}`
  })

const redactValue = (value: unknown): unknown => (typeof value === "string" ? redactText(value) : value)

/** Header and body fields that carry secrets or phone numbers, whatever logs them. */
export const redactPaths = [
  "req.headers.authorization",
  'req.headers["x-twilio-signature"]',
  "req.headers.cookie",
  "*.authToken",
  "*.adminToken",
  "*.refreshToken",
  "*.From",
  "*.To",
  "*.Caller",
  "*.Called",
  "*.customerPhone",
]

/** Query values that are credentials: OAuth codes and state, tokens someone put in a URL. */
const secretQueryKeys = new Set(["code", "state", "token", "access_token", "refresh_token", "id_token"])

export const redactUrl = (url: string): string => {
  const q = url.indexOf("?")
  if (q === -1) return url
  const params = new URLSearchParams(url.slice(q + 1))
  for (const key of [...params.keys()]) {
    if (secretQueryKeys.has(key.toLowerCase())) params.set(key, "[redacted]")
  }
  return `${url.slice(0, q)}?${redactText(params.toString())}`
}

interface LoggedRequest {
  readonly method?: string
  readonly url?: string
  readonly ip?: string
  readonly socket?: { readonly remoteAddress?: string }
}

export const makePino = (options: { readonly level?: string; readonly pretty?: boolean } = {}) =>
  pino({
    level: options.level ?? process.env.LOG_LEVEL ?? "info",
    redact: { paths: redactPaths, censor: "[redacted]" },
    base: { service: "frontdesk" },
    serializers: {
      // No headers (signatures, bearer tokens) and no credentials from the query string.
      req: (request: LoggedRequest) => ({
        method: request.method,
        url: redactUrl(request.url ?? ""),
        remoteAddress: request.ip ?? request.socket?.remoteAddress,
      }),
    },
  })

const levelName = (level: LogLevel.LogLevel): "trace" | "debug" | "info" | "warn" | "error" | "fatal" => {
  switch (level._tag) {
    case "Trace":
      return "trace"
    case "Debug":
      return "debug"
    case "Warning":
      return "warn"
    case "Error":
      return "error"
    case "Fatal":
      return "fatal"
    default:
      return "info"
  }
}

/** Effect's logs go through the same pino instance as Fastify's, redacted the same way. */
export const effectLogger = (logger: pino.Logger) =>
  Logger.make(({ logLevel, message, annotations, cause, spans }) => {
    const fields: Record<string, unknown> = {}
    for (const [key, value] of HashMap.toEntries(annotations)) fields[key] = redactValue(value)
    if (!Cause.isEmpty(cause)) fields.cause = redactText(Cause.pretty(cause))
    const firstSpan = List.head(spans)
    if (firstSpan._tag === "Some") fields.span = firstSpan.value.label
    const text = Array.isArray(message) ? message.map(String).join(" ") : String(message)
    logger[levelName(logLevel)](fields, redactText(text))
  })

export const layer = (logger: pino.Logger): Layer.Layer<never> =>
  Logger.replace(Logger.defaultLogger, effectLogger(logger))
