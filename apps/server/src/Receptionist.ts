import type { Business } from "@frontdesk/domain/model/Business"
import type { CallSid } from "@frontdesk/domain/model/Ids"
import { Context, type Effect } from "effect"

/** What the caller did on one turn, as Twilio reported it. */
export interface CallerInput {
  readonly speech?: string
  readonly digits?: string
  /** Twilio's Gather timed out and followed the Redirect. */
  readonly silence: boolean
}

/** What the agent says next and what the line does after. */
export interface AgentReply {
  readonly say: string
  readonly next:
    | { readonly _tag: "Listen" }
    | { readonly _tag: "Hangup" }
    | { readonly _tag: "Transfer"; readonly to: string }
  /** Words the recogniser should favour on the next answer. */
  readonly hints?: ReadonlyArray<string>
}

export interface CallStart {
  readonly callSid: CallSid
  /** Twilio's `From` as sent: may be `anonymous`, empty or a withheld marker. */
  readonly from: string | undefined
  readonly to: string | undefined
}

export interface ReceptionistTurn {
  /** Opaque, JSON-encodable; stored in CallSessions until the next webhook. */
  readonly state: unknown
  readonly reply: AgentReply
  /** The turn made or cancelled a booking: its answer must reach the caller over a duplicate's. */
  readonly committed?: boolean
}

/**
 * The server's view of the conversation engine: a state in, a reply and a new state out. The
 * state is opaque JSON so it can live in CallSessions between webhooks.
 */
export class Receptionist extends Context.Tag("@frontdesk/server/Receptionist")<
  Receptionist,
  {
    readonly start: (business: Business, call: CallStart) => Effect.Effect<ReceptionistTurn>
    readonly respond: (
      business: Business,
      call: CallStart,
      state: unknown,
      input: CallerInput,
    ) => Effect.Effect<ReceptionistTurn>
  }
>() {}
