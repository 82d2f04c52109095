import { Context, type DateTime, type Effect, type Option } from "effect"
import type { PersistenceError } from "../model/Errors.js"
import type { BusinessId } from "../model/Ids.js"

/**
 * The OAuth `state` nonces handed out when an owner starts connecting a calendar, shared by every
 * instance: a nonce is issued once, bound to its business, and consumed once, so a replayed or
 * double-submitted callback is refused whichever instance it reaches.
 */
export class OAuthStates extends Context.Tag("@frontdesk/domain/OAuthStates")<
  OAuthStates,
  {
    readonly issue: (
      nonce: string,
      businessId: BusinessId,
      expiresAt: DateTime.Utc,
    ) => Effect.Effect<void, PersistenceError>
    /**
     * Marks the nonce used and answers the business it was issued for; none when it was never
     * issued, was used already, or expired before `now`. Atomic: of two concurrent consumers one wins.
     */
    readonly consume: (nonce: string, now: DateTime.Utc) => Effect.Effect<Option.Option<BusinessId>, PersistenceError>
  }
>() {}
