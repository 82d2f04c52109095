import { describe, expect, it } from "@effect/vitest"
import { CallSid } from "@frontdesk/domain/model/Ids"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { CallSessions } from "@frontdesk/domain/ports/CallSessions"
import { RecordingTelephonyControl } from "@frontdesk/domain/ports/RecordingTelephony"
import { Understanding } from "@frontdesk/domain/ports/Understanding"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import * as TwilioSignature from "@frontdesk/twilio/TwilioSignature"
import * as RulesUnderstanding from "@frontdesk/understanding/RulesUnderstanding"
import { Effect, Layer, Option, Redacted } from "effect"
import * as Voice from "../src/routes/Voice.js"
import * as TwimlReader from "../src/TwimlReader.js"
import { everyDayBusiness, makeHarness, publicBaseUrl, twilioAuthToken } from "./Harness.js"

const incomingParams = (business: { readonly phoneNumbers: ReadonlyArray<string> }, from = "+15551230001") => ({
  CallSid: Fixtures.callSid(),
  AccountSid: "AC00000000000000000000000000000000",
  From: from,
  To: business.phoneNumbers[0] ?? "",
  CallStatus: "ringing",
  Direction: "inbound",
  ApiVersion: "2010-04-01",
})

const sign = (url: string, params: Record<string, string>) =>
  TwilioSignature.sign(Redacted.make(twilioAuthToken), url, params)

describe("voice webhooks", () => {
  it.scoped("answers a call with a greeting inside a speech Gather that leads to the next turn", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const response = yield* harness.webhook(`/voice/incoming/${business.id}`, incomingParams(business))
      expect(response.statusCode).toBe(200)
      expect(response.headers["content-type"]).toContain("text/xml")
      expect(response.body).toContain('<Gather input="speech dtmf" speechTimeout="auto"')
      expect(response.body).toContain('hints="Haircut,cut,trim')
      const view = TwimlReader.read(response.body)
      expect(view.says[0]).toContain("Bella Hair Studio")
      expect(view.action).toBe(`${publicBaseUrl}/voice/turn/${business.id}?turn=1`)
      expect(view.redirect).toBe(`${publicBaseUrl}/voice/turn/${business.id}?turn=1&silence=1`)
    }),
  )

  it.scoped("rejects unsigned, badly signed, tampered and other-host webhooks with 403, storing nothing", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const params = incomingParams(business)
      const path = `/voice/incoming/${business.id}`
      const attempts = [
        yield* harness.webhook(path, params, { signature: null }),
        yield* harness.webhook(path, params, { signature: "bm90IGEgc2lnbmF0dXJl" }),
        // Signed, then a parameter changed on the way.
        yield* harness.webhook(
          path,
          { ...params, From: "+15559999999" },
          { signature: sign(`${publicBaseUrl}${path}`, params) },
        ),
        // Signed for the host the request claims (Host header), not for PUBLIC_BASE_URL.
        yield* harness.webhook(path, params, { signature: sign(`http://localhost:80${path}`, params) }),
      ]
      expect(attempts.map((response) => response.statusCode)).toEqual([403, 403, 403, 403])
      const stored = yield* harness.run(
        Effect.flatMap(CallSessions, (sessions) => sessions.load(CallSid.make(params.CallSid))),
      )
      expect(Option.isNone(stored)).toBe(true)
    }),
  )

  it.scoped("an unknown business gets a polite apology and a hang-up, not an error", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const response = yield* harness.webhook("/voice/incoming/no-such-business", {
        ...incomingParams({ phoneNumbers: ["+15550001111"] }),
      })
      expect(response.statusCode).toBe(200)
      const view = TwimlReader.read(response.body)
      expect(view.says.join(" ")).toMatch(/sorry/i)
      expect(view.hangup).toBe(true)
      expect(view.action).toBeUndefined()
    }),
  )

  it.scoped("a Twilio retry of the same turn replays the stored answer and never books twice", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const call = harness.call(business)
      yield* call.script(["Hi, this is Ana Ruiz, a haircut tomorrow at 1 PM"])
      const readBack = call.lastBody
      const retried = yield* call.replay()
      expect(retried.body).toBe(readBack)

      // The "yes" arrives three times at once (a retry racing the original) and once more later.
      const yes = call.pending("yes")
      const answers = yield* Effect.forEach([1, 2, 3], () => harness.webhook(yes.path, yes.params), {
        concurrency: "unbounded",
      })
      const late = yield* harness.webhook(yes.path, yes.params)
      const bodies = new Set([...answers, late].map((response) => response.body))
      expect(bodies.size).toBe(1)
      expect(TwimlReader.read([...bodies][0]!).says.join(" ")).toContain("You're all set")

      const bookings = yield* harness.run(Effect.flatMap(BookingRepository, (r) => r.listByBusiness(business.id)))
      expect(bookings).toHaveLength(1)
      yield* harness.drainOutbox
      const texts = yield* harness.run(Effect.flatMap(RecordingTelephonyControl, (t) => t.sent))
      expect(texts).toHaveLength(1)
    }),
  )

  it.scoped("a withheld caller id is asked for a number, and the booking carries the number given", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const call = harness.call(business, { from: "anonymous" })
      yield* call.start()
      const asked = yield* call.say("Hi, it's Ana Ruiz, I need a haircut tomorrow at 10 AM")
      expect(asked.says.join(" ")).toMatch(/number/i)
      let view = yield* call.say("it's 212 555 0147")
      // The agent reads the number back or moves straight on to the booking read-back.
      for (let i = 0; i < 3 && !view.says.join(" ").includes("Shall I book it?"); i++) view = yield* call.say("yes")
      expect(view.says.join(" ")).toContain("Shall I book it?")
      const done = yield* call.say("yes")
      expect(done.hangup).toBe(true)
      const [booking] = yield* harness.run(Effect.flatMap(BookingRepository, (r) => r.listByBusiness(business.id)))
      expect(booking?.customer.phone).toBe("+12125550147")
    }),
  )

  it.scoped("silence follows the Redirect: the agent re-prompts and then says goodbye", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const call = harness.call(business)
      yield* call.start()
      const first = yield* call.silence()
      expect(first.hangup).toBe(false)
      expect(first.says.length).toBeGreaterThan(0)
      let view = first
      for (let i = 0; i < 4 && !view.hangup; i++) view = yield* call.silence()
      expect(view.hangup).toBe(true)
    }),
  )

  it.scoped("rejects malformed bodies: broken form encoding 400, missing CallSid 400, over 64 KB 413", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const path = `/voice/incoming/${business.id}`
      const raw = (payload: string) =>
        Effect.promise(() =>
          harness.app.inject({
            method: "POST",
            url: path,
            headers: { "content-type": "application/x-www-form-urlencoded", "x-twilio-signature": "x" },
            payload,
          }),
        )
      const broken = yield* raw("CallSid=CA%zz&From=%E0%A4%A")
      expect(broken.statusCode).toBe(400)
      const noSid = { From: "+15551230001", To: business.phoneNumbers[0] ?? "" }
      const missing = yield* harness.webhook(path, noSid)
      expect(missing.statusCode).toBe(400)
      const huge = yield* raw(`CallSid=CA1&Junk=${"a".repeat(70 * 1024)}`)
      expect(huge.statusCode).toBe(413)
      const badTurn = yield* harness.webhook(`/voice/turn/${business.id}?turn=abc`, incomingParams(business))
      expect(badTurn.statusCode).toBe(400)
    }),
  )

  it.scoped(
    "a 60 KB SpeechResult is cut to about 2 KB, at a word, before it is interpreted; the turn is answered",
    () =>
      Effect.gen(function* () {
        const heard: Array<string> = []
        const recording = Layer.effect(
          Understanding,
          Effect.map(Understanding, (rules) =>
            Understanding.of({
              interpret: (utterance, context) =>
                Effect.sync(() => heard.push(utterance)).pipe(Effect.zipRight(rules.interpret(utterance, context))),
            }),
          ),
        ).pipe(Layer.provide(RulesUnderstanding.layer))
        const harness = yield* makeHarness({ understanding: recording })
        const business = everyDayBusiness()
        yield* harness.seed(business)
        const call = harness.call(business)
        yield* call.start()
        const flood = "haircut tomorrow please ".repeat(2550)
        expect(flood.length).toBeGreaterThan(60_000)
        const answer = yield* call.say(flood)
        expect(answer.says.length).toBeGreaterThan(0)
        expect(heard).toHaveLength(1)
        const text = heard[0] ?? ""
        expect(text.length).toBeGreaterThan(1000)
        expect(text.length).toBeLessThanOrEqual(2000)
        expect(flood.startsWith(text)).toBe(true)
        // Cut between words: what follows in the original is a space, and no word is left half.
        expect(flood[text.length]).toBe(" ")
      }),
  )

  it("clipInput keeps short input and never splits a surrogate pair", () => {
    expect(Voice.clipInput("yes please")).toBe("yes please")
    const emoji = "\u{1F600}".repeat(1500)
    const clipped = Voice.clipInput(emoji)
    expect(clipped.length).toBeLessThanOrEqual(Voice.maxInputLength)
    expect(/[\uD800-\uDBFF]$/.test(clipped)).toBe(false)
    expect(Voice.clipInput("1".repeat(5000))).toHaveLength(Voice.maxInputLength)
  })
})
