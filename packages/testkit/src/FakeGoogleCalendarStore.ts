import { randomBytes } from "node:crypto"
import { type FakeEventTime, instancesOf, instant, midnight, parseRule } from "./FakeGoogleEventTimes.js"
import { GoogleWireError } from "./FakeGoogleWireErrors.js"

/**
 * The Calendar half of FakeGoogle's state: per-account calendars with their events, and the
 * free/busy answer computed from them. Plain synchronous data so every HTTP handler and control call
 * sees one consistent model.
 *
 * All-day events (`start.date`/`end.date`, end exclusive) cover whole days in the calendar's time
 * zone (UTC unless `addCalendar` names one; the primary calendar's can be set with `setTimeZone`).
 * Recurring events keep their `recurrence` (enough RRULE for tests: FREQ=DAILY|WEEKLY, INTERVAL,
 * COUNT, UNTIL); `events.list?singleEvents=true` and freeBusy expand them into instances with ids
 * `<id>_<yyyyMMddTHHmmssZ>` (`<id>_<yyyyMMdd>` when all-day). Changing or deleting one instance
 * stores an exception under the instance's id, as Google does.
 */

export interface FakeEvent {
  readonly kind: "calendar#event"
  readonly id: string
  readonly status: "confirmed" | "cancelled"
  readonly summary?: string
  readonly description?: string
  readonly start: FakeEventTime
  readonly end: FakeEventTime
  readonly transparency?: "opaque" | "transparent"
  /** RRULE lines of a recurring event's master. */
  readonly recurrence?: ReadonlyArray<string>
  /** On an instance (or an instance's exception): its series. */
  readonly recurringEventId?: string
  /** On an instance: the start it has in the series, whatever it was moved to. */
  readonly originalStartTime?: FakeEventTime
  readonly extendedProperties?: {
    readonly private?: Readonly<Record<string, string>>
    readonly shared?: Readonly<Record<string, string>>
  }
  readonly etag: string
  readonly htmlLink: string
  readonly iCalUID: string
  readonly created: string
  readonly updated: string
}

export interface OwnerEvent {
  /** An instant, or `{ date }` for an all-day event (the end date exclusive). */
  readonly start: Date | string | { readonly date: string }
  readonly end: Date | string | { readonly date: string }
  readonly summary?: string
  readonly transparency?: "opaque" | "transparent"
  readonly id?: string
  /** e.g. `["RRULE:FREQ=WEEKLY;COUNT=3"]`. */
  readonly recurrence?: ReadonlyArray<string>
}

interface FakeCalendar {
  readonly events: Map<string, FakeEvent>
  readonly summary?: string
  timeZone: string
}

const base32hex = /^[0-9a-v]{5,1024}$/
const MAX_RANGE_MS = 90 * 24 * 60 * 60 * 1000

const newEventId = () => {
  const alphabet = "0123456789abcdefghijklmnopqrstuv"
  const bytes = randomBytes(26)
  let id = ""
  for (const byte of bytes) id += alphabet[byte % 32]
  return id
}

const ownerTime = (value: OwnerEvent["start"]): FakeEventTime =>
  value instanceof Date
    ? { dateTime: value.toISOString() }
    : typeof value === "string"
      ? { dateTime: value }
      : { date: value.date }

/** Told after every change to a calendar's events (FakeGoogleSync sends the push notifications). */
export type ChangeListener = (account: string, calendarId: string) => void

/** The order an event last changed in: its etag is the store's change counter at that moment. */
const changeSeq = (event: FakeEvent) => Number(event.etag.slice(1, -1))

/** Query parameters Google refuses next to a syncToken. */
const notWithSyncToken = ["timeMin", "timeMax", "q", "privateExtendedProperty", "updatedMin", "orderBy", "iCalUID"]

const DEFAULT_PAGE_SIZE = 250
const MAX_PAGE_SIZE = 2500

interface PageCursor {
  /** Items already returned. */
  readonly offset: number
  /** The change counter when the listing started: later changes wait for the next sync. */
  readonly snapshot: number
}

const encodeCursor = (cursor: PageCursor) => Buffer.from(JSON.stringify(cursor)).toString("base64url")

const decodeCursor = (token: string): PageCursor => {
  try {
    const value = JSON.parse(Buffer.from(token, "base64url").toString()) as PageCursor
    if (Number.isInteger(value.offset) && Number.isInteger(value.snapshot)) return value
  } catch {
    // falls through to the error below
  }
  throw new GoogleWireError(400, "invalid", "Invalid page token value.")
}

export const makeCalendarStore = () => {
  const accounts = new Map<string, Map<string, FakeCalendar>>()
  let etagCounter = 0
  /** Bumped by `invalidateSyncTokens`: tokens of an older generation answer 410. */
  let tokenGeneration = 1
  let listener: ChangeListener = () => {}
  const changed = (account: string, calendarId: string) =>
    listener(account, calendarId === account ? "primary" : calendarId)

  const calendarsOf = (account: string) => {
    let calendars = accounts.get(account)
    if (calendars === undefined) {
      calendars = new Map([["primary", { events: new Map(), timeZone: "UTC" }]])
      accounts.set(account, calendars)
    }
    return calendars
  }

  const calendar = (account: string, calendarId: string): FakeCalendar | undefined =>
    calendarsOf(account).get(calendarId === account ? "primary" : calendarId)

  const requireCalendar = (account: string, calendarId: string) => {
    const found = calendar(account, calendarId)
    if (found === undefined) throw new GoogleWireError(404, "notFound", "Not Found")
    return found
  }

  const stamp = (
    event: Omit<FakeEvent, "etag" | "htmlLink" | "iCalUID" | "created" | "updated" | "kind">,
    created?: string,
  ): FakeEvent => {
    const now = new Date().toISOString()
    etagCounter += 1
    return {
      kind: "calendar#event",
      ...event,
      etag: `"${etagCounter}"`,
      htmlLink: `https://www.google.com/calendar/event?eid=${event.id}`,
      iCalUID: `${event.id}@google.com`,
      created: created ?? now,
      updated: now,
    }
  }

  const timeAt = (time: FakeEventTime, zone: string, field: string) =>
    time.date !== undefined ? midnight(time.date, zone, `${field}.date`) : instant(time.dateTime, `${field}.dateTime`)

  const eventRange = (event: FakeEvent, zone: string) => ({
    start: timeAt(event.start, zone, "start"),
    end: timeAt(event.end, zone, "end"),
  })

  /** What a listing or freeBusy sees: masters as they are, or (singleEvents) as their instances. */
  const expanded = (calendar: FakeCalendar, singleEvents: boolean): ReadonlyArray<FakeEvent> =>
    [...calendar.events.values()].flatMap((event) =>
      singleEvents && event.recurrence !== undefined ? instancesOf(event, calendar.events) : [event],
    )

  /** An instance id not yet stored: the instance it names, so it can be changed as an exception. */
  const instanceNamed = (target: FakeCalendar, eventId: string): FakeEvent | undefined => {
    const at = eventId.lastIndexOf("_")
    if (at <= 0) return undefined
    const master = target.events.get(eventId.slice(0, at))
    if (master?.recurrence === undefined || master.status === "cancelled") return undefined
    return instancesOf(master, target.events).find((instance) => instance.id === eventId)
  }

  /** The stored event, or the instance an instance id names. */
  const findEvent = (target: FakeCalendar, eventId: string) =>
    target.events.get(eventId) ?? instanceNamed(target, eventId)

  const parseTime = (value: unknown, field: string): FakeEventTime => {
    if (typeof value !== "object" || value === null) throw new GoogleWireError(400, "required", `Missing ${field}`)
    const { dateTime, timeZone, date } = value as { dateTime?: unknown; timeZone?: unknown; date?: unknown }
    if (typeof date === "string" && dateTime === undefined) {
      midnight(date, "UTC", `${field}.date`)
      return { date }
    }
    if (typeof dateTime !== "string") throw new GoogleWireError(400, "required", `Missing ${field}.dateTime`)
    // Google insists on an explicit offset unless timeZone names the zone.
    if (!/(Z|[+-]\d\d:\d\d)$/.test(dateTime) && typeof timeZone !== "string") {
      throw new GoogleWireError(400, "invalid", `Missing time zone definition for ${field}.`)
    }
    instant(dateTime, `${field}.dateTime`)
    return typeof timeZone === "string" ? { dateTime, timeZone } : { dateTime }
  }

  return {
    /** The account's calendars, made with an empty primary calendar on first sight. */
    openAccount: (account: string) => {
      calendarsOf(account)
    },

    addCalendar: (account: string, calendarId: string, summary?: string, timeZone = "UTC") => {
      const calendars = calendarsOf(account)
      if (!calendars.has(calendarId)) {
        calendars.set(calendarId, { events: new Map(), summary: summary ?? calendarId, timeZone })
      }
    },

    /** The zone all-day events of this calendar are days of. */
    setTimeZone: (account: string, calendarId: string, timeZone: string) => {
      requireCalendar(account, calendarId).timeZone = timeZone
    },

    /** calendarList.list: the primary calendar under the account's address, as Google names it. */
    calendarList: (account: string) => ({
      kind: "calendar#calendarList",
      items: [...calendarsOf(account).entries()].map(([id, entry]) => ({
        kind: "calendar#calendarListEntry",
        id: id === "primary" ? account : id,
        summary: id === "primary" ? account : (entry.summary ?? id),
        primary: id === "primary",
        accessRole: "owner",
        timeZone: entry.timeZone,
      })),
    }),

    removeCalendar: (account: string, calendarId: string) => {
      calendarsOf(account).delete(calendarId)
    },

    addOwnerEvent: (account: string, calendarId: string, owner: OwnerEvent) => {
      const target = requireCalendar(account, calendarId)
      const event = stamp({
        id: owner.id ?? newEventId(),
        status: "confirmed",
        summary: owner.summary ?? "Busy",
        start: ownerTime(owner.start),
        end: ownerTime(owner.end),
        ...(owner.transparency === undefined ? {} : { transparency: owner.transparency }),
        ...(owner.recurrence === undefined ? {} : { recurrence: owner.recurrence }),
      })
      if (owner.recurrence !== undefined) parseRule(owner.recurrence)
      target.events.set(event.id, event)
      changed(account, calendarId)
      return event
    },

    events: (account: string, calendarId: string): ReadonlyArray<FakeEvent> => [
      ...(calendar(account, calendarId)?.events.values() ?? []),
    ],

    insertEvent: (account: string, calendarId: string, body: Record<string, unknown>) => {
      const target = requireCalendar(account, calendarId)
      const id = typeof body.id === "string" ? body.id : newEventId()
      if (!base32hex.test(id)) throw new GoogleWireError(400, "invalid", "Invalid resource id value.")
      // Ids stay taken after deletion, which is what makes client-chosen ids idempotent.
      if (target.events.has(id)) throw new GoogleWireError(409, "duplicate", "The requested identifier already exists.")
      const start = parseTime(body.start, "start")
      const end = parseTime(body.end, "end")
      if (timeAt(end, target.timeZone, "end") < timeAt(start, target.timeZone, "start")) {
        throw new GoogleWireError(400, "timeRangeEmpty", "The specified time range is empty.")
      }
      const recurrence = Array.isArray(body.recurrence) ? (body.recurrence as ReadonlyArray<string>) : undefined
      if (recurrence !== undefined) parseRule(recurrence)
      const event = stamp({
        id,
        status: "confirmed",
        start,
        end,
        ...(typeof body.summary === "string" ? { summary: body.summary } : {}),
        ...(typeof body.description === "string" ? { description: body.description } : {}),
        ...(body.transparency === "transparent" || body.transparency === "opaque"
          ? { transparency: body.transparency }
          : {}),
        ...(recurrence === undefined ? {} : { recurrence }),
        ...(typeof body.extendedProperties === "object" && body.extendedProperties !== null
          ? { extendedProperties: body.extendedProperties as FakeEvent["extendedProperties"] & object }
          : {}),
      })
      target.events.set(id, event)
      changed(account, calendarId)
      return event
    },

    getEvent: (account: string, calendarId: string, eventId: string) => {
      const event = findEvent(requireCalendar(account, calendarId), eventId)
      if (event === undefined) throw new GoogleWireError(404, "notFound", "Not Found")
      return event
    },

    patchEvent: (account: string, calendarId: string, eventId: string, body: Record<string, unknown>) => {
      const target = requireCalendar(account, calendarId)
      const event = findEvent(target, eventId)
      if (event === undefined) throw new GoogleWireError(404, "notFound", "Not Found")
      // A deleted event keeps its id and details on the organizer's calendar and can be restored
      // by setting its status back; any other change to it is refused.
      const restores = body.status === "confirmed"
      if (event.status === "cancelled" && !restores) {
        throw new GoogleWireError(410, "deleted", "Resource has been deleted")
      }
      const extended = body.extendedProperties as FakeEvent["extendedProperties"] | undefined
      const patched = stamp(
        {
          ...event,
          ...(restores ? { status: "confirmed" as const } : {}),
          ...(typeof body.summary === "string" ? { summary: body.summary } : {}),
          ...(typeof body.description === "string" ? { description: body.description } : {}),
          ...(body.start === undefined ? {} : { start: parseTime(body.start, "start") }),
          ...(body.end === undefined ? {} : { end: parseTime(body.end, "end") }),
          ...(extended === undefined
            ? {}
            : {
                extendedProperties: {
                  private: { ...event.extendedProperties?.private, ...extended.private },
                  shared: { ...event.extendedProperties?.shared, ...extended.shared },
                },
              }),
        },
        event.created,
      )
      target.events.set(eventId, patched)
      changed(account, calendarId)
      return patched
    },

    /** Deleting one instance of a series stores it as a cancelled exception; the others stay. */
    deleteEvent: (account: string, calendarId: string, eventId: string) => {
      const target = requireCalendar(account, calendarId)
      const event = findEvent(target, eventId)
      if (event === undefined) throw new GoogleWireError(404, "notFound", "Not Found")
      if (event.status === "cancelled") throw new GoogleWireError(410, "deleted", "Resource has been deleted")
      target.events.set(eventId, stamp({ ...event, status: "cancelled" }, event.created))
      changed(account, calendarId)
    },

    setChangeListener: (next: ChangeListener) => {
      listener = next
    },

    /** Every sync token handed out so far answers 410 Gone from now on. */
    invalidateSyncTokens: () => {
      tokenGeneration += 1
    },

    /**
     * events.list as Google pages it: `maxResults` per page with a `nextPageToken`, and on the last
     * page of a listing a `nextSyncToken`; with `syncToken`, only events changed since (cancelled
     * ones included), or 410 when the token is no longer valid.
     */
    listEvents: (account: string, calendarId: string, query: URLSearchParams) => {
      const target = requireCalendar(account, calendarId)
      const syncToken = query.get("syncToken")
      const pageToken = query.get("pageToken")
      const cursor = pageToken === null ? { offset: 0, snapshot: etagCounter } : decodeCursor(pageToken)
      const requested = Number(query.get("maxResults") ?? DEFAULT_PAGE_SIZE)
      const pageSize =
        Number.isInteger(requested) && requested > 0 ? Math.min(requested, MAX_PAGE_SIZE) : DEFAULT_PAGE_SIZE
      let since = -1
      if (syncToken !== null) {
        const refused = notWithSyncToken.find((name) => query.has(name))
        if (refused !== undefined) {
          throw new GoogleWireError(400, "invalid", `The parameter ${refused} cannot be used with syncToken.`)
        }
        const match = /^st-(\d+)-(\d+)$/.exec(syncToken)
        if (match === null || Number(match[1]) !== tokenGeneration) {
          throw new GoogleWireError(410, "fullSyncRequired", "Sync token is no longer valid, a full sync is required.")
        }
        since = Number(match[2])
      }
      const timeMin = query.get("timeMin")
      const timeMax = query.get("timeMax")
      const min = timeMin === null ? Number.NEGATIVE_INFINITY : instant(timeMin, "timeMin")
      const max = timeMax === null ? Number.POSITIVE_INFINITY : instant(timeMax, "timeMax")
      // An incremental listing reports deletions too: that is how a client learns of them.
      const showDeleted = syncToken !== null || query.get("showDeleted") === "true"
      const singleEvents = query.get("singleEvents") === "true"
      const filters = query.getAll("privateExtendedProperty").map((filter) => {
        const at = filter.indexOf("=")
        return [filter.slice(0, at), filter.slice(at + 1)] as const
      })
      const matching = expanded(target, singleEvents)
        .filter((event) => {
          const seq = changeSeq(event)
          if (seq > cursor.snapshot || seq <= since) return false
          if (event.status === "cancelled" && !showDeleted) return false
          const range = eventRange(event, target.timeZone)
          if (!(range.start < max && min < range.end)) return false
          return filters.every(([key, value]) => event.extendedProperties?.private?.[key] === value)
        })
        .sort((a, b) => changeSeq(a) - changeSeq(b) || a.id.localeCompare(b.id))
      const items = matching.slice(cursor.offset, cursor.offset + pageSize)
      const more = cursor.offset + pageSize < matching.length
      return {
        kind: "calendar#events",
        items,
        ...(more
          ? { nextPageToken: encodeCursor({ offset: cursor.offset + pageSize, snapshot: cursor.snapshot }) }
          : { nextSyncToken: `st-${tokenGeneration}-${cursor.snapshot}` }),
      }
    },

    freeBusy: (account: string, body: Record<string, unknown>) => {
      const timeMin = typeof body.timeMin === "string" ? body.timeMin : undefined
      const timeMax = typeof body.timeMax === "string" ? body.timeMax : undefined
      const min = instant(timeMin, "timeMin")
      const max = instant(timeMax, "timeMax")
      if (max <= min) throw new GoogleWireError(400, "timeRangeEmpty", "The specified time range is empty.")
      if (max - min > MAX_RANGE_MS) throw new GoogleWireError(400, "timeRangeTooLong", "The time range is too long.")
      const items = Array.isArray(body.items) ? (body.items as ReadonlyArray<{ id?: unknown }>) : []
      if (items.length > 50) {
        throw new GoogleWireError(400, "tooManyCalendarsRequested", "Too many calendars requested.")
      }
      const calendars: Record<string, unknown> = {}
      for (const item of items) {
        const id = String(item.id)
        const found = calendar(account, id)
        if (found === undefined) {
          calendars[id] = { errors: [{ domain: "global", reason: "notFound" }], busy: [] }
          continue
        }
        const blocks = expanded(found, true)
          .filter((event) => event.status === "confirmed" && event.transparency !== "transparent")
          .map((event) => eventRange(event, found.timeZone))
          .filter((range) => range.start < max && min < range.end)
          .map((range) => ({ start: Math.max(range.start, min), end: Math.min(range.end, max) }))
          .sort((a, b) => a.start - b.start)
        const merged: Array<{ start: number; end: number }> = []
        for (const block of blocks) {
          const last = merged[merged.length - 1]
          if (last !== undefined && block.start <= last.end) last.end = Math.max(last.end, block.end)
          else merged.push({ ...block })
        }
        calendars[id] = {
          busy: merged.map((block) => ({
            start: new Date(block.start).toISOString().replace(".000Z", "Z"),
            end: new Date(block.end).toISOString().replace(".000Z", "Z"),
          })),
        }
      }
      return { kind: "calendar#freeBusy", timeMin, timeMax, calendars }
    },
  }
}
