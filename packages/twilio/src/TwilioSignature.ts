import { Redacted } from "effect"
import twilio from "twilio"

export type WebhookParams = Readonly<Record<string, string>>

/**
 * The URL Twilio signed: the public base the operator configured plus the path and query of the
 * request. Never the Host header, which a proxy (or an attacker) controls.
 */
export const publicUrl = (publicBaseUrl: string, pathAndQuery: string): string =>
  `${publicBaseUrl.replace(/\/+$/, "")}${pathAndQuery.startsWith("/") ? "" : "/"}${pathAndQuery}`

export const sign = (authToken: Redacted.Redacted<string>, url: string, params: WebhookParams): string =>
  twilio.getExpectedTwilioSignature(Redacted.value(authToken), url, params)

export const isValid = (
  authToken: Redacted.Redacted<string>,
  signature: string | undefined,
  url: string,
  params: WebhookParams,
): boolean =>
  signature !== undefined &&
  signature !== "" &&
  twilio.validateRequest(Redacted.value(authToken), signature, url, params)
