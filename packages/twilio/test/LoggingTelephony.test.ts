import { describe, expect, it } from "@effect/vitest"
import { PhoneNumber } from "@frontdesk/domain/model/Ids"
import { Effect, HashMap, Logger, Ref, Schema } from "effect"
import * as LoggingTelephony from "../src/LoggingTelephony.js"
import { redactPhone } from "../src/Redaction.js"

describe("LoggingTelephony", () => {
  it.effect("says at start-up that SMS are off, and logs each message without the full phone number", () =>
    Effect.gen(function* () {
      const lines = yield* Ref.make<ReadonlyArray<string>>([])
      const logger = Logger.make(({ message, annotations }) => {
        const text = `${String(message)} ${JSON.stringify(Object.fromEntries(HashMap.toEntries(annotations)))}`
        Effect.runSync(Ref.update(lines, (all) => [...all, text]))
      })
      const { service, sent } = yield* LoggingTelephony.make.pipe(
        Effect.provide(Logger.replace(Logger.defaultLogger, logger)),
      )
      const to = Schema.decodeSync(PhoneNumber)("+15551234567")
      const { sid } = yield* service
        .sendSms({ to, body: "Booked: Haircut Friday 3 PM" })
        .pipe(Effect.provide(Logger.replace(Logger.defaultLogger, logger)))
      expect(sid).toMatch(/^SM/)
      expect(yield* sent).toHaveLength(1)
      const logged = yield* Ref.get(lines)
      expect(logged[0]).toContain("TWILIO_SMS_FROM")
      expect(logged.join("\n")).toContain("Booked: Haircut Friday 3 PM")
      expect(logged.join("\n")).not.toContain("5551234567")
    }),
  )

  it("redacts phone numbers to their prefix and last digits", () => {
    expect(redactPhone("+15551234567")).toBe("+1********67")
    expect(redactPhone("123")).toBe("***")
  })
})
