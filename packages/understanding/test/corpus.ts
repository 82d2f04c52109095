import type { Asking, Intent, PartOfDay } from "@frontdesk/domain/ports/Understanding"

/**
 * Utterances the way callers say them and the way Twilio's speech-to-text writes them down,
 * with what a receptionist would have understood. Unless a case says otherwise, "now" is
 * Tuesday, November 24th 2026, 10 AM in New York, and the agent has just said "How can I help?".
 *
 * Bella's hours (test/business.ts): closed Monday; Tue, Wed, Fri 9–5; Thu 9–8; Sat 10–4; Sun 11–4.
 */

export interface Expected {
  readonly intent: Intent
  readonly service?: string
  readonly name?: string
  /** Local date "YYYY-MM-DD" in the business zone. */
  readonly date?: string
  /** Local 24-hour "HH:MM". */
  readonly time?: string
  readonly partOfDay?: PartOfDay
  readonly past?: true
  /** Bounds of a search, local "HH:MM". */
  readonly after?: string
  readonly before?: string
  /** Last day of a span, "YYYY-MM-DD". */
  readonly through?: string
  readonly earliest?: true
  readonly topic?: "price" | "location" | "parking" | "services" | "hours" | "policy" | "faq"
  readonly phone?: string
  readonly alternative?: number
  readonly unknownService?: string
}

export interface Case {
  readonly say: string
  readonly expect: Expected
  readonly asking?: Asking
  /** Which fixed "now" to use. */
  readonly now?: "default" | "spring" | "fall"
  /** The agent just offered, in this order, Friday 4 PM, Friday 3:30 PM and Saturday 10 AM. */
  readonly offered?: true
}

const c = (say: string, expect: Expected, options: Omit<Case, "say" | "expect"> = {}): Case => ({
  say,
  expect,
  ...options,
})

const alt = (say: string, expect: Expected): Case => c(say, expect, { asking: "alternative", offered: true })

export const corpus: ReadonlyArray<Case> = [
  // --- booking, everything at once ------------------------------------------------------------
  c("Hi, it's Ana Ruiz, can I get a haircut Friday at 3?", {
    intent: "book",
    name: "Ana Ruiz",
    service: "Haircut",
    date: "2026-11-27",
    time: "15:00",
  }),
  c("hi um this is Maria Lopez I'd like to book a color for Thursday at 7", {
    intent: "book",
    name: "Maria Lopez",
    service: "Color",
    date: "2026-11-26",
    time: "19:00",
  }),
  c("Yeah hi, my name is John Smith and I need a haircut tomorrow at 10", {
    intent: "book",
    name: "John Smith",
    service: "Haircut",
    date: "2026-11-25",
    time: "10:00",
  }),
  c("Hey, Derek here, uh, can I come in for a beard trim Saturday around 11", {
    intent: "book",
    name: "Derek",
    service: "Beard Trim",
    date: "2026-11-28",
    time: "11:00",
  }),
  c("I'd like to get my hair colored on December 4th at half past two", {
    intent: "book",
    service: "Color",
    date: "2026-12-04",
    time: "14:30",
  }),
  c("Could I book a blowout for Friday at 3 p.m.", {
    intent: "book",
    service: "Blowout",
    date: "2026-11-27",
    time: "15:00",
  }),
  c("do you have anything for a haircut on Wednesday at 3:00 PM", {
    intent: "book",
    service: "Haircut",
    date: "2026-11-25",
    time: "15:00",
  }),
  c("I need a trim like Friday at noon", { intent: "book", service: "Haircut", date: "2026-11-27", time: "12:00" }),
  c("can I get highlights on the 12th at 1", { intent: "book", service: "Color", date: "2026-12-12", time: "13:00" }),
  c("book me a haircut for next Tuesday morning", {
    intent: "book",
    service: "Haircut",
    date: "2026-12-01",
    partOfDay: "morning",
  }),
  c("I want a shave on Thursday evening", {
    intent: "book",
    service: "Beard Trim",
    date: "2026-11-26",
    partOfDay: "evening",
  }),
  c("Can I schedule a haircut for this Friday afternoon", {
    intent: "book",
    service: "Haircut",
    date: "2026-11-27",
    partOfDay: "afternoon",
  }),
  c("I'd like to make an appointment", { intent: "book" }),
  c("Hi, I'm calling to book an appointment", { intent: "book" }),
  c("yeah I was hoping to get in sometime this week", { intent: "book", date: "2026-11-24", through: "2026-11-29" }),
  c("do you have any availability tomorrow", { intent: "availability", date: "2026-11-25" }),
  c("Hi there, I'd like to book a haircut please", { intent: "book", service: "Haircut" }),
  c("haircuts", { intent: "book", service: "Haircut" }, { asking: "service" }),
  c("uh a color please", { intent: "book", service: "Color" }, { asking: "service" }),
  c("coloring", { intent: "book", service: "Color" }, { asking: "service" }),
  c("just a beard trim", { intent: "book", service: "Beard Trim" }, { asking: "service" }),
  c("a hair cut", { intent: "book", service: "Haircut" }, { asking: "service" }),
  c("blow dry", { intent: "book", service: "Blowout" }, { asking: "service" }),
  c("I want my hair dyed", { intent: "book", service: "Color" }, { asking: "service" }),
  c("I'd like some highlights", { intent: "book", service: "Color" }),
  c("Can I get a colour on Saturday", { intent: "book", service: "Color", date: "2026-11-28" }),
  c("I need to get my beard trimmed", { intent: "book", service: "Beard Trim" }),
  c("trim my beard please", { intent: "book", service: "Beard Trim" }, { asking: "service" }),
  c("can I get a massage", { intent: "book", unknownService: "massage" }),
  c("I'd like to book a manicure for Friday", { intent: "book", unknownService: "manicure", date: "2026-11-27" }),
  c("do you do eyebrow waxing", { intent: "question", topic: "services", unknownService: "eyebrow waxing" }),
  c("pedicure", { intent: "book", unknownService: "pedicure" }, { asking: "service" }),
  c("hmm I don't know, what do you offer", { intent: "question", topic: "services" }, { asking: "service" }),

  // --- dates ----------------------------------------------------------------------------------
  c("tomorrow", { intent: "book", date: "2026-11-25" }, { asking: "date" }),
  c("tomorrow at 10", { intent: "book", date: "2026-11-25", time: "10:00" }, { asking: "date" }),
  c("Friday", { intent: "book", date: "2026-11-27" }, { asking: "date" }),
  c("this Friday", { intent: "book", date: "2026-11-27" }, { asking: "date" }),
  c("next Friday", { intent: "book", date: "2026-11-27" }, { asking: "date" }),
  c("Saturday", { intent: "book", date: "2026-11-28" }, { asking: "date" }),
  c("on Sunday", { intent: "book", date: "2026-11-29" }, { asking: "date" }),
  c("Monday", { intent: "book", date: "2026-11-30" }, { asking: "date" }),
  c("Wednesday please", { intent: "book", date: "2026-11-25" }, { asking: "date" }),
  c("today", { intent: "book", date: "2026-11-24" }, { asking: "date" }),
  c("later today", { intent: "book", date: "2026-11-24" }, { asking: "date" }),
  c("the day after tomorrow", { intent: "book", date: "2026-11-26" }, { asking: "date" }),
  c("December 4th", { intent: "book", date: "2026-12-04" }, { asking: "date" }),
  c("december fourth", { intent: "book", date: "2026-12-04" }, { asking: "date" }),
  c("the 4th of December", { intent: "book", date: "2026-12-04" }, { asking: "date" }),
  c("Dec 4", { intent: "book", date: "2026-12-04" }, { asking: "date" }),
  c("12/4", { intent: "book", date: "2026-12-04" }, { asking: "date" }),
  c("the 12th", { intent: "book", date: "2026-12-12" }, { asking: "date" }),
  c("on the twelfth", { intent: "book", date: "2026-12-12" }, { asking: "date" }),
  c("the 30th", { intent: "book", date: "2026-11-30" }, { asking: "date" }),
  c("the third", { intent: "book", date: "2026-12-03" }, { asking: "date" }),
  c("how about the twenty first", { intent: "book", date: "2026-12-21" }, { asking: "date" }),
  c("January 5th", { intent: "book", date: "2027-01-05" }, { asking: "date" }),
  c("in two weeks", { intent: "book", date: "2026-12-08" }, { asking: "date" }),
  c("a week from today", { intent: "book", date: "2026-12-01" }, { asking: "date" }),
  c("next Tuesday morning", { intent: "book", date: "2026-12-01", partOfDay: "morning" }, { asking: "date" }),
  c("Thursday afternoon", { intent: "book", date: "2026-11-26", partOfDay: "afternoon" }, { asking: "date" }),
  c("sometime Saturday morning", { intent: "book", date: "2026-11-28", partOfDay: "morning" }, { asking: "date" }),
  c("tomorrow evening", { intent: "book", date: "2026-11-25", partOfDay: "evening" }, { asking: "date" }),
  c("yesterday", { intent: "book", date: "2026-11-23", past: true }, { asking: "date" }),
  c("last Friday", { intent: "book", date: "2026-11-20", past: true }, { asking: "date" }),
  c("November 2nd", { intent: "book", date: "2026-11-02", past: true }, { asking: "date" }),
  c("March 15th", { intent: "book", date: "2027-03-15" }, { asking: "date" }),

  // --- times ----------------------------------------------------------------------------------
  c("3", { intent: "book", time: "15:00" }, { asking: "time" }),
  c("three", { intent: "book", time: "15:00" }, { asking: "time" }),
  c("at 3", { intent: "book", time: "15:00" }, { asking: "time" }),
  c("3 p.m.", { intent: "book", time: "15:00" }, { asking: "time" }),
  c("3 PM", { intent: "book", time: "15:00" }, { asking: "time" }),
  c("3pm", { intent: "book", time: "15:00" }, { asking: "time" }),
  c("3:00 PM", { intent: "book", time: "15:00" }, { asking: "time" }),
  c("3:00 p.m.", { intent: "book", time: "15:00" }, { asking: "time" }),
  c("three o'clock", { intent: "book", time: "15:00" }, { asking: "time" }),
  c("3 o'clock", { intent: "book", time: "15:00" }, { asking: "time" }),
  c("10", { intent: "book", time: "10:00" }, { asking: "time" }),
  c("ten a.m.", { intent: "book", time: "10:00" }, { asking: "time" }),
  c("10 in the morning", { intent: "book", time: "10:00" }, { asking: "time" }),
  c("9", { intent: "book", time: "09:00" }, { asking: "time" }),
  c("1", { intent: "book", time: "13:00" }, { asking: "time" }),
  c("noon", { intent: "book", time: "12:00" }, { asking: "time" }),
  c("12", { intent: "book", time: "12:00" }, { asking: "time" }),
  c("around noon", { intent: "book", time: "12:00" }, { asking: "time" }),
  c("midday", { intent: "book", time: "12:00" }, { asking: "time" }),
  c("quarter to four", { intent: "book", time: "15:45" }, { asking: "time" }),
  c("a quarter past ten", { intent: "book", time: "10:15" }, { asking: "time" }),
  c("half past two", { intent: "book", time: "14:30" }, { asking: "time" }),
  c("half past eleven", { intent: "book", time: "11:30" }, { asking: "time" }),
  c("two thirty", { intent: "book", time: "14:30" }, { asking: "time" }),
  c("2:30", { intent: "book", time: "14:30" }, { asking: "time" }),
  c("eleven fifteen", { intent: "book", time: "11:15" }, { asking: "time" }),
  c("four forty five", { intent: "book", time: "16:45" }, { asking: "time" }),
  c("1:45 p.m.", { intent: "book", time: "13:45" }, { asking: "time" }),
  c("um like 4 ish", { intent: "book", time: "16:00" }, { asking: "time" }),
  c("how about 11", { intent: "book", time: "11:00" }, { asking: "time" }),
  c("maybe 2", { intent: "book", time: "14:00" }, { asking: "time" }),
  c("any time after 2", { intent: "book", after: "14:00" }, { asking: "time" }),
  c("7", { intent: "book", time: "19:00" }, { asking: "time" }),
  c("at 8 in the evening", { intent: "book", time: "20:00" }, { asking: "time" }),
  c("morning", { intent: "book", partOfDay: "morning" }, { asking: "time" }),
  c("in the afternoon", { intent: "book", partOfDay: "afternoon" }, { asking: "time" }),
  c("Thursday at 7", { intent: "book", date: "2026-11-26", time: "19:00" }, { asking: "date" }),
  c("Friday at 7", { intent: "book", date: "2026-11-27", time: "07:00" }, { asking: "date" }),
  c("Saturday at 4", { intent: "book", date: "2026-11-28", time: "16:00" }, { asking: "date" }),
  c("Wednesday at 9", { intent: "book", date: "2026-11-25", time: "09:00" }, { asking: "date" }),
  c("Sunday at 11", { intent: "book", date: "2026-11-29", time: "11:00" }, { asking: "date" }),
  c("Friday at 3 in the afternoon", { intent: "book", date: "2026-11-27", time: "15:00" }, { asking: "date" }),

  // --- read-back answers ----------------------------------------------------------------------
  c("yes", { intent: "yes" }, { asking: "confirm" }),
  c("Yes.", { intent: "yes" }, { asking: "confirm" }),
  c("yeah sure", { intent: "yes" }, { asking: "confirm" }),
  c("yep", { intent: "yes" }, { asking: "confirm" }),
  c("yup that's it", { intent: "yes" }, { asking: "confirm" }),
  c("that's right", { intent: "yes" }, { asking: "confirm" }),
  c("That's correct.", { intent: "yes" }, { asking: "confirm" }),
  c("sounds good", { intent: "yes" }, { asking: "confirm" }),
  c("perfect, thank you", { intent: "yes" }, { asking: "confirm" }),
  c("go ahead and book it", { intent: "yes" }, { asking: "confirm" }),
  c("sure thing", { intent: "yes" }, { asking: "confirm" }),
  c("uh huh", { intent: "yes" }, { asking: "confirm" }),
  c("okay", { intent: "yes" }, { asking: "confirm" }),
  c("absolutely", { intent: "yes" }, { asking: "confirm" }),
  c("yes please", { intent: "yes" }, { asking: "confirm" }),
  c("1", { intent: "yes" }, { asking: "confirm" }),
  c("2", { intent: "no" }, { asking: "cancel_confirm" }),
  c("1", { intent: "yes" }, { asking: "phone_confirm" }),
  c("no", { intent: "no" }, { asking: "confirm" }),
  c("No.", { intent: "no" }, { asking: "confirm" }),
  c("nope", { intent: "no" }, { asking: "confirm" }),
  c("no that's wrong", { intent: "no" }, { asking: "confirm" }),
  c("not quite", { intent: "no" }, { asking: "confirm" }),
  c("actually make it 4", { intent: "no", time: "16:00" }, { asking: "confirm" }),
  c("actually can we make it 4:30", { intent: "no", time: "16:30" }, { asking: "confirm" }),
  c("no, 11 in the morning", { intent: "no", time: "11:00" }, { asking: "confirm" }),
  c("can we do Saturday instead", { intent: "book", date: "2026-11-28" }, { asking: "confirm" }),
  c("no wait, Thursday", { intent: "no", date: "2026-11-26" }, { asking: "confirm" }),
  c("wait, make it a color instead", { intent: "no", service: "Color" }, { asking: "confirm" }),
  c("5 would be better", { intent: "book", time: "17:00" }, { asking: "confirm" }),

  // --- choosing an offered alternative --------------------------------------------------------
  alt("the second one", { intent: "choose_alternative", alternative: 1 }),
  alt("the first one", { intent: "choose_alternative", alternative: 0 }),
  alt("the last one", { intent: "choose_alternative", alternative: 2 }),
  alt("I'll take the earlier one", { intent: "choose_alternative", alternative: 1 }),
  alt("the latest one", { intent: "choose_alternative", alternative: 2 }),
  alt("second option please", { intent: "choose_alternative", alternative: 1 }),
  alt("4 works", { intent: "choose_alternative", time: "16:00", alternative: 0 }),
  alt("4 o'clock is fine", { intent: "choose_alternative", time: "16:00", alternative: 0 }),
  alt("3:30 please", { intent: "choose_alternative", time: "15:30", alternative: 1 }),
  alt("three thirty", { intent: "choose_alternative", time: "15:30", alternative: 1 }),
  alt("yeah 4 is good", { intent: "choose_alternative", time: "16:00", alternative: 0 }),
  alt("Saturday at 10", { intent: "choose_alternative", date: "2026-11-28", time: "10:00", alternative: 2 }),
  c("none of those work", { intent: "no" }, { asking: "alternative", offered: true }),
  c("what about 2", { intent: "book", time: "14:00" }, { asking: "alternative", offered: true }),
  c(
    "do you have anything on Monday",
    { intent: "availability", date: "2026-11-30" },
    { asking: "alternative", offered: true },
  ),

  // --- names ----------------------------------------------------------------------------------
  c("Ana Ruiz", { intent: "book", name: "Ana Ruiz" }, { asking: "name" }),
  c("It's Ana", { intent: "book", name: "Ana" }, { asking: "name" }),
  c("my name is Bob Jones", { intent: "book", name: "Bob Jones" }, { asking: "name" }),
  c("uh yeah it's Siobhan O'Neill", { intent: "book", name: "Siobhan O'Neill" }, { asking: "name" }),
  c("put it under Chen", { intent: "book", name: "Chen" }, { asking: "name" }),
  c("Jamal, thanks", { intent: "book", name: "Jamal" }, { asking: "name" }),
  c("the name is Kowalski", { intent: "book", name: "Kowalski" }, { asking: "name" }),
  c("this is Dana calling", { intent: "book", name: "Dana" }),
  c("Hi this is Pat, I'm calling about a haircut", { intent: "book", name: "Pat", service: "Haircut" }),
  c("Marcus here, looking for a beard trim", { intent: "book", name: "Marcus", service: "Beard Trim" }),
  c("I'm Lucy and I'd like a blowout", { intent: "book", name: "Lucy", service: "Blowout" }),
  c("It's for a haircut", { intent: "book", service: "Haircut" }),
  c("no, change the name to Sarah Connor", { intent: "no", name: "Sarah Connor" }, { asking: "confirm" }),

  // --- phone numbers --------------------------------------------------------------------------
  c("555 212 3456", { intent: "book", phone: "5552123456" }, { asking: "phone" }),
  c("it's 555-212-3456", { intent: "book", phone: "5552123456" }, { asking: "phone" }),
  c("five five five two one two three four five six", { intent: "book", phone: "5552123456" }, { asking: "phone" }),
  c("five five five, two one two, oh four five six", { intent: "book", phone: "5552120456" }, { asking: "phone" }),
  c("(555) 212-3456", { intent: "book", phone: "5552123456" }, { asking: "phone" }),
  c("+1 555 212 3456", { intent: "book", phone: "+15552123456" }, { asking: "phone" }),
  c("my number is 555 212 3456", { intent: "book", phone: "5552123456" }),
  c("double five five two one two three four five six", { intent: "book", phone: "5552123456" }, { asking: "phone" }),
  c("yes", { intent: "yes" }, { asking: "phone_confirm" }),
  c("no that's not it", { intent: "no" }, { asking: "phone_confirm" }),

  // --- cancel, reschedule, hours, human, repeat -----------------------------------------------
  c("I need to cancel my appointment", { intent: "cancel" }),
  c("hi, uh, I want to cancel my booking for Friday", { intent: "cancel", date: "2026-11-27" }),
  c("I can't make it on Thursday", { intent: "cancel", date: "2026-11-26" }),
  c("cancel", { intent: "cancel" }),
  c("hi I need to cancel", { intent: "cancel" }),
  c("no, cancel that", { intent: "no" }, { asking: "confirm" }),
  c("nope that's it", { intent: "no" }, { asking: "service" }),
  c("can you cancel it", { intent: "cancel" }),
  c("I need to reschedule", { intent: "reschedule" }),
  c("can I move my appointment to Saturday", { intent: "reschedule", date: "2026-11-28" }),
  c("I'd like to change my appointment time", { intent: "reschedule" }),
  c("what are your hours", { intent: "hours", topic: "hours" }),
  c("What are your hours?", { intent: "hours", topic: "hours" }),
  c("when are you open", { intent: "hours", topic: "hours" }),
  c("are you open on Sunday", { intent: "hours", topic: "hours", date: "2026-11-29" }),
  c("what time do you close today", { intent: "hours", topic: "hours", date: "2026-11-24" }),
  c("how late are you open on Thursday", { intent: "hours", topic: "hours", date: "2026-11-26" }),
  c("what times do you have on Friday", { intent: "availability", date: "2026-11-27" }, { asking: "time" }),
  c("what's available Saturday", { intent: "availability", date: "2026-11-28" }, { asking: "date" }),
  c("what do you have Friday at 3", { intent: "book", date: "2026-11-27", time: "15:00" }, { asking: "date" }),
  c("can I talk to a real person", { intent: "human" }),
  c("I'd like to speak to someone please", { intent: "human" }),
  c("representative", { intent: "human" }),
  c("operator", { intent: "human" }),
  c("let me talk to the owner", { intent: "human" }),
  c("can you put me through to a human", { intent: "human" }),
  c("is there someone I could speak with", { intent: "human" }),
  c("I want someone good to do my color on Friday", { intent: "book", service: "Color", date: "2026-11-27" }),
  c("can I book with the same stylist as last time", { intent: "book" }),
  c("sorry can you repeat that", { intent: "repeat" }),
  c("what was that", { intent: "repeat" }),
  c("say that again", { intent: "repeat" }),
  c("sorry?", { intent: "repeat" }),
  c("I didn't catch that", { intent: "repeat" }),
  c("pardon", { intent: "repeat" }),

  // --- things that are not a request ----------------------------------------------------------
  c("hmm", { intent: "unknown" }, { asking: "date" }),
  c("purple monkey dishwasher", { intent: "unknown" }, { asking: "date" }),
  c("hello?", { intent: "unknown" }),

  // --- DST weekends: spring forward (now Thu 2026-03-05) and fall back (now Thu 2026-10-29) ----
  c("Sunday at 2", { intent: "book", date: "2026-03-08", time: "14:00" }, { asking: "date", now: "spring" }),
  c("March 8th at 11", { intent: "book", date: "2026-03-08", time: "11:00" }, { asking: "date", now: "spring" }),
  c("this Sunday at half past two", { intent: "book", date: "2026-03-08", time: "14:30" }, { now: "spring" }),
  c("Saturday at 3", { intent: "book", date: "2026-03-07", time: "15:00" }, { asking: "date", now: "spring" }),
  c("Tuesday at 9", { intent: "book", date: "2026-03-10", time: "09:00" }, { asking: "date", now: "spring" }),
  c("the 8th at noon", { intent: "book", date: "2026-03-08", time: "12:00" }, { asking: "date", now: "spring" }),
  c("tomorrow at 10", { intent: "book", date: "2026-03-06", time: "10:00" }, { asking: "date", now: "spring" }),
  c("in two weeks", { intent: "book", date: "2026-03-19" }, { asking: "date", now: "spring" }),
  c("Sunday at 1", { intent: "book", date: "2026-11-01", time: "13:00" }, { asking: "date", now: "fall" }),
  c("November 1st at 11", { intent: "book", date: "2026-11-01", time: "11:00" }, { asking: "date", now: "fall" }),
  c("Saturday at 10", { intent: "book", date: "2026-10-31", time: "10:00" }, { asking: "date", now: "fall" }),
  c("Monday the 2nd at 9", { intent: "book", date: "2026-11-02", time: "09:00" }, { asking: "date", now: "fall" }),
  c("next Tuesday at 3", { intent: "book", date: "2026-11-03", time: "15:00" }, { asking: "date", now: "fall" }),
  c(
    "the 1st at quarter to four",
    { intent: "book", date: "2026-11-01", time: "15:45" },
    { asking: "date", now: "fall" },
  ),
]
