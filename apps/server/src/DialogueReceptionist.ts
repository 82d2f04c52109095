import { BookingContext } from "@frontdesk/domain/BookingContext"
import { BookingRepository } from "@frontdesk/domain/BookingRepository"
import { BookingService } from "@frontdesk/domain/BookingService"
import type { Business } from "@frontdesk/domain/Business"
import { Customer } from "@frontdesk/domain/Customer"
import * as Dialogue from "@frontdesk/domain/Dialogue"
import * as DialogueState from "@frontdesk/domain/DialogueState"
import type { CallSid } from "@frontdesk/domain/Ids"
import { PhoneNumber } from "@frontdesk/domain/Ids"
import { redact } from "@frontdesk/domain/PhoneNumbers"
import { Telephony } from "@frontdesk/domain/Telephony"
import { Understanding } from "@frontdesk/domain/Understanding"
import { DateTime, Duration, Effect, Layer } from "effect"
import { Metrics } from "./Metrics.js"
import { type AgentReply, type CallerInput, Receptionist } from "./Receptionist.js"

/**
 * Runs the pure Dialogue against the real ports: interprets speech, performs the requests the
 * dialogue asks for (check, book, look up, cancel, pass on a message) and feeds the outcomes back
 * until it has something to say.
 */

/** A check before the caller has given a name needs a customer; providers only look at the time. */
const placeholderCustomer = new Customer({ name: "caller", phone: PhoneNumber.make("+10000000000") })

/** Requests per turn; the dialogue needs at most two (look up, then cancel). A loop is a bug, not a call. */
const maxRequestsPerTurn = 6

export const make = Effect.gen(function* () {
  const understanding = yield* Understanding
  const bookings = yield* BookingService
  const repository = yield* BookingRepository
  const telephony = yield* Telephony
  const metrics = yield* Metrics

  const perform = (
    business: Business,
    state: DialogueState.DialogueState,
    request: Dialogue.Request,
    now: DateTime.Utc,
  ): Effect.Effect<Dialogue.Outcome> => {
    const effect = ((): Effect.Effect<Dialogue.Outcome, unknown> => {
      switch (request._tag) {
        case "CheckAvailability": {
          const context = new BookingContext({
            businessId: business.id,
            customer:
              state.name !== undefined && state.phone !== undefined
                ? new Customer({ name: state.name, phone: state.phone })
                : placeholderCustomer,
            service: request.service.name,
            requestedStart: request.start,
            durationMinutes: request.service.durationMinutes,
            callSid: state.callSid,
            ...(request.reschedulingBookingId === undefined
              ? {}
              : { reschedulingBookingId: request.reschedulingBookingId }),
          })
          return bookings.checkAvailability(business, context).pipe(
            Effect.timed,
            Effect.tap(([elapsed]) => metrics.availabilityChecked(Duration.toMillis(elapsed) / 1000)),
            Effect.map(([, result]): Dialogue.Outcome => ({ _tag: "Availability", result })),
          )
        }
        case "Book": {
          const context = new BookingContext({
            businessId: business.id,
            customer: new Customer({ name: request.name, phone: request.phone }),
            service: request.service.name,
            requestedStart: request.start,
            durationMinutes: request.service.durationMinutes,
            callSid: request.callSid,
          })
          return bookings.book(business, context).pipe(
            Effect.tap((outcome) => metrics.bookingMade(outcome._tag === "Booked" ? "confirmed" : "slot_taken")),
            Effect.map(
              (outcome): Dialogue.Outcome =>
                outcome._tag === "Booked"
                  ? { _tag: "Booked", booking: outcome.booking }
                  : { _tag: "Unavailable", availability: outcome.availability },
            ),
          )
        }
        case "FindUpcoming":
          return repository
            .upcomingByCustomerPhone(business.id, request.phone, now)
            .pipe(Effect.map((found): Dialogue.Outcome => ({ _tag: "Upcoming", bookings: found })))
        case "Cancel":
          return bookings.cancel(business, request.bookingId).pipe(
            Effect.tap(() => metrics.bookingMade("cancelled")),
            Effect.as<Dialogue.Outcome>({ _tag: "Cancelled" }),
          )
        case "Reschedule":
          return bookings
            .reschedule(business, request.bookingId, request.start)
            .pipe(
              Effect.map(
                (outcome): Dialogue.Outcome =>
                  outcome._tag === "Booked"
                    ? { _tag: "Booked", booking: outcome.booking }
                    : { _tag: "Unavailable", availability: outcome.availability },
              ),
            )
        case "TakeMessage": {
          const caller = request.callerPhone === undefined ? "a caller who withheld their number" : request.callerPhone
          const text = `Message for ${business.name} from ${caller}: ${request.message}`
          const sent =
            business.ownerPhone === undefined
              ? Effect.logWarning("Message taken but the business has no owner phone").pipe(
                  Effect.annotateLogs({ businessId: business.id }),
                )
              : telephony
                  .sendSms({ to: business.ownerPhone, body: text })
                  .pipe(
                    Effect.catchAll((error) =>
                      Effect.logWarning("Message for the owner not sent").pipe(
                        Effect.annotateLogs({ to: redact(business.ownerPhone ?? ""), kind: error.kind }),
                      ),
                    ),
                  )
          return sent.pipe(Effect.as<Dialogue.Outcome>({ _tag: "MessageTaken" }))
        }
      }
    })()
    return effect.pipe(
      Effect.catchAll((error) =>
        Effect.logError("A call request failed").pipe(
          Effect.annotateLogs({ request: request._tag, error: String(error) }),
          Effect.as<Dialogue.Outcome>({ _tag: "Failed" }),
        ),
      ),
    )
  }

  const settle = (business: Business, first: Dialogue.Decision, now: DateTime.Utc) =>
    Effect.gen(function* () {
      let decision = first
      for (let i = 0; decision._tag === "Perform"; i++) {
        const outcome: Dialogue.Outcome =
          i >= maxRequestsPerTurn ? { _tag: "Failed" } : yield* perform(business, decision.state, decision.request, now)
        decision = Dialogue.resume(business, decision.state, outcome, now)
      }
      const reply: AgentReply = {
        say: decision.say,
        next: decision.action,
        hints: [...Dialogue.speechHints(business), "yes", "no"],
      }
      return { state: DialogueState.encode(decision.state), reply }
    })

  const inputOf = (business: Business, state: DialogueState.DialogueState, caller: CallerInput, now: DateTime.Utc) =>
    Effect.gen(function* () {
      const utterance = (caller.speech ?? caller.digits ?? "").trim()
      if (caller.silence && utterance === "") return { _tag: "Silence" } as const
      const interpretation = yield* understanding.interpret(
        utterance,
        Dialogue.understandingContext(business, state, now),
      )
      return { _tag: "Heard", interpretation } as const
    })

  const start = (business: Business, call: { readonly callSid: CallSid; readonly from: string | undefined }) =>
    Effect.gen(function* () {
      const now = yield* DateTime.now
      return yield* settle(business, Dialogue.start({ business, from: call.from ?? "", callSid: call.callSid }), now)
    })

  return Receptionist.of({
    start,
    respond: (business, call, stored, caller) =>
      Effect.gen(function* () {
        const now = yield* DateTime.now
        const decoded = yield* Effect.either(DialogueState.decode(stored))
        // A state from an incompatible release: begin again rather than drop the call.
        if (decoded._tag === "Left") return yield* start(business, call)
        const input = yield* inputOf(business, decoded.right, caller, now)
        return yield* settle(business, Dialogue.hear(business, decoded.right, input, now), now)
      }),
  })
})

export const layer = Layer.effect(Receptionist, make)
