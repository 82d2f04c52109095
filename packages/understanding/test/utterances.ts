import { FastCheck } from "effect"
import { salon } from "./business.js"

/**
 * Pieces of a booking request and what each piece means, to compose utterances nobody wrote
 * down: a stranger's phrasing rather than the corpus's. Dates are relative to the corpus's "now",
 * Tuesday, November 24th 2026, 10 AM in New York; times are ones the salon is open at.
 */

export interface Piece {
  readonly say: string
  readonly means: string
}

const piece = (say: string, means: string): Piece => ({ say, means })

/** Every configured name and alias of the test salon, meaning the service's name. */
export const servicePhrases: ReadonlyArray<Piece> = salon.services.flatMap((service) =>
  [service.name, ...service.aliases].map((phrase) => piece(phrase, service.name)),
)

export const datePhrases: ReadonlyArray<Piece> = [
  piece("tomorrow", "2026-11-25"),
  piece("on Friday", "2026-11-27"),
  piece("this Saturday", "2026-11-28"),
  piece("next Tuesday", "2026-12-01"),
  piece("on December 4th", "2026-12-04"),
  piece("the day after tomorrow", "2026-11-26"),
  piece("on the 12th", "2026-12-12"),
  piece("a week from today", "2026-12-01"),
  piece("Thursday", "2026-11-26"),
  // A weekday with a day of the month is the day of the month that falls on it, not the next Wednesday.
  piece("on Wednesday the 2nd", "2026-12-02"),
]

export const timePhrases: ReadonlyArray<Piece> = [
  piece("at 3 pm", "15:00"),
  piece("at 3:30 p.m.", "15:30"),
  piece("at 10 am", "10:00"),
  piece("at half past two", "14:30"),
  piece("around noon", "12:00"),
  piece("at quarter to four", "15:45"),
  piece("at eleven fifteen", "11:15"),
  piece("at 4 o'clock", "16:00"),
  piece("at two thirty", "14:30"),
  piece("at 9 in the morning", "09:00"),
]

export const namePhrases: ReadonlyArray<Piece> = [
  piece("this is Ana Ruiz", "Ana Ruiz"),
  piece("my name is Tom Baker", "Tom Baker"),
  piece("it's Priya", "Priya"),
]

export const openers = ["", "hi", "hello there", "yeah hi", "hey", "good morning", "good afternoon"]
/** Asking for the service first: "<request> <service> <date> <time>". */
export const requests = ["can I get a", "I'd like to book a", "I need a", "could I come in for a", "I want to book a"]
/** Asking for the time first: "<visit> <date> <time> for a <service>". */
export const visits = ["can I come in", "I'd like to come in", "is there room", "could you fit me in", "book me in"]
export const fillers = ["", "um", "uh", "like", "you know", "uh, like"]

export interface Composed {
  readonly say: string
  readonly service: string
  readonly date: string
  readonly time: string
  readonly name?: string
}

const join = (parts: ReadonlyArray<string>): string => parts.filter((p) => p.length > 0).join(" ")

/**
 * "[opener,] [name,] <request> <service> <filler> <date> <filler> <time>" or
 * "[opener,] [name,] <visit> <date> <filler> <time> <filler> for a <service>", date and time in either order.
 */
export const utteranceWith = (dates: ReadonlyArray<Piece>): FastCheck.Arbitrary<Composed> =>
  FastCheck.record({
    opener: FastCheck.constantFrom(...openers),
    name: FastCheck.option(FastCheck.constantFrom(...namePhrases), { nil: undefined }),
    serviceFirst: FastCheck.boolean(),
    request: FastCheck.constantFrom(...requests),
    visit: FastCheck.constantFrom(...visits),
    service: FastCheck.constantFrom(...servicePhrases),
    date: FastCheck.constantFrom(...dates),
    time: FastCheck.constantFrom(...timePhrases),
    timeFirst: FastCheck.boolean(),
    fill: FastCheck.tuple(FastCheck.constantFrom(...fillers), FastCheck.constantFrom(...fillers)),
  }).map(({ opener, name, serviceFirst, request, visit, service, date, time, timeFirst, fill }) => {
    const when = timeFirst ? [time.say, fill[1], date.say] : [date.say, fill[1], time.say]
    const greeting = join([opener, name?.say ?? ""])
    const ask = serviceFirst
      ? [request, service.say, fill[0], ...when]
      : [visit, ...when, fill[0], "for a", service.say]
    const say = join([greeting.length > 0 ? `${greeting},` : "", ...ask])
    return {
      say,
      service: service.means,
      date: date.means,
      time: time.means,
      ...(name === undefined ? {} : { name: name.means }),
    }
  })

export const utterance: FastCheck.Arbitrary<Composed> = utteranceWith(datePhrases)
