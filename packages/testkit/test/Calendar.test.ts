import * as MemoryCalendar from "@frontdesk/domain/ports/MemoryCalendar"
import { MemoryCalendarControl } from "@frontdesk/domain/ports/MemoryCalendar"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { Effect } from "effect"
import * as CalendarContract from "../src/CalendarContract.js"

CalendarContract.suite("MemoryCalendar", MemoryCalendar.layerMemory, {
  business: Effect.sync(() => Fixtures.demoBusinessWithGoogle()),
  events: (business) =>
    Effect.flatMap(MemoryCalendarControl, (control) =>
      Effect.map(control.events(business.id), (stored) =>
        stored.map(({ event, id }) => ({ id, summary: event.summary, start: event.start, end: event.end })),
      ),
    ),
  addBusy: (business, range) => Effect.flatMap(MemoryCalendarControl, (control) => control.addBusy(business.id, range)),
})
