import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"
import { Effect, type Scope } from "effect"

/**
 * An OpenAI-compatible chat completions server (`POST /v1/chat/completions`), as OpenAI, Ollama
 * and vLLM answer it: a `chat.completion` object whose first choice's `message.content` carries
 * the model's text. Each request is answered by the test's script — an answer after some latency,
 * a 429 or 500 with OpenAI's error body, a request left hanging, or a body that is not JSON.
 */

export type FakeBehaviour =
  | { readonly _tag: "Answer"; readonly content: string; readonly latencyMs?: number }
  | { readonly _tag: "Status"; readonly status: 429 | 500 | 503; readonly latencyMs?: number }
  /** Never answers (until the server closes). */
  | { readonly _tag: "Hang" }
  /** 200 with a body that is not JSON at all. */
  | { readonly _tag: "Malformed" }

export interface FakeChatRequest {
  readonly model: string
  readonly messages: ReadonlyArray<{ readonly role: string; readonly content: string }>
  readonly responseFormat: unknown
  readonly authorization: string | undefined
}

export interface FakeOpenAI {
  /** The base URL to give as LLM_BASE_URL (ends in `/v1`). */
  readonly url: string
  /** Every chat request received, in order. */
  readonly requests: ReadonlyArray<FakeChatRequest>
  /** Replaces the script for the requests that follow. */
  readonly script: (next: (request: FakeChatRequest, index: number) => FakeBehaviour) => void
}

export const answer = (content: unknown, latencyMs = 0): FakeBehaviour => ({
  _tag: "Answer",
  content: typeof content === "string" ? content : JSON.stringify(content),
  latencyMs,
})

const errorBodies = {
  429: { message: "Rate limit reached for requests", type: "requests", code: "rate_limit_exceeded" },
  500: { message: "The server had an error while processing your request.", type: "server_error", code: null },
  503: { message: "The engine is currently overloaded, please try again later", type: "server_error", code: null },
} as const

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    const chunks: Array<Buffer> = []
    request.on("data", (chunk: Buffer) => chunks.push(chunk))
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf-8")))
    request.on("error", reject)
  })

const json = (response: ServerResponse, status: number, body: unknown) => {
  response.writeHead(status, { "content-type": "application/json" })
  response.end(JSON.stringify(body))
}

export const make = (
  initial: (request: FakeChatRequest, index: number) => FakeBehaviour = () => answer({ intent: "unknown", slots: {} }),
): Effect.Effect<FakeOpenAI, never, Scope.Scope> =>
  Effect.gen(function* () {
    const requests: Array<FakeChatRequest> = []
    let script = initial
    const timers = new Set<NodeJS.Timeout>()
    const later = (ms: number, run: () => void) => {
      if (ms <= 0) return run()
      const timer = setTimeout(() => {
        timers.delete(timer)
        run()
      }, ms)
      timers.add(timer)
    }

    const server = createServer((request, response) => {
      void readBody(request).then((text) => {
        if (request.method !== "POST" || !request.url?.endsWith("/chat/completions")) {
          return json(response, 404, { error: { message: "Unknown request URL", type: "invalid_request_error" } })
        }
        let body: { model?: string; messages?: FakeChatRequest["messages"]; response_format?: unknown }
        try {
          body = JSON.parse(text) as typeof body
        } catch {
          return json(response, 400, {
            error: { message: "We could not parse the JSON body", type: "invalid_request_error" },
          })
        }
        const chat: FakeChatRequest = {
          model: body.model ?? "",
          messages: body.messages ?? [],
          responseFormat: body.response_format,
          authorization: request.headers.authorization,
        }
        const index = requests.length
        requests.push(chat)
        const behaviour = script(chat, index)
        switch (behaviour._tag) {
          case "Hang":
            return
          case "Malformed":
            response.writeHead(200, { "content-type": "application/json" })
            return response.end("{ this is not json")
          case "Status":
            return later(behaviour.latencyMs ?? 0, () =>
              json(response, behaviour.status, { error: errorBodies[behaviour.status] }),
            )
          case "Answer":
            return later(behaviour.latencyMs ?? 0, () =>
              json(response, 200, {
                id: `chatcmpl-${index}`,
                object: "chat.completion",
                created: Math.floor(Date.now() / 1000),
                model: chat.model,
                choices: [
                  {
                    index: 0,
                    message: { role: "assistant", content: behaviour.content, refusal: null },
                    logprobs: null,
                    finish_reason: "stop",
                  },
                ],
                usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
              }),
            )
        }
      })
    })

    const address = yield* Effect.acquireRelease(
      Effect.async<AddressInfo>((resume) => {
        server.listen(0, "127.0.0.1", () => resume(Effect.succeed(server.address() as AddressInfo)))
      }),
      () =>
        Effect.async<void>((resume) => {
          for (const timer of timers) clearTimeout(timer)
          server.closeAllConnections()
          server.close(() => resume(Effect.void))
        }),
    )
    return {
      url: `http://127.0.0.1:${address.port}/v1`,
      requests,
      script: (next) => {
        script = next
      },
    } satisfies FakeOpenAI
  })
