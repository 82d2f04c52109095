import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import * as FollowUpJobs from "../src/followup/FollowUpJobs.js"
import type { Business } from "../src/model/Business.js"
import * as CallerMessage from "../src/model/CallerMessage.js"
import { CallSid, type PhoneNumber } from "../src/model/Ids.js"
import { CallerMessages } from "../src/ports/CallerMessages.js"
import { Outbox } from "../src/ports/Outbox.js"
import { RecordingTelephonyControl } from "../src/ports/RecordingTelephony.js"
import { maxSmsLength } from "../src/ports/Telephony.js"
import * as OwnerMessages from "../src/speech/OwnerMessages.js"
import { drain, inWorld, now, storeBusiness } from "../src/testing/BookingHarness.js"
import * as Fixtures from "../src/testing/Fixtures.js"

const caller = Fixtures.phoneNumber()

/** What the conversation does when a caller leaves a message: store it with its delivery job. */
const leave = (business: Business, text: string, from: PhoneNumber | "withheld" = caller) =>
  Effect.gen(function* () {
    yield* storeBusiness(business)
    const id = yield* CallerMessage.newId
    return yield* (yield* CallerMessages).record(
      new CallerMessage.NewCallerMessage({
        id,
        businessId: business.id,
        callSid: Fixtures.callSid(),
        ...(from === "withheld" ? {} : { callerPhone: from }),
        text,
      }),
      [FollowUpJobs.ownerMessageText({ id, businessId: business.id })],
    )
  })

const ownerMessageJobs = Effect.flatMap(Outbox, (outbox) =>
  Effect.map(outbox.list({}), (jobs) => jobs.filter((job) => job.kind === "sms.owner_message")),
)

describe("caller messages for the owner", () => {
  it.effect("survive a Twilio outage and are texted once when a retry gets through", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        const telephony = yield* RecordingTelephonyControl
        yield* telephony.failNext("Unavailable", { times: 2, retryAfter: "30 seconds" })
        const message = yield* leave(business, "Please call me back about the wedding")
        // Stored, with its delivery queued, before anything was sent.
        expect((yield* ownerMessageJobs).map((job) => job.status)).toEqual(["pending"])

        yield* drain
        const texts = yield* telephony.sentTo(business.ownerPhone!)
        expect(texts.map((t) => t.body)).toEqual([
          OwnerMessages.callerMessage(business, "Please call me back about the wedding", caller),
        ])
        expect(yield* telephony.attempts).toBe(3)
        const [job] = yield* ownerMessageJobs
        expect(job?.status).toBe("done")
        expect(job?.attempts).toBe(3)
        expect(yield* (yield* CallerMessages).get(message.id)).toEqual(message)
      }),
    ),
  )

  it.effect("a 3,400-character message is stored whole and texted within Twilio's 1,600", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness()
        const text = "I need to explain something at length. ".repeat(90).slice(0, 3_400)
        expect(text.length).toBe(3_400)
        const message = yield* leave(business, text)
        yield* drain

        expect((yield* (yield* CallerMessages).get(message.id)).text).toBe(text)
        const [sms, ...more] = yield* (yield* RecordingTelephonyControl).sentTo(business.ownerPhone!)
        expect(more).toHaveLength(0)
        expect(sms!.body.length).toBeLessThanOrEqual(maxSmsLength)
        expect(sms!.body.length).toBeGreaterThan(maxSmsLength - 50)
        expect(sms!.body.startsWith(OwnerMessages.callerMessage(business, "I need to explain", caller))).toBe(true)
        expect(sms!.body.endsWith(OwnerMessages.shortenedNote)).toBe(true)
        expect((yield* ownerMessageJobs)[0]?.status).toBe("done")
      }),
    ),
  )

  it("shortening never splits a character in two", () => {
    const business = Fixtures.demoBusiness()
    const message = new CallerMessage.CallerMessage({
      id: CallerMessage.CallerMessageId.make("msg_emoji"),
      businessId: business.id,
      callSid: CallSid.make("CA1"),
      text: "😀".repeat(2_000),
      createdAt: now,
    })
    const body = OwnerMessages.callerMessageSms(business, message)
    expect(body.length).toBeLessThanOrEqual(maxSmsLength)
    expect(body).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/)
    expect(body.endsWith(OwnerMessages.shortenedNote)).toBe(true)
  })

  it.effect("with no owner phone the message is kept and listed, and nothing is sent", () =>
    inWorld(
      Effect.gen(function* () {
        const business = Fixtures.demoBusiness({ ownerPhone: undefined })
        const message = yield* leave(business, "Running late, sorry", "withheld")
        yield* drain

        expect(yield* (yield* RecordingTelephonyControl).attempts).toBe(0)
        expect((yield* ownerMessageJobs)[0]?.status).toBe("done")
        const listed = yield* (yield* CallerMessages).list(business.id, { unhandledOnly: true })
        expect(listed.map((m) => [m.id, m.text, m.callerPhone])).toEqual([
          [message.id, "Running late, sorry", undefined],
        ])
      }),
    ),
  )
})
