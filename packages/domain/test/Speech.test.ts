import { readdirSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { describe, expect, it } from "@effect/vitest"
import { DateTime } from "effect"
import type { Unavailability } from "../src/availability/AvailabilityResult.js"
import { Booking } from "../src/model/Booking.js"
import { Service } from "../src/model/Business.js"
import { CallerMessage, CallerMessageId } from "../src/model/CallerMessage.js"
import { BookingId, BusinessId, CallSid, PhoneNumber } from "../src/model/Ids.js"
import * as BookingMessages from "../src/speech/BookingMessages.js"
import * as CallLine from "../src/speech/CallLine.js"
import * as ClosedDays from "../src/speech/ClosedDays.js"
import * as Corrections from "../src/speech/Corrections.js"
import * as FreeTimes from "../src/speech/FreeTimes.js"
import * as Hours from "../src/speech/Hours.js"
import * as Identity from "../src/speech/Identity.js"
import * as OwnerMessages from "../src/speech/OwnerMessages.js"
import * as ProfileAnswers from "../src/speech/ProfileAnswers.js"
import * as Prompts from "../src/speech/Prompts.js"
import * as Refusals from "../src/speech/Refusals.js"
import * as Rephrasings from "../src/speech/Rephrasings.js"
import * as TextReplies from "../src/speech/TextReplies.js"
import * as Words from "../src/speech/Words.js"
import * as Fixtures from "../src/testing/Fixtures.js"

// Every sentence a caller hears or reads and every text the owner gets, in one file, so a
// reviewer reads all the words at once. Each section also checks that it lists every export of its
// module: a new sentence cannot land without showing up here.

const business = Fixtures.demoBusiness({
  id: BusinessId.make("biz_speech"),
  phoneNumbers: [PhoneNumber.make("+15550100000")],
  ownerPhone: PhoneNumber.make("+15550100001"),
})
const withoutNumber = Fixtures.demoBusiness({ ...business, phoneNumbers: [] })
const haircut = business.services[0] as Service
const colour = business.services[1] as Service
const ny = (local: string) => Fixtures.localDateTime(Fixtures.newYork, local)
const friday3pm = ny("2026-12-04T15:00")
const ana = PhoneNumber.make("+15555550123")
const booking = new Booking({
  ...Fixtures.newBooking({
    id: BookingId.make("bk_speech"),
    businessId: business.id,
    start: friday3pm,
    service: "Color",
    customer: Fixtures.customer({ name: "Ana Ruiz", phone: ana }),
  }),
  status: "confirmed",
  createdAt: ny("2026-12-01T08:00"),
})
const manyServices = Fixtures.demoBusiness({
  ...business,
  services: [...business.services, new Service({ name: "Wash" }), new Service({ name: "Blow dry" })],
})
const friday = { year: 2026, month: 12, day: 4 }
const sunday = { year: 2026, month: 12, day: 6 }

/** Fails when a module exports something its section does not say. */
const covers = (module: object, said: Record<string, unknown>) => {
  const keys = Object.keys(said)
  const missing = Object.keys(module).filter((name) => !keys.some((key) => key === name || key.startsWith(`${name} `)))
  expect(missing).toEqual([])
}

describe("speech", () => {
  it("prompts: what the receptionist says on a call", () => {
    const said = {
      greeting: Prompts.greeting(business),
      goodbye: Prompts.goodbye(business),
      alright: Prompts.alright(business),
      howCanIHelp: Prompts.howCanIHelp,
      anythingElse: Prompts.anythingElse,
      unreadableState: Prompts.unreadableState(business),
      askService: Prompts.askService(business),
      "askService (more than four services)": Prompts.askService(manyServices),
      askDate: Prompts.askDate(false),
      "askDate (moving)": Prompts.askDate(true),
      askTime: Prompts.askTime(business, friday, undefined),
      "askTime (part of day)": Prompts.askTime(business, friday, "afternoon"),
      timeSkippedByDst: Prompts.timeSkippedByDst,
      askName: Prompts.askName,
      askPhone: Prompts.askPhone,
      confirmPhone: Prompts.confirmPhone(business, ana),
      confirmBooking: Prompts.confirmBooking(business, haircut, "Ana Ruiz", friday3pm),
      "confirmBooking (vowel)": Prompts.confirmBooking(
        business,
        new Service({ name: "Eyebrow wax" }),
        "Ana",
        friday3pm,
      ),
      confirmMove: Prompts.confirmMove(business, colour, friday3pm),
      unknownService: Prompts.unknownService(business, "a massage"),
      notAPhoneNumber: Prompts.notAPhoneNumber,
      wrongPhone: Prompts.wrongPhone,
      whatToChange: Prompts.whatToChange,
      noProblem: Prompts.noProblem,
      anotherDay: Prompts.anotherDay,
      otherDayOrTime: Prompts.otherDayOrTime,
      offer: Prompts.offer(business, [ny("2026-12-04T16:00")], friday3pm),
      "offer (same day)": Prompts.offer(business, [ny("2026-12-04T16:00"), ny("2026-12-04T14:00")], friday3pm),
      "offer (other days)": Prompts.offer(business, [ny("2026-12-04T16:00"), ny("2026-12-07T09:00")], friday3pm),
      booked: Prompts.booked(business, "Haircut", friday3pm),
      moved: Prompts.moved(business, "Color", friday3pm),
      askBookedPhone: Prompts.askBookedPhone,
      noUpcoming: Prompts.noUpcoming,
      isThisTheOne: Prompts.isThisTheOne(business, "cancel", "Color", friday3pm),
      "isThisTheOne (moving)": Prompts.isThisTheOne(business, "reschedule", "Haircut", friday3pm),
      nextOne: Prompts.nextOne,
      leftAsItIs: Prompts.leftAsItIs,
      cancelled: Prompts.cancelled(business, booking),
      "cancelled (unknown booking)": Prompts.cancelled(business, undefined),
      wantToBook: Prompts.wantToBook(Hours.summary(business)),
      stillHere: Prompts.stillHere(Prompts.askName),
      notCaught: Prompts.notCaught(Prompts.askName),
      cantHear: Prompts.cantHear(business),
      notCaughtName: Prompts.notCaughtName,
      notCaughtNumber: Prompts.notCaughtNumber,
      notCaughtService: Prompts.notCaughtService(business),
      notUnderstood: Prompts.notUnderstood(Prompts.askName),
      troubleTransfer: Prompts.troubleTransfer,
      transferring: Prompts.transferring,
      nobodyFree: Prompts.nobodyFree,
      whatMessage: Prompts.whatMessage,
      messageTaken: Prompts.messageTaken(business),
      systemTransfer: Prompts.systemTransfer,
      systemGoodbye: Prompts.systemGoodbye(business),
    }
    covers(Prompts, said)
    expect(said).toMatchInlineSnapshot(`
      {
        "alright": "Alright. Thanks for calling Bella Hair Studio. Goodbye!",
        "anotherDay": "Is there another day that works for you?",
        "anythingElse": "Is there anything else I can help with?",
        "askBookedPhone": "What's the phone number the appointment was booked under?",
        "askDate": "What day would you like to come in?",
        "askDate (moving)": "What day would you like to move it to?",
        "askName": "And what name should I put the booking under?",
        "askPhone": "What's the best phone number to reach you?",
        "askService": "What would you like to book: a haircut, a color or a beard trim?",
        "askService (more than four services)": "What would you like to book?",
        "askTime": "What time on Friday, December 4th?",
        "askTime (part of day)": "What time in the afternoon on Friday, December 4th?",
        "booked": "You're all set! A haircut on Friday, December 4th at 3 PM. We'll text you a confirmation. Thanks for calling Bella Hair Studio. Goodbye!",
        "cancelled": "Your color on Friday, December 4th at 3 PM is cancelled. Is there anything else I can help with?",
        "cancelled (unknown booking)": "Your appointment is cancelled. Is there anything else I can help with?",
        "cantHear": "I'm sorry, I can't hear you. Please call us back anytime. Thanks for calling Bella Hair Studio. Goodbye!",
        "confirmBooking": "A haircut for Ana Ruiz on Friday, December 4th at 3 PM. Shall I book it?",
        "confirmBooking (vowel)": "An eyebrow wax for Ana on Friday, December 4th at 3 PM. Shall I book it?",
        "confirmMove": "Move your color to Friday, December 4th at 3 PM. Shall I do that?",
        "confirmPhone": "I have 5 5 5, 5 5 5, 0 1 2 3. Is that right?",
        "goodbye": "Thanks for calling Bella Hair Studio. Goodbye!",
        "greeting": "Thanks for calling Bella Hair Studio. How can I help you today?",
        "howCanIHelp": "How can I help you today?",
        "isThisTheOne": "I see a color on Friday, December 4th at 3 PM. Shall I cancel it?",
        "isThisTheOne (moving)": "I see a haircut on Friday, December 4th at 3 PM. Is that the one you'd like to move?",
        "leftAsItIs": "Okay, I'll leave it as it is.",
        "messageTaken": "Thank you, I'll pass that on. Thanks for calling Bella Hair Studio. Goodbye!",
        "moved": "Done! Your color is now on Friday, December 4th at 3 PM. We'll text you the new details. Thanks for calling Bella Hair Studio. Goodbye!",
        "nextOne": "Okay.",
        "noProblem": "No problem.",
        "noUpcoming": "I couldn't find any upcoming appointments for that number. Is there anything else I can help with?",
        "nobodyFree": "Sorry, there's nobody free to take your call right now. Leave a short message and I'll pass it on. What would you like to say?",
        "notAPhoneNumber": "Sorry, that didn't sound like a full phone number.",
        "notCaught": "Sorry, I didn't catch that. And what name should I put the booking under?",
        "notCaughtName": "Sorry, I didn't catch your name. What name should I put the booking under?",
        "notCaughtNumber": "Sorry, I didn't catch the number. Could you say it digit by digit?",
        "notCaughtService": "Sorry, I didn't catch that. We offer a haircut, a color or a beard trim. Which would you like?",
        "notUnderstood": "Sorry, I didn't quite get that. And what name should I put the booking under?",
        "offer": "I have 4 PM that day. Would that work?",
        "offer (other days)": "I have 4 PM or Monday, December 7th at 9 AM. Would one of those work?",
        "offer (same day)": "I have 4 PM or 2 PM that day. Would one of those work?",
        "otherDayOrTime": "No problem. What other day or time would work for you?",
        "stillHere": "Yes, I'm here. And what name should I put the booking under?",
        "systemGoodbye": "Sorry, I'm having trouble with our booking system right now. Please try again in a little while. Thanks for calling Bella Hair Studio. Goodbye!",
        "systemTransfer": "Sorry, I'm having trouble with our booking system. Let me put you through to someone.",
        "timeSkippedByDst": "That time doesn't exist that day, because the clocks go forward. What other time works?",
        "transferring": "Of course. Let me put you through to someone now.",
        "troubleTransfer": "Sorry, I'm having trouble understanding. Let me put you through to someone.",
        "unknownService": "Sorry, we don't offer a massage. We do a haircut, a color or a beard trim.",
        "unreadableState": "Sorry, something went wrong on our side. Please call Bella Hair Studio again. Goodbye!",
        "wantToBook": "We're open Monday to Friday, 9 AM to 5 PM and Saturday, 10 AM to 2 PM. We're closed on Sunday. Would you like to book an appointment?",
        "whatMessage": "Of course. What would you like me to pass on?",
        "whatToChange": "No problem. What would you like to change: the service, the day, the time, the name or the phone number?",
        "wrongPhone": "Sorry about that. What's the right number?",
      }
    `)
  })

  it("refusals: why a time cannot be booked", () => {
    const refusal = (reason: Unavailability) => Refusals.sentence(business, reason)
    // Typed by tag, so a new kind of refusal does not compile until it is listed here.
    const everyKind: { readonly [Tag in Unavailability["_tag"]]: string } = {
      InThePast: refusal({ _tag: "InThePast" }),
      DatePassed: refusal({ _tag: "DatePassed", date: friday }),
      TooSoon: refusal({ _tag: "TooSoon", leadMinutes: 60 }),
      TooFarAhead: refusal({ _tag: "TooFarAhead", maxDaysAhead: 60 }),
      ClosedThatDay: refusal({ _tag: "ClosedThatDay", weekday: "sun" }),
      ClosedOnDate: refusal({ _tag: "ClosedOnDate", date: { year: 2026, month: 12, day: 25 } }),
      RunsPastClosing: refusal({ _tag: "RunsPastClosing", start: ny("2026-12-04T16:30"), closing: "17:00" }),
      NotOpenThen: refusal({
        _tag: "NotOpenThen",
        weekday: "fri",
        openings: [
          ["09:00", "12:00"],
          ["13:00", "24:00"],
        ],
      }),
      Taken: refusal({ _tag: "Taken", start: friday3pm }),
      SkippedByDst: refusal({
        _tag: "SkippedByDst",
        date: { year: 2026, month: 3, day: 8 },
        time: { hour: 2, minute: 30 },
      }),
      CalendarRateLimited: refusal({ _tag: "CalendarRateLimited" }),
      JustTaken: refusal({ _tag: "JustTaken" }),
      ProviderRefused: refusal({ _tag: "ProviderRefused" }),
    }
    const said = {
      ...everyKind,
      "TooSoon (hours)": refusal({ _tag: "TooSoon", leadMinutes: 120 }),
      "TooSoon (a day)": refusal({ _tag: "TooSoon", leadMinutes: 1440 }),
      "TooSoon (days)": refusal({ _tag: "TooSoon", leadMinutes: 2880 }),
      "TooSoon (minutes)": refusal({ _tag: "TooSoon", leadMinutes: 45 }),
      "ProviderRefused (the provider's own words)": refusal({
        _tag: "ProviderRefused",
        detail: "Sorry, the stylist is away that day.",
      }),
      "refusal (no reason given)": Refusals.refusal(business, undefined),
      "bookingLimit (open)": Refusals.bookingLimit("open", 3),
      "bookingLimit (open, one)": Refusals.bookingLimit("open", 1),
      "bookingLimit (day)": Refusals.bookingLimit("day", 2),
      unexplained: Refusals.unexplained,
    }
    covers(Refusals, { ...said, sentence: everyKind })
    expect(said).toMatchInlineSnapshot(`
      {
        "CalendarRateLimited": "Sorry, I can't confirm that time with the calendar right now.",
        "ClosedOnDate": "Sorry, we're closed on Friday, December 25th.",
        "ClosedThatDay": "Sorry, we're closed on Sundays.",
        "DatePassed": "Friday, December 4th has already passed.",
        "InThePast": "Sorry, that time has already passed.",
        "JustTaken": "Sorry, someone just took that time.",
        "NotOpenThen": "Sorry, we're not open then; on Fridays we're open 9 AM to 12 PM and 1 PM to 12 AM.",
        "ProviderRefused": "Sorry, I can't book that time.",
        "ProviderRefused (the provider's own words)": "Sorry, the stylist is away that day.",
        "RunsPastClosing": "Sorry, an appointment at 4:30 PM would run past our 5 PM closing time.",
        "SkippedByDst": "Sorry, 2:30 AM doesn't exist on Sunday, March 8th: the clocks go forward that night.",
        "Taken": "Sorry, Friday, December 4th at 3 PM is already taken.",
        "TooFarAhead": "Sorry, we only take bookings up to 60 days ahead.",
        "TooSoon": "Sorry, we need at least an hour's notice for a booking.",
        "TooSoon (a day)": "Sorry, we need at least a day's notice for a booking.",
        "TooSoon (days)": "Sorry, we need at least 2 days' notice for a booking.",
        "TooSoon (hours)": "Sorry, we need at least 2 hours' notice for a booking.",
        "TooSoon (minutes)": "Sorry, we need at least 45 minutes' notice for a booking.",
        "bookingLimit (day)": "Sorry, this number already has 2 appointments with us that day, which is as many as we can hold for one number.",
        "bookingLimit (open)": "Sorry, this number already has 3 upcoming appointments with us, which is as many as we can hold for one number.",
        "bookingLimit (open, one)": "Sorry, this number already has an upcoming appointment with us, which is as many as we can hold for one number.",
        "refusal (no reason given)": "Sorry, that time isn't available.",
        "unexplained": "Sorry, that time isn't available.",
      }
    `)
  })

  it("hours: the opening hours as said", () => {
    const said = {
      summary: Hours.summary(business),
      "summary (every day the same)": Hours.summary({
        hours: { ...business.hours, sat: business.hours.mon, sun: business.hours.mon },
      }),
      "summary (split days)": Hours.summary({
        hours: {
          ...business.hours,
          mon: [
            ["09:00", "12:00"],
            ["13:00", "17:00"],
          ],
        },
      }),
      "summary (no hours)": Hours.summary({ hours: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } }),
      onDate: Hours.onDate(business, friday),
      "onDate (closed)": Hours.onDate(business, sunday),
      "onDate (a closed date on an open weekday)": Hours.onDate({ ...business, closedDates: ["2026-12-04"] }, friday),
      intervals: Hours.intervals([
        ["09:00", "12:30"],
        ["13:00", "24:00"],
      ]),
      localTime: Hours.localTime("00:00"),
    }
    covers(Hours, said)
    expect(said).toMatchInlineSnapshot(`
      {
        "intervals": "9 AM to 12:30 PM and 1 PM to 12 AM",
        "localTime": "12 AM",
        "onDate": "On Friday, December 4th we're open 9 AM to 5 PM.",
        "onDate (a closed date on an open weekday)": "We're closed on Friday, December 4th.",
        "onDate (closed)": "We're closed on Sunday, December 6th.",
        "summary": "We're open Monday to Friday, 9 AM to 5 PM and Saturday, 10 AM to 2 PM. We're closed on Sunday.",
        "summary (every day the same)": "We're open Monday to Sunday, 9 AM to 5 PM.",
        "summary (no hours)": "We're not taking appointments at the moment.",
        "summary (split days)": "We're open Monday, 9 AM to 12 PM and 1 PM to 5 PM, Tuesday to Friday, 9 AM to 5 PM and Saturday, 10 AM to 2 PM. We're closed on Sunday.",
      }
    `)
  })

  it("owner messages: what the business owner reads", () => {
    const said = {
      calendarAlert: OwnerMessages.calendarAlert(business, "TokenRevoked"),
      ownerMoveRefused: OwnerMessages.ownerMoveRefused(
        business,
        { service: "Haircut", startsAt: DateTime.unsafeMake("2026-12-04T15:00:00Z") },
        DateTime.unsafeMake("2026-12-05T03:00:00Z"),
      ),
      callerMessage: OwnerMessages.callerMessage(business, "Please call me back about prices.", ana),
      "callerMessage (withheld number)": OwnerMessages.callerMessage(business, "Running late.", undefined),
      "callerMessageSms (shortened to 120)": OwnerMessages.callerMessageSms(
        business,
        new CallerMessage({
          id: CallerMessageId.make("msg_1"),
          businessId: business.id,
          callSid: CallSid.make("CA1"),
          callerPhone: ana,
          text: "Please call me back about prices for a wedding party of six next spring.",
          createdAt: DateTime.unsafeMake("2026-12-01T13:00:00Z"),
        }),
        120,
      ),
      shortenedNote: OwnerMessages.shortenedNote,
      textBudgetAlert: OwnerMessages.textBudgetAlert(business, 100),
      unfinishedCall: OwnerMessages.unfinishedCall("um, I said Friday"),
      "unfinishedCall (nothing said)": OwnerMessages.unfinishedCall(""),
    }
    covers(OwnerMessages, said)
    expect(said).toMatchInlineSnapshot(`
      {
        "calendarAlert": "Frontdesk: Bella Hair Studio can't reach your Google Calendar (TokenRevoked). Calls still book, but new bookings won't appear in your calendar until you reconnect it in Frontdesk settings.",
        "callerMessage": "Message for Bella Hair Studio from +15555550123: Please call me back about prices.",
        "callerMessage (withheld number)": "Message for Bella Hair Studio from a caller who withheld their number: Running late.",
        "callerMessageSms (shortened to 120)": "Message for Bella Hair Studio from +15555550123: Please call m… (message shortened; the full text is saved in Frontdesk)",
        "ownerMoveRefused": "Frontdesk: the Haircut booking on Friday, December 4th at 10 AM can't move to Friday, December 4th at 10 PM (outside your booking rules or taken), so it stays where it was and its calendar event was put back. Reschedule it in Frontdesk to choose another time.",
        "shortenedNote": "… (message shortened; the full text is saved in Frontdesk)",
        "textBudgetAlert": "Frontdesk: Bella Hair Studio has sent 100 texts to customers this hour, its hourly limit. Further confirmation texts wait for the next hour. If you did not expect this many bookings, check your recent calls.",
        "unfinishedCall": "The receptionist couldn't finish this call, please call back. They last said: "um, I said Friday"",
        "unfinishedCall (nothing said)": "The receptionist couldn't finish this call, please call back.",
      }
    `)
  })

  it("booking messages: the texts a customer gets", () => {
    const said = {
      confirmationText: BookingMessages.confirmationText(business, booking),
      "confirmationText (no business number)": BookingMessages.confirmationText(withoutNumber, booking),
      cancellationText: BookingMessages.cancellationText(business, booking),
      "cancellationText (no business number)": BookingMessages.cancellationText(withoutNumber, booking),
      rescheduledText: BookingMessages.rescheduledText(business, booking),
      "sms (each kind uses the texts above)": (["confirmation", "cancellation", "rescheduled"] as const).map(
        (kind) => BookingMessages.sms(kind, business, booking).body,
      ),
    }
    covers(BookingMessages, said)
    expect(said).toMatchInlineSnapshot(`
      {
        "cancellationText": "Your Color at Bella Hair Studio on Friday, December 4th at 3 PM is cancelled. Call +15550100000 to book again.",
        "cancellationText (no business number)": "Your Color at Bella Hair Studio on Friday, December 4th at 3 PM is cancelled.",
        "confirmationText": "You're booked: Color at Bella Hair Studio on Friday, December 4th at 3 PM. Reply C to cancel, or call +15550100000 to change.",
        "confirmationText (no business number)": "You're booked: Color at Bella Hair Studio on Friday, December 4th at 3 PM. Reply C to cancel.",
        "rescheduledText": "Your Color at Bella Hair Studio is now on Friday, December 4th at 3 PM. Reply C to cancel, or call +15550100000 to change.",
        "sms (each kind uses the texts above)": [
          "You're booked: Color at Bella Hair Studio on Friday, December 4th at 3 PM. Reply C to cancel, or call +15550100000 to change.",
          "Your Color at Bella Hair Studio on Friday, December 4th at 3 PM is cancelled. Call +15550100000 to book again.",
          "Your Color at Bella Hair Studio is now on Friday, December 4th at 3 PM. Reply C to cancel, or call +15550100000 to change.",
        ],
      }
    `)
  })

  it("call line: what the voice webhooks say around the conversation", () => {
    const said = {
      notSetUp: CallLine.notSetUp,
      trouble: CallLine.trouble,
      "holding (first)": CallLine.holding(1),
      "holding (again)": CallLine.holding(2),
    }
    covers(CallLine, said)
    expect(said).toMatchInlineSnapshot(`
      {
        "holding (again)": "Still checking, thanks for waiting.",
        "holding (first)": "One moment please.",
        "notSetUp": "Sorry, this number is not set up to take bookings yet. Goodbye.",
        "trouble": "Sorry, I'm having a little trouble on my end. Could you say that again?",
      }
    `)
  })

  it("closed days: the business's holidays", () => {
    const said = { refusal: ClosedDays.refusal(business, { year: 2026, month: 12, day: 25 }) }
    covers(ClosedDays, said)
    expect(said).toMatchInlineSnapshot(`
      {
        "refusal": "Sorry, we're closed on Friday, December 25th.",
      }
    `)
  })

  it("identity: proving a call may change another number's booking", () => {
    const said = {
      codeSent: Identity.codeSent,
      askCodeAgain: Identity.askCodeAgain,
      codeWrong: Identity.codeWrong,
      codeExpired: Identity.codeExpired,
      tooManyTries: Identity.tooManyTries,
      cannotText: Identity.cannotText,
      codeText: Identity.codeText(business, "427190"),
    }
    covers(Identity, said)
    expect(said).toMatchInlineSnapshot(`
      {
        "askCodeAgain": "Please read me the 6-digit code from the text.",
        "cannotText": "I can't text a code to that number, so I can't change the booking on this call. If you'd like, tell me a short message for the team now and I'll pass it on.",
        "codeExpired": "That code has expired, so I can't change the booking on this call. If you'd like, tell me a short message for the team now and I'll pass it on.",
        "codeSent": "I can only change a booking from the phone it was made with. I've texted a 6-digit code to the number on the booking; please read it to me.",
        "codeText": "Bella Hair Studio: 427190 is your code to change your booking by phone. It expires in 10 minutes. If you didn't call us, ignore this text; nothing has been changed.",
        "codeWrong": "That code doesn't match. Please read me the 6 digits from the text again.",
        "tooManyTries": "That code still doesn't match, so I can't change the booking on this call. If you'd like, tell me a short message for the team now and I'll pass it on.",
      }
    `)
  })

  it("free times: what is free when a caller asks", () => {
    const friday9 = ny("2026-12-04T09:00")
    const friday1 = ny("2026-12-04T13:00")
    const friday4 = ny("2026-12-04T16:00")
    const monday9 = ny("2026-12-07T09:00")
    const onFriday = { from: friday, through: friday }
    const said = {
      listed: FreeTimes.listed(business, onFriday, { starts: [friday9, friday1, friday4], within: true }),
      "listed (one)": FreeTimes.listed(
        business,
        { ...onFriday, after: { hour: 16, minute: 0 } },
        {
          starts: [friday4],
          within: true,
        },
      ),
      "listed (several days)": FreeTimes.listed(
        business,
        { from: friday, through: { year: 2026, month: 12, day: 11 } },
        {
          starts: [friday9, monday9],
          within: true,
        },
      ),
      "listed (the earliest)": FreeTimes.listed(
        business,
        { from: friday },
        { starts: [friday9, friday1, friday4], within: true },
      ),
      "listed (the earliest, alone)": FreeTimes.listed(business, { from: friday }, { starts: [friday9], within: true }),
      "listed (the earliest, on several days)": FreeTimes.listed(
        business,
        { from: friday },
        {
          starts: [friday4, monday9],
          within: true,
        },
      ),
      "listed (nothing that day, the next)": FreeTimes.listed(
        business,
        { ...onFriday, after: { hour: 16, minute: 0 } },
        {
          starts: [monday9],
          within: false,
        },
      ),
      noneFree: FreeTimes.noneFree(business, { ...onFriday, partOfDay: "morning" }),
      "noneFree (between)": FreeTimes.noneFree(business, {
        from: friday,
        through: { year: 2026, month: 12, day: 11 },
        after: { hour: 14, minute: 0 },
        before: { hour: 15, minute: 0 },
      }),
      "noneFree (any day)": FreeTimes.noneFree(business, { from: friday, before: { hour: 12, minute: 0 } }),
      relist: FreeTimes.relist(business, [friday9, friday4]),
      again: FreeTimes.again(business, [friday9, monday9]),
      onOffer: FreeTimes.onOffer(business, [friday9, friday1]),
    }
    covers(FreeTimes, said)
    expect(said).toMatchInlineSnapshot(`
      {
        "again": "I have Friday, December 4th at 9 AM or Monday, December 7th at 9 AM. Which would suit you?",
        "listed": "On Friday, December 4th I have 9 AM, 1 PM or 4 PM. Which would suit you?",
        "listed (nothing that day, the next)": "Sorry, I don't have anything free on Friday, December 4th after 4 PM. The next I have is Monday, December 7th at 9 AM. Would that work?",
        "listed (one)": "On Friday, December 4th I have 4 PM. Would that work?",
        "listed (several days)": "I have Friday, December 4th at 9 AM or Monday, December 7th at 9 AM. Which would suit you?",
        "listed (the earliest)": "The earliest I have is Friday, December 4th at 9 AM. I also have 1 PM or 4 PM that day. Which would suit you?",
        "listed (the earliest, alone)": "The earliest I have is Friday, December 4th at 9 AM. Would that work?",
        "listed (the earliest, on several days)": "The earliest I have is Friday, December 4th at 4 PM. I also have Monday, December 7th at 9 AM. Which would suit you?",
        "noneFree": "Sorry, I don't have anything free on Friday, December 4th in the morning.",
        "noneFree (any day)": "Sorry, I don't have anything free before 12 PM in the days we take bookings for.",
        "noneFree (between)": "Sorry, I don't have anything free from Friday, December 4th to Friday, December 11th between 2 PM and 3 PM.",
        "onOffer": "On Friday, December 4th I have 9 AM or 1 PM.",
        "relist": "Sure. On Friday, December 4th I have 9 AM or 4 PM. Which one would you like?",
      }
    `)
  })

  it("corrections: a changed slot acknowledged", () => {
    const saturday = { year: 2026, month: 12, day: 5 }
    const said = {
      gotIt: Corrections.gotIt([{ _tag: "date", date: saturday }]),
      "gotIt (time)": Corrections.gotIt([{ _tag: "time", time: { hour: 16, minute: 30 } }]),
      "gotIt (service)": Corrections.gotIt([{ _tag: "service", service: "Beard trim" }]),
      "gotIt (service, day and time)": Corrections.gotIt([
        { _tag: "service", service: "Color" },
        { _tag: "date", date: saturday },
        { _tag: "time", time: { hour: 11, minute: 0 } },
      ]),
      "gotIt (name)": Corrections.gotIt([{ _tag: "name", name: "Rob Johnson" }]),
      "gotIt (phone)": Corrections.gotIt([{ _tag: "phone" }]),
      "gotIt (nothing)": Corrections.gotIt([]),
    }
    covers(Corrections, said)
    expect(said).toMatchInlineSnapshot(`
      {
        "gotIt": "Saturday instead, got it.",
        "gotIt (name)": "Rob Johnson instead, got it.",
        "gotIt (nothing)": undefined,
        "gotIt (phone)": "That number instead, got it.",
        "gotIt (service)": "A beard trim instead, got it.",
        "gotIt (service, day and time)": "A color on Saturday at 11 AM instead, got it.",
        "gotIt (time)": "4:30 PM instead, got it.",
      }
    `)
  })

  it("profile answers: what callers ask about the business", () => {
    const said = {
      money: [ProfileAnswers.money(business, 35), ProfileAnswers.money(business, 12.5)],
      "money (euros)": ProfileAnswers.money({ currency: "EUR" }, 40),
      price: ProfileAnswers.price(business, "Haircut", 35),
      prices: ProfileAnswers.prices(business, [
        { service: "Haircut", price: 35 },
        { service: "Eyebrow wax", price: 15 },
      ]),
      address: ProfileAnswers.address("214 Atlantic Avenue in Brooklyn"),
      services: ProfileAnswers.services(business),
      weOffer: ProfileAnswers.weOffer("Color"),
      asWritten: [ProfileAnswers.asWritten("Street parking only"), ProfileAnswers.asWritten("Yes, at the desk.")],
      dontKnow: ProfileAnswers.dontKnow,
      leaveOne: ProfileAnswers.leaveOne,
    }
    covers(ProfileAnswers, said)
    expect(said).toMatchInlineSnapshot(`
      {
        "address": "We're at 214 Atlantic Avenue in Brooklyn.",
        "asWritten": [
          "Street parking only.",
          "Yes, at the desk.",
        ],
        "dontKnow": "I don't know that, but I can take a message for the owner.",
        "leaveOne": "Would you like to leave one?",
        "money": [
          "$35",
          "$12.50",
        ],
        "money (euros)": "€40",
        "price": "A haircut is $35.",
        "prices": "A haircut is $35 and an eyebrow wax is $15.",
        "services": "We offer a haircut, a color and a beard trim.",
        "weOffer": "Yes, we offer a color.",
      }
    `)
  })

  it("rephrasings: a question asked again, with an example", () => {
    const said = {
      date: Rephrasings.date,
      time: Rephrasings.time(business, friday),
      "time (no day yet)": Rephrasings.time(business, undefined),
      service: Rephrasings.service(business),
      name: Rephrasings.name,
      phone: Rephrasings.phone,
      yesOrNo: Rephrasings.yesOrNo("I have 5 5 5, 5 5 5, 0 1 2 3."),
      confirm: Rephrasings.confirm("A haircut for Ana Ruiz on Friday, December 4th at 3 PM."),
      alternative: Rephrasings.alternative(business, [ny("2026-12-04T14:00"), ny("2026-12-04T16:00")]),
      anything: Rephrasings.anything,
      stuckMessage: Rephrasings.stuckMessage,
      stillThere: Rephrasings.stillThere(Prompts.askName),
      unfinishedGoodbye: Rephrasings.unfinishedGoodbye(business, true),
      "unfinishedGoodbye (no number)": Rephrasings.unfinishedGoodbye(business, false),
    }
    covers(Rephrasings, said)
    expect(said).toMatchInlineSnapshot(`
      {
        "alternative": "On Friday, December 4th I have 2 PM or 4 PM. You can say the time, like 2 PM, or the first one.",
        "anything": "You can book, move or cancel an appointment, ask about our hours, prices or location, or leave a message. What would you like to do?",
        "confirm": "A haircut for Ana Ruiz on Friday, December 4th at 3 PM. Please say yes to go ahead, or tell me what you'd like to change.",
        "date": "You can say a day like Friday or December 8th. What day would suit you?",
        "name": "You can say your first and last name, like Ana Ruiz. What name should I put the booking under?",
        "phone": "You can say it digit by digit, like 5 5 5, 2 1 2, 3 4 5 6. What's the best number to reach you?",
        "service": "You can say a haircut, a color or a beard trim. Which would you like?",
        "stillThere": "Are you still there? And what name should I put the booking under?",
        "stuckMessage": "Sorry, I'm having trouble understanding. I can take a message and ask the owner to call you back. What would you like to say?",
        "time": "You can say a time like 10 AM or half past two. What time would suit you on Friday, December 4th?",
        "time (no day yet)": "You can say a time like 10 AM or half past two. What time would suit you?",
        "unfinishedGoodbye": "Sorry I couldn't sort this out on the phone. I've asked the owner to call you back. Thanks for calling Bella Hair Studio. Goodbye!",
        "unfinishedGoodbye (no number)": "Sorry I couldn't sort this out on the phone. I've let the owner know you called. Thanks for calling Bella Hair Studio. Goodbye!",
        "yesOrNo": "I have 5 5 5, 5 5 5, 0 1 2 3. Please say yes or no.",
      }
    `)
  })

  it("words: the pieces sentences share", () => {
    const said = {
      article: [Words.article("Haircut"), Words.article("Eyebrow wax")],
      capitalize: Words.capitalize("a haircut"),
      offerings: [Words.offerings(business), Words.offerings(business, "and")],
    }
    covers(Words, said)
    expect(said).toMatchInlineSnapshot(`
      {
        "article": [
          "a haircut",
          "an eyebrow wax",
        ],
        "capitalize": "A haircut",
        "offerings": [
          "a haircut, a color or a beard trim",
          "a haircut, a color and a beard trim",
        ],
      }
    `)
  })

  it("text replies: answers to the texts customers send", () => {
    const said = {
      confirmCancel: TextReplies.confirmCancel(business, booking),
      nothingToCancel: TextReplies.nothingToCancel(business),
      "nothingToCancel (no business number)": TextReplies.nothingToCancel(withoutNumber),
      nothingPending: TextReplies.nothingPending(business),
      howToChange: TextReplies.howToChange(business),
      help: TextReplies.help(business),
      messageKept: TextReplies.messageKept(business),
    }
    covers(TextReplies, said)
    expect(said).toMatchInlineSnapshot(`
      {
        "confirmCancel": "Reply YES within 30 minutes to cancel your color at Bella Hair Studio on Friday, December 4th at 3 PM.",
        "help": "Bella Hair Studio: reply C to cancel your next booking, or call us at +15550100000 to change it. Reply STOP to stop texts.",
        "howToChange": "Bella Hair Studio: to change your booking, call us at +15550100000 and we'll find a new time. Reply C to cancel it instead.",
        "messageKept": "Thanks, your message is saved for the team at Bella Hair Studio.",
        "nothingPending": "Bella Hair Studio: there's no cancellation waiting for a YES. Reply C to cancel your next booking.",
        "nothingToCancel": "Bella Hair Studio: we couldn't find an upcoming booking for this number. To book, call us at +15550100000.",
        "nothingToCancel (no business number)": "Bella Hair Studio: we couldn't find an upcoming booking for this number. To book, call us.",
      }
    `)
  })

  it("lists every module of speech/ (SpokenTime only words times and dates for the others)", () => {
    const folder = fileURLToPath(new URL("../src/speech/", import.meta.url))
    const listed = [
      "BookingMessages",
      "CallLine",
      "ClosedDays",
      "Corrections",
      "FreeTimes",
      "Hours",
      "Identity",
      "OwnerMessages",
      "ProfileAnswers",
      "Prompts",
      "Refusals",
      "Rephrasings",
      "SpokenTime",
      "TextReplies",
      "Words",
    ]
    const modules = readdirSync(folder)
      .filter((file) => file.endsWith(".ts"))
      .map((file) => file.replace(/\.ts$/, ""))
      .sort()
    expect(modules).toEqual(listed)
  })
})
