import type * as Conversation from "@frontdesk/domain/conversation/Conversation"
import * as DialogueState from "@frontdesk/domain/conversation/DialogueState"
import type { LineAction, Reply } from "@frontdesk/domain/conversation/Turn"
import type { Business } from "@frontdesk/domain/model/Business"
import type { CallSid, PhoneNumber } from "@frontdesk/domain/model/Ids"
import { CallSessions } from "@frontdesk/domain/ports/CallSessions"
import { type Asking, Interpretation, Understanding } from "@frontdesk/domain/ports/Understanding"
import * as CallLine from "@frontdesk/domain/speech/CallLine"
import { Effect, Option } from "effect"
import * as CallFlow from "./CallFlow.js"
import * as CallTranscript from "./CallTranscript.js"
import { Metrics } from "./Metrics.js"

/**
 * ConversationRelay turns over the same conversation, sessions and bookings as the `<Gather>`
 * flow (CallFlow): each `prompt` is one turn of `Conversation.respond`, its state stored after
 * every turn, so a reconnecting socket — on this instance or another — resumes where the call
 * stood. The socket itself (routes/Relay.ts) holds nothing a reconnect would need.
 */

export interface RelayCall {
  readonly callSid: CallSid
  readonly from: string | undefined
  readonly to: string | undefined
}

/** What the socket does after a turn: speak (and listen), or end the session for the `<Connect action>`. */
export type RelayStep =
  | { readonly _tag: "Speak"; readonly say: string; readonly asking: Asking }
  | { readonly _tag: "End"; readonly handoff: Handoff }

/** The `handoffData` the relay sends with `end`; the ended route answers from it and the stored call. */
export interface Handoff {
  readonly reason: "transfer" | "hangup"
}

const ending = (action: LineAction): RelayStep | undefined =>
  action._tag === "Transfer"
    ? { _tag: "End", handoff: { reason: "transfer" } }
    : action._tag === "Hangup"
      ? { _tag: "End", handoff: { reason: "hangup" } }
      : undefined

const stepOf = (reply: Reply, asking: Asking): RelayStep =>
  ending(reply.action) ?? { _tag: "Speak", say: reply.say, asking }

/** Questions a caller answers with yes or no: a "yes" to one only half heard agrees to nothing. */
const yesNoQuestions: ReadonlyArray<Asking> = ["confirm", "phone_confirm", "cancel_confirm"]

const squash = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()

/** Twilio reports the words spoken before the caller cut in; fewer than the whole reply means it was cut. */
export const wasCut = (answer: string, heard: string | undefined): boolean =>
  heard !== undefined && squash(heard).length < squash(answer).length

/**
 * Reads "yes" as "say that again" — the dialogue repeats its question — when the caller
 * interrupted that question: an interrupted read-back is never an agreement to it.
 */
const guardedUnderstanding = (asking: Asking) =>
  Effect.map(Understanding, (understanding) =>
    Understanding.of({
      interpret: (utterance, context) =>
        Effect.map(understanding.interpret(utterance, context), (interpretation) =>
          yesNoQuestions.includes(asking) && interpretation.intent === "yes"
            ? new Interpretation({ ...interpretation, intent: "repeat" })
            : interpretation,
        ),
    }),
  )

type Loaded = {
  readonly business: Business
  readonly record: CallFlow.SessionRecord
  readonly version: number
}

/** The stored relay call, or the step that ends a socket that has no call to drive. */
const load = (businessId: string, call: RelayCall) =>
  Effect.gen(function* () {
    const sessions = yield* CallSessions
    const found = yield* CallFlow.findBusiness(businessId, call.to)
    if (Option.isNone(found)) {
      yield* Effect.logWarning("Relay session for an unknown business").pipe(Effect.annotateLogs({ businessId }))
      return Option.none<Loaded>()
    }
    const stored = yield* sessions.load(call.callSid)
    const record = Option.flatMap(stored, CallFlow.decodeRecord)
    if (Option.isNone(stored) || Option.isNone(record)) {
      return Option.none<Loaded>()
    }
    if (record.value.transport !== "relay") {
      yield* Effect.logWarning("Relay session for a <Gather> call; refusing to mix transports")
      return Option.none<Loaded>()
    }
    return Option.some({ business: found.value, record: record.value, version: stored.value.version })
  })

/**
 * `setup`: resumes the stored call (first connect or a reconnect), silently: the caller heard the
 * greeting from the TwiML, or the last reply before the drop. A call no incoming webhook started
 * (no stored session) is started here, greeting included.
 */
export const setup = (businessId: string, call: RelayCall) =>
  Effect.gen(function* () {
    const existing = yield* load(businessId, call)
    if (Option.isSome(existing)) {
      const state = yield* Effect.option(DialogueState.decode(existing.value.record.conversation))
      return Option.match(state, {
        onNone: () => ({ _tag: "End", handoff: { reason: "hangup" } }) as RelayStep,
        onSome: (state) => (state.ended ? ({ _tag: "End", handoff: { reason: "hangup" } } as RelayStep) : undefined),
      })
    }
    const sessions = yield* CallSessions
    const found = yield* CallFlow.findBusiness(businessId, call.to)
    if (Option.isNone(found)) return { _tag: "End", handoff: { reason: "hangup" } } as RelayStep
    const stored = yield* sessions.load(call.callSid)
    if (Option.isSome(stored)) return { _tag: "End", handoff: { reason: "hangup" } } as RelayStep
    const started = CallFlow.startCall(found.value, { callSid: call.callSid, from: call.from, to: call.to })
    const record: CallFlow.SessionRecord = {
      turn: 0,
      answer: started.reply.say,
      conversation: started.state,
      committed: false,
      transport: "relay",
    }
    const transcript = yield* CallTranscript.entry({
      business: found.value,
      call,
      caller: undefined,
      reply: started.reply,
      state: started.state,
      committed: false,
    })
    yield* sessions.save({ callSid: call.callSid, businessId: found.value.id, state: record }, 0, transcript)
    yield* Effect.flatMap(Metrics, (metrics) => metrics.callStarted)
    // No TwiML of ours said the greeting (a socket opened without the incoming webhook, as
    // `pnpm call --relay` does for a `<Gather>` business): say it here.
    return { _tag: "Speak", say: started.reply.say, asking: "anything" } as RelayStep
  }).pipe(Effect.annotateLogs({ callSid: call.callSid }))

/** The conversation's question of the stored state, for reading keypad digits. */
const askingOf = (conversation: unknown): Effect.Effect<Asking> =>
  Effect.match(DialogueState.decode(conversation), { onFailure: () => "anything" as const, onSuccess: (s) => s.asking })

/** One caller turn (a final `prompt`, or keys): runs the conversation and stores its state. */
export const turn = (businessId: string, call: RelayCall, input: Conversation.CallerInput) =>
  Effect.gen(function* () {
    const metrics = yield* Metrics
    const loaded = yield* load(businessId, call)
    if (Option.isNone(loaded)) return { _tag: "End", handoff: { reason: "hangup" } } as RelayStep
    const { business, record, version } = loaded.value
    const asking = yield* askingOf(record.conversation)
    const cut = wasCut(record.answer, record.heard)
    const answered = cut
      ? yield* Effect.flatMap(guardedUnderstanding(asking), (guarded) =>
          CallFlow.continueCall(business, record.conversation, input).pipe(
            Effect.provideService(Understanding, guarded),
          ),
        )
      : yield* CallFlow.continueCall(business, record.conversation, input)
    const next: CallFlow.SessionRecord = {
      turn: record.turn + 1,
      answer: answered.reply.say,
      conversation: answered.state,
      committed: answered.committed,
      transport: "relay",
    }
    const sessions = yield* CallSessions
    const transcript = yield* CallTranscript.entry({
      business,
      call,
      caller: input,
      reply: answered.reply,
      state: answered.state,
      committed: answered.committed,
    })
    yield* sessions.save({ callSid: call.callSid, businessId: business.id, state: next }, version, transcript).pipe(
      Effect.catchTag("SessionConflict", () =>
        // Another socket of the same call (a reconnect racing the old one) stored a turn first.
        Effect.logWarning("Relay turn raced another socket of the call; its state was kept"),
      ),
    )
    yield* metrics.turnHandled("answered")
    return stepOf(answered.reply, yield* askingOf(answered.state))
  }).pipe(
    Effect.catchTag("PersistenceError", (error) =>
      Effect.gen(function* () {
        yield* Effect.logError("A relay turn failed; asking the caller to repeat").pipe(
          Effect.annotateLogs({ error: error.message }),
        )
        yield* Effect.flatMap(Metrics, (metrics) => metrics.turnHandled("failed"))
        return { _tag: "Speak", say: CallLine.trouble, asking: "anything" } as RelayStep
      }),
    ),
    Effect.annotateLogs({ callSid: call.callSid }),
    Effect.withSpan("RelayFlow.turn"),
  )

/** `interrupt`: the caller cut in; only `heard` of the last reply reached them. */
export const interrupted = (call: RelayCall, heard: string) =>
  Effect.gen(function* () {
    const sessions = yield* CallSessions
    const stored = yield* sessions.load(call.callSid)
    const record = Option.flatMap(stored, CallFlow.decodeRecord)
    if (Option.isNone(stored) || Option.isNone(record) || record.value.transport !== "relay") return
    const next: CallFlow.SessionRecord = { ...record.value, heard }
    yield* sessions
      .save({ callSid: call.callSid, businessId: stored.value.businessId, state: next }, stored.value.version)
      .pipe(Effect.catchTag("SessionConflict", () => Effect.void))
  }).pipe(
    Effect.catchTag("PersistenceError", (error) =>
      Effect.logError("Could not store an interruption").pipe(Effect.annotateLogs({ error: error.message })),
    ),
    Effect.annotateLogs({ callSid: call.callSid }),
  )

/**
 * The `<Connect action>` after a relay session: the call's last words and a `<Dial>` for a
 * transfer, the last words and `<Hangup/>` for an ending the conversation chose, else `<Hangup/>`.
 * The number dialled is the business's, never one taken from the request.
 */
export interface Ended {
  /** The call's last words, said before the transfer or hangup; none for a session that just stopped. */
  readonly say?: string
  readonly dial?: PhoneNumber
  readonly business?: Business
}

export const endedAnswer = (businessId: string, call: RelayCall, handoff: Handoff | undefined) =>
  Effect.gen(function* () {
    const sessions = yield* CallSessions
    const found = yield* CallFlow.findBusiness(businessId, call.to)
    const stored = yield* sessions.load(call.callSid)
    const record = Option.flatMap(stored, CallFlow.decodeRecord)
    if (Option.isNone(found) || Option.isNone(record) || record.value.transport !== "relay" || handoff === undefined) {
      return {} satisfies Ended as Ended
    }
    const business = found.value
    const dial = handoff.reason === "transfer" ? business.transferPhone : undefined
    return { say: record.value.answer, business, ...(dial === undefined ? {} : { dial }) } satisfies Ended as Ended
  }).pipe(
    Effect.catchTag("PersistenceError", () => Effect.succeed<Ended>({})),
    Effect.annotateLogs({ callSid: call.callSid }),
  )

/** Said when a relay message could not be handled at all; the caller can simply repeat. */
export const troubleLine = CallLine.trouble
