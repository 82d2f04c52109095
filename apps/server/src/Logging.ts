import * as DigitRuns from "@frontdesk/domain/model/DigitRuns"
import { Cause, HashMap, type Layer, List, Logger, type LogLevel } from "effect"
import pino from "pino"

/**
 * Masks every run of seven or more digits, written or spoken ("five five five one two…"): caller
 * numbers, and whatever a caller reads out in a message. Keeps the last two digits so an operator
 * can still tell two callers apart.
 */
export const redactText = (text: string): string => DigitRuns.redact(text)

/** Deep enough for the objects code logs; deeper than that is not worth printing anyway. */
const maxDepth = 8

/** Strings anywhere in a logged value are redacted: a caller's words may sit in a nested field. */
const redactValue = (value: unknown, depth = 0): unknown => {
  if (typeof value === "string") return redactText(value)
  if (typeof value !== "object" || value === null || depth >= maxDepth) return value
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1))
  if (value instanceof Error) {
    // A copy of the same class, so pino's error serialiser still names it and keeps its fields.
    const copy = Object.assign(Object.create(Object.getPrototypeOf(value)) as Error, value)
    copy.message = redactText(value.message)
    if (value.stack !== undefined) copy.stack = redactText(value.stack)
    return copy
  }
  const prototype = Object.getPrototypeOf(value)
  // Plain records only: class instances (dates, buffers, sockets) keep their own serialisation.
  if (prototype !== Object.prototype && prototype !== null) return value
  const out: Record<string, unknown> = {}
  for (const [key, item] of Object.entries(value)) out[key] = redactValue(item, depth + 1)
  return out
}

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

export const makePino = (
  options: { readonly level?: string; readonly pretty?: boolean } = {},
  destination?: pino.DestinationStream,
) => {
  const settings: pino.LoggerOptions = {
    level: options.level ?? process.env.LOG_LEVEL ?? "info",
    redact: { paths: redactPaths, censor: "[redacted]" },
    base: { service: "frontdesk" },
    // Fastify's own logs and anything logged with pino directly get the same digit masking.
    formatters: { log: (object) => redactValue(object) as Record<string, unknown> },
    hooks: {
      logMethod(args, method) {
        const redacted = args.map((arg) => (typeof arg === "string" ? redactText(arg) : arg))
        return method.apply(this, redacted as Parameters<typeof method>)
      },
    },
    serializers: {
      // No headers (signatures, bearer tokens) and no credentials from the query string.
      req: (request: LoggedRequest) => ({
        method: request.method,
        url: redactUrl(request.url ?? ""),
        remoteAddress: request.ip ?? request.socket?.remoteAddress,
      }),
    },
  }
  // Without a destination, pino's own default (stdout); tests pass a stream to read the lines.
  return destination === undefined ? pino(settings) : pino(settings, destination)
}

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
