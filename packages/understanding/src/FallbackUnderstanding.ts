import { LanguageModel } from "@effect/ai"
import {
  Interpretation,
  type Slots,
  Understanding,
  type UnderstandingContext,
} from "@frontdesk/domain/ports/Understanding"
import { Duration, Effect, Layer } from "effect"
import * as ModelUnderstanding from "./ModelUnderstanding.js"
import * as RulesUnderstanding from "./RulesUnderstanding.js"

/**
 * Rules first, the model when the rules are unsure (ADR 0009). The rules answer every utterance
 * in well under a millisecond; the model is asked only when their answer looks like a
 * misunderstanding in the making, and only for as long as a caller's turn can wait
 * (`timeout`, LLM_TIMEOUT_MS). A timeout, a 429 or 5xx, a network failure or an answer that does
 * not decode leaves the rules' answer, so a call never depends on the model being up.
 *
 * The model proposes, the domain disposes: its slots are narrowed here to what can be true (a
 * service the business offers, an offered time that exists, never a phone number) and then go
 * through the dialogue's own validation and the availability engine like the rules' would.
 */

/** Why the rules' answer was not taken as it is. */
export type UnsureReason =
  /** No intent at all. */
  | "no_intent"
  /** A question: the rules match a few phrasings, a model many more. */
  | "question"
  /** The agent asked for one thing and the rules found none of it, nor a yes, no or other request. */
  | "unanswered"
  /** Something that sounds like a service the business does not list (a misheard or unusual alias). */
  | "unknown_service"

export interface Observer {
  readonly consulted: (why: UnsureReason) => Effect.Effect<void>
  readonly fellBack: (reason: ModelUnderstanding.FailureReason) => Effect.Effect<void>
}

export interface Options {
  /** The model's budget per utterance; past it the rules answer. */
  readonly timeout: Duration.DurationInput
  readonly observer?: Observer
}

/** Intents that answer any question the agent asked (or leave it for something else). */
const answersAnything = new Set(["yes", "no", "human", "repeat", "hours", "cancel", "reschedule", "message"])

/** Whether the agent's question found its answer in the rules' slots. */
const answered = (slots: Slots, context: UnderstandingContext): boolean => {
  switch (context.asking) {
    case "service":
      return slots.service !== undefined
    case "date":
      return slots.when?.date !== undefined
    case "time":
      return slots.when?.time !== undefined || slots.when?.partOfDay !== undefined
    case "name":
      return slots.name !== undefined
    case "phone":
      return slots.phone !== undefined
    case "alternative":
      return slots.alternative !== undefined || slots.when !== undefined
    default:
      return true
  }
}

/** The policy: when the rules' answer goes to the model. `undefined` means the rules are sure. */
export const unsure = (rules: Interpretation, context: UnderstandingContext): UnsureReason | undefined => {
  if (rules.intent === "unknown") return "no_intent"
  if (rules.intent === "question") return "question"
  if (rules.slots.unknownService !== undefined) return "unknown_service"
  if (!answersAnything.has(rules.intent) && !answered(rules.slots, context)) return "unanswered"
  return undefined
}

/** A caller's name as spoken: letters, spaces, apostrophes and hyphens, a few words long. */
const plausibleName = (name: string): boolean => /^[\p{L}][\p{L}' .-]{0,59}$/u.test(name.trim())

/**
 * The model's proposal narrowed to what can be true; what it left out, the rules' slots fill in.
 * The phone is only ever the rules' (the model never saw the digits).
 */
export const accept = (
  proposed: Interpretation,
  rules: Interpretation,
  context: UnderstandingContext,
): Interpretation => {
  const { business, alternatives } = context
  const model = proposed.slots
  const service = business.services.find((s) => s.name.toLowerCase() === model.service?.trim().toLowerCase())
  const alternative =
    model.alternative !== undefined && model.alternative >= 0 && model.alternative < alternatives.length
      ? model.alternative
      : undefined
  const name = model.name !== undefined && plausibleName(model.name) ? model.name.trim() : undefined
  const unknownService = service === undefined ? (model.unknownService ?? model.service) : undefined
  const slots: Slots = {
    ...rules.slots,
    ...(name === undefined ? {} : { name }),
    ...(service === undefined ? {} : { service: service.name, unknownService: undefined }),
    ...(service === undefined && unknownService !== undefined && rules.slots.service === undefined
      ? { unknownService }
      : {}),
    ...(model.when === undefined ? {} : { when: model.when }),
    ...(alternative === undefined ? {} : { alternative }),
    ...(model.topic === undefined ? {} : { topic: model.topic }),
  }
  const cleaned = Object.fromEntries(Object.entries(slots).filter(([, value]) => value !== undefined)) as Slots
  return new Interpretation({
    intent: proposed.intent === "unknown" ? rules.intent : proposed.intent,
    slots: cleaned,
    text: rules.text,
  })
}

const silent: Observer = { consulted: () => Effect.void, fellBack: () => Effect.void }

export const make = (
  options: Options,
): Effect.Effect<typeof Understanding.Service, never, LanguageModel.LanguageModel> =>
  Effect.gen(function* () {
    const model = yield* LanguageModel.LanguageModel
    const observer = options.observer ?? silent
    const timeout = Duration.decode(options.timeout)
    return Understanding.of({
      interpret: (utterance, context) =>
        Effect.gen(function* () {
          const rules = RulesUnderstanding.interpret(utterance, context)
          const why = unsure(rules, context)
          if (why === undefined) return rules
          yield* observer.consulted(why)
          return yield* ModelUnderstanding.interpret(utterance, context).pipe(
            Effect.provideService(LanguageModel.LanguageModel, model),
            Effect.timeoutFail({
              duration: timeout,
              onTimeout: () => new ModelUnderstanding.ModelFailure({ reason: "timeout" }),
            }),
            Effect.map((proposed) => accept(proposed, rules, context)),
            Effect.catchAll((failure) =>
              Effect.logWarning("the language model did not answer usably; the rules answer").pipe(
                Effect.annotateLogs({ reason: failure.reason }),
                Effect.zipRight(observer.fellBack(failure.reason)),
                Effect.as(rules),
              ),
            ),
            // A bug in a provider adapter is no reason to fail a caller's turn either.
            Effect.catchAllDefect((defect) =>
              Effect.logError("the language model adapter failed").pipe(
                Effect.annotateLogs({ defect: String(defect) }),
                Effect.zipRight(observer.fellBack("unreachable")),
                Effect.as(rules),
              ),
            ),
          )
        }),
    })
  })

export const layer = (options: Options): Layer.Layer<Understanding, never, LanguageModel.LanguageModel> =>
  Layer.effect(Understanding, make(options))
