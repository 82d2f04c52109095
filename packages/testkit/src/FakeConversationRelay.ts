import { createHmac } from "node:crypto"
import { Data, Duration, Effect, Queue, type Scope } from "effect"
import WebSocket from "ws"

/**
 * Twilio's side of a ConversationRelay session, over a real WebSocket: the signed upgrade, then
 * `setup`, `prompt`, `interrupt`, `dtmf` and `error` messages as Twilio sends them, and the app's
 * `text` tokens collected into replies. The signature is computed here from the wire rule
 * (base64 HMAC-SHA1 of the URL with no params), not with the server's own code.
 */

export class RelayRefused extends Data.TaggedError("RelayRefused")<{
  readonly status: number
  readonly message: string
}> {}

export class RelayTimeout extends Data.TaggedError("RelayTimeout")<{ readonly message: string }> {}

/** What the app did after a prompt: spoke (tokens joined), or ended the session with handoff data. */
export type RelayReply =
  | {
      readonly _tag: "Said"
      readonly text: string
      readonly tokens: ReadonlyArray<string>
      /** performance.now() when the first token arrived (what a caller waits for). */
      readonly firstTokenAt: number
    }
  | { readonly _tag: "Ended"; readonly handoffData: string | undefined }

export interface RelayOptions {
  /** Where the server listens, e.g. `ws://127.0.0.1:PORT/voice/relay/ID`. */
  readonly connectUrl: string
  /** The `url` as written in the TwiML (what Twilio signs), e.g. `wss://public.host/voice/relay/ID`. */
  readonly signedUrl: string
  /** `null` sends no signature; a string is sent as is instead of the computed one. */
  readonly signature?: string | null
  readonly authToken: string
  /** How long to wait for a reply; a server that says nothing fails the test rather than hanging it. */
  readonly timeout?: Duration.DurationInput
}

export const signatureOf = (authToken: string, url: string): string =>
  createHmac("sha1", authToken).update(Buffer.from(url, "utf-8")).digest("base64")

export interface RelaySession {
  readonly setup: (call: {
    readonly callSid: string
    readonly from: string
    readonly to: string
  }) => Effect.Effect<void>
  /** A final prompt (`last: true`), as Twilio sends when the caller stops speaking. */
  readonly prompt: (voicePrompt: string) => Effect.Effect<void>
  /** A partial prompt (`last: false`); the app must not answer it. */
  readonly partial: (voicePrompt: string) => Effect.Effect<void>
  readonly interrupt: (utteranceUntilInterrupt: string) => Effect.Effect<void>
  readonly dtmf: (digit: string) => Effect.Effect<void>
  readonly error: (description: string) => Effect.Effect<void>
  /** The next reply: text tokens up to `last: true`, or an `end`. */
  readonly reply: Effect.Effect<RelayReply, RelayTimeout>
  /** Sends a prompt and waits for its reply. */
  readonly say: (voicePrompt: string) => Effect.Effect<RelayReply, RelayTimeout>
  /** Messages received so far that were not `text` or `end` (should stay empty). */
  readonly others: ReadonlyArray<unknown>
  /** Drops the socket, as a network blip would; a new `connect` resumes the call. */
  readonly drop: Effect.Effect<void>
}

export const connect = (options: RelayOptions): Effect.Effect<RelaySession, RelayRefused, Scope.Scope> =>
  Effect.gen(function* () {
    const incoming = yield* Queue.unbounded<{ readonly at: number; readonly message: Record<string, unknown> }>()
    const others: Array<unknown> = []
    const signature =
      options.signature === undefined ? signatureOf(options.authToken, options.signedUrl) : options.signature
    const socket = yield* Effect.acquireRelease(
      Effect.async<WebSocket, RelayRefused>((resume) => {
        const ws = new WebSocket(options.connectUrl, {
          headers: signature === null ? {} : { "x-twilio-signature": signature },
        })
        ws.once("open", () => resume(Effect.succeed(ws)))
        ws.once("unexpected-response", (_request, response) => {
          resume(
            Effect.fail(
              new RelayRefused({
                status: response.statusCode ?? 0,
                message: `upgrade refused (${response.statusCode})`,
              }),
            ),
          )
          ws.terminate()
        })
        ws.once("error", (error) => resume(Effect.fail(new RelayRefused({ status: 0, message: String(error) }))))
        ws.on("message", (data) => {
          try {
            const message = JSON.parse(data.toString()) as Record<string, unknown>
            if (message.type !== "text" && message.type !== "end") others.push(message)
            Queue.unsafeOffer(incoming, { at: performance.now(), message })
          } catch {
            others.push(data.toString())
          }
        })
      }),
      (ws) => Effect.sync(() => ws.close()),
    )
    const send = (message: unknown) => Effect.sync(() => socket.send(JSON.stringify(message)))
    const timeout = options.timeout ?? Duration.seconds(20)

    const reply: Effect.Effect<RelayReply, RelayTimeout> = Effect.gen(function* () {
      const tokens: Array<string> = []
      let firstTokenAt = 0
      for (;;) {
        const { at, message } = yield* Queue.take(incoming)
        if (message.type === "end") {
          return {
            _tag: "Ended",
            handoffData: typeof message.handoffData === "string" ? message.handoffData : undefined,
          } as const
        }
        if (message.type !== "text") continue
        if (tokens.length === 0) firstTokenAt = at
        tokens.push(String(message.token ?? ""))
        if (message.last === true) return { _tag: "Said", text: tokens.join("").trim(), tokens, firstTokenAt } as const
      }
    }).pipe(
      Effect.timeoutFail({
        duration: timeout,
        onTimeout: () => new RelayTimeout({ message: `no reply within ${Duration.format(timeout)}` }),
      }),
    )

    const prompt = (voicePrompt: string) => send({ type: "prompt", voicePrompt, lang: "en-US", last: true })
    return {
      setup: (call) =>
        send({
          type: "setup",
          sessionId: `VX${call.callSid.slice(2)}`,
          callSid: call.callSid,
          accountSid: "AC00000000000000000000000000000000",
          from: call.from,
          to: call.to,
          direction: "inbound",
          customParameters: {},
        }),
      prompt,
      partial: (voicePrompt) => send({ type: "prompt", voicePrompt, lang: "en-US", last: false }),
      interrupt: (utteranceUntilInterrupt) =>
        send({ type: "interrupt", utteranceUntilInterrupt, durationUntilInterruptMs: 1200 }),
      dtmf: (digit) => send({ type: "dtmf", digit }),
      error: (description) => send({ type: "error", description }),
      reply,
      say: (voicePrompt) => Effect.zipRight(prompt(voicePrompt), reply),
      others,
      drop: Effect.sync(() => socket.terminate()),
    } satisfies RelaySession
  })
