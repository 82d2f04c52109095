import type { Business } from "../model/Business.js"
import * as CallerText from "../model/CallerText.js"
import type { PhoneNumber } from "../model/Ids.js"
import type { CalendarFailureKind } from "../ports/CalendarError.js"

/** Texts the business owner reads: messages callers leave, and alerts about their setup. */

/** What the owner reads when their calendar connection needs them; short enough for one SMS. */
export const calendarAlert = (business: Business, kind: CalendarFailureKind): string =>
  `Frontdesk: ${business.name} can't reach your Google Calendar (${kind}). Calls still book, but ` +
  "new bookings won't appear in your calendar until you reconnect it in Frontdesk settings."

/** A message a caller left for the owner, with who it is from; the caller's words cleaned of hidden characters. */
export const callerMessage = (business: Business, message: string, from: PhoneNumber | undefined): string =>
  `Message for ${business.name} from ${from === undefined ? "a caller who withheld their number" : from}: ${CallerText.clean(message)}`
