import type { DateTime } from "effect"
import type { Business } from "../model/Business.js"
import type { LocalDate } from "../model/LocalDate.js"
import { zoneOf } from "../model/TimeZone.js"
import { onOffer } from "./FreeTimes.js"
import { goodbye } from "./Prompts.js"
import * as SpokenTime from "./SpokenTime.js"
import { offerings } from "./Words.js"

/**
 * What the agent says instead of asking the same thing again: the second time a question is
 * asked with nothing gained it comes with an example of an answer; the third time the agent
 * offers a person or a message instead (conversation/Repetition decides when).
 */

export const date = "You can say a day like Friday or December 8th. What day would suit you?"

export const time = (business: Pick<Business, "timezone">, day: LocalDate | undefined): string =>
  `You can say a time like 10 AM or half past two. What time would suit you${
    day === undefined ? "" : ` on ${SpokenTime.localDate(day, zoneOf(business.timezone))}`
  }?`

export const service = (business: Pick<Business, "services">): string =>
  `You can say ${offerings(business)}. Which would you like?`

export const name = "You can say your first and last name, like Ana Ruiz. What name should I put the booking under?"

export const phone = "You can say it digit by digit, like 5 5 5, 2 1 2, 3 4 5 6. What's the best number to reach you?"

/** A read-back ("I have 5 5 5, … .") asked again as a plain yes-or-no question. */
export const yesOrNo = (readBack: string): string => `${readBack} Please say yes or no.`

export const confirm = (readBack: string): string =>
  `${readBack} Please say yes to go ahead, or tell me what you'd like to change.`

export const alternative = (business: Pick<Business, "timezone">, offered: ReadonlyArray<DateTime.Utc>): string => {
  const zone = zoneOf(business.timezone)
  const first = offered[0]
  return `${onOffer(business, offered)} You can say the time${
    first === undefined ? "" : `, like ${SpokenTime.time(first, zone)}`
  }, or the first one.`
}

export const anything =
  "You can book, move or cancel an appointment, ask about our hours, prices or location, or leave a message. What would you like to do?"

/** Asked twice without an answer and nobody to put the caller through to. */
export const stuckMessage =
  "Sorry, I'm having trouble understanding. I can take a message and ask the owner to call you back. What would you like to say?"

/** A third silence-prompt in a row, worded differently from the first two. */
export const stillThere = (question: string): string => `Are you still there? ${question}`

/** Many turns without getting anywhere: a note for the owner was left, then goodbye. */
export const unfinishedGoodbye = (business: Business, callBack: boolean): string =>
  `Sorry I couldn't sort this out on the phone. ${
    callBack ? "I've asked the owner to call you back." : "I've let the owner know you called."
  } ${goodbye(business)}`
