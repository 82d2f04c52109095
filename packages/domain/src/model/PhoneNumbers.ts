import { Option, Schema } from "effect"
import { PhoneNumber } from "./Ids.js"

/**
 * Phone numbers as callers give them ("five five five, one two three…", "(555) 123-4567",
 * "07700 900123") turned into E.164, and read back digit by digit.
 */

/**
 * What Twilio sends as `From` when the caller hides their number: `anonymous`, empty, or one of
 * the pseudo-numbers it uses for restricted/blocked/unknown callers.
 */
const withheld = new Set([
  "",
  "anonymous",
  "restricted",
  "private",
  "unknown",
  "blocked",
  "+266696687",
  "+7378742833",
  "+2562533",
  "+8656696",
])

export const isWithheld = (from: string | undefined): boolean =>
  from === undefined || withheld.has(from.trim().toLowerCase())

/** Country calling codes for the countries a business is likely to be in; US when unknown. */
const callingCodes: Record<string, string> = {
  US: "1",
  CA: "1",
  GB: "44",
  IE: "353",
  AU: "61",
  NZ: "64",
  DE: "49",
  FR: "33",
  ES: "34",
  IT: "39",
  NL: "31",
  BE: "32",
  CH: "41",
  AT: "43",
  SE: "46",
  NO: "47",
  DK: "45",
  PT: "351",
  MX: "52",
  BR: "55",
  IN: "91",
  ZA: "27",
  SG: "65",
}

const isE164 = Schema.is(PhoneNumber)

const checked = (candidate: string): Option.Option<PhoneNumber> =>
  isE164(candidate) ? Option.some(candidate) : Option.none()

/**
 * Normalises a number to E.164 in the business's country (ISO 3166 alpha-2). Accepts anything a
 * person or a speech engine writes: spaces, dashes, dots, brackets, a leading `+`, `00` or `011`.
 */
export const normalize = (raw: string, country = "US"): Option.Option<PhoneNumber> => {
  const trimmed = raw.trim()
  const digits = trimmed.replace(/\D/g, "")
  if (digits.length === 0) return Option.none()
  if (trimmed.startsWith("+")) return checked(`+${digits}`)
  const code = callingCodes[country.toUpperCase()] ?? "1"
  if (code === "1") {
    if (digits.length === 10) return checked(`+1${digits}`)
    if (digits.length === 11 && digits.startsWith("1")) return checked(`+${digits}`)
    if (digits.startsWith("011")) return checked(`+${digits.slice(3)}`)
    return Option.none()
  }
  if (digits.startsWith("00")) return checked(`+${digits.slice(2)}`)
  // National format: the trunk prefix 0 is dropped after the country code (07700 900123 → +447700900123).
  if (digits.startsWith("0")) return checked(`+${code}${digits.slice(1)}`)
  if (digits.startsWith(code) && digits.length > 10) return checked(`+${digits}`)
  return digits.length >= 6 ? checked(`+${code}${digits}`) : Option.none()
}

/** The caller's number from Twilio's `From`, or none when withheld or unusable. */
export const fromCaller = (from: string | undefined, country = "US"): Option.Option<PhoneNumber> =>
  isWithheld(from) || from === undefined ? Option.none() : normalize(from, country)

const spell = (digits: string): string => digits.split("").join(" ")

/**
 * Read back digit by digit in the groups people remember numbers in:
 * +15551234567 → "5 5 5, 1 2 3, 4 5 6 7"; other countries in the national form with its 0.
 */
export const spoken = (phone: PhoneNumber, country = "US"): string => {
  const digits = phone.slice(1)
  if (digits.startsWith("1") && digits.length === 11) {
    return [digits.slice(1, 4), digits.slice(4, 7), digits.slice(7)].map(spell).join(", ")
  }
  const code = callingCodes[country.toUpperCase()]
  const national =
    code !== undefined && code !== "1" && digits.startsWith(code) ? `0${digits.slice(code.length)}` : digits
  const groups: Array<string> = []
  for (let i = 0; i < national.length; ) {
    const size = national.length - i === 4 ? 4 : Math.min(3, national.length - i)
    groups.push(national.slice(i, i + size))
    i += size
  }
  return groups.map(spell).join(", ")
}

/** For logs: keeps the last two digits only. */
export const redact = (phone: string): string =>
  phone.length <= 2 ? "**" : `${"*".repeat(phone.length - 2)}${phone.slice(-2)}`
