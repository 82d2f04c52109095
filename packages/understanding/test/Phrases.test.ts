import { describe, expect, it } from "@effect/vitest"
import type { Asking, Slots } from "@frontdesk/domain/ports/Understanding"
import { maxLength } from "@frontdesk/understanding/Normalise"
import { interpret } from "@frontdesk/understanding/RulesUnderstanding"
import type { DateTime } from "effect"
import { contextFor, local } from "./context.js"

/**
 * One named test per phrase family the rules hear (issue #11, item 1). "Now" is Tuesday,
 * November 24th 2026, 10 AM in New York unless a test says otherwise.
 */

const pad = (n: number) => String(n).padStart(2, "0")
const hhmm = (t: { hour: number; minute: number } | undefined) => t && `${pad(t.hour)}:${pad(t.minute)}`
const ymd = (d: { year: number; month: number; day: number } | undefined) =>
  d && `${d.year}-${pad(d.month)}-${pad(d.day)}`

const read = (say: string, asking: Asking = "anything", alternatives: ReadonlyArray<DateTime.Utc> = []) =>
  interpret(say, contextFor(asking, { alternatives }))

const when = (say: string, asking: Asking = "anything") => {
  const w = read(say, asking).slots.when
  return Object.fromEntries(
    Object.entries({
      date: ymd(w?.date),
      time: hhmm(w?.time),
      partOfDay: w?.partOfDay,
      after: hhmm(w?.after),
      before: hhmm(w?.before),
      through: ymd(w?.through),
      earliest: w?.earliest,
    }).filter(([, v]) => v !== undefined),
  )
}
const dayOf = (say: string) => when(say, "date").date

describe("days", () => {
  it("month and day, with or without ordinal and comma, either order", () => {
    for (const say of [
      "December 8",
      "Dec 8th,",
      "december eighth",
      "the 8th of December",
      "8th December",
      "December the 8th",
    ]) {
      expect(dayOf(say), say).toBe("2026-12-08")
    }
    expect(dayOf("on December 2 at 10 in the morning")).toBe("2026-12-02")
    expect(dayOf("December 4th, 2027")).toBe("2027-12-04")
  })

  it("weekday with a day of the month: the next such day that falls on that weekday", () => {
    expect(dayOf("Tuesday the 22nd")).toBe("2026-12-22")
    expect(dayOf("on Wednesday the 2nd")).toBe("2026-12-02")
    // No 2nd falls on a Friday soon: the day of the month wins over the weekday.
    expect(dayOf("Monday the 30th")).toBe("2026-11-30")
    expect(dayOf("Monday, December 7th")).toBe("2026-12-07")
  })

  it("relative days", () => {
    expect(dayOf("tomorrow")).toBe("2026-11-25")
    expect(dayOf("the day after tomorrow")).toBe("2026-11-26")
    expect(dayOf("this coming Monday")).toBe("2026-11-30")
    expect(dayOf("a week from Friday")).toBe("2026-12-04")
    expect(dayOf("Friday after next")).toBe("2026-12-04")
    expect(dayOf("in two weeks")).toBe("2026-12-08")
    expect(dayOf("three Fridays from now")).toBe("2026-12-11")
    expect(dayOf("the first Tuesday of next month")).toBe("2026-12-01")
    expect(dayOf("the first Tuesday of October")).toBe("2027-10-05")
    expect(dayOf("the last Friday of December")).toBe("2026-12-25")
    expect(dayOf("Friday next week")).toBe("2026-12-04")
  })

  it("holidays, short weekday names, a weekday inside a named week", () => {
    expect(dayOf("Christmas Eve")).toBe("2026-12-24")
    expect(dayOf("New Year's Day")).toBe("2027-01-01")
    expect(dayOf("next Sat")).toBe("2026-11-28")
    expect(dayOf("sometime next week, maybe Thursday")).toBe("2026-12-03")
    expect(when("the week after next")).toMatchObject({ date: "2026-12-07", through: "2026-12-13" })
  })

  it("next <weekday> is the first one at least three days away", () => {
    // Said on a Tuesday: this week's Friday, but next week's Wednesday and Tuesday.
    expect(dayOf("next Friday")).toBe("2026-11-27")
    expect(dayOf("next Wednesday")).toBe("2026-12-02")
    expect(dayOf("next Thursday")).toBe("2026-12-03")
    expect(dayOf("next Tuesday")).toBe("2026-12-01")
    expect(dayOf("next Monday")).toBe("2026-11-30")
  })

  it("spans for listing free times", () => {
    expect(when("anything this week")).toMatchObject({ date: "2026-11-24", through: "2026-11-29" })
    expect(when("what do you have next week")).toMatchObject({ date: "2026-11-30", through: "2026-12-06" })
    expect(when("this weekend")).toMatchObject({ date: "2026-11-28", through: "2026-11-29" })
  })
})

describe("times", () => {
  it("parts of the day with a time, and the day they imply", () => {
    expect(when("this afternoon at 3:20")).toEqual({ date: "2026-11-24", time: "15:20" })
    expect(when("tomorrow morning")).toEqual({ date: "2026-11-25", partOfDay: "morning" })
    expect(when("8 tonight")).toEqual({ date: "2026-11-24", time: "20:00" })
    expect(when("9 tomorrow")).toEqual({ date: "2026-11-25", time: "09:00" })
  })

  it("clock forms", () => {
    const time = (say: string) => when(say, "time").time
    expect(time("quarter past 8 pm")).toBe("20:15")
    expect(time("half past two in the afternoon")).toBe("14:30")
    expect(time("ten to five")).toBe("16:50")
    expect(time("five thirty")).toBe("17:30")
    expect(time("nine oh five")).toBe("09:05")
    expect(time("noon")).toBe("12:00")
    expect(time("at midnight")).toBe("00:00")
    expect(time("a quarter past noon")).toBe("12:15")
    expect(time("3ish")).toBe("15:00")
    expect(time("around 2")).toBe("14:00")
    expect(time("half ten")).toBe("10:30")
    expect(time("noonish")).toBe("12:00")
  })

  it("a quarter past noon is today's (or the named day's) 12:15, not a date months ahead", () => {
    expect(when("today at a quarter past noon")).toEqual({ date: "2026-11-24", time: "12:15" })
  })

  it("bounds: between, after, before", () => {
    expect(when("between 2 and 3")).toEqual({ after: "14:00", before: "15:00" })
    expect(when("anything after 4")).toEqual({ after: "16:00" })
    expect(when("Friday before noon")).toEqual({ date: "2026-11-27", before: "12:00" })
    expect(when("from 10 to noon on Saturday")).toEqual({ date: "2026-11-28", after: "10:00", before: "12:00" })
    expect(when("not before 10")).toEqual({ after: "10:00" })
    expect(read("no later than 3", "time")).toMatchObject({ intent: "book", slots: { when: { before: { hour: 15 } } } })
  })

  it("a time with a name after it keeps the time", () => {
    expect(read("a haircut Friday at 10, this is Hana Sato").slots).toMatchObject({
      name: "Hana Sato",
      when: { date: { day: 27 }, time: { hour: 10, minute: 0 } },
    })
  })
})

describe("fillers and disfluencies", () => {
  it("um, uh, like, you know and repeated words do not change what was asked", () => {
    const plain = read("I'd like a haircut on Friday at 3").slots
    for (const say of [
      "um, I'd like a haircut on Friday at 3",
      "uh, like, I'd like a, uh, haircut on on Friday at 3",
      "you know, I I'd like a haircut, like, on Friday at, um, 3",
    ]) {
      expect(read(say).slots, say).toEqual(plain)
    }
  })
})

describe("corrections inside an utterance", () => {
  it("a later day replaces an earlier one", () => {
    expect(when("December 15, no wait, sorry, December 16, at 3 p.m.")).toEqual({ date: "2026-12-16", time: "15:00" })
    expect(when("Friday — no, Saturday")).toEqual({ date: "2026-11-28" })
    expect(when("Friday at 3, I mean 4")).toEqual({ date: "2026-11-27", time: "16:00" })
  })

  it("a name or a service said again", () => {
    expect(read("sorry, I meant Rob Johnson", "confirm").slots.name).toBe("Rob Johnson")
    expect(read("actually make it a beard trim", "confirm").slots.service).toBe("Beard Trim")
    expect(read("a haircut, no wait, a blowout", "service").slots.service).toBe("Blowout")
  })
})

describe("names", () => {
  const name = (say: string, asking: Asking = "anything") => read(say, asking).slots.name
  it("anywhere in the sentence", () => {
    expect(name("Hi, this is Hana Sato, can I get a haircut")).toBe("Hana Sato")
    expect(name("can I get a haircut Friday at 3, this is Hana Sato")).toBe("Hana Sato")
    expect(name("Maria de la Cruz here, I need a cut")).toBe("Maria de la Cruz")
    expect(name("a blowout for Kim Lee on Friday")).toBe("Kim Lee")
  })

  it("spelled letter by letter", () => {
    expect(name("it's Aisha, A I S H A, Bello")).toBe("Aisha Bello")
    expect(name("Siobhan, S I O B H A N, Kelly", "name")).toBe("Siobhan Kelly")
    expect(name("it's Li, L I, Wei")).toBe("Li Wei")
    expect(name("A N A", "name")).toBe("Ana")
    // A spelling that differs from what was heard is the better record.
    expect(name("my name is Shivon, S I O B H A N, Kelly")).toBe("Siobhan Kelly")
  })

  it("particles and apostrophes", () => {
    expect(name("my name is Maria de la Cruz")).toBe("Maria de la Cruz")
    expect(name("this is Sean O'Neill")).toBe("Sean O'Neill")
    expect(name("it's D'Angelo")).toBe("D'Angelo")
    expect(name("this is Ludwig van Beethoven calling")).toBe("Ludwig van Beethoven")
  })

  it("a.m. and p.m. are not spelled names", () => {
    expect(read("at twenty to six p.m. a week from Sunday").slots.name).toBeUndefined()
  })
})

describe("phone numbers", () => {
  it("as words or digits", () => {
    expect(read("five five five, two one two, three four five six", "phone").slots.phone).toBe("5552123456")
    expect(read("my number is 555 212 3456").slots.phone).toBe("5552123456")
  })
})

describe("intents", () => {
  const intent = (say: string, asking: Asking = "anything") => read(say, asking).intent
  const slots = (say: string): Slots => read(say).slots

  it("availability, with what the caller bounded it by", () => {
    expect(read("what do you have on Friday?")).toMatchObject({
      intent: "availability",
      slots: { when: { date: { day: 27 } } },
    })
    expect(intent("what times are free tomorrow afternoon")).toBe("availability")
    expect(slots("what times are free tomorrow afternoon").when).toMatchObject({ partOfDay: "afternoon" })
    expect(intent("anything this week")).toBe("availability")
    expect(read("the earliest you have").slots.when).toEqual({ earliest: true })
    expect(intent("anything after 4")).toBe("availability")
    // A time named is a booking of that time.
    expect(intent("what do you have Friday at 3", "date")).toBe("book")
  })

  it("questions by topic, answered from the business profile", () => {
    expect(read("how much is a haircut?")).toMatchObject({
      intent: "question",
      slots: { topic: "price", service: "Haircut" },
    })
    expect(slots("where are you located").topic).toBe("location")
    expect(slots("what's the address").topic).toBe("location")
    expect(slots("is there parking nearby").topic).toBe("parking")
    expect(slots("what do you offer").topic).toBe("services")
    expect(read("do you do highlights?").slots).toMatchObject({ topic: "services", service: "Color" })
    expect(read("do you do nails?").slots).toMatchObject({ topic: "services", unknownService: "nails" })
    expect(slots("what's your cancellation policy").topic).toBe("policy")
    expect(read("do you sell gift cards?")).toMatchObject({ intent: "question", slots: { topic: "faq" } })
    expect(read("what are your hours")).toMatchObject({ intent: "hours", slots: { topic: "hours" } })
  })

  it("how much is a haircut is no booking", () => {
    expect(intent("how much is a haircut")).not.toBe("book")
  })

  it("leaving a message", () => {
    expect(intent("can I leave a message")).toBe("message")
    expect(intent("tell her I'll be late")).toBe("message")
    expect(intent("could you have the owner call me back")).toBe("message")
  })
})

describe("picking among offered times", () => {
  // Best first, as AvailabilityPolicy offers them: 4 PM, 3:30 PM, Saturday 10 AM.
  const offered = [local("2026-11-27T16:00:00"), local("2026-11-27T15:30:00"), local("2026-11-28T10:00:00")]
  const pick = (say: string, asking: Asking = "alternative") => read(say, asking, offered).slots.alternative

  it("by ordinal", () => {
    expect(pick("the second one")).toBe(1)
    expect(pick("the last one")).toBe(2)
    expect(pick("the first one")).toBe(0)
  })

  it("relatively", () => {
    expect(pick("the earlier one")).toBe(1)
    expect(pick("the later one")).toBe(2)
  })

  it("by time, also when the agent asked for something else", () => {
    expect(pick("how about 4 then?")).toBe(0)
    expect(pick("4 works")).toBe(0)
    expect(pick("3:30 p.m. then")).toBe(1)
    expect(pick("how about 3:30 then?", "time")).toBe(1)
    expect(read("the Saturday one", "alternative", offered).slots.alternative).toBe(2)
  })

  it("a time that was not offered stays a time", () => {
    const heard = read("how about 3 p.m. then?", "alternative", offered)
    expect(heard.slots.alternative).toBeUndefined()
    expect(heard.slots.when?.time).toEqual({ hour: 15, minute: 0 })
    expect(heard.intent).toBe("book")
  })

  it("first thing and last Friday are no picks", () => {
    expect(pick("first thing tomorrow")).toBeUndefined()
  })
})

describe("input size", () => {
  it("is capped, and the text kept is at most the cap", () => {
    const long = `${"I'd like a haircut on Friday at 3 please ".repeat(2000)}`
    const heard = read(long)
    expect(heard.text.length).toBeLessThanOrEqual(maxLength)
    expect(heard.slots.service).toBe("Haircut")
  })
})
