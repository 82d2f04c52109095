import type { OpeningHours, Weekday } from "@frontdesk/domain/model/Business"
import {
  type ClockTime,
  clockTimeOf,
  type LocalDate,
  minutesOfDay,
  week,
  weekdayOf,
} from "@frontdesk/domain/model/LocalDate"
import type { Asking, PartOfDay, UnderstandingContext } from "@frontdesk/domain/ports/Understanding"
import { DateTime } from "effect"

/**
 * Clock times in normalised text ("3 pm", "half past 2", "at 4", "noon"), where they were said
 * (so dates can be read from the rest), and which half of the day a bare "3" means.
 */

export interface TimeHit {
  readonly hour: number
  readonly minute: number
  readonly meridiem?: "am" | "pm"
  /** Where in the text the time was said, so the date reader can skip it. */
  readonly start: number
  readonly end: number
}

type Heard = Omit<TimeHit, "start" | "end">

const withMeridiem = (hour: number, minute: number, meridiem: string | undefined): Heard =>
  meridiem === "am" || meridiem === "pm" ? { hour, minute, meridiem } : { hour, minute }

/** Tried in order; a later pattern never claims text an earlier one already read. */
const timePatterns: ReadonlyArray<{ re: RegExp; read: (m: RegExpExecArray) => Heard }> = [
  { re: /\b(?:12 )?(?:noon|midday|lunchtime)\b/g, read: () => ({ hour: 12, minute: 0, meridiem: "pm" }) },
  { re: /\bmidnight\b/g, read: () => ({ hour: 0, minute: 0, meridiem: "am" }) },
  { re: /\bhalf (?:past|after) (\d{1,2})\b/g, read: (m) => ({ hour: Number(m[1]), minute: 30 }) },
  { re: /\b(?:a )?quarter (?:past|after) (\d{1,2})\b/g, read: (m) => ({ hour: Number(m[1]), minute: 15 }) },
  {
    re: /\b(?:a )?quarter (?:to|til|till|of|before) (\d{1,2})\b/g,
    read: (m) => ({ hour: (Number(m[1]) + 11) % 12 || 12, minute: 45 }),
  },
  {
    re: /\b(\d{1,2}) (?:minutes )?(?:past|after) (\d{1,2})\b/g,
    read: (m) => ({ hour: Number(m[2]), minute: Number(m[1]) }),
  },
  { re: /\b(\d{1,2}):(\d{2})(?: ?(am|pm))?/g, read: (m) => withMeridiem(Number(m[1]), Number(m[2]), m[3]) },
  {
    re: /\b(\d{1,2}) (00|05|10|15|20|25|30|35|40|45|50|55)(?: ?(am|pm))?\b(?! ?(?:st|nd|rd|th|minutes|days)\b)/g,
    read: (m) => withMeridiem(Number(m[1]), Number(m[2]), m[3]),
  },
  { re: /\b(\d{1,2}) ?(am|pm)\b/g, read: (m) => withMeridiem(Number(m[1]), 0, m[2]) },
  { re: /\b(\d{1,2}) ?o ?'? ?clock\b/g, read: (m) => ({ hour: Number(m[1]), minute: 0 }) },
  {
    re: /\b(?:at|around|about|by|after|before|say|make it|how about|maybe|do|try|for|until|til)\s+(\d{1,2})\b(?!\s?(?:st|nd|rd|th|\/|days?|weeks?|people|of\b|minutes?))/g,
    read: (m) => ({ hour: Number(m[1]), minute: 0 }),
  },
  {
    re: /\b(\d{1,2})\b(?= (?:ish|or so|works|would work|is fine|is good|is great|sounds|please|is perfect|would be|is better|instead|then|it is|in the (?:morning|afternoon|evening)))/g,
    read: (m) => ({ hour: Number(m[1]), minute: 0 }),
  },
]

const findTimes = (s: string): Array<TimeHit> => {
  const hits: Array<TimeHit> = []
  for (const { re, read } of timePatterns) {
    re.lastIndex = 0
    for (let m = re.exec(s); m !== null; m = re.exec(s)) {
      const start = m.index
      const end = m.index + m[0].length
      if (hits.some((h) => start < h.end && h.start < end)) continue
      const t = read(m)
      if (t.hour > 23 || t.minute > 59) continue
      if (t.meridiem !== undefined && (t.hour === 0 || t.hour > 12)) continue
      hits.push({ ...t, start, end })
    }
  }
  return hits.sort((a, b) => a.start - b.start)
}

/** Questions whose answer may be a bare number that means a time: "4", "3 30", "make it 5". */
const timeishQuestions: ReadonlySet<Asking> = new Set(["time", "alternative", "confirm", "date"])

const bareTime =
  /^(?:(?:ok|okay|yeah|yes|no|so|well|then|hmm|actually|let's|lets|make it|how about|can we do|could we do|what about|do|maybe|just)\s+)*(\d{1,2})(?: (\d{2}))?(?: (am|pm))?(?:\s+(?:then|instead|please|works|is fine|is good|would be better|would be great|would work|is better|ok|okay|o'clock|ish|or so))*$/

/** Times said in normalised text, in order; a bare number counts only as the answer to a time question. */
export const timesIn = (s: string, asking: Asking): ReadonlyArray<TimeHit> => {
  const times = findTimes(s)
  if (times.length > 0 || !timeishQuestions.has(asking)) return times
  const bare = bareTime.exec(s)
  if (!bare) return times
  const hour = Number(bare[1])
  const minute = bare[2] === undefined ? 0 : Number(bare[2])
  return hour <= 12 && minute <= 59 ? [{ ...withMeridiem(hour, minute, bare[3]), start: 0, end: s.length }] : times
}

export const partOfDayIn = (said: string): PartOfDay | undefined => {
  // "Good morning" greets; it does not ask for a morning.
  const s = said.replace(/\bgood (?:morning|afternoon|evening)\b/g, " ")
  if (/\b(?:morning|mornings|before lunch|early)\b/.test(s)) return "morning"
  if (/\b(?:afternoon|afternoons|after lunch)\b/.test(s)) return "afternoon"
  if (/\b(?:evening|evenings|tonight|after work|at night)\b/.test(s)) return "evening"
  return undefined
}

const openAt = (hours: OpeningHours, days: ReadonlyArray<Weekday>, minuteOfDay: number): boolean =>
  days.some((day) =>
    hours[day].some(([open, close]) => minuteOfDay >= minutesOfDay(open) && minuteOfDay < minutesOfDay(close)),
  )

/**
 * A clock hour without am/pm is read the way the business's day makes sense: "3" is 3 PM when it
 * is closed at 3 AM. When both or neither fit, callers mean 7–11 as morning and 12–6 as afternoon.
 */
export const resolveMeridiem = (
  hit: TimeHit,
  partOfDay: PartOfDay | undefined,
  date: LocalDate | undefined,
  context: UnderstandingContext,
): ClockTime => {
  const { hour, minute, meridiem } = hit
  if (meridiem === "am") return { hour: hour === 12 ? 0 : hour, minute }
  if (meridiem === "pm") return { hour: hour === 12 ? 12 : hour + 12, minute }
  if (hour === 0 || hour >= 13) return { hour, minute }
  if (hour === 12) return { hour: 12, minute }
  if (partOfDay === "morning") return { hour, minute }
  if (partOfDay === "afternoon" || partOfDay === "evening") return { hour: hour + 12, minute }
  // A time the agent just offered settles it: "4" after offering 4 PM is 4 PM.
  const zone = DateTime.zoneUnsafeMakeNamed(context.business.timezone)
  for (const alternative of context.alternatives) {
    const offered = clockTimeOf(alternative, zone)
    if (offered.hour % 12 === hour % 12 && offered.minute === minute) return { hour: offered.hour, minute }
  }
  const days = date === undefined ? week : [weekdayOf(date)]
  const am = openAt(context.business.hours, days, hour * 60 + minute)
  const pm = openAt(context.business.hours, days, (hour + 12) * 60 + minute)
  if (am && !pm) return { hour, minute }
  if (pm && !am) return { hour: hour + 12, minute }
  return hour >= 7 ? { hour, minute } : { hour: hour + 12, minute }
}
