import { Context, type DateTime, type Effect } from "effect"
import type { PersistenceError } from "../model/Errors.js"
import type { BusinessId } from "../model/Ids.js"

/**
 * How many texts a business has sent in an hour, shared by every instance, so a flood of spoofed
 * calls cannot make one business text without end (SMS pumping). FollowUpHandlers takes one unit
 * per customer text and holds the text for the next hour once the budget is spent.
 */
export class TextBudget extends Context.Tag("@frontdesk/domain/TextBudget")<
  TextBudget,
  {
    /** Counts one text in the hour starting at `hour`; answers the count including it. Atomic. */
    readonly take: (businessId: BusinessId, hour: DateTime.Utc) => Effect.Effect<number, PersistenceError>
  }
>() {}
