import { Writable } from "node:stream"
import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import pino from "pino"
import * as Logging from "../src/Logging.js"

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
      const lines: Array<string> = []
      const sink = new Writable({
        write(chunk, _encoding, done) {
          lines.push(String(chunk))
          done()
        },
      })
      const logger = pino({ redact: { paths: Logging.redactPaths, censor: "[redacted]" } }, sink)
      yield* Effect.logInfo("caller +15551234567 booked").pipe(
        Effect.annotateLogs({ to: "+15557654321" }),
        Effect.provide(Logging.layer(logger)),
      )
      logger.info({ req: { headers: { authorization: "Bearer admin-secret" } } }, "request")
      const output = lines.join("")
      expect(output).toContain("booked")
      expect(output).not.toContain("5551234567")
      expect(output).not.toContain("5557654321")
      expect(output).not.toContain("admin-secret")
    }),
  )
})
