import { Array as Arr, Context, Duration, Effect, HashMap, Layer, Option, Ref } from "effect"
import type { Business } from "../model/Business.js"
import { type BookingId, type BusinessId, EventId } from "../model/Ids.js"
import * as TimeRange from "../model/TimeRange.js"
import { Calendar, type CalendarEvent, CalendarListEntry } from "./Calendar.js"
import { CalendarError, type CalendarFailureKind } from "./CalendarError.js"

export type CalendarOperation = "busy" | "createEvent" | "updateEvent" | "deleteEvent"
export const calendarOperations: ReadonlyArray<CalendarOperation> = [
  "busy",
  "createEvent",
  "updateEvent",
  "deleteEvent",
]

export type CalendarCallCounts = { readonly [K in CalendarOperation]: number }

export interface StoredEvent {
  readonly id: EventId
  readonly businessId: BusinessId
  readonly event: CalendarEvent
}

/** This calendar's name for a booking's event: derived from the booking, so a repeated write finds it. */
export const eventIdFor = (bookingId: BookingId): EventId => EventId.make(`memory-${bookingId}`)

export interface FailureOptions {
  /** How many calls fail; default 1. `Infinity` fails until `clearFailures`. */
  readonly times?: number
  /** Which operations fail; default all. */
  readonly operations?: ReadonlyArray<CalendarOperation>
  readonly retryAfter?: Duration.DurationInput
}

interface InjectedFailure {
  readonly kind: CalendarFailureKind
  readonly remaining: number
  readonly operations: ReadonlyArray<CalendarOperation>
  readonly retryAfter: Option.Option<Duration.DurationInput>
}

/** Drives the memory Calendar from a test: what is busy, what fails, what was called. */
export class MemoryCalendarControl extends Context.Tag("@frontdesk/domain/ports/MemoryCalendarControl")<
  MemoryCalendarControl,
  {
    /** A busy block in the business's external calendar (someone else's appointment). */
    readonly addBusy: (businessId: BusinessId, range: TimeRange.TimeRange) => Effect.Effect<void>
    readonly clearBusy: (businessId?: BusinessId) => Effect.Effect<void>
    /** Makes the next matching calls fail with a CalendarError of this kind. */
    readonly failNext: (kind: CalendarFailureKind, options?: FailureOptions) => Effect.Effect<void>
    /** Makes every matching call fail until `clearFailures`. */
    readonly failAlways: (kind: CalendarFailureKind, options?: Omit<FailureOptions, "times">) => Effect.Effect<void>
    readonly clearFailures: Effect.Effect<void>
    /** Events Frontdesk created, oldest first. */
    readonly events: (businessId?: BusinessId) => Effect.Effect<ReadonlyArray<StoredEvent>>
    readonly event: (eventId: EventId) => Effect.Effect<Option.Option<StoredEvent>>
    /** Calls per operation, failed ones included. */
    readonly calls: Effect.Effect<CalendarCallCounts>
    readonly resetCalls: Effect.Effect<void>
    /** The calendars `listCalendars` answers for the business (a primary one unless set). */
    readonly setCalendars: (businessId: BusinessId, calendars: ReadonlyArray<CalendarListEntry>) => Effect.Effect<void>
  }
>() {}

const primaryCalendar = new CalendarListEntry({ id: "primary", summary: "Primary", primary: true, writable: true })

const zeroCalls: CalendarCallCounts = { busy: 0, createEvent: 0, updateEvent: 0, deleteEvent: 0 }

export const make = Effect.gen(function* () {
  const busyRef = yield* Ref.make(HashMap.empty<BusinessId, ReadonlyArray<TimeRange.TimeRange>>())
  // Insertion order kept (HashMap has none) so `events` reads naturally in tests.
  const eventsRef = yield* Ref.make<ReadonlyArray<StoredEvent>>([])
  const failuresRef = yield* Ref.make<ReadonlyArray<InjectedFailure>>([])
  const callsRef = yield* Ref.make(zeroCalls)
  const calendarsRef = yield* Ref.make(HashMap.empty<BusinessId, ReadonlyArray<CalendarListEntry>>())

  /** Counts the call, then consumes the first injected failure that applies to it, if any. */
  const enter = (operation: CalendarOperation): Effect.Effect<void, CalendarError> =>
    Effect.zipRight(
      Ref.update(callsRef, (c) => ({ ...c, [operation]: c[operation] + 1 })),
      Effect.flatMap(
        Ref.modify(
          failuresRef,
          (failures): readonly [Option.Option<InjectedFailure>, ReadonlyArray<InjectedFailure>] => {
            const index = failures.findIndex((f) => f.remaining > 0 && f.operations.includes(operation))
            const hit = failures[index]
            if (hit === undefined) return [Option.none(), failures]
            const rest = Arr.filter(
              Arr.map(failures, (f, i) => (i === index ? { ...f, remaining: f.remaining - 1 } : f)),
              (f) => f.remaining > 0,
            )
            return [Option.some(hit), rest]
          },
        ),
        Option.match({
          onNone: () => Effect.void,
          onSome: (f) =>
            Effect.fail(
              new CalendarError({
                kind: f.kind,
                message: `injected ${f.kind} failure on ${operation}`,
                ...Option.match(f.retryAfter, {
                  onNone: () => ({}),
                  onSome: (d) => ({ retryAfter: Duration.decode(d) }),
                }),
              }),
            ),
        }),
      ),
    )

  const addFailure = (kind: CalendarFailureKind, options: FailureOptions | undefined, times: number) =>
    Ref.update(failuresRef, (fs) =>
      Arr.append(fs, {
        kind,
        remaining: times,
        operations: options?.operations ?? calendarOperations,
        retryAfter: Option.fromNullable(options?.retryAfter),
      }),
    )

  const calendar = Calendar.of({
    busy: (business: Business, range) =>
      Effect.zipRight(
        enter("busy"),
        Effect.map(Ref.get(busyRef), (all) =>
          Arr.filter(
            Option.getOrElse(HashMap.get(all, business.id), () => []),
            (block) => TimeRange.overlaps(block, range),
          ),
        ),
      ),
    createEvent: (business, event) => {
      const id = eventIdFor(event.bookingId)
      return Effect.zipRight(
        enter("createEvent"),
        Effect.as(
          // An event that already exists for the booking counts as created: no duplicate.
          Ref.update(eventsRef, (events) =>
            events.some((e) => e.id === id) ? events : Arr.append(events, { id, businessId: business.id, event }),
          ),
          id,
        ),
      )
    },
    updateEvent: (business, event) => {
      const id = eventIdFor(event.bookingId)
      const stored: StoredEvent = { id, businessId: business.id, event }
      return Effect.zipRight(
        enter("updateEvent"),
        Effect.as(
          // Missing (never created, or deleted): created again, as the port promises.
          Ref.update(eventsRef, (events) =>
            events.some((e) => e.id === id)
              ? Arr.map(events, (e) => (e.id === id ? stored : e))
              : Arr.append(events, stored),
          ),
          id,
        ),
      )
    },
    deleteEvent: (_business, eventId) =>
      Effect.zipRight(
        enter("deleteEvent"),
        // Already gone counts as done.
        Ref.update(eventsRef, (events) => Arr.filter(events, (e) => e.id !== eventId)),
      ),
    listCalendars: (business) =>
      Effect.map(Ref.get(calendarsRef), (all) =>
        Option.getOrElse(HashMap.get(all, business.id), () => [primaryCalendar]),
      ),
  })

  const control = MemoryCalendarControl.of({
    addBusy: (businessId, range) =>
      Ref.update(busyRef, (all) =>
        HashMap.set(
          all,
          businessId,
          Arr.append(
            Option.getOrElse(HashMap.get(all, businessId), () => []),
            range,
          ),
        ),
      ),
    clearBusy: (businessId) =>
      Ref.update(busyRef, (all) => (businessId === undefined ? HashMap.empty() : HashMap.remove(all, businessId))),
    failNext: (kind, options) => addFailure(kind, options, options?.times ?? 1),
    failAlways: (kind, options) => addFailure(kind, options, Number.POSITIVE_INFINITY),
    clearFailures: Ref.set(failuresRef, []),
    events: (businessId) =>
      Effect.map(Ref.get(eventsRef), (events) =>
        businessId === undefined ? events : Arr.filter(events, (e) => e.businessId === businessId),
      ),
    event: (eventId) =>
      Effect.map(
        Ref.get(eventsRef),
        Arr.findFirst((e) => e.id === eventId),
      ),
    calls: Ref.get(callsRef),
    resetCalls: Ref.set(callsRef, zeroCalls),
    setCalendars: (businessId, calendars) => Ref.update(calendarsRef, HashMap.set(businessId, calendars)),
  })

  return { calendar, control }
})

/** Provides both the Calendar and its MemoryCalendarControl, sharing one state. */
export const layerMemory: Layer.Layer<Calendar | MemoryCalendarControl> = Layer.effectContext(
  Effect.map(make, ({ calendar, control }) =>
    Context.make(Calendar, calendar).pipe(Context.add(MemoryCalendarControl, control)),
  ),
)
