import type { Business } from "@frontdesk/domain/model/Business"
import { type CallerMessage, CallerMessageId } from "@frontdesk/domain/model/CallerMessage"
import { CallerMessageNotFound } from "@frontdesk/domain/model/Errors"
import type { Businesses } from "@frontdesk/domain/ports/Businesses"
import { CallerMessages } from "@frontdesk/domain/ports/CallerMessages"
import { Effect, Option, Schema } from "effect"
import * as Answer from "../../http/Answer.js"
import * as OpenApi from "../../http/OpenApi.js"
import * as StorableText from "../../http/StorableText.js"
import { getBusiness, idParam, LocalInstant, limit, localInstant } from "./Common.js"

/** The admin API's caller messages: the list, and marking one handled. */

export const MessageView = Schema.Struct({
  id: Schema.String,
  callSid: Schema.String,
  callerPhone: Schema.NullOr(Schema.String),
  text: Schema.String,
  createdAt: LocalInstant,
  handledAt: Schema.NullOr(LocalInstant),
}).annotations({ identifier: "CallerMessage" })

/** A message as the owner reads it, in the business's own time zone; the text in full. */
const messageJson = (message: CallerMessage, business: Business): typeof MessageView.Type => {
  const local = localInstant(business)
  return {
    id: message.id,
    callSid: message.callSid,
    callerPhone: message.callerPhone ?? null,
    text: message.text,
    createdAt: local(message.createdAt),
    handledAt: message.handledAt === undefined ? null : local(message.handledAt),
  }
}

const messageIdFrom = StorableText.idFrom(CallerMessageId)

const MessagesQuery = Schema.Struct({
  unhandled: Schema.optionalWith(
    Schema.Literal("true", "false").annotations({ description: "true: only messages not yet handled" }),
    { default: () => "false" as const },
  ),
  limit,
})

const listMessages = OpenApi.endpoint({
  method: "GET",
  path: "/businesses/:id/messages",
  operationId: "listMessages",
  summary: "Messages callers left, newest first",
  tags: ["messages"],
  params: idParam,
  query: MessagesQuery,
  responses: {
    200: { description: "the messages", schema: Schema.Struct({ messages: Schema.Array(MessageView) }) },
    404: { description: "no such business", schema: OpenApi.ProblemBody },
  },
  handle: ({ params, query }) =>
    Effect.gen(function* () {
      const business = yield* getBusiness(params.id ?? "")
      const messages = yield* (yield* CallerMessages).list(business.id, {
        unhandledOnly: query.unhandled === "true",
        limit: query.limit,
      })
      return Answer.json(200, { messages: messages.map((m) => messageJson(m, business)) })
    }),
})

const markMessageHandled = OpenApi.endpoint({
  method: "POST",
  path: "/businesses/:id/messages/:messageId/handled",
  operationId: "markMessageHandled",
  summary: "Mark a message as handled",
  tags: ["messages"],
  params: { ...idParam, messageId: "the message's id (msg_…)" },
  responses: {
    200: { description: "the message", schema: MessageView },
    404: { description: "no such business or message", schema: OpenApi.ProblemBody },
  },
  handle: ({ params }) =>
    Effect.gen(function* () {
      const business = yield* getBusiness(params.id ?? "")
      const messageId = params.messageId ?? ""
      const parsed = messageIdFrom(messageId)
      if (Option.isNone(parsed)) return yield* Effect.fail(new CallerMessageNotFound({ messageId }))
      const messages = yield* CallerMessages
      // Another business's message is answered as not found, never touched.
      const message = yield* messages.get(parsed.value)
      if (message.businessId !== business.id) return yield* Effect.fail(new CallerMessageNotFound({ messageId }))
      const handled = yield* messages.markHandled(message.id)
      return Answer.json(200, messageJson(handled, business))
    }),
})

/** In the order the document lists them. */
export const endpoints: ReadonlyArray<OpenApi.Endpoint<Businesses | CallerMessages>> = [
  listMessages,
  markMessageHandled,
]
