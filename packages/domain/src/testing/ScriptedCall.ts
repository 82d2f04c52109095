import { DateTime, Effect, Layer, Schema, TestClock } from "effect"
import * as Conversation from "../conversation/Conversation.js"
import * as DialogueState from "../conversation/DialogueState.js"
import { questionOf } from "../conversation/Repetition.js"
import type { Turn } from "../conversation/Turn.js"
import type { Business } from "../model/Business.js"
import type { CallSid } from "../model/Ids.js"
import { Interpretation, type Slots, Understanding, type UnderstandingContext } from "../ports/Understanding.js"
import * as BookingHarness from "./BookingHarness.js"
import * as Fixtures from "./Fixtures.js"

/**
 * Whole calls for tests: a scripted understanding (utterance → interpretation), so the dialogue
 * is tested without any parser, and a driver that runs each turn the way the server does and
 * fails the test as soon as the agent asks one question three times in a row.
 */

/** What one scripted utterance means; a function when it depends on the context (offers, the day). */
export type Meaning = Interpretation | ((context: UnderstandingContext) => Interpretation)

/** Scripted utterances, matched ignoring case and surrounding space. */
export type Script = ReadonlyArray<readonly [string, Meaning]>

export const means = (intent: Interpretation["intent"], slots: Slots = {}, text = ""): Interpretation =>
  new Interpretation({ intent, slots, text })

const key = (utterance: string) => utterance.trim().toLowerCase()

/** The scripted meaning of an utterance, if the script has it. */
export const lookup = (
  script: Script,
  utterance: string,
  context: UnderstandingContext,
): Interpretation | undefined => {
  const found = script.find(([said]) => key(said) === key(utterance))
  if (found === undefined) return undefined
  const [, meaning] = found
  const interpretation = typeof meaning === "function" ? meaning(context) : meaning
  // The text is what the caller said unless the script says otherwise (messages keep it).
  return interpretation.text === "" ? new Interpretation({ ...interpretation, text: utterance.trim() }) : interpretation
}

/** Understanding from the script alone; anything else is "unknown", as a parser that did not follow would say. */
export const understanding = (script: Script): Layer.Layer<Understanding> =>
  Layer.succeed(Understanding, {
    interpret: (utterance, context) =>
      Effect.succeed(lookup(script, utterance, context) ?? means("unknown", {}, utterance.trim())),
  })

/**
 * The repeated-question check the suites run on every call: the question a turn asks (its last
 * sentence, with the read-back or offer before it) must not be the same in three listening turns
 * in a row. Returns a description of the first repetition, or undefined.
 */
export const repeatedThrice = (turns: ReadonlyArray<Turn>): string | undefined => {
  for (let i = 2; i < turns.length; i++) {
    const three = [turns[i - 2], turns[i - 1], turns[i]]
    if (three.some((t) => t === undefined || t.action._tag !== "Listen")) continue
    const questions = three.map((t) => (t === undefined ? "" : questionOf(t.say, t.state.asking)))
    if (questions[0] === questions[1] && questions[1] === questions[2]) {
      return `turns ${i - 2}–${i} all ask: ${questions[0]}`
    }
  }
  return undefined
}

/** Runs a scripted call at `now` (New York wall clock) on fresh memory ports and the given understanding. */
export const inCall = <A, E, R>(
  understanding: Layer.Layer<Understanding>,
  effect: Effect.Effect<A, E, R>,
  now: DateTime.Utc = BookingHarness.now,
) =>
  Effect.zipRight(TestClock.setTime(DateTime.toEpochMillis(now)), effect).pipe(
    Effect.provide(Layer.merge(BookingHarness.service, understanding)),
  )

/**
 * One phone call driven the way the server drives it: every turn's state goes through its JSON
 * encoding, as it would through CallSessions between webhooks; a question asked three times in a
 * row fails the turn.
 */
export class Call {
  readonly turns: Array<Turn> = []
  private stored: unknown

  constructor(
    readonly business: Business,
    first: Turn,
  ) {
    this.turns.push(first)
    this.stored = JSON.parse(JSON.stringify(DialogueState.encode(first.state)))
  }

  static start(business: Business, from: string, callSid: CallSid = Fixtures.callSid()): Call {
    return new Call(business, Conversation.start({ business, from, callSid }))
  }

  get last(): Turn {
    const turn = this.turns[this.turns.length - 1]
    if (turn === undefined) throw new Error("no turn yet")
    return turn
  }

  /** Everything the agent said, one entry per turn. */
  get said(): ReadonlyArray<string> {
    return this.turns.map((t) => t.say)
  }

  private turn(input: Conversation.CallerInput) {
    return Effect.gen(this, function* () {
      const state = yield* Schema.decodeUnknown(DialogueState.DialogueState)(this.stored)
      // In the server every business on a call was loaded from Businesses, where follow-ups find it.
      yield* BookingHarness.storeBusiness(this.business)
      const turn = yield* Conversation.respond({ business: this.business, state, input })
      // The server's outbox worker runs the turn's follow-ups (texts, calendar) in the background.
      yield* BookingHarness.drain
      this.turns.push(turn)
      this.stored = JSON.parse(JSON.stringify(DialogueState.encode(turn.state)))
      const loop = repeatedThrice(this.turns)
      if (loop !== undefined) return yield* Effect.dieMessage(`the agent repeated itself: ${loop}`)
      return turn
    })
  }

  /** The caller says something; returns what the agent says back. */
  say(text: string) {
    return Effect.map(this.turn({ _tag: "Speech", text }), (t) => t.say)
  }

  press(digits: string) {
    return Effect.map(this.turn({ _tag: "Digits", digits }), (t) => t.say)
  }

  silence() {
    return Effect.map(this.turn({ _tag: "Silence" }), (t) => t.say)
  }
}
