import { Effect, Schema } from "effect"
import type { Booking, CalendarSync } from "../model/Booking.js"
import type { Business } from "../model/Business.js"
import * as CallerText from "../model/CallerText.js"
import type { EventId } from "../model/Ids.js"
import { redact } from "../model/PhoneNumbers.js"
import { BookingRepository } from "../ports/BookingRepository.js"
import { Businesses } from "../ports/Businesses.js"
import { Calendar, CalendarEvent } from "../ports/Calendar.js"
import { type CalendarError, isRetryable } from "../ports/CalendarError.js"
import { CallerMessages } from "../ports/CallerMessages.js"
import type { Outbox, OutboxJob } from "../ports/Outbox.js"
import { isPermanent, Telephony, type TelephonyError } from "../ports/Telephony.js"
import type { TokenVault } from "../ports/TokenVault.js"
import * as BookingMessages from "../speech/BookingMessages.js"
import * as OwnerMessages from "../speech/OwnerMessages.js"
import * as CalendarConnection from "./CalendarConnection.js"
import { BookingJobPayload, OwnerAlertPayload, OwnerMessagePayload } from "./FollowUpJobs.js"
import { JobFailure, type JobHandlers } from "./OutboxWorker.js"
import * as TextGuard from "./TextGuard.js"

/**
 * What the outbox worker does with each follow-up job (FollowUpJobs), and the only place that
 * talks to the calendar or texts anyone after a booking change: it checks the calendar connection,
 * records the booking's calendar sync state and flags a connection that needs the owner.
 *
 * Each handler is idempotent, because a job may run again after a lost answer or a crash: the
 * calendar names a booking's event the same way every time (a repeated insert finds it), and texts
 * carry idempotency keys.
 */

export type HandlerServices =
  | BookingRepository
  | Businesses
  | Calendar
  | CallerMessages
  | TokenVault
  | Telephony
  | Outbox
  | TextGuard.GuardServices

/** How the booking appears in the owner's calendar. */
export const eventFor = (booking: Booking): CalendarEvent =>
  new CalendarEvent({
    bookingId: booking.id,
    // Bookings stored before names were cleaned on the way in are cleaned here too.
    summary: `${booking.service} - ${CallerText.cleanLine(booking.customer.name)}`,
    description: `Customer: ${booking.customer.phone}`,
    start: booking.startsAt,
    end: booking.endsAt,
  })

const decodePayload = (job: OutboxJob) =>
  Schema.decodeUnknown(BookingJobPayload)(job.payload).pipe(
    Effect.mapError(
      (cause) => new JobFailure({ message: `malformed ${job.kind} payload: ${cause.message}`, permanent: true, cause }),
    ),
  )

/** Storage trouble while running a job is worth another try later; a booking or business that is gone is not. */
const storage = <A, E extends { readonly _tag: string; readonly message?: string }, R>(
  effect: Effect.Effect<A, E, R>,
) =>
  Effect.mapError(
    effect,
    (error) =>
      new JobFailure({
        message: `${error._tag}${error.message ? `: ${error.message}` : ""}`,
        permanent:
          error._tag === "BookingNotFound" ||
          error._tag === "BusinessNotFound" ||
          error._tag === "CallerMessageNotFound",
        cause: error,
      }),
  )

const load = (job: OutboxJob) =>
  Effect.gen(function* () {
    const { businessId, bookingId } = yield* decodePayload(job)
    const business = yield* storage(Effect.flatMap(Businesses, (b) => b.get(businessId)))
    const booking = yield* storage(Effect.flatMap(BookingRepository, (r) => r.get(bookingId)))
    return { business, booking }
  })

const calendarFailure = (error: CalendarError) =>
  new JobFailure({
    message: `calendar ${error.kind}: ${error.message}`,
    permanent: !isRetryable(error),
    ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
    cause: error,
  })

const telephonyFailure = (error: TelephonyError) =>
  new JobFailure({
    message: `sms ${error.kind}${error.code !== undefined ? ` ${error.code}` : ""}: ${error.message}`,
    permanent: isPermanent(error),
    ...(error.retryAfter !== undefined ? { retryAfter: error.retryAfter } : {}),
    cause: error,
  })

const setSync = (booking: Booking, sync: CalendarSync, eventId?: EventId) =>
  storage(Effect.flatMap(BookingRepository, (r) => r.setCalendarSync(booking.id, sync, eventId)))

/** Whether the calendar may be called for this business now; vault trouble is worth a retry. */
const connection = (business: Business) =>
  CalendarConnection.connection(business).pipe(
    Effect.mapError((cause) => new JobFailure({ message: `token vault: ${cause.message}`, permanent: false, cause })),
  )

/** A calendar call that, failing in a way that needs the owner, flags the connection (once) before failing the job. */
const calling = <A>(business: Business, call: Effect.Effect<A, CalendarError>) =>
  call.pipe(
    Effect.tapError((error) => CalendarConnection.flagIfNeeded(business, error)),
    Effect.mapError(calendarFailure),
  )

const markSyncFailed = (job: OutboxJob) =>
  load(job).pipe(
    Effect.flatMap(({ booking }) => setSync(booking, "failed")),
    Effect.catchAll((failure) =>
      Effect.logError("could not mark calendar sync failed").pipe(
        Effect.annotateLogs({ jobId: job.id, error: failure.message }),
      ),
    ),
    Effect.asVoid,
  )

/** Creates or updates the booking's event (the Calendar re-creates one that went missing) and records where it is. */
const writeEvent = (job: OutboxJob, mode: "create" | "update") =>
  Effect.gen(function* () {
    const { business, booking } = yield* load(job)
    // Cancelled before the event was written: nothing to put in the owner's calendar.
    if (booking.status !== "confirmed") return
    const state = yield* connection(business)
    if (state._tag === "NotConnected") return yield* Effect.asVoid(setSync(booking, "not_applicable"))
    if (state._tag === "Broken") {
      return yield* Effect.fail(new JobFailure({ message: `calendar ${state.reason}`, permanent: true }))
    }
    const calendar = yield* Calendar
    const event = eventFor(booking)
    const eventId = yield* calling(
      business,
      mode === "create" ? calendar.createEvent(business, event) : calendar.updateEvent(business, event),
    )
    yield* setSync(booking, "synced", eventId)
  })

const deleteEvent = (job: OutboxJob) =>
  Effect.gen(function* () {
    const { business, booking } = yield* load(job)
    if (booking.externalEventId === undefined) return
    const state = yield* connection(business)
    if (state._tag !== "Connected") {
      return yield* Effect.fail(
        new JobFailure({ message: `calendar ${state.reason}: event left in place`, permanent: true }),
      )
    }
    const calendar = yield* Calendar
    yield* calling(business, calendar.deleteEvent(business, booking.externalEventId))
  })

const sendText = (job: OutboxJob, kind: BookingMessages.MessageKind) =>
  Effect.gen(function* () {
    const { business, booking } = yield* load(job)
    // A confirmation for a booking cancelled meanwhile would only confuse the customer.
    if (kind !== "cancellation" && booking.status !== "confirmed") return
    // A repeated attempt may follow a send whose answer was lost (or a crash before completing).
    const message = { ...BookingMessages.sms(kind, business, booking), mayHaveBeenSent: job.attempts > 1 }
    yield* TextGuard.check(business, message.to, "customer")
    const telephony = yield* Telephony
    yield* Effect.mapError(telephony.sendSms(message), telephonyFailure)
    yield* Effect.logInfo("booking text sent").pipe(
      Effect.annotateLogs({ bookingId: booking.id, kind, to: redact(booking.customer.phone) }),
    )
  })

const sendOwnerAlert = (job: OutboxJob) =>
  Effect.gen(function* () {
    const { businessId, message } = yield* Schema.decodeUnknown(OwnerAlertPayload)(job.payload).pipe(
      Effect.mapError((cause) => new JobFailure({ message: "malformed owner alert", permanent: true, cause })),
    )
    const business = yield* storage(Effect.flatMap(Businesses, (b) => b.get(businessId)))
    if (business.ownerPhone === undefined) {
      return yield* Effect.logWarning("owner alert not sent: no owner phone").pipe(
        Effect.annotateLogs({ businessId, alert: message }),
      )
    }
    yield* TextGuard.check(business, business.ownerPhone, "owner")
    const telephony = yield* Telephony
    yield* Effect.mapError(
      telephony.sendSms({
        to: business.ownerPhone,
        body: message,
        idempotencyKey: `owner-alert:${job.id}`,
        mayHaveBeenSent: job.attempts > 1,
      }),
      telephonyFailure,
    )
  })

/**
 * Texts a stored caller message to the owner, shortened to fit one SMS. The message itself stays
 * stored (and listed for the owner) whatever happens here, so a business with no owner phone is
 * done without sending. Logs name the message, never its words or the numbers involved.
 */
const sendOwnerMessage = (job: OutboxJob) =>
  Effect.gen(function* () {
    const { businessId, messageId } = yield* Schema.decodeUnknown(OwnerMessagePayload)(job.payload).pipe(
      Effect.mapError((cause) => new JobFailure({ message: "malformed owner message", permanent: true, cause })),
    )
    const business = yield* storage(Effect.flatMap(Businesses, (b) => b.get(businessId)))
    const message = yield* storage(Effect.flatMap(CallerMessages, (m) => m.get(messageId)))
    if (business.ownerPhone === undefined) {
      return yield* Effect.logWarning("caller message kept for the owner; no owner phone to text").pipe(
        Effect.annotateLogs({ businessId, messageId }),
      )
    }
    const body = OwnerMessages.callerMessageSms(business, message)
    yield* TextGuard.check(business, business.ownerPhone, "owner")
    const telephony = yield* Telephony
    yield* Effect.mapError(
      telephony.sendSms({
        to: business.ownerPhone,
        body,
        idempotencyKey: `owner-message:${message.id}`,
        mayHaveBeenSent: job.attempts > 1,
      }),
      telephonyFailure,
    )
    yield* Effect.logInfo("caller message texted to owner").pipe(
      Effect.annotateLogs({
        businessId,
        messageId,
        shortened: body.length < OwnerMessages.callerMessage(business, message.text, message.callerPhone).length,
      }),
    )
  })

export const handlers: JobHandlers<HandlerServices> = {
  // A calendar job that gives up leaves the booking without its event (or with a stale one): make that visible.
  "calendar.create_event": { run: (job) => writeEvent(job, "create"), onDead: markSyncFailed },
  "calendar.update_event": { run: (job) => writeEvent(job, "update"), onDead: markSyncFailed },
  // The cancelled appointment is still in the owner's calendar.
  "calendar.delete_event": { run: deleteEvent, onDead: markSyncFailed },
  "sms.confirmation": { run: (job) => sendText(job, "confirmation") },
  "sms.cancellation": { run: (job) => sendText(job, "cancellation") },
  "sms.rescheduled": { run: (job) => sendText(job, "rescheduled") },
  "sms.owner_alert": { run: sendOwnerAlert },
  "sms.owner_message": { run: sendOwnerMessage },
}
