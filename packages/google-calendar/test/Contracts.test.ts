import type { Business } from "@frontdesk/domain/model/Business"
import { demoBusinessWithGoogle } from "@frontdesk/domain/testing/Fixtures"
import * as CalendarContract from "@frontdesk/testkit/CalendarContract"
import { FakeGoogle } from "@frontdesk/testkit/FakeGoogle"
import { DateTime, Effect } from "effect"
import { connect, testLayer } from "./support.js"

// The testkit's Calendar contract on this adapter over real HTTP to the fake Google. Each business
// connects its own Google account, so tests sharing the fake never see each other's events.
const accountOf = (business: Business) => `${business.id}@example.com`
const iso = (instant: DateTime.DateTime) => new Date(DateTime.toEpochMillis(instant)).toISOString()

CalendarContract.suite("GoogleCalendar", testLayer(), {
  business: Effect.gen(function* () {
    const business = demoBusinessWithGoogle()
    yield* Effect.orDie(connect(business, accountOf(business)))
    return business
  }),
  events: (business) =>
    Effect.flatMap(FakeGoogle, (google) =>
      Effect.map(google.events("primary", accountOf(business)), (events) =>
        events
          .filter((event) => event.status !== "cancelled" && event.extendedProperties?.private?.frontdesk === "booking")
          .map((event) => ({
            id: event.id,
            summary: event.summary ?? "",
            start: DateTime.unsafeMake(event.start.dateTime!),
            end: DateTime.unsafeMake(event.end.dateTime!),
          })),
      ),
    ),
  addBusy: (business, range) =>
    Effect.flatMap(FakeGoogle, (google) =>
      Effect.asVoid(google.addEvent("primary", { start: iso(range.start), end: iso(range.end) }, accountOf(business))),
    ),
})
