import { Effect, Layer, Schema } from "effect"
import * as DegradationRules from "../availability/DegradationRules.js"
import * as GoogleCalendarProvider from "../booking/GoogleCalendarProvider.js"
import { providerName } from "../booking/ProviderRegistry.js"
import type { Booking, CalendarSync } from "../model/Booking.js"
import type { Business } from "../model/Business.js"
import { BookingId, BusinessId } from "../model/Ids.js"
import { redact } from "../model/PhoneNumbers.js"
import { BookingRepository } from "../ports/BookingRepository.js"
import { Businesses } from "../ports/Businesses.js"
import { Calendar } from "../ports/Calendar.js"
import { type CalendarError, isRetryable } from "../ports/CalendarError.js"
import { NewOutboxJob, type Outbox, type OutboxJob } from "../ports/Outbox.js"
import { isPermanent, Telephony, type TelephonyError } from "../ports/Telephony.js"
import { TokenVault } from "../ports/TokenVault.js"
import * as BookingMessages from "../speech/BookingMessages.js"
import * as CalendarConnection from "./CalendarConnection.js"
import { type Change, FollowUp } from "./FollowUp.js"
import { JobFailure, type JobHandlers } from "./OutboxWorker.js"

/**
 * Follow-ups through the durable outbox (issue 7): the booking's calendar and SMS work is written
 * as jobs in the same transaction as the booking, so a crash, a Google outage or a Twilio outage
 * after the commit delays the work but never loses it. The caller on the phone never waits for
 * Google's insert or Twilio's send.
 */

export const BookingJobPayload = Schema.Struct({ businessId: BusinessId, bookingId: BookingId })
export type BookingJobPayload = typeof BookingJobPayload.Type

export const OwnerAlertPayload = Schema.Struct({ businessId: BusinessId, message: Schema.String })

/** Jobs for a committed change. Keys make a double enqueue (a retried webhook) a no-op. */
export const jobsFor = (change: Change, business: Business, bookingId: BookingId): ReadonlyArray<NewOutboxJob> => {
  const payload = BookingJobPayload.make({ businessId: business.id, bookingId })
  const calendar = writesEvents(business)
  switch (change) {
    case "Booked":
      return [
        ...(calendar
          ? [new NewOutboxJob({ kind: "calendar.create_event", payload, dedupeKey: `calendar:create:${bookingId}` })]
          : []),
        new NewOutboxJob({ kind: "sms.confirmation", payload, dedupeKey: `sms:confirmation:${bookingId}` }),
      ]
    case "Cancelled":
      return [
        ...(calendar
          ? [new NewOutboxJob({ kind: "calendar.delete_event", payload, dedupeKey: `calendar:delete:${bookingId}` })]
          : []),
        new NewOutboxJob({ kind: "sms.cancellation", payload, dedupeKey: `sms:cancellation:${bookingId}` }),
      ]
    case "Rescheduled":
      return [
        ...(calendar
          ? [new NewOutboxJob({ kind: "calendar.update_event", payload, dedupeKey: `calendar:update:${bookingId}` })]
          : []),
        // No dedupe key: each move deserves its own text (its idempotency key includes the new start).
        new NewOutboxJob({ kind: "sms.rescheduled", payload }),
      ]
  }
}

/** Whether the business's configuration asks for calendar events at all (Google is its provider, events on). */
export const writesEvents = (business: Business): boolean =>
  providerName(business.aiConfig.integrations) === GoogleCalendarProvider.name &&
  GoogleCalendarProvider.createsEvents(business)

/** Jobs are committed with the booking; nothing runs in the caller's fiber. */
export const layer: Layer.Layer<FollowUp> = Layer.succeed(
  FollowUp,
  FollowUp.of({
    jobs: jobsFor,
    run: (_change, _business, booking) => Effect.succeed(booking),
  }),
)

// ---------------------------------------------------------------------------------------------
// Handlers run by the OutboxWorker. Each is idempotent: calendar writes use the deterministic event
// id (a retried insert that already landed answers 409 → success), texts carry idempotency keys.

export type HandlerServices = BookingRepository | Businesses | Calendar | TokenVault | Telephony | Outbox

const decodePayload = (job: OutboxJob) =>
  Schema.decodeUnknown(BookingJobPayload)(job.payload).pipe(
    Effect.mapError(
      (cause) => new JobFailure({ message: `malformed ${job.kind} payload: ${cause.message}`, permanent: true, cause }),
    ),
  )

/** Storage trouble while running a job is worth another try later. */
const storage = <A, E extends { readonly _tag: string; readonly message?: string }, R>(
  effect: Effect.Effect<A, E, R>,
) =>
  Effect.mapError(
    effect,
    (error) =>
      new JobFailure({
        message: `${error._tag}${error.message ? `: ${error.message}` : ""}`,
        permanent: error._tag === "BookingNotFound" || error._tag === "BusinessNotFound",
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

/** A failure that needs the owner (revoked, calendar gone) flags the connection and alerts them once. */
const flagIfNeeded = (business: Business) => (error: CalendarError) =>
  DegradationRules.decide(business, error).flagConnection && error.kind !== "NotConnected"
    ? CalendarConnection.flagBroken(business, error)
    : Effect.void

const setSync = (booking: Booking, sync: CalendarSync, eventId?: Booking["externalEventId"]) =>
  storage(Effect.flatMap(BookingRepository, (r) => r.setCalendarSync(booking.id, sync, eventId)))

/** Usable credentials, or a reason the job has nothing to do (never connected, or broken). */
const connection = (business: Business) =>
  Effect.flatMap(TokenVault, (vault) => vault.load(business.id)).pipe(
    Effect.mapError((cause) => new JobFailure({ message: `token vault: ${cause.message}`, permanent: false, cause })),
    Effect.map((credentials) =>
      credentials._tag === "None"
        ? ("not_connected" as const)
        : credentials.value.status === "connected"
          ? ("connected" as const)
          : ("broken" as const),
    ),
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

const writeEvent = (job: OutboxJob, mode: "create" | "update") =>
  Effect.gen(function* () {
    const { business, booking } = yield* load(job)
    // Cancelled before the event was written: nothing to put in the owner's calendar.
    if (booking.status !== "confirmed") return
    const state = yield* connection(business)
    if (state === "not_connected") return yield* Effect.asVoid(setSync(booking, "not_applicable"))
    if (state === "broken") {
      return yield* Effect.fail(new JobFailure({ message: "calendar connection is broken", permanent: true }))
    }
    const written = GoogleCalendarProvider.writeEvent(yield* Calendar, business, booking, mode)
    const eventId = yield* written.pipe(Effect.tapError(flagIfNeeded(business)), Effect.mapError(calendarFailure))
    yield* setSync(booking, "synced", eventId)
  })

const sendText = (job: OutboxJob, kind: BookingMessages.MessageKind) =>
  Effect.gen(function* () {
    const { business, booking } = yield* load(job)
    // A confirmation for a booking cancelled meanwhile would only confuse the customer.
    if (kind !== "cancellation" && booking.status !== "confirmed") return
    // A repeated attempt may follow a send whose answer was lost (or a crash before completing).
    const message = { ...BookingMessages.sms(kind, business, booking), mayHaveBeenSent: job.attempts > 1 }
    const telephony = yield* Telephony
    yield* Effect.mapError(telephony.sendSms(message), telephonyFailure)
    yield* Effect.logInfo("booking text sent").pipe(
      Effect.annotateLogs({ bookingId: booking.id, kind, to: redact(booking.customer.phone) }),
    )
  })

export const handlers: JobHandlers<HandlerServices> = {
  "calendar.create_event": { run: (job) => writeEvent(job, "create"), onDead: markSyncFailed },
  "calendar.update_event": { run: (job) => writeEvent(job, "update"), onDead: markSyncFailed },
  "calendar.delete_event": {
    run: (job) =>
      Effect.gen(function* () {
        const { business, booking } = yield* load(job)
        if (booking.externalEventId === undefined) return
        const state = yield* connection(business)
        if (state !== "connected") {
          return yield* Effect.fail(
            new JobFailure({ message: `calendar ${state}: event left in place`, permanent: true }),
          )
        }
        const calendar = yield* Calendar
        yield* calendar
          .deleteEvent(business, booking.externalEventId)
          .pipe(Effect.tapError(flagIfNeeded(business)), Effect.mapError(calendarFailure))
      }),
    // The cancelled appointment is still in the owner's calendar: make that visible.
    onDead: markSyncFailed,
  },
  "sms.confirmation": { run: (job) => sendText(job, "confirmation") },
  "sms.cancellation": { run: (job) => sendText(job, "cancellation") },
  "sms.rescheduled": { run: (job) => sendText(job, "rescheduled") },
  "sms.owner_alert": {
    run: (job) =>
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
      }),
  },
}
