import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import pino from "pino"
import * as Logging from "../src/Logging.js"
import { capture } from "./CapturedLog.js"

describe("logs", () => {
  it("redact phone numbers in text but keep ids and times readable", () => {
    expect(Logging.redactText("texted +15551234567 about booking SMlog00000000000000000001")).toBe(
      "texted *********67 about booking SMlog00000000000000000001",
    )
    expect(Logging.redactText("call (212) 555-0147 now")).not.toContain("555-0147")
  })

  it("keeps OAuth codes and state out of logged URLs", () => {
    const url = Logging.redactUrl("/oauth/google/callback?code=4/0AbCdEf&state=xyz.sig&scope=calendar")
    expect(url).not.toContain("0AbCdEf")
    expect(url).not.toContain("xyz.sig")
    expect(url).toContain("scope=calendar")
    expect(Logging.redactUrl("/voice/turn/demo?turn=2")).toBe("/voice/turn/demo?turn=2")
  })

  it.effect("Effect logs go through pino with phone numbers and secrets redacted", () =>
    Effect.gen(function* () {
      const { sink, text } = capture()
      const logger = pino({ redact: { paths: Logging.redactPaths, censor: "[redacted]" } }, sink)
      yield* Effect.logInfo("caller +15551234567 booked").pipe(
        Effect.annotateLogs({ to: "+15557654321" }),
        Effect.provide(Logging.layer(logger)),
      )
      logger.info({ req: { headers: { authorization: "Bearer admin-secret" } } }, "request")
      const output = text()
      expect(output).toContain("booked")
      expect(output).not.toContain("5551234567")
      expect(output).not.toContain("5557654321")
      expect(output).not.toContain("admin-secret")
    }),
  )

  it.effect("a caller's digits, written or spoken, are masked wherever they reach the real logger", () =>
    Effect.gen(function* () {
      const { sink, text } = capture()
      const logger = Logging.makePino({ level: "info" }, sink)
      yield* Effect.logWarning("caller message with no owner phone configured").pipe(
        Effect.annotateLogs({
          message: "call me back on five five five one two three four five six seven",
          body: "Message for Demo from a caller: it's 555 987 6543",
          nested: { said: ["my card is 4111-1111-1111-1111"] },
        }),
        Effect.provide(Logging.layer(logger)),
      )
      yield* Effect.logError("turn failed: caller said 212.555.0147").pipe(Effect.provide(Logging.layer(logger)))
      // Logged with pino directly, as Fastify's request logs are.
      logger.info({ utterance: "double seven oh nine eight seven six five" }, "heard 020 7946 0018")
      logger.error({ err: new Error("no parse of five five five one two three four") }, "request failed")
      const output = text()
      for (const secret of [
        "five five five",
        "5559876543",
        "555 987 6543",
        "4111",
        "212.555",
        "seven oh nine",
        "7946",
      ]) {
        expect(output).not.toContain(secret)
      }
      expect(output).toContain("********67")
      expect(output).toContain("********43")
      expect(output).toContain("call me back on")
      expect(output).toContain('"type":"Error"')
    }),
  )
})
