import type { LanguageModel } from "@effect/ai"
import { AnthropicClient, AnthropicLanguageModel } from "@effect/ai-anthropic"
import type { HttpClient } from "@effect/platform"
import { Layer, type Redacted } from "effect"
import * as OpenAiChatModel from "./OpenAiChatModel.js"

/**
 * Which language model answers when the rules are unsure (LLM_PROVIDER): any OpenAI-compatible
 * chat completions server (OpenAI, Ollama, vLLM) or Anthropic's Messages API.
 */
export interface ProviderOptions {
  readonly provider: "openai" | "anthropic"
  /** The provider's own URL when absent. */
  readonly baseUrl?: string | undefined
  readonly apiKey?: Redacted.Redacted | undefined
  readonly model: string
}

/** Cheap, fast models that follow a JSON schema well enough for one utterance. */
export const defaultModel = { openai: "gpt-4o-mini", anthropic: "claude-3-5-haiku-latest" } as const

export const layer = (
  options: ProviderOptions,
): Layer.Layer<LanguageModel.LanguageModel, never, HttpClient.HttpClient> =>
  options.provider === "openai"
    ? OpenAiChatModel.layer({ apiUrl: options.baseUrl, apiKey: options.apiKey, model: options.model })
    : AnthropicLanguageModel.layer({ model: options.model }).pipe(
        Layer.provide(
          AnthropicClient.layer({
            ...(options.baseUrl === undefined ? {} : { apiUrl: options.baseUrl }),
            ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
          }),
        ),
      )
