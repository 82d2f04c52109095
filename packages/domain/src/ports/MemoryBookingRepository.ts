import { Array as Arr, DateTime, Effect, Either, HashMap, Layer, Option, Order, Ref } from "effect"
import { Booking, type CalendarSync, type NewBooking } from "../model/Booking.js"
import { BookingNotFound, PersistenceError, SlotTaken } from "../model/Errors.js"
import type { BookingId, BusinessId, EventId } from "../model/Ids.js"
import * as TimeRange from "../model/TimeRange.js"
import { BookingRepository } from "./BookingRepository.js"
import * as MemoryStore from "./MemoryStore.js"
import type { NewOutboxJob } from "./Outbox.js"

type Failure = SlotTaken | BookingNotFound | PersistenceError

const rangeOf = (booking: Booking): TimeRange.TimeRange => TimeRange.make(booking.startsAt, booking.endsAt)

/** The exclusion constraint the database enforces: confirmed bookings of one business never overlap. */
const findConflict = (
  state: MemoryStore.MemoryState,
  businessId: BusinessId,
  range: TimeRange.TimeRange,
  excluding?: BookingId,
): Option.Option<Booking> =>
  Option.map(
    HashMap.findFirst(
      state.bookings,
      ({ value: b }) =>
        b.id !== excluding &&
        b.businessId === businessId &&
        b.status === "confirmed" &&
        TimeRange.overlaps(rangeOf(b), range),
    ),
    ([, row]) => row.value,
  )

const byStart = Order.mapInput(DateTime.Order, (b: Booking) => b.startsAt)
const newestFirst = Order.reverse(
  Order.combine(
    Order.mapInput(DateTime.Order, (row: MemoryStore.Row<Booking>) => row.value.createdAt),
    Order.mapInput(Order.number, (row: MemoryStore.Row<Booking>) => row.seq),
  ),
)

export const make = Effect.gen(function* () {
  const { state } = yield* MemoryStore.MemoryStore

  /** Runs one atomic read-modify-write, like a transaction; failures leave the state untouched. */
  const transact = <A, E extends Failure>(
    f: (s: MemoryStore.MemoryState, now: DateTime.Utc) => Either.Either<readonly [A, MemoryStore.MemoryState], E>,
  ): Effect.Effect<A, E> =>
    Effect.flatMap(DateTime.now, (now) =>
      Ref.modify(state, (s): readonly [Either.Either<A, E>, MemoryStore.MemoryState] => {
        const result = f(s, now)
        return Either.isLeft(result) ? [Either.left(result.left), s] : [Either.right(result.right[0]), result.right[1]]
      }),
    ).pipe(Effect.flatten)

  const replace = (s: MemoryStore.MemoryState, booking: Booking): MemoryStore.MemoryState => {
    const row = HashMap.unsafeGet(s.bookings, booking.id)
    return { ...s, bookings: HashMap.set(s.bookings, booking.id, { value: booking, seq: row.seq }) }
  }

  const withBooking = <A, E extends Failure>(
    s: MemoryStore.MemoryState,
    bookingId: BookingId,
    f: (booking: Booking) => Either.Either<A, E>,
  ): Either.Either<A, E | BookingNotFound> =>
    Option.match(HashMap.get(s.bookings, bookingId), {
      onNone: () => Either.left(new BookingNotFound({ bookingId })),
      onSome: (row) => f(row.value),
    })

  const all = Effect.map(Ref.get(state), (s) => Arr.fromIterable(HashMap.values(s.bookings)))

  return BookingRepository.of({
    insert: (booking: NewBooking, enqueue: ReadonlyArray<NewOutboxJob> = []) =>
      transact((s, now): Either.Either<readonly [Booking, MemoryStore.MemoryState], SlotTaken | PersistenceError> => {
        if (HashMap.has(s.bookings, booking.id)) {
          return Either.left(new PersistenceError({ message: `booking ${booking.id} already exists` }))
        }
        const range = TimeRange.make(booking.startsAt, booking.endsAt)
        if (Option.isSome(findConflict(s, booking.businessId, range))) {
          return Either.left(new SlotTaken({ businessId: booking.businessId, range }))
        }
        const stored = new Booking({ ...booking, status: "confirmed", createdAt: now })
        const seq = s.seq + 1
        const next = { ...s, seq, bookings: HashMap.set(s.bookings, stored.id, { value: stored, seq }) }
        return Either.right([stored, MemoryStore.addJobs(next, enqueue, now)] as const)
      }),

    overlapping: (businessId, range) =>
      Effect.map(all, (rows) =>
        Arr.sort(
          Arr.filterMap(rows, ({ value: b }) =>
            b.businessId === businessId && b.status === "confirmed" && TimeRange.overlaps(rangeOf(b), range)
              ? Option.some(b)
              : Option.none(),
          ),
          byStart,
        ),
      ),

    get: (bookingId) =>
      Effect.flatMap(Ref.get(state), (s) =>
        Option.match(HashMap.get(s.bookings, bookingId), {
          onNone: () => Effect.fail(new BookingNotFound({ bookingId })),
          onSome: (row) => Effect.succeed(row.value),
        }),
      ),

    cancel: (bookingId, enqueue = []) =>
      transact((s, now) =>
        withBooking(s, bookingId, (booking) => {
          // Cancelling twice changes nothing and enqueues nothing.
          if (booking.status === "cancelled") return Either.right([booking, s] as const)
          const cancelled = new Booking({ ...booking, status: "cancelled" })
          return Either.right([cancelled, MemoryStore.addJobs(replace(s, cancelled), enqueue, now)] as const)
        }),
      ),

    reschedule: (bookingId, range, enqueue = []) =>
      transact((s, now) =>
        withBooking(s, bookingId, (booking): Either.Either<readonly [Booking, MemoryStore.MemoryState], Failure> => {
          // A cancelled booking has no slot to move; callers book afresh instead.
          if (booking.status === "cancelled") return Either.left(new BookingNotFound({ bookingId }))
          if (Option.isSome(findConflict(s, booking.businessId, range, bookingId))) {
            return Either.left(new SlotTaken({ businessId: booking.businessId, range }))
          }
          const moved = new Booking({ ...booking, startsAt: range.start, endsAt: range.end })
          return Either.right([moved, MemoryStore.addJobs(replace(s, moved), enqueue, now)] as const)
        }),
      ),

    listByBusiness: (businessId, options) =>
      Effect.map(Ref.get(state), (s) => {
        const rows = Arr.sort(
          Arr.filter(Arr.fromIterable(HashMap.values(s.bookings)), (row) => row.value.businessId === businessId),
          newestFirst,
        )
        const limited = options?.limit !== undefined ? Arr.take(rows, options.limit) : rows
        return Arr.map(limited, (row) => row.value)
      }),

    upcomingByCustomerPhone: (businessId, phone, now) =>
      Effect.map(all, (rows) =>
        Arr.sort(
          Arr.filterMap(rows, ({ value: b }) =>
            b.businessId === businessId &&
            b.status === "confirmed" &&
            b.customer.phone === phone &&
            DateTime.greaterThan(b.startsAt, now)
              ? Option.some(b)
              : Option.none(),
          ),
          byStart,
        ),
      ),

    setCalendarSync: (bookingId: BookingId, sync: CalendarSync, externalEventId?: EventId) =>
      transact((s) =>
        withBooking(s, bookingId, (booking) => {
          const updated = new Booking({
            ...booking,
            calendarSync: sync,
            ...(externalEventId !== undefined ? { externalEventId } : {}),
          })
          return Either.right([updated, replace(s, updated)] as const)
        }),
      ),
  })
})

/** Needs a MemoryStore; use this to share one store with MemoryOutbox.layer explicitly. */
export const layer: Layer.Layer<BookingRepository, never, MemoryStore.MemoryStore> = Layer.effect(
  BookingRepository,
  make,
)

/** Self-contained; merged with MemoryOutbox.layerMemory in one build, both use the same store. */
export const layerMemory: Layer.Layer<BookingRepository> = Layer.provide(layer, MemoryStore.layerMemory)
