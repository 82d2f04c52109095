import type { BookingRepository } from "@frontdesk/domain/BookingRepository"
import * as BookingService from "@frontdesk/domain/BookingService"
import type { Businesses } from "@frontdesk/domain/Businesses"
import { Calendar } from "@frontdesk/domain/Calendar"
import { CalendarError } from "@frontdesk/domain/CalendarError"
import type { CallSessions } from "@frontdesk/domain/CallSessions"
import type { Outbox } from "@frontdesk/domain/Outbox"
import type { Telephony } from "@frontdesk/domain/Telephony"
import type { TokenVault } from "@frontdesk/domain/TokenVault"
import * as RulesUnderstanding from "@frontdesk/understanding/RulesUnderstanding"
import { Effect, Layer } from "effect"
import * as DialogueReceptionist from "./DialogueReceptionist.js"
import type { GoogleConnect } from "./GoogleConnect.js"
import * as Metrics from "./Metrics.js"
import type { Readiness } from "./Readiness.js"
import type { AppServices } from "./Server.js"

export type StoragePorts = BookingRepository | Businesses | CallSessions | TokenVault | Outbox | Readiness

/** The adapters a deployment chooses; everything else is wired the same way everywhere. */
export interface Adapters<E1, E2, E3, E4> {
  readonly storage: Layer.Layer<StoragePorts, E1>
  /** May read calendar credentials from the vault. */
  readonly calendar: Layer.Layer<Calendar, E2, TokenVault>
  readonly telephony: Layer.Layer<Telephony, E3>
  readonly googleConnect: Layer.Layer<GoogleConnect, E4>
}

/** Calendar for deployments without Google credentials: every business is "not connected". */
export const calendarNotConnected: Layer.Layer<Calendar> = Layer.succeed(Calendar, {
  busy: () => Effect.fail(new CalendarError({ kind: "NotConnected", message: "Google Calendar is not configured" })),
  createEvent: () =>
    Effect.fail(new CalendarError({ kind: "NotConnected", message: "Google Calendar is not configured" })),
  updateEvent: () =>
    Effect.fail(new CalendarError({ kind: "NotConnected", message: "Google Calendar is not configured" })),
  deleteEvent: () =>
    Effect.fail(new CalendarError({ kind: "NotConnected", message: "Google Calendar is not configured" })),
})

/** Counts calendar failures by kind for /metrics, whatever adapter is underneath. */
const measuredCalendar = Layer.effect(
  Calendar,
  Effect.gen(function* () {
    const calendar = yield* Calendar
    const metrics = yield* Metrics.Metrics
    const counted = <A>(effect: Effect.Effect<A, CalendarError>) =>
      Effect.tapError(effect, (error) => metrics.calendarFailed(error.kind))
    return Calendar.of({
      busy: (business, range) => counted(calendar.busy(business, range)),
      createEvent: (business, event) => counted(calendar.createEvent(business, event)),
      updateEvent: (business, event) => counted(calendar.updateEvent(business, event)),
      deleteEvent: (business, eventId) => counted(calendar.deleteEvent(business, eventId)),
    })
  }),
)

export const make = <E1, E2, E3, E4>(
  adapters: Adapters<E1, E2, E3, E4>,
): Layer.Layer<AppServices, E1 | E2 | E3 | E4> => {
  const base = Layer.merge(adapters.storage, Metrics.layer)
  const calendar = measuredCalendar.pipe(Layer.provide(adapters.calendar), Layer.provide(base))
  const ports = Layer.mergeAll(base, calendar, adapters.telephony, RulesUnderstanding.layer)
  const bookings = BookingService.layerInline.pipe(Layer.provide(ports))
  const receptionist = DialogueReceptionist.layer.pipe(Layer.provide(Layer.merge(ports, bookings)))
  return Layer.mergeAll(ports, bookings, receptionist, adapters.googleConnect)
}
