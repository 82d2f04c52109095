import { Context, type Effect } from "effect"
import type { PersistenceError } from "../model/Errors.js"
import type { BusinessId, PhoneNumber } from "../model/Ids.js"

/**
 * Who texted STOP to a business. Twilio itself refuses texts to an unsubscribed number (error
 * 21610); recording the keyword lets the system not try, and lets START undo it. Kept per
 * business, because each business texts from its own numbers.
 */
export type OptOutKeyword = "STOP" | "START" | "HELP"

export class OptOuts extends Context.Tag("@frontdesk/domain/OptOuts")<
  OptOuts,
  {
    /** STOP opts out, START opts back in, HELP changes nothing (kept only as the last keyword seen). */
    readonly record: (
      businessId: BusinessId,
      phone: PhoneNumber,
      keyword: OptOutKeyword,
    ) => Effect.Effect<void, PersistenceError>
    readonly isOptedOut: (businessId: BusinessId, phone: PhoneNumber) => Effect.Effect<boolean, PersistenceError>
  }
>() {}
