import { describe, expect, it } from "@effect/vitest"
import { ConfigProvider, Effect, Either, Option, Redacted } from "effect"
import * as Config from "../src/Config.js"

const withEnv = (env: Record<string, string>) =>
  Effect.withConfigProvider(ConfigProvider.fromMap(new Map(Object.entries(env))))

describe("LLM_* configuration", () => {
  it.effect("rules only by default, a 1200 ms budget", () =>
    Effect.gen(function* () {
      const config = yield* Config.load.pipe(withEnv({}))
      expect(config.llm.provider).toBe("none")
      expect(config.llm.timeoutMs).toBe(1200)
    }),
  )

  it.effect("reads provider, URL, model and timeout; the key stays redacted", () =>
    Effect.gen(function* () {
      const config = yield* Config.load.pipe(
        withEnv({
          LLM_PROVIDER: "openai",
          LLM_BASE_URL: "http://127.0.0.1:11434/v1/",
          LLM_API_KEY: "sk-secret",
          LLM_MODEL: "llama3.1:8b",
          LLM_TIMEOUT_MS: "800",
        }),
      )
      expect(config.llm.provider).toBe("openai")
      expect(config.llm.baseUrl).toEqual(Option.some("http://127.0.0.1:11434/v1"))
      expect(config.llm.model).toEqual(Option.some("llama3.1:8b"))
      expect(config.llm.timeoutMs).toBe(800)
      expect(String(Option.getOrThrow(config.llm.apiKey))).not.toContain("sk-secret")
      expect(Option.map(config.llm.apiKey, Redacted.value)).toEqual(Option.some("sk-secret"))
    }),
  )

  it.effect("a hosted provider without a key, an unknown provider or a bad timeout refuses to start", () =>
    Effect.gen(function* () {
      for (const env of [
        { LLM_PROVIDER: "anthropic" },
        { LLM_PROVIDER: "skynet", LLM_API_KEY: "k" },
        { LLM_PROVIDER: "openai", LLM_API_KEY: "k", LLM_TIMEOUT_MS: "0" },
      ]) {
        const result = yield* Effect.either(Config.load.pipe(withEnv(env)))
        expect(Either.isLeft(result)).toBe(true)
      }
      const keyless = yield* Effect.flip(Config.load.pipe(withEnv({ LLM_PROVIDER: "anthropic" })))
      expect(keyless.message).toContain("LLM_API_KEY")
    }),
  )
})
