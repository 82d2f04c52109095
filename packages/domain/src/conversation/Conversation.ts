import { DateTime, Duration, Effect, Option } from "effect"
import * as FreeStarts from "../availability/FreeStarts.js"
import { type BookingOutcome, BookingService } from "../booking/BookingService.js"
import * as FollowUpJobs from "../followup/FollowUpJobs.js"
import { TextSettings } from "../followup/TextGuard.js"
import { BookingContext } from "../model/BookingContext.js"
import { type Business, durationOf } from "../model/Business.js"
import * as CallerMessage from "../model/CallerMessage.js"
import * as CallerText from "../model/CallerText.js"
import { Customer } from "../model/Customer.js"
import { type BookingId, type CallSid, PhoneNumber } from "../model/Ids.js"
import { redact } from "../model/PhoneNumbers.js"
import * as TextPolicy from "../model/TextPolicy.js"
import { BookingRepository } from "../ports/BookingRepository.js"
import { CallerMessages } from "../ports/CallerMessages.js"
import { OptOuts } from "../ports/OptOuts.js"
import { Telephony } from "../ports/Telephony.js"
import { TextBudget } from "../ports/TextBudget.js"
import { Understanding } from "../ports/Understanding.js"
import * as Identity from "../speech/Identity.js"
import * as Prompts from "../speech/Prompts.js"
import * as CallerIdentity from "./CallerIdentity.js"
import * as Dialogue from "./Dialogue.js"
import type { DialogueState } from "./DialogueState.js"
import * as Repetition from "./Repetition.js"
import { hintsFor, type Reply, type Turn } from "./Turn.js"

/**
 * Runs the pure Dialogue against the world: interprets what the caller said, carries out the
 * requests the dialogue makes (availability, booking, look-ups, cancelling, messages) and feeds
 * the outcomes back until there is something to say. This is what the voice webhooks call.
 *
 * A turn never fails: storage or calendar trouble becomes an apology (and a transfer when the
 * business has a number for it), because a caller on the line must always hear something.
 */

/** What came back from Twilio's `<Gather>`. */
export type CallerInput =
  | { readonly _tag: "Speech"; readonly text: string }
  | { readonly _tag: "Digits"; readonly digits: string }
  | { readonly _tag: "Silence" }

export type Services =
  | Understanding
  | BookingService
  | BookingRepository
  | CallerMessages
  | Telephony
  | OptOuts
  | TextBudget

const turnOf = (
  business: Business,
  decision: Extract<Dialogue.Decision, { _tag: "Reply" }>,
  before: DialogueState | undefined,
): Turn => ({
  state: decision.state,
  say: decision.say,
  action: decision.action,
  hints: hintsFor(business),
  committed: before !== undefined && decision.state.bookingId !== before.bookingId,
})

/** The greeting for a new call. */
export const start = (input: {
  readonly business: Business
  readonly from: string
  readonly callSid: CallSid
}): Turn => {
  const decision = Dialogue.start(input)
  if (decision._tag !== "Reply") throw new Error("a call always starts with a greeting")
  return turnOf(input.business, decision, undefined)
}

/** Keypad answers, read the way the current question expects them. */
const digitsAsText = (state: DialogueState, digits: string): string => {
  switch (state.asking) {
    case "phone":
      return digits
    case "alternative":
      return `the ${["1st", "2nd", "3rd"][Number(digits) - 1] ?? digits} one`
    case "confirm":
    case "phone_confirm":
    case "cancel_confirm":
    case "anything":
      return digits === "1" ? "yes" : digits === "2" ? "no" : digits
    default:
      return digits
  }
}

/** Checking availability needs no customer yet; a placeholder keeps BookingContext's shape. */
const placeholderCustomer = (business: Business, state: DialogueState): Customer =>
  new Customer({
    name: state.name ?? "Caller",
    phone: state.phone ?? business.phoneNumbers[0] ?? PhoneNumber.make("+10000000000"),
  })

type Performing<Tag extends Dialogue.Request["_tag"]> = (
  business: Business,
  state: DialogueState,
  request: Extract<Dialogue.Request, { readonly _tag: Tag }>,
) => Effect.Effect<Dialogue.Outcome, unknown, Exclude<Services, Understanding>>

const fromBooking = (outcome: BookingOutcome): Dialogue.Outcome =>
  outcome._tag === "Booked"
    ? { _tag: "Booked", booking: outcome.booking }
    : { _tag: "Unavailable", availability: outcome.availability }

const checkAvailability: Performing<"CheckAvailability"> = (business, state, request) =>
  Effect.gen(function* () {
    const bookings = yield* BookingService
    const result = yield* bookings.checkAvailability(
      business,
      new BookingContext({
        businessId: business.id,
        customer: placeholderCustomer(business, state),
        service: request.service.name,
        requestedStart: request.start,
        durationMinutes: durationOf(business, request.service),
        callSid: state.callSid,
        ...(request.reschedulingBookingId === undefined
          ? {}
          : { reschedulingBookingId: request.reschedulingBookingId }),
      }),
    )
    return { _tag: "Availability", result } as const
  })

/** Free starts for "what do you have…?": one provider call per day looked at, see FreeStarts.find. */
const findFreeStarts = (
  business: Business,
  request: Extract<Dialogue.Request, { readonly _tag: "FindFreeStarts" }>,
  now: DateTime.Utc,
) =>
  Effect.flatMap(BookingService, (bookings) =>
    FreeStarts.find(business, request.query, now, (date) =>
      bookings.freeSlots(business, date, durationOf(business, request.service)),
    ),
  ).pipe(Effect.map((found): Dialogue.Outcome => ({ _tag: "FreeStarts", found })))

const book: Performing<"Book"> = (business, _state, request) =>
  Effect.flatMap(BookingService, (bookings) =>
    bookings.book(
      business,
      new BookingContext({
        businessId: business.id,
        // The name goes into the customer's texts and the owner's calendar: no hidden characters.
        customer: new Customer({ name: CallerText.cleanLine(request.name) || "Caller", phone: request.phone }),
        service: request.service.name,
        requestedStart: request.start,
        durationMinutes: durationOf(business, request.service),
        callSid: request.callSid,
      }),
    ),
  ).pipe(
    Effect.map(fromBooking),
    Effect.catchTag("BookingLimitReached", (error) =>
      Effect.succeed({ _tag: "LimitReached", limit: error.limit, max: error.max } as const),
    ),
  )

/**
 * The dialogue only offers bookings this call may change (CallerIdentity.gate); checked again
 * here against the stored booking, so no dialogue path can change another caller's booking.
 */
const authorised = (business: Business, state: DialogueState, bookingId: BookingId) =>
  Effect.flatMap(BookingRepository, (repository) => repository.get(bookingId)).pipe(
    Effect.filterOrFail(
      (booking) => CallerIdentity.mayChange(business, state, booking.customer.phone),
      () => new Error("this call may not change that booking"),
    ),
  )

const reschedule: Performing<"Reschedule"> = (business, state, request) =>
  authorised(business, state, request.bookingId).pipe(
    Effect.zipRight(
      Effect.flatMap(BookingService, (bookings) => bookings.reschedule(business, request.bookingId, request.start)),
    ),
    Effect.map(fromBooking),
  )

const cancel: Performing<"Cancel"> = (business, state, request) =>
  authorised(business, state, request.bookingId).pipe(
    Effect.zipRight(Effect.flatMap(BookingService, (bookings) => bookings.cancel(business, request.bookingId))),
    Effect.as({ _tag: "Cancelled" } as const),
  )

/** A code text gives up after this long; the caller is then offered a message instead. */
const codeSendTimeout = Duration.seconds(5)

/**
 * Texts a one-time code to the number the caller asked about, but only when it has upcoming
 * bookings (a code to any number said would make the line a free texting service), only where the
 * business may text (TextPolicy, STOP, the hourly budget), and never logging the code.
 */
const sendCode: Performing<"SendCode"> = (business, state, request) =>
  Effect.gen(function* () {
    const now = yield* DateTime.now
    const upcoming = yield* Effect.flatMap(BookingRepository, (r) =>
      r.upcomingByCustomerPhone(business.id, request.phone, now),
    )
    if (upcoming.length === 0) return { _tag: "Upcoming", bookings: [] } as const
    const notSent = (reason: string) =>
      Effect.as(
        Effect.logWarning("identity code not sent").pipe(
          Effect.annotateLogs({ businessId: business.id, to: redact(request.phone), reason }),
        ),
        { _tag: "CodeNotSent" } as const,
      )
    const settings = yield* TextSettings
    const refusal = TextPolicy.check(request.phone, TextPolicy.allowedCountries(business, settings.extraCountries))
    if (refusal !== undefined) return yield* notSent(refusal._tag)
    if (yield* Effect.flatMap(OptOuts, (o) => o.isOptedOut(business.id, request.phone))) return yield* notSent("STOP")
    const hour = DateTime.startOf(now, "hour")
    if ((yield* Effect.flatMap(TextBudget, (b) => b.take(business.id, hour))) > settings.hourlyBudget) {
      return yield* notSent("hourly text budget spent")
    }
    const { code, identity } = yield* CallerIdentity.newCode(request.phone)
    const telephony = yield* Telephony
    const sent = yield* telephony
      .sendSms({
        to: request.phone,
        body: Identity.codeText(business, code),
        idempotencyKey: `identity-code:${state.callSid}`,
      })
      .pipe(Effect.timeout(codeSendTimeout), Effect.either)
    if (sent._tag === "Left") return yield* notSent(sent.left._tag)
    yield* Effect.logInfo("identity code texted").pipe(
      Effect.annotateLogs({ businessId: business.id, to: redact(request.phone) }),
    )
    return { _tag: "CodeSent", identity } as const
  })

/**
 * Stores the caller's message with the job that texts it to the owner, in one write, before the
 * caller hears it will be passed on: a failed or impossible text (no owner phone) cannot lose it,
 * and a failed write is the failure the dialogue apologises for. Logs name the message only.
 */
const takeMessage: Performing<"TakeMessage"> = (business, state, request) =>
  Effect.gen(function* () {
    const messages = yield* CallerMessages
    const id = yield* CallerMessage.newId
    const stored = yield* messages.record(
      new CallerMessage.NewCallerMessage({
        id,
        businessId: business.id,
        callSid: state.callSid,
        ...(request.callerPhone === undefined ? {} : { callerPhone: request.callerPhone }),
        // Hidden characters never reach the owner, here or in the admin API.
        text: CallerText.clean(request.message),
      }),
      [FollowUpJobs.ownerMessageText({ id, businessId: business.id })],
    )
    yield* Effect.logInfo("caller message stored").pipe(
      Effect.annotateLogs({ businessId: business.id, messageId: stored.id }),
    )
    return { _tag: "MessageTaken" } as const
  })

/** Carries out one request; any failure becomes the Failed outcome the dialogue apologises for. */
const perform = (
  business: Business,
  state: DialogueState,
  request: Dialogue.Request,
  now: DateTime.Utc,
): Effect.Effect<Dialogue.Outcome, never, Exclude<Services, Understanding>> => {
  const run = (() => {
    switch (request._tag) {
      case "CheckAvailability":
        return checkAvailability(business, state, request)
      case "FindFreeStarts":
        return findFreeStarts(business, request, now)
      case "Book":
        return book(business, state, request)
      case "Reschedule":
        return reschedule(business, state, request)
      case "FindUpcoming":
        return Effect.flatMap(BookingRepository, (repository) =>
          repository.upcomingByCustomerPhone(business.id, request.phone, now),
        ).pipe(Effect.map((bookings): Dialogue.Outcome => ({ _tag: "Upcoming", bookings })))
      case "Cancel":
        return cancel(business, state, request)
      case "TakeMessage":
        return takeMessage(business, state, request)
      case "SendCode":
        return sendCode(business, state, request)
    }
  })()
  return run.pipe(
    Effect.catchAll((error) =>
      Effect.as(
        Effect.logError("conversation request failed").pipe(
          Effect.annotateLogs({ businessId: business.id, request: request._tag, error: String(error) }),
        ),
        { _tag: "Failed" } as const,
      ),
    ),
  )
}

/** Requests one turn may chain (check → book → re-check after a lost race); more means a bug. */
const maxRequestsPerTurn = 6

/** Performs requests until the dialogue has something to say. */
const settle = (
  business: Business,
  first: Dialogue.Decision,
  now: DateTime.Utc,
): Effect.Effect<Extract<Dialogue.Decision, { _tag: "Reply" }>, never, Exclude<Services, Understanding>> =>
  Effect.gen(function* () {
    let decision = first
    for (let i = 0; decision._tag === "Perform"; i++) {
      if (i >= maxRequestsPerTurn) {
        decision = Dialogue.resume(business, decision.state, { _tag: "Failed" }, now)
        break
      }
      const outcome = yield* perform(business, decision.state, decision.request, now)
      decision = Dialogue.resume(business, decision.state, outcome, now)
    }
    if (decision._tag !== "Reply") return yield* Effect.dieMessage("conversation did not settle")
    return decision
  })

/** Intents the agent answers without the booking moving on; answering them is progress. */
const answering: ReadonlySet<string> = new Set(["hours", "question", "availability", "repeat", "message", "human"])

/** Settles one caller turn, then lets Repetition step in when the call is going round in circles. */
const settleTurn = (
  business: Business,
  before: DialogueState,
  first: Dialogue.Decision,
  facts: Repetition.TurnFacts,
  now: DateTime.Utc,
): Effect.Effect<Turn, never, Exclude<Services, Understanding>> =>
  Effect.gen(function* () {
    const settled = yield* settle(business, first, now)
    const guarded = Repetition.guard(business, before, settled, facts)
    const final = guarded._tag === "Reply" ? guarded : yield* settle(business, guarded, now)
    return turnOf(business, final, before)
  })

/** One caller turn: what they said (or keyed, or nothing) → what to say and do next. */
export const respond = (input: {
  readonly business: Business
  readonly state: DialogueState
  readonly input: CallerInput
  /** Defaults to the clock's now. */
  readonly now?: DateTime.Utc
}): Effect.Effect<Turn, never, Services> =>
  Effect.gen(function* () {
    const { business, state } = input
    const now = input.now ?? (yield* DateTime.now)
    const text =
      input.input._tag === "Speech"
        ? input.input.text.trim()
        : input.input._tag === "Digits"
          ? digitsAsText(state, input.input.digits)
          : ""
    if (text.length === 0) {
      const silent = Dialogue.hear(business, state, { _tag: "Silence" }, now)
      return yield* settleTurn(business, state, silent, { silence: true, answered: false, text: "" }, now)
    }
    const understanding = yield* Understanding
    const interpretation = yield* understanding.interpret(text, Dialogue.understandingContext(business, state, now))
    yield* Effect.annotateCurrentSpan({ intent: interpretation.intent })
    const heard = Dialogue.hear(business, state, { _tag: "Heard", interpretation }, now)
    const facts = { silence: false, answered: answering.has(interpretation.intent), text: interpretation.text }
    return yield* settleTurn(business, state, heard, facts, now)
  }).pipe(Effect.withSpan("Conversation.respond", { attributes: { businessId: input.business.id } }))

/** A spoken turn for a call whose stored state could not be read: apologise and end politely. */
export const unreadable = (business: Business): Reply => ({
  say: Prompts.unreadableState(business),
  action: Option.match(Option.fromNullable(business.transferPhone), {
    onNone: () => ({ _tag: "Hangup" }) as const,
    onSome: (to) => ({ _tag: "Transfer", to }) as const,
  }),
  hints: [],
})
