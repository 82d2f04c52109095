import { type AiError, LanguageModel } from "@effect/ai"
import { Intent, Interpretation, Slots, type UnderstandingContext } from "@frontdesk/domain/ports/Understanding"
import { Data, Effect, Schema } from "effect"
import * as ModelPrompt from "./ModelPrompt.js"

/**
 * Understanding by a language model (`@effect/ai`'s LanguageModel, whatever provider is behind
 * it): the model answers in the shape of the domain's Interpretation, decoded with its Schema.
 * The phone slot is not asked for — the model never sees the digits (ModelPrompt masks them).
 * This module only asks and decodes; FallbackUnderstanding decides when to ask and what to trust.
 */

/** Why the model's answer could not be used; each is counted in `understanding_fallback_total`. */
export type FailureReason = "timeout" | "rate_limited" | "server_error" | "undecodable" | "unreachable"

export class ModelFailure extends Data.TaggedError("ModelFailure")<{
  readonly reason: FailureReason
  readonly cause?: unknown
}> {}

/** What the model is asked to return: the Interpretation's intent and slots, without a phone. */
export const ModelAnswer = Schema.Struct({ intent: Intent, slots: Slots.omit("phone") })
export type ModelAnswer = typeof ModelAnswer.Type

const reasonOf = (error: AiError.AiError): FailureReason => {
  switch (error._tag) {
    case "HttpResponseError": {
      const status = error.response.status
      if (status === 429) return "rate_limited"
      if (status >= 500) return "server_error"
      // 2xx with a body that did not decode, or a 4xx: nothing to retry, the rules answer.
      return error.reason === "Decode" ? "undecodable" : "server_error"
    }
    case "HttpRequestError":
      return "unreachable"
    case "MalformedOutput":
      return "undecodable"
    default:
      return "unreachable"
  }
}

/** Asks the model once; no retries — a retry would not fit in a caller's turn. */
export const interpret = (
  utterance: string,
  context: UnderstandingContext,
): Effect.Effect<Interpretation, ModelFailure, LanguageModel.LanguageModel> =>
  LanguageModel.generateObject({
    prompt: ModelPrompt.messages(utterance, context),
    schema: ModelAnswer,
    objectName: "interpretation",
  }).pipe(
    Effect.mapError((error) => new ModelFailure({ reason: reasonOf(error), cause: error })),
    Effect.flatMap((response) =>
      Schema.decodeUnknown(Interpretation)({ ...response.value, text: utterance.trim() }).pipe(
        Effect.mapError((cause) => new ModelFailure({ reason: "undecodable", cause })),
      ),
    ),
    Effect.withSpan("ModelUnderstanding.interpret"),
  )
