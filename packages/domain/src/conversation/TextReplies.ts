import { DateTime, Effect, Option } from "effect"
import { BookingService } from "../booking/BookingService.js"
import * as FollowUpJobs from "../followup/FollowUpJobs.js"
import type { Business } from "../model/Business.js"
import * as CallerMessage from "../model/CallerMessage.js"
import * as CallerText from "../model/CallerText.js"
import type { BookingNotFound, PersistenceError } from "../model/Errors.js"
import { CallSid, type PhoneNumber } from "../model/Ids.js"
import { redact } from "../model/PhoneNumbers.js"
import { BookingRepository } from "../ports/BookingRepository.js"
import { CallerMessages } from "../ports/CallerMessages.js"
import { type OptOutKeyword, OptOuts } from "../ports/OptOuts.js"
import { PendingReplies } from "../ports/PendingReplies.js"
import * as Words from "../speech/TextReplies.js"

/**
 * Texts customers send the business's number, answered by text: "C" / "CANCEL" asks which booking
 * and waits for "YES" (which cancels through BookingService: event removed, cancellation text
 * sent by the outbox), "R" / "CHANGE" says how to change, STOP / START / HELP are recorded so
 * nothing is texted to an opted-out number, and anything else is kept for the owner as a message.
 * The sender is Twilio's `From`: the webhook is signed, so it is the number the text came from.
 */

export type Services = BookingRepository | BookingService | CallerMessages | OptOuts | PendingReplies

export interface InboundText {
  readonly from: PhoneNumber
  readonly body: string
  /** Twilio's OptOutType when its opt-out handling matched a keyword; it wins over the words. */
  readonly optOutType: OptOutKeyword | undefined
  readonly messageSid: string
}

export type Kind = "stop" | "start" | "help" | "cancel" | "yes" | "change" | "other"

/** How long a "C" waits for its "YES". */
export const confirmationWindow = { minutes: 30 } as const

const stopWords = new Set(["stop", "stopall", "unsubscribe", "end", "quit"])
const startWords = new Set(["start", "unstop", "subscribe"])

/** What the text asks for: the whole text is the keyword, in any case, with punctuation around it. */
export const classify = (body: string, optOutType: OptOutKeyword | undefined): Kind => {
  if (optOutType !== undefined) return optOutType === "STOP" ? "stop" : optOutType === "START" ? "start" : "help"
  const word = body
    .trim()
    .toLowerCase()
    .replace(/^[^a-z]+|[^a-z]+$/g, "")
  if (stopWords.has(word)) return "stop"
  if (startWords.has(word)) return "start"
  if (word === "help" || word === "info") return "help"
  if (word === "c" || word === "cancel") return "cancel"
  if (word === "yes" || word === "y") return "yes"
  if (word === "r" || word === "change" || word === "reschedule") return "change"
  return "other"
}

/** The text to answer with; undefined answers nothing (Twilio confirms STOP and START itself). */
export const handle = (
  business: Business,
  text: InboundText,
): Effect.Effect<string | undefined, PersistenceError | BookingNotFound, Services> =>
  Effect.gen(function* () {
    const kind = classify(text.body, text.optOutType)
    const log = (event: string) =>
      Effect.logInfo(event).pipe(Effect.annotateLogs({ businessId: business.id, from: redact(text.from), kind }))
    const now = yield* DateTime.now
    switch (kind) {
      case "stop":
      case "start":
      case "help": {
        const keyword: OptOutKeyword = kind === "stop" ? "STOP" : kind === "start" ? "START" : "HELP"
        yield* Effect.flatMap(OptOuts, (o) => o.record(business.id, text.from, keyword))
        yield* log("opt-out keyword recorded")
        // Twilio answers STOP and START itself; HELP gets what this number can do.
        return kind === "help" ? Words.help(business) : undefined
      }
      case "cancel": {
        const upcoming = yield* Effect.flatMap(BookingRepository, (r) =>
          r.upcomingByCustomerPhone(business.id, text.from, now),
        )
        const next = upcoming[0]
        if (next === undefined) return Words.nothingToCancel(business)
        yield* Effect.flatMap(PendingReplies, (p) =>
          p.put(business.id, text.from, next.id, DateTime.add(now, confirmationWindow)),
        )
        return Words.confirmCancel(business, next)
      }
      case "yes": {
        const pending = yield* Effect.flatMap(PendingReplies, (p) => p.take(business.id, text.from, now))
        if (Option.isNone(pending)) return Words.nothingPending(business)
        const booking = yield* Effect.flatMap(BookingRepository, (r) => r.get(pending.value))
        // Only the number the booking was made under, whatever was stored as pending.
        if (booking.customer.phone !== text.from) return Words.nothingPending(business)
        yield* Effect.flatMap(BookingService, (s) => s.cancel(business, booking.id))
        yield* log("booking cancelled by text")
        // The cancellation text comes from the outbox, as for every cancellation.
        return undefined
      }
      case "change":
        return Words.howToChange(business)
      case "other": {
        const id = yield* CallerMessage.newId
        yield* Effect.flatMap(CallerMessages, (m) =>
          m.record(
            new CallerMessage.NewCallerMessage({
              id,
              businessId: business.id,
              // A text has no call: its MessageSid names where the message came from.
              callSid: CallSid.make(text.messageSid),
              callerPhone: text.from,
              text: CallerText.clean(text.body),
            }),
            [FollowUpJobs.ownerMessageText({ id, businessId: business.id })],
          ),
        )
        yield* log("text kept as a message for the owner")
        return Words.messageKept(business)
      }
    }
  })
