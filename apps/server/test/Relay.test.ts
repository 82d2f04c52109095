import { describe, expect, it } from "@effect/vitest"
import type { Business } from "@frontdesk/domain/model/Business"
import { CallSid, PhoneNumber } from "@frontdesk/domain/model/Ids"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { CallRecords } from "@frontdesk/domain/ports/CallRecords"
import { CallSessions } from "@frontdesk/domain/ports/CallSessions"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import * as FakeConversationRelay from "@frontdesk/testkit/FakeConversationRelay"
import { Effect, Option, Schedule } from "effect"
import * as TwimlReader from "../src/TwimlReader.js"
import { everyDayBusiness, type Harness, makeHarness, publicBaseUrl, twilioAuthToken } from "./Harness.js"

const relayBusiness = (overrides: Parameters<typeof everyDayBusiness>[0] = {}) =>
  everyDayBusiness({ aiConfig: { ...Fixtures.nativeAiConfig, transport: "conversation_relay" }, ...overrides })

/** What every test here starts from: a server listening on a real port, with one relay business. */
const relayServer = (overrides: Parameters<typeof everyDayBusiness>[0] = {}) =>
  Effect.gen(function* () {
    const harness = yield* makeHarness()
    const business = relayBusiness(overrides)
    yield* harness.seed(business)
    const address = yield* Effect.acquireRelease(
      Effect.promise(() => harness.app.listen({ port: 0, host: "127.0.0.1" })),
      () => Effect.void,
    )
    return { harness, business, address }
  })

/** Where the socket connects, and the URL Twilio signs (the one the TwiML named). */
const relayUrls = (business: Business, address: string) => ({
  connectUrl: `${address.replace(/^http/, "ws")}/voice/relay/${business.id}`,
  signedUrl: `${publicBaseUrl.replace(/^http/, "ws")}/voice/relay/${business.id}`,
})

/** A call as Twilio places it on a relay business: the incoming webhook, then the socket. */
const placeCall = (harness: Harness, business: Business, address: string, callSid = Fixtures.callSid()) =>
  Effect.gen(function* () {
    const incoming = yield* harness.webhook(`/voice/incoming/${business.id}`, {
      CallSid: callSid,
      AccountSid: "AC00000000000000000000000000000000",
      From: "+15551230077",
      To: business.phoneNumbers[0] ?? "",
      CallStatus: "ringing",
      Direction: "inbound",
    })
    expect(incoming.statusCode).toBe(200)
    const relay = TwimlReader.readRelay(incoming.body)
    if (relay === undefined) return yield* Effect.dieMessage(`no ConversationRelay in ${incoming.body}`)
    const session = yield* connectTo(business, address, callSid)
    return { callSid, relay, session }
  })

const connectTo = (business: Business, address: string, callSid: string) =>
  Effect.gen(function* () {
    const session = yield* FakeConversationRelay.connect({
      ...relayUrls(business, address),
      authToken: twilioAuthToken,
    })
    yield* session.setup({ callSid, from: "+15551230077", to: business.phoneNumbers[0] ?? "" })
    return session
  })

/** Twilio's `<Connect action>` POST after the session ended. */
const ended = (harness: Harness, business: Business, callSid: string, handoffData: string | undefined) =>
  harness
    .webhook(`/voice/relay/${business.id}/ended`, {
      CallSid: callSid,
      AccountSid: "AC00000000000000000000000000000000",
      SessionId: `VX${callSid.slice(2)}`,
      SessionStatus: handoffData === undefined ? "ended" : "completed",
      ...(handoffData === undefined ? {} : { HandoffData: handoffData }),
    })
    .pipe(Effect.map((response) => TwimlReader.read(response.body)))

const bookings = (harness: Harness, business: Business) =>
  harness.run(Effect.flatMap(BookingRepository, (repository) => repository.listByBusiness(business.id)))

const saidText = (reply: FakeConversationRelay.RelayReply) => (reply._tag === "Said" ? reply.text : `(${reply._tag})`)

describe("ConversationRelay over a real socket", () => {
  it.scoped(
    "the incoming call is handed to the relay and a whole call books over it",
    () =>
      Effect.gen(function* () {
        const { harness, business, address } = yield* relayServer()
        const { callSid, relay, session } = yield* placeCall(harness, business, address)
        expect(relay.url).toBe(`wss://frontdesk.test/voice/relay/${business.id}`)
        expect(relay.action).toBe(`${publicBaseUrl}/voice/relay/${business.id}/ended`)
        expect(relay.welcomeGreeting).toContain(business.name)

        // A partial prompt is not a turn: the first reply answers the final one.
        yield* session.partial("Hi, this is")
        const readBack = yield* session.say("Hi, this is Ana Ruiz, can I get a color tomorrow at noon?")
        expect(saidText(readBack)).toContain("Shall I book it?")
        const done = yield* session.say("yes")
        expect(done).toEqual({ _tag: "Ended", handoffData: JSON.stringify({ reason: "hangup" }) })

        const after = yield* ended(harness, business, callSid, done._tag === "Ended" ? done.handoffData : undefined)
        expect(after.says.join(" ")).toContain("You're all set!")
        expect(after.hangup).toBe(true)
        expect(after.dial).toBeUndefined()
        const [booking] = yield* bookings(harness, business)
        expect(booking?.service).toBe("Color")
        expect(booking?.customer.name).toBe("Ana Ruiz")
        expect(session.others).toEqual([])

        // The owner sees the relay call like any other: greeting, what the caller said, the outcome.
        const record = Option.getOrThrow(
          yield* harness.run(Effect.flatMap(CallRecords, (calls) => calls.get(CallSid.make(callSid)))),
        )
        expect(record.outcome).toBe("booked")
        expect(record.bookingId).toBe(booking?.id)
        expect(record.turns.map((turn) => turn.speaker)).toEqual(["agent", "caller", "agent", "caller", "agent"])
        expect(record.turns[1]?.text).toBe("Hi, this is Ana Ruiz, can I get a color tomorrow at noon?")
        expect(record.turns[0]?.text).toContain(business.name)
      }),
    60_000,
  )

  it.scoped(
    "an interrupted read-back is not taken as a yes: the agent reads it again",
    () =>
      Effect.gen(function* () {
        const { harness, business, address } = yield* relayServer()
        const { session } = yield* placeCall(harness, business, address)
        const readBack = yield* session.say("Hi, this is Ana Ruiz, can I get a color tomorrow at noon?")
        expect(saidText(readBack)).toContain("Shall I book it?")
        // The caller spoke over the agent after its first few words.
        yield* session.interrupt("Okay Ana")
        const again = yield* session.say("yes")
        expect(saidText(again)).toBe(saidText(readBack))
        expect(yield* bookings(harness, business)).toHaveLength(0)
        // Heard in full this time: now the yes books.
        const done = yield* session.say("yes")
        expect(done._tag).toBe("Ended")
        expect(yield* bookings(harness, business)).toHaveLength(1)
      }),
    60_000,
  )

  it.scoped(
    "keys answer the read-back (1 is yes)",
    () =>
      Effect.gen(function* () {
        const { harness, business, address } = yield* relayServer()
        const { session } = yield* placeCall(harness, business, address)
        yield* session.say("Hi, this is Ana Ruiz, can I get a color tomorrow at noon?")
        yield* session.dtmf("1")
        expect((yield* session.reply)._tag).toBe("Ended")
        expect(yield* bookings(harness, business)).toHaveLength(1)
      }),
    60_000,
  )

  it.scoped(
    "a transfer ends the session with handoff data and the ended route dials the business's number",
    () =>
      Effect.gen(function* () {
        const transferPhone = PhoneNumber.make("+15557654321")
        const { harness, business, address } = yield* relayServer({ transferPhone })
        const { callSid, session } = yield* placeCall(harness, business, address)
        // An error report from Twilio is logged; the call goes on.
        yield* session.error("TTS provider hiccup")
        const handoff = yield* session.say("Can I talk to a real person please?")
        expect(handoff).toEqual({ _tag: "Ended", handoffData: JSON.stringify({ reason: "transfer" }) })
        const after = yield* ended(harness, business, callSid, JSON.stringify({ reason: "transfer" }))
        expect(after.dial).toBe(transferPhone)
        expect(after.says.length).toBe(1)
        // The caller hanging up (no handoff data) is a plain hangup, never a dial.
        const hungUp = yield* ended(harness, business, callSid, undefined)
        expect(hungUp.hangup).toBe(true)
        expect(hungUp.dial).toBeUndefined()
        expect(hungUp.says).toEqual([])
      }),
    60_000,
  )

  it.scoped(
    "a reconnect resumes the call from stored state",
    () =>
      Effect.gen(function* () {
        const { harness, business, address } = yield* relayServer()
        const { callSid, session } = yield* placeCall(harness, business, address)
        const readBack = yield* session.say("Hi, this is Ana Ruiz, can I get a color tomorrow at noon?")
        expect(saidText(readBack)).toContain("Shall I book it?")
        yield* session.drop
        const again = yield* connectTo(business, address, callSid)
        const done = yield* again.say("yes")
        expect(done._tag).toBe("Ended")
        const [booking] = yield* bookings(harness, business)
        expect(booking?.customer.name).toBe("Ana Ruiz")
      }),
    60_000,
  )

  it.scoped(
    "an unsigned or wrongly signed upgrade is refused; a signed one starts the call",
    () =>
      Effect.gen(function* () {
        const { harness, business, address } = yield* relayServer()
        const { connectUrl, signedUrl } = relayUrls(business, address)
        const attempts = [
          { signature: null },
          { signature: "bm90IGEgc2lnbmF0dXJl" },
          // Signed with the right token over another URL (http instead of the TwiML's wss).
          {
            signature: FakeConversationRelay.signatureOf(
              twilioAuthToken,
              `${publicBaseUrl}/voice/relay/${business.id}`,
            ),
          },
          { signature: FakeConversationRelay.signatureOf("another-token", signedUrl) },
        ]
        for (const attempt of attempts) {
          const refused = yield* Effect.flip(
            FakeConversationRelay.connect({ connectUrl, signedUrl, authToken: twilioAuthToken, ...attempt }),
          )
          expect(refused.status).toBe(403)
        }
        // The correctly signed one is accepted, and only it starts a call.
        const callSid = CallSid.make(Fixtures.callSid())
        const session = yield* connectTo(business, address, callSid)
        // No incoming webhook said the greeting for this call, so the socket does.
        expect(saidText(yield* session.reply)).toContain(business.name)
        const stored = yield* harness.run(
          Effect.flatMap(CallSessions, (sessions) => sessions.load(callSid)).pipe(
            Effect.flatMap((found) => (Option.isSome(found) ? Effect.succeed(found.value) : Effect.fail("not yet"))),
            Effect.retry({ times: 100, schedule: Schedule.spaced("20 millis") }),
            Effect.option,
          ),
        )
        expect(Option.map(stored, (session) => session.businessId)).toEqual(Option.some(business.id))
      }),
    60_000,
  )
})
