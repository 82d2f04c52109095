import { Understanding, type UnderstandingContext } from "@frontdesk/domain/ports/Understanding"
import * as BookingHarness from "@frontdesk/domain/testing/BookingHarness"
import * as ScriptedCall from "@frontdesk/domain/testing/ScriptedCall"
import * as RulesUnderstanding from "@frontdesk/understanding/RulesUnderstanding"
import { type DateTime, Effect, Layer } from "effect"

/**
 * Whole calls with the rules understanding, as the server runs them. A call may add a script for
 * phrasings the rules do not read yet (each such line says so); everything else goes to the rules.
 * Every call fails as soon as the agent asks one question three times in a row (ScriptedCall.Call).
 */

/** The rules, with the script's meanings taking precedence for the utterances it lists. */
export const understanding = (script: ScriptedCall.Script = []): Layer.Layer<Understanding> =>
  Layer.effect(
    Understanding,
    Effect.map(Understanding, (rules) => ({
      interpret: (utterance: string, context: UnderstandingContext) => {
        const scripted = ScriptedCall.lookup(script, utterance, context)
        return scripted === undefined ? rules.interpret(utterance, context) : Effect.succeed(scripted)
      },
    })),
  ).pipe(Layer.provide(RulesUnderstanding.layer))

/** Runs a call at `now` (New York wall clock) on fresh memory ports and the rules understanding. */
export const inCall = <A, E, R>(effect: Effect.Effect<A, E, R>, now: DateTime.Utc = BookingHarness.now) =>
  ScriptedCall.inCall(understanding(), effect, now)

/** The same, with scripted meanings for the utterances the rules cannot read yet. */
export const inScriptedCall = <A, E, R>(
  script: ScriptedCall.Script,
  effect: Effect.Effect<A, E, R>,
  now: DateTime.Utc = BookingHarness.now,
) => ScriptedCall.inCall(understanding(script), effect, now)

export const Call = ScriptedCall.Call
export const means = ScriptedCall.means
export const ny = BookingHarness.ny
export const wall = BookingHarness.wall
