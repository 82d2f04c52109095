import { Business } from "@frontdesk/domain/model/Business"
import { addDays, dayNumber, type LocalDate, localDateOf, weekdayOf } from "@frontdesk/domain/model/LocalDate"
import { DateTime, FastCheck, Schema } from "effect"

/**
 * A seeded grammar of booking requests: day forms × time forms × fillers × slot orders × service
 * and name placements, in several zones and on both DST change days. Each utterance is made
 * the other way round from how it is read: the generator first picks the answer (a day some
 * number of days from today, a clock time, a service, a name) and then says it in one of the
 * ways a caller would, so the expected answer never comes from the parser's own rules.
 */

export interface Scene {
  readonly label: string
  readonly business: Business
  readonly now: DateTime.Utc
  readonly today: LocalDate
}

const businessIn = (timezone: string): Business =>
  Schema.decodeUnknownSync(Business)({
    id: `biz_${timezone.replace(/\W/g, "_").toLowerCase()}`,
    name: "Grammar Salon",
    timezone,
    phoneNumbers: ["+15550100009"],
    services: [
      { name: "Haircut", durationMinutes: 45, aliases: ["cut", "trim", "hair cut"] },
      { name: "Color", durationMinutes: 90, aliases: ["colour", "dye", "highlights"] },
      { name: "Beard Trim", durationMinutes: 20, aliases: ["beard", "shave"] },
      { name: "Blowout", durationMinutes: 30, aliases: ["blow dry"] },
    ],
    hours: Object.fromEntries(["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map((d) => [d, [["06:00", "23:00"]]])),
  })

const scene = (timezone: string, localIso: string, label: string): Scene => {
  const zone = DateTime.zoneUnsafeMakeNamed(timezone)
  const now = DateTime.toUtc(DateTime.unsafeMakeZoned(localIso, { timeZone: zone, adjustForTimeZone: true }))
  return { label, business: businessIn(timezone), now, today: localDateOf(now, zone) }
}

/** Late evenings too: there the UTC date is already tomorrow (or still yesterday). */
export const scenes: ReadonlyArray<Scene> = [
  scene("America/New_York", "2026-11-24T10:00:00", "New York, a Tuesday"),
  scene("America/New_York", "2026-03-07T22:30:00", "New York, the eve of spring forward"),
  scene("America/New_York", "2026-03-08T09:00:00", "New York, spring forward day"),
  scene("America/New_York", "2026-10-31T23:15:00", "New York, the eve of fall back"),
  scene("America/New_York", "2026-11-01T08:00:00", "New York, fall back day"),
  scene("America/Los_Angeles", "2026-12-30T20:45:00", "Los Angeles, year end"),
  scene("Europe/London", "2026-03-29T08:00:00", "London, spring forward day"),
  scene("Europe/London", "2026-10-25T07:30:00", "London, fall back day"),
  scene("Australia/Sydney", "2026-04-05T09:00:00", "Sydney, DST ends"),
  scene("Australia/Sydney", "2026-10-04T10:00:00", "Sydney, DST starts"),
  scene("Australia/Sydney", "2026-12-31T21:00:00", "Sydney, New Year's Eve"),
  scene("Asia/Tokyo", "2026-02-27T18:00:00", "Tokyo, end of February"),
]

// ---------------------------------------------------------------------------------------------
// Words

const weekdayNames: Record<string, string> = {
  sun: "Sunday",
  mon: "Monday",
  tue: "Tuesday",
  wed: "Wednesday",
  thu: "Thursday",
  fri: "Friday",
  sat: "Saturday",
}
const monthNames = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
]
const monthShort = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
const units = ["", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"]
const teens = ["thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"]
const ordinalUnits = [
  "",
  "first",
  "second",
  "third",
  "fourth",
  "fifth",
  "sixth",
  "seventh",
  "eighth",
  "ninth",
  "tenth",
  "eleventh",
  "twelfth",
  "thirteenth",
  "fourteenth",
  "fifteenth",
  "sixteenth",
  "seventeenth",
  "eighteenth",
  "nineteenth",
]

const ordinalDigits = (n: number): string => {
  const teen = n % 100 >= 11 && n % 100 <= 13
  return `${n}${teen ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th")}`
}
const ordinalWords = (n: number): string => {
  if (n < 20) return ordinalUnits[n] ?? ""
  if (n === 20) return "twentieth"
  if (n === 30) return "thirtieth"
  return `${n < 30 ? "twenty" : "thirty"} ${ordinalUnits[n % 10]}`
}
const numberWords = (n: number): string => {
  if (n <= 12) return units[n] ?? ""
  if (n < 20) return teens[n - 13] ?? ""
  const tens = ["", "", "twenty", "thirty", "forty", "fifty"][Math.floor(n / 10)] ?? ""
  return n % 10 === 0 ? tens : `${tens} ${units[n % 10]}`
}

const pad = (n: number) => String(n).padStart(2, "0")
export const isoDate = (d: LocalDate): string => `${d.year}-${pad(d.month)}-${pad(d.day)}`

// ---------------------------------------------------------------------------------------------
// Days: pick how far from today, then say it

export interface Said {
  readonly say: string
  readonly form: string
}
interface DaySaid extends Said {
  readonly date: LocalDate
}

const jsDay = (d: LocalDate) => ["sun", "mon", "tue", "wed", "thu", "fri", "sat"].indexOf(weekdayOf(d))
const weekdayName = (d: LocalDate) => weekdayNames[weekdayOf(d)] ?? ""
const dayNumberSaid = (day: number, words: boolean) => (words ? ordinalWords(day) : ordinalDigits(day))

type DayForm = (today: LocalDate, pick: number, variant: number, usFirst: boolean) => DaySaid | undefined

const inDays = (today: LocalDate, k: number) => addDays(today, k)

const dayForms: Record<string, DayForm> = {
  tomorrow: (t) => ({ say: "tomorrow", date: inDays(t, 1), form: "tomorrow" }),
  "day after tomorrow": (t, _, v) => ({
    say: v % 2 === 0 ? "the day after tomorrow" : "day after tomorrow",
    date: inDays(t, 2),
    form: "day after tomorrow",
  }),
  weekday: (t, pick, v) => {
    const date = inDays(t, 1 + (pick % 6))
    return { say: `${["on ", "", "this "][v % 3]}${weekdayName(date)}`, date, form: "weekday" }
  },
  "next weekday": (t, pick) => {
    // Documented rule: the first such weekday at least three days away.
    const date = inDays(t, 3 + (pick % 7))
    return { say: `next ${weekdayName(date)}`, date, form: "next weekday" }
  },
  "this coming weekday": (t, pick) => {
    const date = inDays(t, 1 + (pick % 7))
    return { say: `this coming ${weekdayName(date)}`, date, form: "this coming weekday" }
  },
  "weekday after next": (t, pick, v) => {
    const date = inDays(t, 8 + (pick % 7))
    return {
      say: v % 2 === 0 ? `${weekdayName(date)} after next` : `the ${weekdayName(date)} after next`,
      date,
      form: "weekday after next",
    }
  },
  "a week from weekday": (t, pick) => {
    const date = inDays(t, 8 + (pick % 6))
    return { say: `a week from ${weekdayName(date)}`, date, form: "a week from weekday" }
  },
  "n weekdays from now": (t, pick, v) => {
    const n = 2 + (v % 3)
    const date = inDays(t, 1 + (pick % 7) + 7 * (n - 1))
    return { say: `${numberWords(n)} ${weekdayName(date)}s from now`, date, form: "n weekdays from now" }
  },
  "in n weeks": (t, _, v) => {
    const n = 1 + (v % 4)
    return { say: n === 1 ? "in a week" : `in ${numberWords(n)} weeks`, date: inDays(t, 7 * n), form: "in n weeks" }
  },
  "month day": (t, pick, v) => {
    const date = inDays(t, 1 + (pick % 150))
    const month = v % 3 === 0 ? monthShort[date.month - 1] : monthNames[date.month - 1]
    const day = [String(date.day), ordinalDigits(date.day), ordinalWords(date.day)][v % 3]
    return { say: `${v % 2 === 0 ? "on " : ""}${month} ${day}${v % 4 === 1 ? "," : ""}`, date, form: "month day" }
  },
  "day of month": (t, pick, v) => {
    const date = inDays(t, 1 + (pick % 150))
    const day = dayNumberSaid(date.day, v % 2 === 1)
    const say = [
      `the ${day} of ${monthNames[date.month - 1]}`,
      `${day} ${monthNames[date.month - 1]}`,
      `on the ${day} of ${monthNames[date.month - 1]}`,
    ][v % 3]
    return { say: say ?? "", date, form: "day of month" }
  },
  "weekday the nth": (t, pick, v) => {
    const date = inDays(t, 1 + (pick % 25))
    const say =
      v % 3 === 2
        ? `${weekdayName(date)}, ${monthNames[date.month - 1]} ${ordinalDigits(date.day)}`
        : `${v % 2 === 0 ? "on " : ""}${weekdayName(date)} the ${dayNumberSaid(date.day, v % 3 === 1)}`
    return { say, date, form: "weekday the nth" }
  },
  "nth weekday of month": (t, pick, v) => {
    const ahead = 1 + (pick % 5)
    const month0 = t.month - 1 + ahead
    const year = t.year + Math.floor(month0 / 12)
    const month = (month0 % 12) + 1
    const weekday = v % 7
    const matching: Array<LocalDate> = []
    for (let day = 1; day <= 31; day++) {
      const d = { year, month, day }
      if (isoDate(addDays(d, 0)) === isoDate(d) && addDays(d, 0).month === month && jsDay(d) === weekday)
        matching.push(d)
    }
    const nth = v % 5
    const date = nth === 4 ? matching[matching.length - 1] : matching[nth]
    if (date === undefined) return undefined
    const ord = nth === 4 ? "last" : ["first", "second", "third", "fourth"][nth]
    const of = ahead === 1 && v % 2 === 0 ? "next month" : monthNames[month - 1]
    return { say: `the ${ord} ${weekdayName(date)} of ${of}`, date, form: "nth weekday of month" }
  },
  "the nth": (t, pick, v) => {
    const date = inDays(t, 1 + (pick % 25))
    return { say: `${v % 2 === 0 ? "on " : ""}the ${dayNumberSaid(date.day, v % 3 === 1)}`, date, form: "the nth" }
  },
  "corrected day": (t, pick, v) => {
    // Said one day, then the right one: the second counts.
    const wrong = inDays(t, 1 + ((pick + 3) % 6))
    const date = inDays(t, 1 + (pick % 6))
    if (isoDate(wrong) === isoDate(date)) return undefined
    const marker = [", no wait,", " — no,", ", sorry, I mean", ", no sorry,", ", actually,"][v % 5]
    return { say: `on ${weekdayName(wrong)}${marker} ${weekdayName(date)}`, date, form: "corrected day" }
  },
  numeric: (t, pick, _, usFirst) => {
    const date = inDays(t, 1 + (pick % 150))
    return { say: usFirst ? `${date.month}/${date.day}` : `${date.day}/${date.month}`, date, form: "numeric" }
  },
}
export const dayFormNames = Object.keys(dayForms)

// ---------------------------------------------------------------------------------------------
// Times: pick the clock time, then say it unambiguously

interface TimeSaid extends Said {
  readonly time: string
}

const h12 = (h: number) => (h % 12 === 0 ? 12 : h % 12)
const qualifier = (h: number, v: number): string => {
  if (v % 3 === 0) return h < 12 ? "am" : "pm"
  if (v % 3 === 1) return h < 12 ? "a.m." : "p.m."
  return h < 12 ? "in the morning" : h < 17 ? "in the afternoon" : "in the evening"
}

type TimeForm = (hour: number, v: number) => TimeSaid | undefined

const clock = (h: number, m: number) => `${pad(h)}:${pad(m)}`

/** Hours a salon is asked for: 7 AM to 9 PM. */
const timeForms: Record<string, TimeForm> = {
  "hour with am/pm": (h, v) => ({ say: `at ${h12(h)} ${qualifier(h, v)}`, time: clock(h, 0), form: "hour with am/pm" }),
  "hour and minutes": (h, v) => {
    const m = [15, 30, 45, 20, 10, 40, 5][v % 7] ?? 30
    const spoken =
      v % 2 === 0 ? `${h12(h)}:${pad(m)}` : `${numberWords(h12(h))} ${m === 5 ? "oh five" : numberWords(m)}`
    return { say: `at ${spoken} ${qualifier(h, Math.floor(v / 2))}`, time: clock(h, m), form: "hour and minutes" }
  },
  "o'clock": (h, v) => ({
    say: `at ${v % 2 === 0 ? numberWords(h12(h)) : h12(h)} o'clock ${h < 12 ? "in the morning" : h < 17 ? "in the afternoon" : "in the evening"}`,
    time: clock(h, 0),
    form: "o'clock",
  }),
  "half past": (h, v) => ({
    say: `at half past ${numberWords(h12(h))} ${qualifier(h, v)}`,
    time: clock(h, 30),
    form: "half past",
  }),
  "quarter past/to": (h, v) => {
    const to = v % 2 === 1
    const said = to ? h + 1 : h
    if (said > 21) return undefined
    return {
      say: `at ${v % 4 < 2 ? "a " : ""}quarter ${to ? "to" : "past"} ${numberWords(h12(said))} ${qualifier(h, Math.floor(v / 2))}`,
      time: clock(h, to ? 45 : 15),
      form: "quarter past/to",
    }
  },
  "minutes to": (h, v) => {
    const m = [10, 20, 5][v % 3] ?? 10
    return {
      say: `at ${numberWords(m)} to ${numberWords(h12(h + 1))} ${qualifier(h, v)}`,
      time: clock(h, 60 - m),
      form: "minutes to",
    }
  },
  "around / ish": (h, v) => ({
    say:
      v % 2 === 0
        ? `around ${h12(h)} ${qualifier(h, v)}`
        : `at ${h12(h)}ish ${h < 12 ? "in the morning" : "in the afternoon"}`,
    time: clock(h, 0),
    form: "around / ish",
  }),
  "corrected time": (h, v) => {
    const wrong = h === 20 ? 19 : h + 1
    const marker = [", no wait,", ", sorry,", ", I mean"][v % 3]
    return {
      say: `at ${h12(wrong)} ${qualifier(wrong, v)}${marker} ${h12(h)} ${qualifier(h, v)}`,
      time: clock(h, 0),
      form: "corrected time",
    }
  },
  noon: (_, v) => ({ say: ["at noon", "around noon", "at 12 noon"][v % 3] ?? "", time: "12:00", form: "noon" }),
  "quarter past noon": () => ({ say: "at a quarter past noon", time: "12:15", form: "quarter past noon" }),
}
export const timeFormNames = Object.keys(timeForms)

// ---------------------------------------------------------------------------------------------
// Services, names, fillers

const services: ReadonlyArray<readonly [string, string]> = [
  ["haircut", "Haircut"],
  ["cut", "Haircut"],
  ["trim", "Haircut"],
  ["hair cut", "Haircut"],
  ["color", "Color"],
  ["colour", "Color"],
  ["highlights", "Color"],
  ["beard trim", "Beard Trim"],
  ["shave", "Beard Trim"],
  ["blowout", "Blowout"],
  ["blow dry", "Blowout"],
]

const names: ReadonlyArray<string> = [
  "Ana Ruiz",
  "Hana Sato",
  "Aisha Bello",
  "Siobhan Kelly",
  "Maria de la Cruz",
  "Sean O'Neill",
  "D'Angelo Brooks",
  "Tom Baker",
  "Priya Raman",
  "Kwame Mensah",
  "Anne-Marie Dubois",
  "Ludwig van Beethoven",
  "José García",
  "Li Wei",
  "Rob Johnson",
]

const spelled = (word: string) => word.toUpperCase().split("").join(" ")

const namePlacements: ReadonlyArray<(name: string) => { readonly start?: string; readonly end?: string } | undefined> =
  [
    (n) => ({ start: `this is ${n},` }),
    (n) => ({ end: `, this is ${n}` }),
    (n) => ({ start: `my name is ${n} and` }),
    (n) => ({ end: `. My name's ${n}` }),
    (n) => ({ start: `${n} here,` }),
    (n) => ({ end: `, it's ${n}` }),
    (n) => {
      const [first, ...rest] = n.split(" ")
      if (first === undefined || !/^[A-Za-z]+$/.test(first) || rest.length === 0) return undefined
      return { start: `hi, it's ${first}, ${spelled(first)}, ${rest.join(" ")},` }
    },
  ]

const fillers = ["", "", "um", "uh", "like", "you know", "uh, like", "so", "I mean"]
const greetings = ["", "hi", "hello", "yeah hi", "hey there", "good morning"]

// ---------------------------------------------------------------------------------------------
// Composition

export interface Generated {
  readonly scene: string
  readonly say: string
  readonly dayForm: string
  readonly timeForm: string
  readonly order: string
  readonly expected: { readonly date: string; readonly time: string; readonly service: string; readonly name?: string }
  readonly business: Business
  readonly now: DateTime.Utc
}

const stutter = (phrase: string, on: boolean): string => {
  if (!on) return phrase
  const [first, ...rest] = phrase.split(" ")
  return first === undefined || first === "" ? phrase : [first, first, ...rest].join(" ")
}

const join = (parts: ReadonlyArray<string | undefined>) =>
  parts
    .filter((p): p is string => p !== undefined && p.length > 0)
    .join(" ")
    .replace(/\s+,/g, ",")
    .replace(/\s+\./g, ".")

const orders = [
  "service day time",
  "service time day",
  "day time service",
  "time day service",
  "visit day time for service",
]

export const generated: FastCheck.Arbitrary<Generated | undefined> = FastCheck.record({
  scene: FastCheck.nat(scenes.length - 1),
  dayForm: FastCheck.constantFrom(...dayFormNames),
  dayPick: FastCheck.nat(1000),
  dayVariant: FastCheck.nat(1000),
  timeForm: FastCheck.constantFrom(...timeFormNames),
  hour: FastCheck.integer({ min: 7, max: 20 }),
  timeVariant: FastCheck.nat(1000),
  service: FastCheck.nat(services.length - 1),
  name: FastCheck.option(FastCheck.nat(names.length - 1), { nil: undefined }),
  placement: FastCheck.nat(namePlacements.length - 1),
  order: FastCheck.nat(orders.length - 1),
  greeting: FastCheck.nat(greetings.length - 1),
  fill: FastCheck.tuple(FastCheck.nat(fillers.length - 1), FastCheck.nat(fillers.length - 1)),
  stutter: FastCheck.nat(7),
}).map((g) => {
  const scene = scenes[g.scene]
  if (scene === undefined) return undefined
  const usFirst = scene.business.timezone.startsWith("America/")
  const day = dayForms[g.dayForm]?.(scene.today, g.dayPick, g.dayVariant, usFirst)
  const time = timeForms[g.timeForm]?.(g.hour, g.timeVariant)
  const [serviceSaid, service] = services[g.service] ?? ["haircut", "Haircut"]
  if (day === undefined || time === undefined || dayNumber(day.date) <= dayNumber(scene.today)) return undefined
  const name = g.name === undefined ? undefined : names[g.name]
  const placed = name === undefined ? {} : (namePlacements[g.placement]?.(name) ?? undefined)
  if (name !== undefined && placed === undefined) return undefined
  const f0 = fillers[g.fill[0]]
  const f1 = fillers[g.fill[1]]
  const article =
    /^[aeiou]/.test(serviceSaid) || serviceSaid === "highlights" ? (serviceSaid === "highlights" ? "some" : "an") : "a"
  const ask = stutter(
    ["can I get", "I'd like to book", "I need", "could I book"][g.dayVariant % 4] ?? "",
    g.stutter === 0,
  )
  const order = orders[g.order] ?? "service day time"
  const body =
    order === "service day time"
      ? [ask, article, serviceSaid, f0, day.say, f1, time.say]
      : order === "service time day"
        ? [ask, article, serviceSaid, f0, time.say, f1, stutter(day.say, g.stutter === 1)]
        : order === "day time service"
          ? [day.say, f0, time.say, ",", f1, ask, article, serviceSaid]
          : order === "time day service"
            ? [time.say, day.say, ",", f0, ask, article, serviceSaid]
            : ["can you fit me in", day.say, f0, time.say, f1, "for", article, serviceSaid]
  const say = join([greetings[g.greeting] ? `${greetings[g.greeting]},` : "", placed?.start, ...body, placed?.end])
  return {
    scene: scene.label,
    say,
    dayForm: day.form,
    timeForm: time.form,
    order,
    expected: { date: isoDate(day.date), time: time.time, service, ...(name === undefined ? {} : { name }) },
    business: scene.business,
    now: scene.now,
  }
})

/** The same utterances on every run and machine. */
export const sample = (count: number, seed = 20261202): ReadonlyArray<Generated> =>
  FastCheck.sample(generated, { seed, numRuns: count * 2 })
    .filter((g): g is Generated => g !== undefined)
    .slice(0, count)
