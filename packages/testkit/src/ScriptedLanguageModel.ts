import { AiError, LanguageModel, type Prompt, type Response } from "@effect/ai"
import { Effect, Layer, Stream } from "effect"

/**
 * A deterministic in-process LanguageModel for unit tests: each request's prompt goes to the
 * script, which answers with the model's text (JSON for structured output), or fails the way a
 * provider does. No network, no clock: a "hang" is an Effect that never completes.
 */

export type ScriptedAnswer =
  | { readonly _tag: "Text"; readonly text: string }
  | { readonly _tag: "Fail"; readonly error: AiError.AiError }
  | { readonly _tag: "Hang" }

export const text = (value: unknown): ScriptedAnswer => ({
  _tag: "Text",
  text: typeof value === "string" ? value : JSON.stringify(value),
})

export const hang: ScriptedAnswer = { _tag: "Hang" }

export const rateLimited: ScriptedAnswer = {
  _tag: "Fail",
  error: new AiError.UnknownError({ module: "ScriptedLanguageModel", method: "generateText", description: "429" }),
}

/** The text of the last user message, which is where understanding puts the caller's words. */
export const lastUserText = (prompt: Prompt.Prompt): string => {
  const users = prompt.content.filter((message) => message.role === "user")
  const last = users[users.length - 1]
  if (last === undefined || last.role !== "user") return ""
  return last.content.map((part) => (part.type === "text" ? part.text : "")).join("")
}

export interface Script {
  readonly answer: (prompt: Prompt.Prompt) => ScriptedAnswer
  /** Prompts received, in order (the system message included). */
  readonly prompts: Array<Prompt.Prompt>
}

export const script = (answer: (prompt: Prompt.Prompt) => ScriptedAnswer): Script => ({ answer, prompts: [] })

export const layer = (script: Script): Layer.Layer<LanguageModel.LanguageModel> =>
  Layer.effect(
    LanguageModel.LanguageModel,
    Effect.suspend(() => {
      const generateText = (options: LanguageModel.ProviderOptions) =>
        Effect.suspend(() => {
          script.prompts.push(options.prompt)
          const answer = script.answer(options.prompt)
          switch (answer._tag) {
            case "Hang":
              return Effect.never
            case "Fail":
              return Effect.fail(answer.error)
            case "Text": {
              const parts: Array<Response.PartEncoded> = [
                { type: "text", text: answer.text },
                {
                  type: "finish",
                  reason: "stop",
                  usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
                },
              ]
              return Effect.succeed(parts)
            }
          }
        })
      return LanguageModel.make({
        generateText,
        streamText: (options) =>
          Stream.fromIterableEffect(
            Effect.map(generateText(options), (parts) =>
              parts.flatMap(
                (part): Array<Response.StreamPartEncoded> =>
                  part.type === "text"
                    ? [
                        { type: "text-start", id: "0" },
                        { type: "text-delta", id: "0", delta: part.text },
                        { type: "text-end", id: "0" },
                      ]
                    : part.type === "finish"
                      ? [part]
                      : [],
              ),
            ),
          ),
      })
    }),
  )
