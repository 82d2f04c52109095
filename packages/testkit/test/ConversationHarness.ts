import * as Conversation from "@frontdesk/domain/conversation/Conversation"
import * as DialogueState from "@frontdesk/domain/conversation/DialogueState"
import type { Turn } from "@frontdesk/domain/conversation/Turn"
import type { Business } from "@frontdesk/domain/model/Business"
import type { CallSid } from "@frontdesk/domain/model/Ids"
import * as BookingHarness from "@frontdesk/domain/testing/BookingHarness"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import * as RulesUnderstanding from "@frontdesk/understanding/RulesUnderstanding"
import { DateTime, Effect, Layer, Schema, TestClock } from "effect"

/** Memory ports, BookingService as the server wires it, and the rules understanding. */
export const world = Layer.merge(BookingHarness.service, RulesUnderstanding.layer)

/** Runs a scripted call at `now` (New York wall clock) on fresh memory ports. */
export const inCall = <A, E, R extends Layer.Layer.Success<typeof world>>(
  effect: Effect.Effect<A, E, R>,
  now: DateTime.Utc = BookingHarness.now,
) => Effect.zipRight(TestClock.setTime(DateTime.toEpochMillis(now)), effect).pipe(Effect.provide(world))

/**
 * One phone call driven the way the server drives it: every turn's state goes through its JSON
 * encoding, as it would through CallSessions between webhooks.
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

export const ny = BookingHarness.ny
export const wall = BookingHarness.wall
