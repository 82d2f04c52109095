import { Context, Data, type Duration, type Effect } from "effect"
import type { PhoneNumber } from "../model/Ids.js"

export type TelephonyFailureKind =
  | "InvalidNumber"
  | "Unsubscribed"
  | "RateLimited"
  | "Unavailable"
  | "Network"
  | "Rejected"

export class TelephonyError extends Data.TaggedError("TelephonyError")<{
  readonly kind: TelephonyFailureKind
  readonly message: string
  /** Vendor error code (Twilio's 21211, 21610, …) when there is one. */
  readonly code?: number
  readonly retryAfter?: Duration.Duration
  readonly cause?: unknown
}> {}

/** Failures a retry cannot fix: a bad number, a recipient who texted STOP, a refused message. */
export const isPermanent = (error: TelephonyError): boolean =>
  error.kind === "InvalidNumber" || error.kind === "Unsubscribed" || error.kind === "Rejected"

/** The longest body Twilio accepts; a longer one is refused (error 21617) and would never arrive. */
export const maxSmsLength = 1_600

export interface SmsMessage {
  readonly to: PhoneNumber
  readonly body: string
  /** Same key, same message: lets an adapter avoid texting twice after a lost response. */
  readonly idempotencyKey?: string
  /**
   * An earlier attempt may have reached the provider (its answer was lost, or the process died
   * before recording it). Adapters that can look up what was sent check before sending again.
   */
  readonly mayHaveBeenSent?: boolean
}

export class Telephony extends Context.Tag("@frontdesk/domain/Telephony")<
  Telephony,
  {
    readonly sendSms: (message: SmsMessage) => Effect.Effect<{ readonly sid: string }, TelephonyError>
  }
>() {}
