import { GoogleWireError } from "./FakeGoogleWireErrors.js"

/**
 * When a fake event happens, as Google reads it: instants, all-day dates in a calendar's zone, and
 * the RRULE subset FakeGoogle understands (FREQ=DAILY|WEEKLY, INTERVAL, COUNT, UNTIL), expanded
 * into instances the way `singleEvents=true` lists them. Pure functions; the store
 * (FakeGoogleCalendarStore) keeps the events.
 */

/** A timed event has `dateTime`; an all-day one has `date` (yyyy-mm-dd). */
export interface FakeEventTime {
  readonly dateTime?: string
  readonly date?: string
  readonly timeZone?: string
}

/** What a series needs to be expanded: its id, times, rule and link. */
export interface Recurring {
  readonly id: string
  readonly start: FakeEventTime
  readonly end: FakeEventTime
  readonly recurrence?: ReadonlyArray<string>
  readonly recurringEventId?: string
  readonly originalStartTime?: FakeEventTime
  readonly htmlLink: string
}

export const instant = (value: string | Date | undefined, field: string): number => {
  const millis = value instanceof Date ? value.getTime() : value === undefined ? Number.NaN : Date.parse(value)
  if (Number.isNaN(millis)) throw new GoogleWireError(400, "invalid", `Invalid value for: ${field}`)
  return millis
}

const DAY_MS = 86_400_000
/** Instances an unbounded series yields at most (about two years of daily ones). */
const MAX_INSTANCES = 730

/** How far `zone` is ahead of UTC at `millis`. */
const zoneOffset = (zone: string, millis: number) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    })
      .formatToParts(new Date(millis))
      .map((part) => [part.type, part.value]),
  )
  const local = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  )
  return local - Math.floor(millis / 1000) * 1000
}

/** Midnight starting `date` (yyyy-mm-dd) in `zone`, as epoch millis. */
export const midnight = (date: string, zone: string, field: string) => {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (match === null) throw new GoogleWireError(400, "invalid", `Invalid value for: ${field}`)
  const utc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))
  const guess = utc - zoneOffset(zone, utc)
  return utc - zoneOffset(zone, guess)
}

const compactUtc = (millis: number) =>
  new Date(millis)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "")

/** The RRULE subset tests need; anything else is refused as Google refuses a malformed rule. */
export const parseRule = (recurrence: ReadonlyArray<string>) => {
  const line = recurrence.find((entry) => entry.startsWith("RRULE:"))
  if (line === undefined) throw new GoogleWireError(400, "invalid", "Invalid recurrence rule.")
  const fields = Object.fromEntries(
    line
      .slice("RRULE:".length)
      .split(";")
      .map((pair) => pair.split("=") as [string, string]),
  )
  const step = fields.FREQ === "DAILY" ? DAY_MS : fields.FREQ === "WEEKLY" ? 7 * DAY_MS : undefined
  if (step === undefined) throw new GoogleWireError(400, "invalid", "Invalid recurrence rule.")
  const interval = fields.INTERVAL === undefined ? 1 : Number(fields.INTERVAL)
  const count = fields.COUNT === undefined ? MAX_INSTANCES : Math.min(Number(fields.COUNT), MAX_INSTANCES)
  const untilMatch = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})Z)?$/.exec(fields.UNTIL ?? "")
  const until =
    fields.UNTIL === undefined
      ? Number.POSITIVE_INFINITY
      : untilMatch === null
        ? Number.NaN
        : Date.UTC(
            Number(untilMatch[1]),
            Number(untilMatch[2]) - 1,
            Number(untilMatch[3]),
            Number(untilMatch[4] ?? 23),
            Number(untilMatch[5] ?? 59),
            Number(untilMatch[6] ?? 59),
          )
  if (!(interval >= 1) || !(count >= 1) || Number.isNaN(until)) {
    throw new GoogleWireError(400, "invalid", "Invalid recurrence rule.")
  }
  return { step: step * interval, count, until }
}

/** A time moved by `offset` millis, keeping its kind (a date stays a date). */
export const shifted = (time: FakeEventTime, offset: number): FakeEventTime =>
  time.date !== undefined
    ? { date: new Date(Date.parse(`${time.date}T00:00:00Z`) + offset).toISOString().slice(0, 10) }
    : { ...time, dateTime: new Date(instant(time.dateTime, "dateTime") + offset).toISOString() }

/** The series' instances that no exception replaces, each as its own event (the master's etag). */
export const instancesOf = <E extends Recurring>(master: E, events: ReadonlyMap<string, unknown>): ReadonlyArray<E> => {
  const rule = parseRule(master.recurrence ?? [])
  const first =
    master.start.date !== undefined
      ? Date.parse(`${master.start.date}T00:00:00Z`)
      : instant(master.start.dateTime, "start")
  const instances: Array<E> = []
  for (let k = 0; k < rule.count; k++) {
    const offset = k * rule.step
    if (first + offset > rule.until) break
    const start = shifted(master.start, offset)
    const id = `${master.id}_${start.date !== undefined ? start.date.replace(/-/g, "") : compactUtc(first + offset)}`
    if (events.has(id)) continue
    const { recurrence: _recurrence, ...rest } = master
    // The master without its rule, as the instance Google lists: the same kind of event.
    instances.push({
      ...(rest as Omit<E, "recurrence"> as E),
      id,
      start,
      end: shifted(master.end, offset),
      recurringEventId: master.id,
      originalStartTime: start,
      htmlLink: `https://www.google.com/calendar/event?eid=${id}`,
    })
  }
  return instances
}
