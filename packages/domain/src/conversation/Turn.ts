import type { Business } from "../model/Business.js"
import type { PhoneNumber } from "../model/Ids.js"
import type { DialogueState } from "./DialogueState.js"

/**
 * The one shape a conversation turn has on its way to a transport: what the caller hears, what the
 * line does next, and the words speech recognition should favour. Transports (TwiML `<Gather>`
 * turns today, a streaming WebSocket next) render it; none of them adds sentences of its own.
 */

/** What the line does after the agent speaks. */
export type LineAction =
  | { readonly _tag: "Listen" }
  | { readonly _tag: "Hangup" }
  | { readonly _tag: "Transfer"; readonly to: PhoneNumber }

export interface Reply {
  /** One or two short spoken sentences; no markup. */
  readonly say: string
  readonly action: LineAction
  /** Words to bias speech recognition toward on the caller's next answer. */
  readonly hints: ReadonlyArray<string>
}

export interface Turn extends Reply {
  /** Store this (Schema-encoded with DialogueState) for the next turn. */
  readonly state: DialogueState
  /** The turn made, moved or cancelled a booking: its answer must reach the caller over a duplicate's. */
  readonly committed: boolean
}

/** The only place recognition hints come from: the business's services, what callers call them, yes and no. */
export const hintsFor = (business: Business): ReadonlyArray<string> => [
  ...business.services.flatMap((service) => [service.name, ...service.aliases]),
  "yes",
  "no",
]
