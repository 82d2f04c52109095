import * as TwilioSignature from "@frontdesk/twilio/TwilioSignature"
import { Either, type Redacted } from "effect"
import type { FastifyRequest } from "fastify"
import * as Answer from "./Answer.js"

/**
 * The one check every Twilio webhook route makes first (voice turns, the relay's ended callback,
 * inbound texts): a form body, signed over the URL Twilio was given. Nothing about an unsigned
 * request is trusted.
 */

export type Form = Record<string, string>

/** The parsed body as strings; repeated keys (arrays) joined with commas, as Twilio signs them. */
export const formOf = (request: FastifyRequest): Form | undefined => {
  const body = request.body
  if (typeof body !== "object" || body === null) return undefined
  const form: Form = {}
  for (const [key, value] of Object.entries(body)) {
    if (typeof value === "string") form[key] = value
    else if (Array.isArray(value)) form[key] = value.map(String).join(",")
  }
  return form
}

export interface SigningOptions {
  readonly publicBaseUrl: string
  readonly twilioAuthToken: Redacted.Redacted<string>
}

/** The form when its `X-Twilio-Signature` validates; else 400 (not a form) or 403, logged as `what`. */
export const verify = (
  request: FastifyRequest,
  options: SigningOptions,
  what: string,
): Either.Either<Form, Answer.Answer> => {
  const form = formOf(request)
  if (form === undefined) {
    return Either.left(Answer.problem(400, "bad_request", "expected a form-encoded Twilio webhook"))
  }
  const url = TwilioSignature.publicUrl(options.publicBaseUrl, request.url)
  const signature = request.headers["x-twilio-signature"]
  if (
    !TwilioSignature.isValid(options.twilioAuthToken, typeof signature === "string" ? signature : undefined, url, form)
  ) {
    request.log.warn({ url }, `rejected ${what} with a missing or wrong Twilio signature`)
    return Either.left(Answer.problem(403, "forbidden", "invalid Twilio signature"))
  }
  return Either.right(form)
}
