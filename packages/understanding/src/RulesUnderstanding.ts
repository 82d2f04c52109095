import type { Business, OpeningHours, Weekday } from "@frontdesk/domain/model/Business"
import type { ClockTime, LocalDate } from "@frontdesk/domain/model/LocalDate"
import {
  type Intent,
  Interpretation,
  type PartOfDay,
  type Slots,
  Understanding,
  type UnderstandingContext,
  type When,
} from "@frontdesk/domain/ports/Understanding"
import * as chrono from "chrono-node"
import { DateTime, Effect, Layer } from "effect"

/**
 * Understanding by rules: hand-written patterns for intents, names, services and phone numbers,
 * chrono-node for calendar dates. Written for what speech-to-text produces on a phone line —
 * lowercase or oddly capitalised, "p.m.", "3:00 PM", number words, "uh" and "um" — not for typed text.
 */

// ---------------------------------------------------------------------------------------------
// Text clean-up

const fillers = /\b(?:u+h+|u+m+|uhm|e+r+m*|hmm+|ah+|you know|i mean|kinda|sort of|basically)\b/g
// "like" is filler except where it means want: "I'd like", "would like", "I like".
const fillerLike = /(?<!\b(?:would|'d|i|we|they|you|d|also|just|really|we'd|i'd|you'd)\s)\blike\b/g

const smallNumbers: Record<string, number> = {
  zero: 0,
  oh: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
}
const tens: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50 }
const ordinalWords: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
}
const suffix = (n: number): string => {
  const m = n % 100
  if (m >= 11 && m <= 13) return "th"
  return n % 10 === 1 ? "st" : n % 10 === 2 ? "nd" : n % 10 === 3 ? "rd" : "th"
}

/** "twenty first" → "21st", "thirty" → "30", "three" → "3"; "oh" stays a word (it is usually "oh"). */
const numberWordsToDigits = (s: string): string =>
  s
    .replace(/\b(twenty|thirty)[\s-](first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b/g, (_, t, o) => {
      const n = (tens[t] ?? 0) + (ordinalWords[o] ?? 0)
      return `${n}${suffix(n)}`
    })
    .replace(
      /\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)\b/g,
      (w) => {
        const n = ordinalWords[w] ?? 0
        return `${n}${suffix(n)}`
      },
    )
    .replace(/\b(twenty|thirty|forty|fourty|fifty)[\s-](one|two|three|four|five|six|seven|eight|nine)\b/g, (_, t, u) =>
      String((tens[t] ?? 0) + (smallNumbers[u] ?? 0)),
    )
    .replace(/\b(twenty|thirty|forty|fourty|fifty)\b/g, (w) => String(tens[w] ?? 0))
    .replace(
      /\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b/g,
      (w) => String(smallNumbers[w] ?? 0),
    )

/** Lowercase, filler-free, with "p.m." → "pm" and number words as digits. */
export const normalize = (utterance: string): string => {
  let s = ` ${utterance.toLowerCase()} `
  s = s.replace(/[’‘`]/g, "'")
  // "uh huh" and "mm hmm" are a yes, not filler around "huh".
  s = s.replace(/\buh[\s-]huh\b|\bm+[\s-]?hm+\b/g, " yes ")
  s = s.replace(/\b([ap])\.\s?m\.?/g, " $1m ").replace(/\b([ap]) m\b/g, " $1m ")
  s = s.replace(/(\d)(am|pm)\b/g, "$1 $2")
  s = s.replace(/\bcolour/g, "color")
  s = s.replace(fillers, " ").replace(fillerLike, " ")
  s = s.replace(/[^a-z0-9:'+/\s-]/g, " ").replace(/(?<![a-z])-|-(?![a-z])/g, " ")
  s = s.replace(/\s+/g, " ")
  s = numberWordsToDigits(s)
  return s.trim()
}

// ---------------------------------------------------------------------------------------------
// Business-local calendar helpers

interface Local {
  readonly year: number
  readonly month: number
  readonly day: number
  readonly hours: number
  readonly minutes: number
}

const localNow = (context: UnderstandingContext): Local =>
  DateTime.toParts(DateTime.setZone(context.now, DateTime.zoneUnsafeMakeNamed(context.business.timezone)))

const epochDay = (d: LocalDate): number => Math.floor(Date.UTC(d.year, d.month - 1, d.day) / 86_400_000)
const fromEpochDay = (n: number): LocalDate => {
  const date = new Date(n * 86_400_000)
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() }
}
const weekdayKey = (d: LocalDate): Weekday =>
  (["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const)[new Date(epochDay(d) * 86_400_000).getUTCDay()] ?? "mon"

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(":")
  return Number(h) * 60 + Number(m)
}

const openAt = (hours: OpeningHours, days: ReadonlyArray<Weekday>, minuteOfDay: number): boolean =>
  days.some((day) =>
    hours[day].some(([open, close]) => minuteOfDay >= minutesOf(open) && minuteOfDay < minutesOf(close)),
  )

// ---------------------------------------------------------------------------------------------
// Times

interface TimeHit {
  readonly hour: number
  readonly minute: number
  readonly meridiem?: "am" | "pm"
  readonly start: number
  readonly end: number
}

const timePatterns: ReadonlyArray<{ re: RegExp; read: (m: RegExpExecArray) => Omit<TimeHit, "start" | "end"> }> = [
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
    re: /\b(\d{1,2}) (00|05|10|15|20|25|30|35|40|45|50|55)(?: ?(am|pm))?\b(?! ?(?:st|nd|rd|th|minutes|days))/g,
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

const withMeridiem = (hour: number, minute: number, meridiem: string | undefined): Omit<TimeHit, "start" | "end"> =>
  meridiem === "am" || meridiem === "pm" ? { hour, minute, meridiem } : { hour, minute }

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

const partOfDayIn = (s: string): PartOfDay | undefined => {
  if (/\b(?:morning|mornings|before lunch|early)\b/.test(s)) return "morning"
  if (/\b(?:afternoon|afternoons|after lunch)\b/.test(s)) return "afternoon"
  if (/\b(?:evening|evenings|tonight|after work|at night)\b/.test(s)) return "evening"
  return undefined
}

/**
 * A clock hour without am/pm is read the way the business's day makes sense: "3" is 3 PM when it
 * is closed at 3 AM. When both or neither fit, callers mean 7–11 as morning and 12–6 as afternoon.
 */
const resolveMeridiem = (
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
  const tz = DateTime.zoneUnsafeMakeNamed(context.business.timezone)
  for (const alternative of context.alternatives) {
    const p = DateTime.toParts(DateTime.setZone(alternative, tz))
    if (p.hours % 12 === hour % 12 && p.minutes === minute) return { hour: p.hours, minute }
  }
  const days: ReadonlyArray<Weekday> =
    date === undefined ? ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] : [weekdayKey(date)]
  const am = openAt(context.business.hours, days, hour * 60 + minute)
  const pm = openAt(context.business.hours, days, (hour + 12) * 60 + minute)
  if (am && !pm) return { hour, minute }
  if (pm && !am) return { hour: hour + 12, minute }
  return hour >= 7 ? { hour, minute } : { hour: hour + 12, minute }
}

// ---------------------------------------------------------------------------------------------
// Dates

const weekdayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"]
const monthPattern =
  "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"

interface DateHit {
  readonly date: LocalDate
  readonly past: boolean
}

const findDate = (s: string, today: LocalDate, now: Local): DateHit | undefined => {
  const todayN = epochDay(today)
  if (/\bday after tomorrow\b/.test(s)) return { date: fromEpochDay(todayN + 2), past: false }
  if (/\byesterday\b/.test(s)) return { date: fromEpochDay(todayN - 1), past: true }
  const last = /\blast (sunday|monday|tuesday|wednesday|thursday|friday|saturday)\b/.exec(s)
  if (last) {
    const target = weekdayNames.indexOf(last[1] ?? "")
    const todayDow = new Date(todayN * 86_400_000).getUTCDay()
    const back = (todayDow - target + 7) % 7 || 7
    return { date: fromEpochDay(todayN - back), past: true }
  }
  // Chrono reads the text against a reference whose UTC fields are the business's wall clock, so
  // its day arithmetic happens in business-local days and DST never shifts a date.
  const reference = {
    instant: new Date(Date.UTC(now.year, now.month - 1, now.day, now.hours, now.minutes)),
    timezone: 0,
  }
  for (const result of chrono.casual.parse(s, reference, { forwardDate: true })) {
    const c = result.start
    const tags = c.tags()
    const said =
      c.isCertain("day") ||
      c.isCertain("weekday") ||
      tags.has("result/relativeDate") ||
      [...tags].some((t) => /casualReference\/(today|tomorrow|tonight|now)/.test(t))
    if (!said) continue
    const date = {
      year: c.get("year") ?? today.year,
      month: c.get("month") ?? today.month,
      day: c.get("day") ?? today.day,
    }
    const n = epochDay(date)
    if (!c.isCertain("year") && c.isCertain("month") && n - todayN > 183) {
      // "November 2nd" said on November 24th means the one that just went, not next year's.
      const thisYear = { ...date, year: today.year }
      if (epochDay(thisYear) < todayN) return { date: thisYear, past: true }
    }
    return { date, past: n < todayN }
  }
  // "the 12th", "on the 4th": the next such day of the month.
  const dayOnly = new RegExp(`\\b(?:on )?the (\\d{1,2})(?:st|nd|rd|th)\\b(?! of (?:${monthPattern}))`).exec(s)
  if (dayOnly) {
    const day = Number(dayOnly[1])
    if (day >= 1 && day <= 31) {
      for (let k = 0; k < 3; k++) {
        const month0 = today.month - 1 + k
        const candidate = { year: today.year + Math.floor(month0 / 12), month: (month0 % 12) + 1, day }
        const valid = new Date(Date.UTC(candidate.year, candidate.month - 1, day)).getUTCDate() === day
        if (valid && epochDay(candidate) >= todayN) return { date: candidate, past: false }
      }
    }
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Services

/** Crude English stemming, enough for "haircuts", "colored", "coloring", "waxing", "trims". */
export const stem = (word: string): string => {
  let w = word
  if (w.endsWith("ing") && w.length > 5) w = w.slice(0, -3)
  else if (w.endsWith("ed") && w.length > 3) w = w.slice(0, -2)
  else if (w.endsWith("es") && w.length > 4 && /(?:ss|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2)
  else if (w.endsWith("s") && !w.endsWith("ss") && w.length > 3) w = w.slice(0, -1)
  if (/([bdgmnpt])\1$/.test(w)) w = w.slice(0, -1)
  // "dye"/"dyed", "shave"/"shaving": a final silent e is dropped on both sides.
  if (w.endsWith("e") && w.length > 2) w = w.slice(0, -1)
  return w
}

const stemsOf = (s: string): Array<string> =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9\s]/g, " ")
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map(stem)

interface ServiceIndex {
  readonly phrases: ReadonlyArray<{ readonly stems: ReadonlyArray<string>; readonly service: string }>
}

const serviceIndexes = new WeakMap<Business, ServiceIndex>()
const serviceIndex = (business: Business): ServiceIndex => {
  const cached = serviceIndexes.get(business)
  if (cached !== undefined) return cached
  const phrases = business.services.flatMap((service) =>
    [service.name, ...service.aliases].flatMap((phrase) => {
      const stems = stemsOf(phrase)
      // "haircut" also matches "hair cut", and "beard trim" matches "beardtrim".
      const joined = stem(stems.join(""))
      return [
        { stems, service: service.name },
        ...(stems.length > 1 ? [{ stems: [joined], service: service.name }] : []),
      ]
    }),
  )
  const index = { phrases: phrases.sort((a, b) => b.stems.length - a.stems.length) }
  serviceIndexes.set(business, index)
  return index
}

const findService = (s: string, business: Business): string | undefined => {
  const words = stemsOf(s)
  const pairs = words.slice(0, -1).map((w, i) => stem(w + (words[i + 1] ?? "")))
  // Longest phrase wins; words in order ("beard trim") beat the same words apart ("trim my beard").
  let best: { service: string; score: number } | undefined
  for (const phrase of serviceIndex(business).phrases) {
    const n = phrase.stems.length
    const inOrder =
      words.some((_, i) => phrase.stems.every((p, j) => words[i + j] === p)) ||
      (n === 1 && pairs.includes(phrase.stems[0] ?? ""))
    const apart = n > 1 && phrase.stems.every((p) => words.includes(p))
    const score = inOrder ? 2 * n : apart ? 2 * n - 1 : 0
    if (score > 0 && (best === undefined || score > best.score)) best = { service: phrase.service, score }
  }
  return best?.service
}

const notServices = new Set([
  "availability",
  "anything",
  "opening",
  "openings",
  "space",
  "room",
  "appointment",
  "booking",
  "reservation",
  "time",
  "slot",
  "spot",
  "something",
  "question",
  "day",
  "minute",
  "second",
  "person",
  "human",
  "number",
  "message",
  "call",
  "look",
  "quick",
  "new",
])

const findUnknownService = (s: string, asking: UnderstandingContext["asking"]): string | undefined => {
  const m =
    /\bdo you (?:guys )?(?:do|offer|have)\s+(?:any\s+)?([a-z]+(?: [a-z]+)?)/.exec(s) ??
    /\b(?:get|book|want|need|like|have|do|schedule|for|about|interested in)\s+(?:a|an|some|my|the)\s+([a-z]+(?: [a-z]+)?)/.exec(
      s,
    )
  const candidate =
    m?.[1] ??
    // A short answer to "what would you like to book?" names a service, even one we lack; a
    // question or "I don't know" does not.
    (asking === "service" &&
    s.split(" ").length <= 3 &&
    !/\b(?:what|which|how|don't|dont|not|know|sure|cheap|cheapest|options?|offer)\b/.test(s)
      ? s.replace(/^(?:i'd like|i want|i need|a|an|just|some)\s+/, "")
      : undefined)
  if (candidate === undefined) return undefined
  const first = candidate.split(" ")[0] ?? ""
  if (notServices.has(first) || notServices.has(stem(first)) || /\d/.test(candidate)) return undefined
  const words = candidate.split(" ").filter((w) => !notServices.has(w) && !stopwords.has(w))
  return words.length === 0 ? undefined : words.join(" ")
}

// ---------------------------------------------------------------------------------------------
// Names

const stopwords = new Set(
  `a an the and or but so for to of on at in by with from about calling call looking want wanted would like need i i'd
  i'm im me my we our you your it it's its this that is was be can could may might will just here there yes yeah no
  not please thanks thank hi hello hey good morning afternoon evening book booking appointment haircut today tomorrow
  monday tuesday wednesday thursday friday saturday sunday next week um uh well okay ok sure actually gonna going get
  trying try hoping wondering interested do does did have has had make schedule set up cancel reschedule speak talk
  person someone human what when how who why the sorry um calling ringing still again also really oh yep nope calling
  hair color trim cut open hours free available january february march april may june july august september
  october november december noon midnight tonight wrong right correct incorrect fine good great perfect`.split(/\s+/),
)

const nameWord = /^[A-Za-zÀ-ÖØ-öø-ÿ][A-Za-zÀ-ÖØ-öø-ÿ'.-]*$/

/** Leading words that look like a name: "Ana Ruiz, can I…" → "Ana Ruiz". */
const takeName = (fragment: string, requireCapital: boolean): string | undefined => {
  const words: Array<string> = []
  for (const raw of fragment.trim().split(/\s+/)) {
    const word = raw.replace(/[,.!?;:]+$/, "")
    if (!nameWord.test(word) || stopwords.has(word.toLowerCase())) break
    if (requireCapital && !/^[A-ZÀ-Ö]/.test(word)) break
    words.push(word)
    if (/[,.!?;]$/.test(raw) || words.length === 4) break
  }
  return words.length === 0 ? undefined : words.join(" ")
}

const findName = (cleaned: string, asking: UnderstandingContext["asking"]): string | undefined => {
  const explicit =
    /\b(?:my name is|my name's|name is|name's|the name is|name to|name should be|put it under|book it under|under the name|under)\s+(.+)/i.exec(
      cleaned,
    )
  if (explicit?.[1]) {
    const name = takeName(explicit[1], false)
    if (name) return name
  }
  const introduced = /\b(?:this is|it's|it is|i'm|i am)\s+(.+)/i.exec(cleaned)
  if (introduced?.[1]) {
    const name = takeName(introduced[1], asking !== "name")
    if (name) return name
  }
  const here = /^(?:(?:[Hh]i|[Hh]ello|[Hh]ey|[Yy]eah|[Yy]es)[,\s]+)?([A-Z][\w'-]+(?: [A-Z][\w'-]+)?) here\b/.exec(
    cleaned,
  )
  if (here?.[1] && !stopwords.has(here[1].toLowerCase())) return here[1]
  // "a haircut for Kim on Friday": only a capitalised word after "for" is taken as a name.
  const forName = /\bfor ([A-Z][a-z'-]+(?: [A-Z][a-z'-]+)?)/.exec(cleaned)
  if (forName?.[1]) {
    const name = takeName(forName[1], true)
    if (name) return name
  }
  if (asking === "name") {
    const bare = cleaned
      .replace(/^[\s,]*(?:(?:yes|yeah|sure|ok|okay|oh|so|well|hi|it's|its|that's|that would be|that'd be)[,\s]+)*/i, "")
      .replace(/[,\s]*(?:thanks|thank you|please)[.!\s]*$/i, "")
    return takeName(bare, false)
  }
  return undefined
}

// ---------------------------------------------------------------------------------------------
// Phone numbers

const phoneDigitWords: Record<string, string> = {
  zero: "0",
  oh: "0",
  o: "0",
  one: "1",
  two: "2",
  three: "3",
  four: "4",
  for: "4",
  five: "5",
  six: "6",
  seven: "7",
  eight: "8",
  nine: "9",
}

const findPhone = (utterance: string, asking: UnderstandingContext["asking"]): string | undefined => {
  const lower = utterance.toLowerCase()
  if (asking !== "phone" && asking !== "phone_confirm" && !/\b(?:number|phone|cell|mobile|reach me)\b/.test(lower)) {
    return undefined
  }
  const spelled = lower
    .replace(/\b(double|triple) (\w+)/g, (_, times: string, w: string) => {
      const d = phoneDigitWords[w] ?? (/^\d$/.test(w) ? w : undefined)
      return d === undefined ? w : d.repeat(times === "double" ? 2 : 3)
    })
    .replace(/\b(zero|oh|o|one|two|three|four|five|six|seven|eight|nine)\b/g, (w) => phoneDigitWords[w] ?? w)
  const plus = /\+\s*\d/.test(spelled) ? "+" : ""
  const digits = spelled.replace(/\D/g, "")
  return digits.length >= 7 && digits.length <= 15 ? plus + digits : undefined
}

// ---------------------------------------------------------------------------------------------
// Intents

const has = (re: RegExp, s: string) => re.test(s)

// Naming a role is enough ("operator", "a real person"); "someone" needs a verb of talking, or
// "I want someone to do my color" would end up on hold.
const humanRe =
  /\b(?:human|real person|live person|actual person|representative|receptionist|operator)\b|\b(?:talk|speak|connect me|transfer me|put me through|get me)\b.*\b(?:someone|somebody|a person|the owner|the manager|a manager|staff|anyone|a human)\b|\b(?:someone|somebody|anyone|a person)\b.*\b(?:talk|speak)\b/
const cancelRe =
  /\b(?:cancel(?:l?ing|l?ed)?|call off)\b.*\b(?:appointment|booking|reservation|haircut|it|mine)\b|\bcan't make (?:it|my)\b|\bcancel my\b/
const rescheduleRe =
  /\b(?:reschedule|re-schedule|move my|change my (?:appointment|booking|time)|push (?:back )?my|different time for my)\b/
const hoursRe =
  /\b(?:your hours|opening hours|business hours|what hours|are you open|you guys open|when do you (?:open|close)|what time do you (?:open|close)|when are you open|how late|open (?:on|today|tomorrow|this|until|till)|close today|closing time|opening times)\b|\b(?:what times?|which times?|what|anything) (?:do you have|have you got|is (?:available|free|open)|are (?:available|free|open)|you have)\b|\bwhat's (?:available|free|open)\b|\bwhen are you free\b/
const repeatRe =
  /\b(?:repeat|say (?:that|it) again|come again|pardon|what was that|didn't (?:catch|hear|get) that|one more time|say again|what did you say)\b|^(?:sorry|what|huh|excuse me)$/
const yesRe =
  /^(?:yes|yeah|yea|yep|yup|ya|yah|sure|correct|right|ok|okay|perfect|great|absolutely|definitely|certainly|please|uh huh|mhm|mm hmm|alright|all right|fine|exactly|of course|affirmative|good|sounds good|that works|go ahead|do it|book it)\b|\b(?:that's right|that is right|that's correct|sounds good|sounds great|go ahead|book it|that works|works for me|that's perfect|that's fine|yes please|please do|let's do it|perfect|that'll work|that would work)\b/
const noRe =
  /^(?:no|nope|nah|not really|negative|wrong|incorrect|actually|wait|hold on|change)\b|\b(?:that's (?:not|wrong)|that is not|not right|not correct|doesn't work|won't work|can't do|no thanks|no thank you|not quite|none of (?:those|them|these)|neither)\b/
const bookRe =
  /\bdo you (?:guys )?(?:do|offer)\b|\b(?:book|booking|appointment|schedule|reserve|reservation|come in|get (?:a|an|my|in)|i'd like|i would like|i want|i need|looking for|available|availability|opening|slot)\b/

const alternativeRe =
  /\b(?:the )?(1st|2nd|3rd|last|earlier|earliest|later|latest|first|second|third)(?: one| option| time| slot)?\b/

/** Offers are listed best first, so "the earliest" is found by time, "the second" by position. */
const alternativeIndex = (s: string, alternatives: ReadonlyArray<DateTime.Utc>): number | undefined => {
  const m = alternativeRe.exec(s)
  if (!m) return undefined
  const word = m[1]
  const count = alternatives.length
  const byTime = alternatives.map((a, i) => [DateTime.toEpochMillis(a), i] as const).sort((a, b) => a[0] - b[0])
  const index =
    word === "earlier" || word === "earliest"
      ? byTime[0]?.[1]
      : word === "later" || word === "latest"
        ? byTime[byTime.length - 1]?.[1]
        : word === "1st" || word === "first"
          ? 0
          : word === "2nd" || word === "second"
            ? 1
            : word === "3rd" || word === "third"
              ? 2
              : count - 1
  return index !== undefined && index < count ? index : undefined
}

// ---------------------------------------------------------------------------------------------

/** Yes/no questions, where a lone 1 or 2 is the keypad answer the prompt's caller may press. */
const yesNoQuestions: ReadonlySet<UnderstandingContext["asking"]> = new Set([
  "confirm",
  "phone_confirm",
  "cancel_confirm",
])

export const interpret = (utterance: string, context: UnderstandingContext): Interpretation => {
  const key = /^\s*([12])\s*$/.exec(utterance)?.[1]
  if (key !== undefined && yesNoQuestions.has(context.asking)) {
    return new Interpretation({ intent: key === "1" ? "yes" : "no", slots: {}, text: utterance.trim() })
  }
  const cleaned = utterance
    .replace(/\b(?:u+h+|u+m+|uhm|e+r+m*|hmm+)\b[,.]?/gi, " ")
    .replace(/\s+/g, " ")
    .trim()
  const s = normalize(utterance)
  const now = localNow(context)
  const today: LocalDate = { year: now.year, month: now.month, day: now.day }
  const asking = context.asking
  const slots: { -readonly [K in keyof Slots]: Slots[K] } = {}

  // Offered choices first: "the second one" must not become "the 2nd of the month".
  let rest = s
  if (context.alternatives.length > 0) {
    const index = alternativeIndex(s, context.alternatives)
    const ordinalAllowed =
      asking === "alternative" || /\b(?:one|option|slot)\b/.test(s) || /\b(?:earlier|later|last)\b/.test(s)
    if (index !== undefined && ordinalAllowed) {
      slots.alternative = index
      rest = s.replace(alternativeRe, " ")
    }
  }

  const phone = findPhone(utterance, asking)
  if (phone !== undefined) slots.phone = phone

  if (phone === undefined) {
    const partOfDay = partOfDayIn(rest)
    let times = findTimes(rest)
    // A bare "4" or "3 30" answers a question about the time.
    const timeish = asking === "time" || asking === "alternative" || asking === "confirm" || asking === "date"
    if (times.length === 0 && timeish) {
      const bare =
        /^(?:(?:ok|okay|yeah|yes|no|so|well|then|hmm|actually|let's|lets|make it|how about|can we do|could we do|what about|do|maybe|just)\s+)*(\d{1,2})(?: (\d{2}))?(?: (am|pm))?(?:\s+(?:then|instead|please|works|is fine|is good|would be better|would be great|would work|is better|ok|okay|o'clock|ish|or so))*$/.exec(
          rest,
        )
      if (bare) {
        const hour = Number(bare[1])
        const minute = bare[2] === undefined ? 0 : Number(bare[2])
        if (hour <= 12 && minute <= 59) {
          times = [{ ...withMeridiem(hour, minute, bare[3]), start: 0, end: rest.length }]
        }
      }
    }
    let dateSource = rest
    for (const hit of [...times].reverse())
      dateSource = `${dateSource.slice(0, hit.start)} ${dateSource.slice(hit.end)}`
    const dateHit = findDate(dateSource, today, now)
    const when: { -readonly [K in keyof When]: When[K] } = {}
    if (dateHit) {
      when.date = dateHit.date
      if (dateHit.past) when.past = true
    }
    const firstTime = times[0]
    if (firstTime) {
      when.time = resolveMeridiem(firstTime, partOfDay, dateHit?.date ?? context.date, context)
    } else if (partOfDay) {
      when.partOfDay = partOfDay
    }
    if (when.date !== undefined || when.time !== undefined || when.partOfDay !== undefined) slots.when = when

    if (slots.alternative === undefined && when.time !== undefined && context.alternatives.length > 0) {
      const tz = DateTime.zoneUnsafeMakeNamed(context.business.timezone)
      const index = context.alternatives.findIndex((alt) => {
        const p = DateTime.toParts(DateTime.setZone(alt, tz))
        const sameDay =
          when.date === undefined ||
          (p.year === when.date.year && p.month === when.date.month && p.day === when.date.day)
        return sameDay && p.hours === when.time?.hour && p.minutes === when.time.minute
      })
      if (index >= 0) slots.alternative = index
    }
  }

  const service = findService(s, context.business)
  if (service !== undefined) slots.service = service

  const isHuman = has(humanRe, s)
  // At a read-back "no, cancel that" takes back the answer; elsewhere "cancel" means the booking.
  const isCancel =
    has(cancelRe, s) ||
    (asking !== "confirm" && asking !== "alternative" && asking !== "phone_confirm" && /\bcancel(?:l?ing)?\b/.test(s))
  const isReschedule = has(rescheduleRe, s)
  const isHours = (has(hoursRe, s) || /^(?:hours|what are your hours)$/.test(s)) && slots.when?.time === undefined
  const isRepeat = has(repeatRe, s)
  const isNo = has(noRe, s)
  const isYes = !isNo && has(yesRe, s)
  // "Yeah hi, I need a haircut…" opens a request; it is not agreeing to anything.
  const openingYes =
    asking === "anything" || asking === "service" || asking === "date" || asking === "time" || asking === "name"

  if (service === undefined && !isHuman && !isCancel && !isHours && !isRepeat) {
    const unknown = findUnknownService(s, isYes || isNo ? "anything" : asking)
    if (unknown !== undefined && (asking === "service" || has(bookRe, s))) slots.unknownService = unknown
  }

  if (!isHuman && !isCancel && !isReschedule && !isHours) {
    const name = findName(cleaned, asking)
    if (
      name !== undefined &&
      slots.phone === undefined &&
      (asking === "name" || name.toLowerCase() !== service?.toLowerCase())
    ) {
      slots.name = name
    }
  }

  const intent: Intent = isHuman
    ? "human"
    : isCancel
      ? "cancel"
      : isReschedule
        ? "reschedule"
        : isHours && slots.service === undefined
          ? "hours"
          : isRepeat && Object.keys(slots).length === 0
            ? "repeat"
            : slots.alternative !== undefined && !isNo
              ? "choose_alternative"
              : isNo
                ? "no"
                : isYes && !(openingYes && (has(bookRe, s) || Object.keys(slots).length > 0))
                  ? "yes"
                  : has(bookRe, s) || Object.keys(slots).length > 0
                    ? "book"
                    : "unknown"

  return new Interpretation({ intent, slots, text: cleaned })
}

export const make: Effect.Effect<typeof Understanding.Service> = Effect.succeed(
  Understanding.of({ interpret: (utterance, context) => Effect.sync(() => interpret(utterance, context)) }),
)

export const layer: Layer.Layer<Understanding> = Layer.effect(Understanding, make)
