import { describe, expect, it } from "@effect/vitest"
import { makeCalendarStore } from "../src/FakeGoogleCalendarStore.js"

/* FakeGoogle's all-day and recurring events, as events.list and freeBusy show them (Google's wire shapes). */

const setUp = () => {
  const store = makeCalendarStore()
  store.openAccount("owner@example.com")
  return store
}
const account = "owner@example.com"
const busyOf = (store: ReturnType<typeof setUp>, timeMin: string, timeMax: string) =>
  (
    store.freeBusy(account, { timeMin, timeMax, items: [{ id: "primary" }] }).calendars.primary as {
      busy: ReadonlyArray<{ start: string; end: string }>
    }
  ).busy

describe("FakeGoogle calendar store: all-day and recurring events", () => {
  it("singleEvents=true expands a weekly series into instances with Google's ids; freeBusy counts each", () => {
    const store = setUp()
    const series = store.addOwnerEvent(account, "primary", {
      start: "2030-05-06T15:00:00Z",
      end: "2030-05-06T16:00:00Z",
      recurrence: ["RRULE:FREQ=WEEKLY;COUNT=3"],
    })
    const listed = store.listEvents(account, "primary", new URLSearchParams({ singleEvents: "true" })).items
    expect(listed.map((event) => [event.id, event.start.dateTime, event.recurringEventId])).toEqual([
      [`${series.id}_20300506T150000Z`, "2030-05-06T15:00:00.000Z", series.id],
      [`${series.id}_20300513T150000Z`, "2030-05-13T15:00:00.000Z", series.id],
      [`${series.id}_20300520T150000Z`, "2030-05-20T15:00:00.000Z", series.id],
    ])
    // Without singleEvents the series is one event with its rule.
    const masters = store.listEvents(account, "primary", new URLSearchParams()).items
    expect(masters.map((event) => event.recurrence)).toEqual([["RRULE:FREQ=WEEKLY;COUNT=3"]])
    expect(busyOf(store, "2030-05-01T00:00:00Z", "2030-06-01T00:00:00Z").map((block) => block.start)).toEqual([
      "2030-05-06T15:00:00Z",
      "2030-05-13T15:00:00Z",
      "2030-05-20T15:00:00Z",
    ])
  })

  it("deleting one instance cancels just that one, and an incremental listing reports only it", () => {
    const store = setUp()
    const series = store.addOwnerEvent(account, "primary", {
      start: "2030-05-06T09:00:00Z",
      end: "2030-05-06T10:00:00Z",
      recurrence: ["RRULE:FREQ=DAILY;INTERVAL=2;UNTIL=20300510"],
    })
    const first = store.listEvents(account, "primary", new URLSearchParams({ singleEvents: "true" }))
    expect(first.items.map((event) => event.start.dateTime)).toEqual([
      "2030-05-06T09:00:00.000Z",
      "2030-05-08T09:00:00.000Z",
      "2030-05-10T09:00:00.000Z",
    ])
    store.deleteEvent(account, "primary", `${series.id}_20300508T090000Z`)
    const changes = store.listEvents(
      account,
      "primary",
      new URLSearchParams({ singleEvents: "true", syncToken: "nextSyncToken" in first ? first.nextSyncToken : "" }),
    )
    expect(changes.items.map((event) => [event.id, event.status])).toEqual([
      [`${series.id}_20300508T090000Z`, "cancelled"],
    ])
    expect(busyOf(store, "2030-05-01T00:00:00Z", "2030-06-01T00:00:00Z").map((block) => block.start)).toEqual([
      "2030-05-06T09:00:00Z",
      "2030-05-10T09:00:00Z",
    ])
    expect(() => store.deleteEvent(account, "primary", `${series.id}_20300508T090000Z`)).toThrow()
  })

  it("an all-day event has dates, not instants, and blocks whole days of the calendar's zone", () => {
    const store = setUp()
    const event = store.addOwnerEvent(account, "primary", {
      start: { date: "2030-05-06" },
      end: { date: "2030-05-07" },
    })
    expect(event.start).toEqual({ date: "2030-05-06" })
    expect(busyOf(store, "2030-05-05T00:00:00Z", "2030-05-08T00:00:00Z")).toEqual([
      { start: "2030-05-06T00:00:00Z", end: "2030-05-07T00:00:00Z" },
    ])
    store.setTimeZone(account, "primary", "America/New_York")
    expect(busyOf(store, "2030-05-05T00:00:00Z", "2030-05-08T00:00:00Z")).toEqual([
      { start: "2030-05-06T04:00:00Z", end: "2030-05-07T04:00:00Z" },
    ])
  })
})
