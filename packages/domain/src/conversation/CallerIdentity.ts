import { DateTime, Effect, Option, Random } from "effect"
import type { Business } from "../model/Business.js"
import * as DigitRuns from "../model/DigitRuns.js"
import type { PhoneNumber } from "../model/Ids.js"
import * as PhoneNumbers from "../model/PhoneNumbers.js"
import * as Sha256 from "../model/Sha256.js"
import * as Identity from "../speech/Identity.js"
import { type Decision, joinSpeech, perform, reply } from "./Decision.js"
import type { DialogueState } from "./DialogueState.js"
import type { IdentityState } from "./IdentityState.js"

/**
 * Who may cancel or move a booking on a call: the caller whose caller ID is the booking's number,
 * or a caller who read back the one-time code texted to that number. A spoken number only says
 * which bookings to look for; it never authorises a change (anyone can say anyone's number).
 *
 * The code is 6 random digits, kept in the call's state only as a salted SHA-256, valid for 10
 * minutes and 3 tries, one code per call. The hash keeps the code out of stored sessions and
 * logs; with a million possible codes it is not a secret against someone who can read the
 * session store, which is why the tries and the expiry are what actually protect it.
 */

export const codeDigits = 6
export const codeLifetime = { minutes: 10 } as const
export const maxTries = 3

export const hashCode = (salt: string, code: string): string => Sha256.hex(`${salt}:${code}`)

/** A fresh code and the state that remembers it; the code itself goes only into the text. */
export const newCode = (
  phone: PhoneNumber,
): Effect.Effect<{ readonly code: string; readonly identity: IdentityState }> =>
  Effect.gen(function* () {
    const digits = yield* Effect.all(Array.from({ length: codeDigits }, () => Random.nextIntBetween(0, 10)))
    const saltDigits = yield* Effect.all(Array.from({ length: 16 }, () => Random.nextIntBetween(0, 16)))
    const code = digits.join("")
    const salt = saltDigits.map((d) => d.toString(16)).join("")
    const now = yield* DateTime.now
    return {
      code,
      identity: {
        phone,
        salt,
        codeHash: hashCode(salt, code),
        expiresAt: DateTime.add(now, codeLifetime),
        tries: 0,
        verified: false,
      },
    }
  })

/** The caller's own number, from caller ID; none when withheld. */
const callerId = (business: Business, state: DialogueState) => PhoneNumbers.fromCaller(state.from, business.country)

/** Whether this call may change a booking made under `phone`. */
export const mayChange = (business: Business, state: DialogueState, phone: PhoneNumber): boolean => {
  const own = callerId(business, state)
  if (Option.isSome(own) && own.value === phone) return true
  return state.identity?.verified === true && state.identity.phone === phone
}

/**
 * Before looking up bookings to cancel or move: undefined when the call may go ahead, else what
 * to do — send a code to the number asked about, ask for the code already sent, or (a code was
 * already spent on this call) refuse and offer a message.
 */
export const gate = (business: Business, state: DialogueState, preface: string | undefined): Decision | undefined => {
  const phone = state.phone
  if (phone === undefined || mayChange(business, state, phone)) return undefined
  const identity = state.identity
  if (identity === undefined) return perform(state, { _tag: "SendCode", phone }, preface)
  if (identity.phone === phone && !identity.verified)
    return reply(state, joinSpeech(preface, Identity.askCodeAgain), "code")
  // One code per call: a second number (or a second round) cannot make the call text again.
  return refuse(state, Identity.tooManyTries, business)
}

/**
 * No change on this call; whatever the caller says next is a message for the team. The number
 * they gave was the booking's, not proven theirs: the message carries their caller ID, or none.
 */
const refuse = (state: DialogueState, said: string, business: Business): Decision => {
  const own = Option.getOrUndefined(callerId(business, state))
  return reply(
    {
      ...state,
      goal: undefined,
      candidates: undefined,
      moving: undefined,
      phone: own,
      phoneConfirmed: own !== undefined,
    },
    said,
    "message",
  )
}

/** After the runner tried to text a code. */
export const afterSend = (business: Business, state: DialogueState, identity: IdentityState | undefined): Decision =>
  identity === undefined
    ? refuse(state, Identity.cannotText, business)
    : reply({ ...state, identity }, Identity.codeSent, "code")

/** The digits of a spoken or keyed code ("four two, 7 1 9 0"); undefined unless exactly six. */
export const codeIn = (text: string): string | undefined => {
  let digits = ""
  for (const token of text.toLowerCase().split(/[^a-z0-9]+/)) {
    if (token === "") continue
    if (/^\d+$/.test(token)) digits += token
    else {
      const digit = DigitRuns.digitOfWord(token)
      if (digit !== undefined) digits += digit
    }
  }
  return digits.length === codeDigits ? digits : undefined
}

/**
 * The caller's answer to "please read it to me". Right: the call may change that number's
 * bookings (`advance` goes on to look them up). Wrong: again, up to 3 tries. Expired or out of
 * tries: refused, with the offer of a message.
 */
export const hearCode = (
  business: Business,
  state: DialogueState,
  text: string,
  now: DateTime.Utc,
  advance: (state: DialogueState) => Decision,
): Decision => {
  const identity = state.identity
  if (identity === undefined || identity.verified) return advance(state)
  if (!DateTime.lessThan(now, identity.expiresAt)) return refuse(state, Identity.codeExpired, business)
  const code = codeIn(text)
  if (code !== undefined && hashCode(identity.salt, code) === identity.codeHash) {
    return advance({ ...state, identity: { ...identity, verified: true }, misunderstandings: 0 })
  }
  const tries = identity.tries + 1
  const next = { ...state, identity: { ...identity, tries } }
  if (tries >= maxTries) return refuse(next, Identity.tooManyTries, business)
  return reply(next, Identity.codeWrong, "code")
}
