import { describe, expect, it } from "@effect/vitest"
import { RecordingTelephonyControl } from "@frontdesk/domain/ports/RecordingTelephony"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { Effect } from "effect"
import * as Logging from "../src/Logging.js"
import { capture } from "./CapturedLog.js"
import { everyDayBusiness, type Harness, makeHarness } from "./Harness.js"

interface MessageJson {
  readonly id: string
  readonly callSid: string
  readonly callerPhone: string | null
  readonly text: string
  readonly createdAt: string
  readonly handledAt: string | null
}

/** A whole call through the voice webhooks in which the caller leaves a message; returns what was said. */
const leaveMessage = (harness: Harness, business: ReturnType<typeof everyDayBusiness>, text: string, from?: string) =>
  Effect.gen(function* () {
    const call = harness.call(business, from === undefined ? {} : { from })
    const said = yield* call.script(["I'd like to speak to someone", text])
    return { call, said: said.join(" ") }
  })

const messages = (harness: Harness, businessId: string, query = "") =>
  Effect.map(harness.admin("GET", `/api/v1/businesses/${businessId}/messages${query}`), (response) => ({
    status: response.statusCode,
    messages: (response.json() as { messages?: ReadonlyArray<MessageJson> }).messages ?? [],
  }))

describe("caller messages", () => {
  it.scoped("are listed newest first for the owner, filtered to the unhandled, and marked handled", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      yield* harness.seed(business)
      const caller = Fixtures.phoneNumber()
      const first = yield* leaveMessage(harness, business, "Please call me back about prices", caller)
      expect(first.said).toContain("I'll pass that on")
      yield* leaveMessage(harness, business, "Running late, sorry")

      const all = yield* messages(harness, business.id)
      expect(all.status).toBe(200)
      expect(all.messages.map((m) => m.text)).toEqual(["Running late, sorry", "Please call me back about prices"])
      const older = all.messages[1]!
      expect(older.callerPhone).toBe(caller)
      expect(older.callSid).toBe(first.call.callSid)
      expect(older.handledAt).toBeNull()

      const handled = yield* harness.admin("POST", `/api/v1/businesses/${business.id}/messages/${older.id}/handled`)
      expect(handled.statusCode).toBe(200)
      expect((handled.json() as MessageJson).handledAt).not.toBeNull()
      expect((yield* messages(harness, business.id, "?unhandled=true")).messages.map((m) => m.text)).toEqual([
        "Running late, sorry",
      ])
      expect((yield* messages(harness, business.id, "?limit=1")).messages).toHaveLength(1)

      yield* harness.drainOutbox
      const texts = yield* harness.run(Effect.flatMap(RecordingTelephonyControl, (t) => t.sentTo(business.ownerPhone!)))
      expect(texts).toHaveLength(2)
    }),
  )

  it.scoped("are refused without the admin token, and another business's message is not found", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const business = everyDayBusiness()
      const other = everyDayBusiness()
      yield* harness.seed(business)
      yield* harness.seed(other)
      yield* leaveMessage(harness, business, "Please call me back")
      const [message] = (yield* messages(harness, business.id)).messages

      const path = `/api/v1/businesses/${business.id}/messages`
      expect((yield* harness.admin("GET", path, undefined, null)).statusCode).toBe(401)
      expect((yield* harness.admin("POST", `${path}/${message!.id}/handled`, undefined, null)).statusCode).toBe(401)
      expect(
        (yield* harness.admin("POST", `/api/v1/businesses/${other.id}/messages/${message!.id}/handled`)).statusCode,
      ).toBe(404)
      expect((yield* harness.admin("POST", `${path}/msg_nope/handled`)).statusCode).toBe(404)
      expect((yield* harness.admin("GET", "/api/v1/businesses/nope/messages")).statusCode).toBe(404)
      expect((yield* harness.admin("GET", `${path}?unhandled=maybe`)).statusCode).toBe(400)
      expect((yield* messages(harness, business.id, "?unhandled=true")).messages).toHaveLength(1)
    }),
  )

  it.scoped(
    "never put the caller's words or anyone's number in the logs, through a failed text or a missing owner phone",
    () =>
      Effect.gen(function* () {
        const { sink, text } = capture()
        const harness = yield* makeHarness({ logger: Logging.makePino({ level: "debug" }, sink) })
        const business = everyDayBusiness()
        const withoutPhone = everyDayBusiness({ ownerPhone: undefined })
        yield* harness.seed(business)
        yield* harness.seed(withoutPhone)
        const caller = Fixtures.phoneNumber()
        const telephony = yield* harness.run(RecordingTelephonyControl)
        yield* harness.run(telephony.failNext("Unavailable"))

        yield* leaveMessage(harness, business, "The zebra marmalade order is wrong", caller)
        yield* leaveMessage(harness, withoutPhone, "Tell Marta the quokka pickup moved", caller)
        // The failed text waits for a later retry; the job's error is logged along the way.
        yield* harness.drainOutbox
        expect(yield* harness.run(telephony.attempts)).toBe(1)
        expect(yield* harness.run(telephony.sentTo(business.ownerPhone!))).toHaveLength(0)

        const output = text()
        expect(output).toContain("caller message stored")
        for (const secret of ["zebra", "marmalade", "quokka", "Marta", caller, caller.slice(2), business.ownerPhone!]) {
          expect(output).not.toContain(secret)
        }
        expect((yield* messages(harness, withoutPhone.id)).messages.map((m) => m.text)).toEqual([
          "Tell Marta the quokka pickup moved",
        ])
      }),
  )
})
