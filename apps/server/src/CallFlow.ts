import * as Conversation from "@frontdesk/domain/conversation/Conversation"
import * as DialogueState from "@frontdesk/domain/conversation/DialogueState"
import type { Reply } from "@frontdesk/domain/conversation/Turn"
import type { Business } from "@frontdesk/domain/model/Business"
import type { BusinessId } from "@frontdesk/domain/model/Ids"
import { PhoneNumber } from "@frontdesk/domain/model/Ids"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import { CallSessions, type StoredSession } from "@frontdesk/domain/ports/CallSessions"
import * as CallLine from "@frontdesk/domain/speech/CallLine"
import * as RelayTwiML from "@frontdesk/twilio/RelayTwiML"
import * as TwiML from "@frontdesk/twilio/TwiML"
import { Duration, Effect, Fiber, Option, Schedule, Schema } from "effect"
import type { Call } from "./Call.js"
import * as CallTranscript from "./CallTranscript.js"
import { Metrics } from "./Metrics.js"

/**
 * Turn bookkeeping around the conversation. Each answer's Gather action carries the number of
 * the turn it leads to; the stored session remembers the last turn answered and its TwiML, so a
 * Twilio retry of that turn (same CallSid, same number) replays the answer instead of running the
 * conversation — and its booking — again.
 */
export const SessionRecord = Schema.Struct({
  turn: Schema.Int,
  /** TwiML for a `<Gather>` call; for a relay call the last reply's words (turn 0: the Connect TwiML). */
  answer: Schema.String,
  conversation: Schema.Unknown,
  /** This turn changed something outside the call (made or cancelled a booking). */
  committed: Schema.optionalWith(Schema.Boolean, { default: () => false }),
  /** How the call is carried; records written before relay calls existed are `<Gather>` calls. */
  transport: Schema.optionalWith(Schema.Literal("gather", "relay"), { default: () => "gather" as const }),
  /** Relay only: the caller interrupted the last reply after hearing only these words. */
  heard: Schema.optional(Schema.String),
})
export type SessionRecord = typeof SessionRecord.Type

export interface Urls {
  readonly publicBaseUrl: string
}

export const turnPath = (businessId: string, turn: number) =>
  `/voice/turn/${encodeURIComponent(businessId)}?turn=${turn}`

export const silencePath = (businessId: string, turn: number) => `${turnPath(businessId, turn)}&silence=1`

export const holdPath = (businessId: string, turn: number, hold: number) => `${turnPath(businessId, turn)}&hold=${hold}`

/**
 * How long a webhook may take before the caller hears "one moment". Twilio gives up after 15 s;
 * a caller notices dead air long before. The turn keeps running in the background and its stored
 * answer is what the hold's redirect replays.
 */
export const turnDeadline = Duration.millis(2500)
/** Holds in a row before the agent admits trouble (about 10 s of "one moment"). */
export const maxHolds = 3

/** Where the answer to a reply (and a silent caller) comes back: as turn `nextTurn`. */
const gatherUrls = (urls: Urls, businessId: string, nextTurn: number): TwiML.GatherUrls => ({
  action: `${urls.publicBaseUrl}${turnPath(businessId, nextTurn)}`,
  onSilence: `${urls.publicBaseUrl}${silencePath(businessId, nextTurn)}`,
})

/** For a number with no business behind it: nothing to book into, so say so and hang up. */
const notSetUp: Reply = { say: CallLine.notSetUp, action: { _tag: "Hangup" }, hints: [] }

export const decodeRecord = (session: StoredSession) => Schema.decodeUnknownOption(SessionRecord)(session.state)

export const relayPath = (businessId: string) => `/voice/relay/${encodeURIComponent(businessId)}`
export const relayEndedPath = (businessId: string) => `${relayPath(businessId)}/ended`

/** The business takes its calls over ConversationRelay rather than `<Gather>` turns. */
export const usesRelay = (business: Business): boolean => business.aiConfig.transport === "conversation_relay"

/** `<Connect><ConversationRelay>`: the greeting is spoken by Twilio, the rest of the call is the socket's. */
const relayAnswer = (urls: Urls, business: Business, greeting: Reply) =>
  RelayTwiML.connect(
    {
      url: RelayTwiML.socketUrl(urls.publicBaseUrl, relayPath(business.id)),
      action: `${urls.publicBaseUrl}${relayEndedPath(business.id)}`,
      welcomeGreeting: greeting.say,
      hints: [business.name, ...greeting.hints],
    },
    TwiML.voiceOf(business),
  )

/** Asks the caller to repeat, pointing back at the same turn so nothing said so far is lost. */
const sayAgain = (input: { readonly businessId: string; readonly turn: number; readonly urls: Urls }, error: string) =>
  Effect.gen(function* () {
    yield* Effect.logError("A call turn failed; asking the caller to repeat").pipe(Effect.annotateLogs({ error }))
    const metrics = yield* Metrics
    yield* metrics.turnHandled("failed")
    const again =
      input.turn === 0
        ? `${input.urls.publicBaseUrl}/voice/incoming/${encodeURIComponent(input.businessId)}`
        : `${input.urls.publicBaseUrl}${turnPath(input.businessId, input.turn)}`
    return TwiML.render({ say: CallLine.trouble, action: { _tag: "Listen" }, hints: [] }, TwiML.defaultVoice, {
      action: again,
      onSilence: input.turn === 0 ? again : `${input.urls.publicBaseUrl}${silencePath(input.businessId, input.turn)}`,
    })
  })

/** The business Twilio is calling: by the id in the URL, else by the dialled number. */
export const findBusiness = (businessId: string, to: string | undefined) =>
  Effect.gen(function* () {
    const businesses = yield* Businesses
    const byId = yield* businesses.get(businessId as BusinessId).pipe(
      Effect.map(Option.some),
      Effect.catchTag("BusinessNotFound", () => Effect.succeed(Option.none<Business>())),
    )
    if (Option.isSome(byId)) return byId
    const dialled = Schema.decodeUnknownOption(PhoneNumber)(to)
    return Option.isSome(dialled) ? yield* businesses.findByPhoneNumber(dialled.value) : Option.none<Business>()
  })

/** What one turn of the conversation leaves: the reply, and the state to store for the next turn. */
export interface Answered {
  readonly reply: Reply
  /** JSON-ready (DialogueState encoded); stored as it was when the state could not be read. */
  readonly state: unknown
  readonly committed: boolean
}

export const startCall = (business: Business, call: Call): Answered => {
  const turn = Conversation.start({ business, from: call.from ?? "", callSid: call.callSid })
  return { reply: turn, state: DialogueState.encode(turn.state), committed: false }
}

export const continueCall = (business: Business, stored: unknown, caller: Conversation.CallerInput) =>
  Effect.gen(function* () {
    const decoded = yield* Effect.either(DialogueState.decode(stored))
    if (decoded._tag === "Left") {
      // Written by an incompatible release: end the call politely rather than guess.
      yield* Effect.logWarning("Unreadable call state").pipe(Effect.annotateLogs({ businessId: business.id }))
      return { reply: Conversation.unreadable(business), state: stored, committed: false } satisfies Answered
    }
    const turn = yield* Conversation.respond({ business, state: decoded.right, input: caller })
    return { reply: turn, state: DialogueState.encode(turn.state), committed: turn.committed } satisfies Answered
  })

export interface TurnInput {
  readonly businessId: string
  readonly call: Call
  readonly turn: number
  readonly caller: Conversation.CallerInput
  readonly urls: Urls
  /** Set when Twilio comes back after a hold: the n-th time we asked it to wait for this turn. */
  readonly hold?: number
}

/**
 * Runs the conversation for one turn and stores its answer. Returns TwiML; storage failures turn
 * into a spoken "say that again", never a 500 on a live call.
 */
const answerTurn = (input: TurnInput) =>
  Effect.gen(function* () {
    const sessions = yield* CallSessions
    const metrics = yield* Metrics
    const found = yield* findBusiness(input.businessId, input.call.to)
    if (Option.isNone(found)) {
      yield* Effect.logWarning("Call for an unknown business").pipe(
        Effect.annotateLogs({ businessId: input.businessId }),
      )
      return TwiML.render(notSetUp, TwiML.defaultVoice, gatherUrls(input.urls, input.businessId, input.turn + 1))
    }
    const business = found.value
    const stored = yield* sessions.load(input.call.callSid)
    const record = Option.flatMap(stored, decodeRecord)

    if (Option.isSome(record) && record.value.transport === "relay") {
      // A call never mixes transports: only Twilio retrying the incoming webhook reaches here.
      if (input.turn === 0) {
        yield* metrics.turnHandled("replayed")
        return relayAnswer(input.urls, business, startCall(business, input.call).reply)
      }
      yield* Effect.logWarning("A <Gather> turn arrived for a ConversationRelay call; hanging up")
      return RelayTwiML.ended(undefined)
    }

    if (Option.isNone(record) && input.turn === 0 && usesRelay(business)) {
      const started = startCall(business, input.call)
      const answer = relayAnswer(input.urls, business, started.reply)
      const first: SessionRecord = {
        turn: 0,
        answer: started.reply.say,
        conversation: started.state,
        committed: false,
        transport: "relay",
      }
      const transcript = yield* CallTranscript.entry({
        business,
        call: input.call,
        caller: undefined,
        reply: started.reply,
        state: started.state,
        committed: false,
      })
      return yield* sessions
        .save({ callSid: input.call.callSid, businessId: business.id, state: first }, 0, transcript)
        .pipe(
          Effect.zipRight(metrics.callStarted),
          Effect.as(answer),
          // Twilio retried the incoming call while the first attempt was saving: same call, same answer.
          Effect.catchTag("SessionConflict", () => Effect.succeed(answer)),
        )
    }

    if (Option.isSome(record) && record.value.turn >= input.turn) {
      // Twilio retried a turn we already answered (or a stale request arrived late).
      yield* metrics.turnHandled("replayed")
      return record.value.answer
    }

    const { state, reply, committed } = Option.isSome(record)
      ? yield* continueCall(business, record.value.conversation, input.caller)
      : startCall(business, input.call)
    const turn = Option.isSome(record) ? input.turn : Math.max(input.turn, 0)
    const answer = TwiML.render(reply, TwiML.voiceOf(business), gatherUrls(input.urls, business.id, turn + 1))
    const next: SessionRecord = { turn, answer, conversation: state, committed, transport: "gather" }
    const expectedVersion = Option.match(stored, { onNone: () => 0, onSome: (session) => session.version })

    const transcript = yield* CallTranscript.entry({
      business,
      call: input.call,
      caller: Option.isSome(record) ? input.caller : undefined,
      reply,
      state,
      committed,
    })

    return yield* sessions
      .save({ callSid: input.call.callSid, businessId: business.id, state: next }, expectedVersion, transcript)
      .pipe(
        Effect.zipRight(Option.isNone(stored) ? metrics.callStarted : metrics.turnHandled("answered")),
        Effect.as(answer),
        Effect.catchTag("SessionConflict", () =>
          Effect.gen(function* () {
            // A concurrent duplicate of this webhook saved first: answer exactly what it answered —
            // unless this attempt is the one that changed something (it booked) and the other did
            // not (it lost the slot to us). Then the caller must hear our answer, so ours is stored.
            const latest = yield* sessions.load(input.call.callSid)
            const winner = Option.flatMap(latest, decodeRecord)
            yield* metrics.turnHandled("replayed")
            if (Option.isNone(latest) || Option.isNone(winner)) return answer
            if (winner.value.turn === turn && committed && !winner.value.committed) {
              const stored = yield* sessions
                .save(
                  { callSid: input.call.callSid, businessId: business.id, state: next },
                  latest.value.version,
                  transcript,
                )
                .pipe(
                  Effect.as(true),
                  Effect.catchTag("SessionConflict", () => Effect.succeed(false)),
                )
              if (stored) return answer
            }
            return winner.value.answer
          }),
        ),
      )
  }).pipe(
    Effect.catchTag("PersistenceError", (error) => sayAgain(input, error.message)),
    // A bug must not become Twilio's "application error" message on a live call.
    Effect.catchAllDefect((defect) => sayAgain(input, String(defect))),
    Effect.annotateLogs({ callSid: input.call.callSid, turn: input.turn }),
    Effect.withSpan("CallFlow.handle"),
  )

/** "One moment": keeps the call alive and comes back to the same turn in a couple of seconds. */
const holdReply = (input: TurnInput, hold: number) =>
  Effect.gen(function* () {
    yield* Effect.logWarning("A call turn is slow; holding the caller").pipe(Effect.annotateLogs({ hold }))
    yield* Effect.flatMap(Metrics, (metrics) => metrics.turnHandled("held"))
    return TwiML.hold(
      {
        say: CallLine.holding(hold),
        pauseSeconds: 1,
        redirect: `${input.urls.publicBaseUrl}${holdPath(input.businessId, input.turn, hold)}`,
      },
      TwiML.defaultVoice,
    )
  })

/** After a hold: the stored answer for this turn once the background work has saved it. */
const awaitStoredAnswer = (input: TurnInput) =>
  Effect.flatMap(CallSessions, (sessions) =>
    sessions.load(input.call.callSid).pipe(
      Effect.map((stored) => Option.flatMap(stored, decodeRecord)),
      Effect.flatMap((record) =>
        Option.isSome(record) && record.value.turn >= input.turn
          ? Effect.succeed(record.value.answer)
          : Effect.fail("not yet" as const),
      ),
      Effect.retry(Schedule.spaced(Duration.millis(100))),
      Effect.orDie,
    ),
  )

/**
 * Answers one webhook within `turnDeadline`, whatever hangs behind it (Google, the database).
 * `turn` 0 is the incoming call; later turns come from our own TwiML.
 */
export const handle = (input: TurnInput) => {
  const hold = input.hold ?? 0
  // Back from a hold: never run the turn a second time, only wait for the first run's answer.
  // A first run goes in its own fiber: giving up waiting must not cancel a booking half made.
  const work = hold > 0 ? awaitStoredAnswer(input) : Effect.flatMap(Effect.forkDaemon(answerTurn(input)), Fiber.join)
  return work.pipe(
    Effect.timeout(turnDeadline),
    Effect.catchTag("TimeoutException", () =>
      hold < maxHolds
        ? holdReply(input, hold + 1)
        : sayAgain(input, `no answer for turn ${input.turn} after ${maxHolds} holds`),
    ),
    Effect.annotateLogs({ callSid: input.call.callSid, turn: input.turn }),
  )
}
