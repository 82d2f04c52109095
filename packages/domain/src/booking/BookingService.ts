import { Context, Data, DateTime, Effect, Either, Layer, Random } from "effect"
import { AvailabilityResult, JustTaken, ProviderRefused } from "../availability/AvailabilityResult.js"
import { type Booking, NewBooking } from "../model/Booking.js"
import { BookingContext } from "../model/BookingContext.js"
import type { Business } from "../model/Business.js"
import { BookingLimitReached, BookingNotFound, type PersistenceError } from "../model/Errors.js"
import { BookingId } from "../model/Ids.js"
import { equals, type LocalDate, localDateOf } from "../model/LocalDate.js"
import * as TimeRange from "../model/TimeRange.js"
import { zoneOf } from "../model/TimeZone.js"
import { BookingRepository } from "../ports/BookingRepository.js"
import { type BookingProvider, contextOf } from "./BookingProvider.js"
import { type ProviderServices, resolveProvider } from "./ProviderRegistry.js"

/**
 * What a booking attempt came to. A taken slot is an ordinary answer for the caller (with
 * alternatives to offer), not a failure; the error channel is left to storage trouble.
 */
export type BookingOutcome = Data.TaggedEnum<{
  Booked: { readonly booking: Booking }
  Unavailable: { readonly availability: AvailabilityResult }
}>
export const BookingOutcome = Data.taggedEnum<BookingOutcome>()

const idAlphabet = "0123456789abcdefghijklmnopqrstuv"

/** 26 random base32hex characters (130 bits) from effect's Random, so tests can seed it. */
export const newBookingId: Effect.Effect<BookingId> = Effect.map(
  Effect.all(Array.from({ length: 26 }, () => Random.nextIntBetween(0, 32))),
  (digits) => BookingId.make(digits.map((d) => idAlphabet[d]).join("")),
)

export class BookingService extends Context.Tag("@frontdesk/domain/BookingService")<
  BookingService,
  {
    /** The provider's answer for a request, without booking (the agent checks before reading back). */
    readonly checkAvailability: (
      business: Business,
      context: BookingContext,
    ) => Effect.Effect<AvailabilityResult, PersistenceError>
    /** Free starts on one local day, local bookings and calendar together (degrading like availability). */
    readonly freeSlots: (
      business: Business,
      date: LocalDate,
      durationMinutes: number,
    ) => Effect.Effect<ReadonlyArray<DateTime.Utc>, PersistenceError>
    /**
     * Availability → atomic insert, committed with the provider's follow-ups (calendar event,
     * confirmation text) for the outbox worker; the caller waits for neither.
     */
    readonly book: (
      business: Business,
      context: BookingContext,
    ) => Effect.Effect<BookingOutcome, BookingLimitReached | PersistenceError>
    /** Frees the slot, with follow-ups to remove the event and text the customer; cancelling twice is a no-op. */
    readonly cancel: (
      business: Business,
      bookingId: BookingId,
    ) => Effect.Effect<Booking, BookingNotFound | PersistenceError>
    /** Moves a confirmed booking to a new start, keeping its duration, with follow-ups to move the event and text. */
    readonly reschedule: (
      business: Business,
      bookingId: BookingId,
      start: DateTime.Utc,
    ) => Effect.Effect<BookingOutcome, BookingNotFound | PersistenceError>
  }
>() {}

const justTaken = new AvailabilityResult({ available: false, reason: JustTaken.make({}) })

export const make: Effect.Effect<BookingService["Type"], never, ProviderServices> = Effect.gen(function* () {
  const repository = yield* BookingRepository
  const services = yield* Effect.context<ProviderServices>()

  const providerFor = (business: Business): Effect.Effect<BookingProvider> =>
    Effect.provide(resolveProvider(business.aiConfig.integrations, business), services)

  /** After losing a race for the slot: ask again, so the caller hears real alternatives. */
  const afterSlotTaken = (provider: BookingProvider, context: BookingContext) =>
    Effect.map(provider.checkAvailability(context), (fresh) =>
      BookingOutcome.Unavailable({ availability: fresh.available ? justTaken : fresh }),
    )

  const ownedBy = (business: Business, bookingId: BookingId) =>
    Effect.filterOrFail(
      repository.get(bookingId),
      (booking) => booking.businessId === business.id,
      () => new BookingNotFound({ bookingId }),
    )

  /**
   * One number may not fill the calendar: checked before availability, so a caller over the limit
   * is told so instead of being offered times. Two bookings racing from one number may both pass;
   * the limit bounds a flood, it is not an exact count.
   */
  const withinLimits = (business: Business, context: BookingContext) =>
    Effect.gen(function* () {
      const now = yield* DateTime.now
      const upcoming = yield* repository.upcomingByCustomerPhone(business.id, context.customer.phone, now)
      const rules = business.bookingRules
      if (upcoming.length >= rules.maxOpenBookingsPerCaller) {
        return yield* Effect.fail(new BookingLimitReached({ limit: "open", max: rules.maxOpenBookingsPerCaller }))
      }
      const zone = zoneOf(business.timezone)
      const day = localDateOf(context.requestedStart, zone)
      const sameDay = upcoming.filter((b) => equals(localDateOf(b.startsAt, zone), day)).length
      if (sameDay >= rules.maxBookingsPerCallerPerDay) {
        return yield* Effect.fail(new BookingLimitReached({ limit: "day", max: rules.maxBookingsPerCallerPerDay }))
      }
    })

  const checkAvailability = (business: Business, context: BookingContext) =>
    Effect.flatMap(providerFor(business), (provider) => provider.checkAvailability(context))

  const freeSlots = (business: Business, date: LocalDate, durationMinutes: number) =>
    Effect.flatMap(providerFor(business), (provider) => provider.freeSlots(date, durationMinutes))

  const book = (business: Business, context: BookingContext) =>
    Effect.gen(function* () {
      if (context.businessId !== business.id) {
        return yield* Effect.dieMessage(`booking context for ${context.businessId} used with ${business.id}`)
      }
      yield* withinLimits(business, context)
      const provider = yield* providerFor(business)
      const availability = yield* provider.checkAvailability(context)
      if (!availability.available) return BookingOutcome.Unavailable({ availability })
      const intent = yield* provider.createBooking(context)
      if (intent.status !== "confirmed") {
        return BookingOutcome.Unavailable({
          availability: new AvailabilityResult({
            available: false,
            reason: ProviderRefused.make(intent.reason === undefined ? {} : { detail: intent.reason }),
          }),
        })
      }
      const id = yield* newBookingId
      const draft = new NewBooking({
        id,
        businessId: business.id,
        customer: context.customer,
        service: context.service,
        startsAt: context.requestedStart,
        endsAt: DateTime.add(context.requestedStart, { minutes: context.durationMinutes }),
        calendarSync: provider.initialCalendarSync,
        ...(context.callSid !== undefined ? { sourceCallSid: context.callSid } : {}),
      })
      const inserted = yield* Effect.either(repository.insert(draft, provider.afterBooking(context, draft)))
      if (Either.isLeft(inserted)) {
        if (inserted.left._tag === "SlotTaken") return yield* afterSlotTaken(provider, context)
        return yield* Effect.fail(inserted.left)
      }
      yield* Effect.logInfo("booking confirmed").pipe(
        Effect.annotateLogs({ businessId: business.id, bookingId: id, provider: provider.name }),
      )
      return BookingOutcome.Booked({ booking: inserted.right })
    }).pipe(Effect.withSpan("BookingService.book", { attributes: { businessId: business.id } }))

  const cancel = (business: Business, bookingId: BookingId) =>
    Effect.gen(function* () {
      const booking = yield* ownedBy(business, bookingId)
      if (booking.status === "cancelled") return booking
      const provider = yield* providerFor(business)
      const cancelled = yield* repository.cancel(bookingId, provider.afterCancel(booking))
      yield* Effect.logInfo("booking cancelled").pipe(Effect.annotateLogs({ businessId: business.id, bookingId }))
      return cancelled
    }).pipe(Effect.withSpan("BookingService.cancel", { attributes: { businessId: business.id } }))

  const reschedule = (business: Business, bookingId: BookingId, start: DateTime.Utc) =>
    Effect.gen(function* () {
      const booking = yield* ownedBy(business, bookingId)
      if (booking.status !== "confirmed") return yield* Effect.fail(new BookingNotFound({ bookingId }))
      const provider = yield* providerFor(business)
      const context = new BookingContext({
        ...contextOf(booking),
        requestedStart: start,
        reschedulingBookingId: bookingId,
      })
      const availability = yield* provider.checkAvailability(context)
      if (!availability.available) return BookingOutcome.Unavailable({ availability })
      const range = TimeRange.make(start, DateTime.add(start, { minutes: context.durationMinutes }))
      const moved = yield* Effect.either(repository.reschedule(bookingId, range, provider.afterReschedule(booking)))
      if (Either.isLeft(moved)) {
        if (moved.left._tag === "SlotTaken") return yield* afterSlotTaken(provider, context)
        return yield* Effect.fail(moved.left)
      }
      yield* Effect.logInfo("booking rescheduled").pipe(Effect.annotateLogs({ businessId: business.id, bookingId }))
      return BookingOutcome.Booked({ booking: moved.right })
    }).pipe(Effect.withSpan("BookingService.reschedule", { attributes: { businessId: business.id } }))

  return BookingService.of({ checkAvailability, freeSlots, book, cancel, reschedule })
})

/** Over the ports providers use; follow-ups go to the outbox with each change, see FollowUpHandlers for what runs them. */
export const layer: Layer.Layer<BookingService, never, ProviderServices> = Layer.effect(BookingService, make)
