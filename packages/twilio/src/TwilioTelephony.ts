import { type SmsMessage, Telephony, TelephonyError } from "@frontdesk/domain/ports/Telephony"
import { Config, type ConfigError, Duration, Effect, Layer, Option, Redacted } from "effect"
import twilio from "twilio"
import { redactPhone } from "./Redaction.js"

export interface Options {
  readonly accountSid: string
  readonly authToken: Redacted.Redacted<string>
  /** Exactly one sender: a number (`TWILIO_SMS_FROM`) or a messaging service. */
  readonly sender:
    | { readonly _tag: "From"; readonly from: string }
    | { readonly _tag: "MessagingService"; readonly messagingServiceSid: string }
  /** `TWILIO_API_BASE_URL`: staging or a fake; `https://api.twilio.com` when absent. */
  readonly apiBaseUrl?: string
  readonly timeout?: Duration.DurationInput
}

/** How far back a possibly-sent message is looked for; retries happen within hours, not days. */
const duplicateWindowMillis = 24 * 60 * 60 * 1000

interface TwilioFailure {
  readonly status?: number
  readonly code?: number | string
  readonly message?: string
}

/** Twilio's error vocabulary mapped to what the outbox needs to decide: retry, or give up. */
export const toTelephonyError = (cause: unknown): TelephonyError => {
  const failure = (typeof cause === "object" && cause !== null ? cause : {}) as TwilioFailure
  const status = typeof failure.status === "number" ? failure.status : undefined
  const code = typeof failure.code === "number" ? failure.code : undefined
  const message = typeof failure.message === "string" && failure.message !== "" ? failure.message : String(cause)
  const withCode = code === undefined ? {} : { code }
  if (status === undefined) {
    // No HTTP status: the request never got an answer (refused, reset, DNS, timeout).
    return new TelephonyError({ kind: "Network", message, cause })
  }
  if (code === 21211 || code === 21614 || code === 21217) {
    return new TelephonyError({ kind: "InvalidNumber", message, ...withCode, cause })
  }
  if (code === 21610) return new TelephonyError({ kind: "Unsubscribed", message, ...withCode, cause })
  if (status === 429 || code === 20429) return new TelephonyError({ kind: "RateLimited", message, ...withCode, cause })
  if (status >= 500) return new TelephonyError({ kind: "Unavailable", message, ...withCode, cause })
  return new TelephonyError({ kind: "Rejected", message, ...withCode, cause })
}

export const make = (options: Options) =>
  Effect.sync(() => {
    const client = twilio(options.accountSid, Redacted.value(options.authToken), {
      // Retries belong to the outbox (with jitter and Retry-After), not to a hidden SDK loop.
      autoRetry: false,
    })
    if (options.apiBaseUrl !== undefined) {
      // The Api domain builds every Messages URL from this base; edge/region are left unset so
      // the SDK does not rewrite the host.
      client.api.baseUrl = options.apiBaseUrl.replace(/\/+$/, "")
    }
    const timeoutMillis = Duration.toMillis(options.timeout ?? Duration.seconds(10))
    const sender =
      options.sender._tag === "From"
        ? { from: options.sender.from }
        : { messagingServiceSid: options.sender.messagingServiceSid }

    /**
     * Twilio has no idempotency key for Messages, but it can list what went to a number: the same
     * body to the same recipient within the window means the earlier attempt got through.
     */
    const earlierSend = (message: SmsMessage) =>
      Effect.tryPromise({
        try: () => client.messages.page({ to: message.to, pageSize: 20 }),
        catch: toTelephonyError,
      }).pipe(
        Effect.map((page) => {
          const since = Date.now() - duplicateWindowMillis
          return Option.fromNullable(
            page.instances.find(
              (sent) =>
                sent.body === message.body &&
                sent.dateCreated.getTime() >= since &&
                sent.status !== "failed" &&
                sent.status !== "undelivered" &&
                sent.status !== "canceled",
            ),
          )
        }),
      )

    const create = (message: SmsMessage) =>
      Effect.tryPromise({
        try: () => client.messages.create({ to: message.to, body: message.body, ...sender }),
        catch: toTelephonyError,
      })

    const sendSms = (message: SmsMessage) =>
      (message.mayHaveBeenSent === true
        ? earlierSend(message).pipe(
            Effect.flatMap(
              Option.match({
                onNone: () => create(message),
                onSome: (sent) =>
                  Effect.logInfo("SMS already sent by an earlier attempt; not sending again").pipe(
                    Effect.annotateLogs({ to: redactPhone(message.to), sid: sent.sid }),
                    Effect.as(sent),
                  ),
              }),
            ),
          )
        : create(message)
      ).pipe(
        Effect.timeoutFail({
          duration: Duration.millis(timeoutMillis),
          onTimeout: () => new TelephonyError({ kind: "Network", message: "Twilio did not answer in time" }),
        }),
        Effect.map((created) => ({ sid: created.sid })),
        Effect.tapError((error) =>
          Effect.logWarning("SMS not sent").pipe(
            Effect.annotateLogs({ to: redactPhone(message.to), kind: error.kind, code: error.code ?? null }),
          ),
        ),
        Effect.withSpan("TwilioTelephony.sendSms"),
      )

    return Telephony.of({ sendSms })
  })

export const layer = (options: Options): Layer.Layer<Telephony> => Layer.effect(Telephony, make(options))

export const layerConfig = (config: Config.Config<Options>): Layer.Layer<Telephony, ConfigError.ConfigError> =>
  Layer.effect(Telephony, Effect.flatMap(config, make))

/**
 * The sender from the environment: `TWILIO_SMS_FROM` wins over `TWILIO_MESSAGING_SERVICE_SID`;
 * `None` when neither is set (SMS are then logged, see LoggingTelephony).
 */
export const senderConfig: Config.Config<Option.Option<Options["sender"]>> = Config.all({
  from: Config.option(Config.nonEmptyString("TWILIO_SMS_FROM")),
  service: Config.option(Config.nonEmptyString("TWILIO_MESSAGING_SERVICE_SID")),
}).pipe(
  Config.map(({ from, service }) =>
    Option.isSome(from)
      ? Option.some({ _tag: "From" as const, from: from.value })
      : Option.map(service, (messagingServiceSid) => ({ _tag: "MessagingService" as const, messagingServiceSid })),
  ),
)
