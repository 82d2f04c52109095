import { AiError, LanguageModel, type Prompt, type Response } from "@effect/ai"
import { OpenAiClient } from "@effect/ai-openai"
import type { HttpClient } from "@effect/platform"
import { Effect, JSONSchema, Layer, type Redacted, Stream } from "effect"

/**
 * A LanguageModel over the OpenAI-compatible `POST /chat/completions` — the endpoint OpenAI,
 * Ollama, vLLM and llama.cpp's server all speak — using `@effect/ai-openai`'s client for the
 * request, its auth and base URL. (Its own LanguageModel speaks OpenAI's newer Responses API,
 * which most local servers do not.) Structured output asks for `response_format: json_schema`;
 * the answer's text is what `LanguageModel.generateObject` then decodes.
 */

export interface Options {
  /** e.g. `https://api.openai.com/v1` or `http://127.0.0.1:11434/v1` (Ollama). */
  readonly apiUrl?: string | undefined
  readonly apiKey?: Redacted.Redacted | undefined
  readonly model: string
}

const module = "OpenAiChatModel"
const method = "createChatCompletion"

type ChatMessage = { readonly role: "system" | "user" | "assistant"; readonly content: string }

/** Text parts only: understanding sends no files, tools or images. */
const chatMessages = (prompt: Prompt.Prompt): Array<ChatMessage> =>
  prompt.content.flatMap((message): Array<ChatMessage> => {
    switch (message.role) {
      case "system":
        return [{ role: "system", content: message.content }]
      case "user":
      case "assistant": {
        const text = message.content
          .map((part) => (part.type === "text" ? part.text : ""))
          .filter((text) => text !== "")
          .join("\n")
        return [{ role: message.role, content: text }]
      }
      default:
        return []
    }
  })

export const make = (options: Options): Effect.Effect<LanguageModel.Service, never, OpenAiClient.OpenAiClient> =>
  Effect.gen(function* () {
    const openAi = yield* OpenAiClient.OpenAiClient
    const generateText = (provider: LanguageModel.ProviderOptions) =>
      Effect.gen(function* () {
        const format = provider.responseFormat
        const [first, ...rest] = chatMessages(provider.prompt)
        if (first === undefined) {
          return yield* new AiError.MalformedInput({ module, method, description: "an empty prompt" })
        }
        const response = yield* openAi.client
          .createChatCompletion({
            model: options.model,
            messages: [first, ...rest],
            temperature: 0,
            ...(format.type === "json"
              ? {
                  response_format: {
                    type: "json_schema" as const,
                    json_schema: {
                      name: format.objectName,
                      schema: { ...JSONSchema.make(format.schema) } as Record<string, unknown>,
                      strict: false,
                    },
                  },
                }
              : {}),
          })
          .pipe(
            Effect.catchTags({
              RequestError: (error) =>
                Effect.fail(AiError.HttpRequestError.fromRequestError({ module, method, error })),
              ResponseError: (error) => AiError.HttpResponseError.fromResponseError({ module, method, error }),
              ParseError: (cause) =>
                Effect.fail(
                  new AiError.MalformedOutput({ module, method, description: "not a chat completion", cause }),
                ),
            }),
          )
        const choice = response.choices[0]
        const parts: Array<Response.PartEncoded> = [
          { type: "text", text: choice?.message.content ?? "" },
          {
            type: "finish",
            reason: choice?.finish_reason === "length" ? "length" : "stop",
            usage: {
              inputTokens: response.usage?.prompt_tokens,
              outputTokens: response.usage?.completion_tokens,
              totalTokens: response.usage?.total_tokens,
            },
          },
        ]
        return parts
      })
    return yield* LanguageModel.make({
      generateText,
      // Understanding needs the whole object before it can act: a stream is the one answer, once.
      streamText: (provider) =>
        Stream.fromIterableEffect(
          Effect.map(generateText(provider), (parts) =>
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
  })

export const layer = (options: Options): Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient> =>
  Layer.effect(LanguageModel.LanguageModel, make(options)).pipe(
    Layer.provide(
      OpenAiClient.layer({
        ...(options.apiUrl === undefined ? {} : { apiUrl: options.apiUrl }),
        ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
      }),
    ),
  )
