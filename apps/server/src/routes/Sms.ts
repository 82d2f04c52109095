import * as TextReplies from "@frontdesk/domain/conversation/TextReplies"
import { BusinessId, PhoneNumber } from "@frontdesk/domain/model/Ids"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import type { OptOutKeyword } from "@frontdesk/domain/ports/OptOuts"
import * as TwiML from "@frontdesk/twilio/TwiML"
import { Effect, Either, type ManagedRuntime, Option, type Redacted, Schema } from "effect"
import type { FastifyInstance } from "fastify"
import * as Answer from "../http/Answer.js"
import * as SignedWebhook from "../http/SignedWebhook.js"
import * as StorableText from "../http/StorableText.js"
import { clipInput } from "./Voice.js"

/**
 * `POST /sms/incoming/:businessId`: Twilio's Messaging webhook for texts customers send the
 * business's number, signed like the voice webhooks. The words and what they do are
 * conversation/TextReplies; this route checks the signature and answers TwiML.
 */

export type SmsServices = Businesses | TextReplies.Services

export interface SmsOptions {
  readonly runtime: ManagedRuntime.ManagedRuntime<SmsServices, unknown>
  readonly publicBaseUrl: string
  readonly twilioAuthToken: Redacted.Redacted<string>
}

const optOutOf = (value: string | undefined): OptOutKeyword | undefined =>
  value === "STOP" || value === "START" || value === "HELP" ? value : undefined

const empty = Answer.twiml(TwiML.message(undefined))

export const register = (app: FastifyInstance, options: SmsOptions) => {
  const respond = Answer.responder(options.runtime)

  app.post<{ Params: { businessId: string } }>("/sms/incoming/:businessId", async (request, reply) => {
    const signed = SignedWebhook.verify(request, options, "an SMS webhook")
    if (Either.isLeft(signed)) return Answer.send(reply, signed.left)
    const form = signed.right
    const from = Schema.decodeUnknownOption(PhoneNumber)(form.From)
    const messageSid = StorableText.replaceUnstorable(form.MessageSid ?? "").slice(0, 64)
    const businessId = Schema.decodeUnknownOption(BusinessId)(StorableText.replaceUnstorable(request.params.businessId))
    // Not a subscriber's text (a short code, an alphanumeric sender) or not ours: nothing to answer.
    if (Option.isNone(from) || Option.isNone(businessId) || messageSid === "") return Answer.send(reply, empty)
    const text: TextReplies.InboundText = {
      from: from.value,
      body: clipInput(StorableText.replaceUnstorable(form.Body ?? "")),
      optOutType: optOutOf(form.OptOutType),
      messageSid,
    }
    return respond(
      reply,
      Effect.gen(function* () {
        const business = yield* Effect.flatMap(Businesses, (b) => b.get(businessId.value))
        const answer = yield* TextReplies.handle(business, text)
        return Answer.twiml(TwiML.message(answer))
      }).pipe(
        Effect.catchAll((error) =>
          error._tag === "BusinessNotFound"
            ? Effect.succeed(empty)
            : // Storage trouble: Twilio records the failed webhook in its debugger for the operator.
              Effect.logError("inbound text failed").pipe(
                Effect.annotateLogs({ businessId: businessId.value, error: error._tag }),
                Effect.as(Answer.problem(503, "unavailable", "try again")),
              ),
        ),
      ),
    )
  })
}
