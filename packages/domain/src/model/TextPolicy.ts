import type { Business } from "./Business.js"

/**
 * Where the system may send a text. A caller ID can be spoofed, so every text a call triggers
 * (confirmations, codes, replies) is a text an attacker can aim: at a premium-rate range that pays
 * them per message, at a far country that costs the business, at a short code that subscribes
 * someone to something. The rule: only the countries the business serves (those of its own
 * numbers, widened by `SMS_ALLOWED_COUNTRIES`), only ordinary subscriber numbers.
 */

export type Refusal =
  /** Too short to be a subscriber number: a short code or a service number. */
  | { readonly _tag: "ShortCode" }
  /** A premium-rate, shared-cost or personal-numbering range, paid by the sender. */
  | { readonly _tag: "PremiumRate" }
  | { readonly _tag: "CountryNotAllowed"; readonly country: string | undefined }

/**
 * NANP area codes that are not the US mainland: Canada, then the Caribbean and Pacific members
 * (separate countries or territories billed as international, and the classic SMS-pumping targets).
 */
const canada = new Set([
  "204",
  "226",
  "236",
  "249",
  "250",
  "263",
  "289",
  "306",
  "343",
  "354",
  "365",
  "367",
  "368",
  "382",
  "387",
  "403",
  "416",
  "418",
  "428",
  "431",
  "437",
  "438",
  "450",
  "468",
  "474",
  "506",
  "514",
  "519",
  "548",
  "579",
  "581",
  "584",
  "587",
  "604",
  "613",
  "639",
  "647",
  "672",
  "683",
  "705",
  "709",
  "742",
  "753",
  "778",
  "780",
  "782",
  "807",
  "819",
  "825",
  "867",
  "873",
  "879",
  "902",
  "905",
  "942",
])

const nanpOther: Record<string, string> = {
  "242": "BS",
  "246": "BB",
  "264": "AI",
  "268": "AG",
  "284": "VG",
  "340": "VI",
  "345": "KY",
  "441": "BM",
  "473": "GD",
  "649": "TC",
  "658": "JM",
  "876": "JM",
  "664": "MS",
  "670": "MP",
  "671": "GU",
  "684": "AS",
  "721": "SX",
  "758": "LC",
  "767": "DM",
  "784": "VC",
  "787": "PR",
  "939": "PR",
  "809": "DO",
  "829": "DO",
  "849": "DO",
  "868": "TT",
  "869": "KN",
}

/** Country calling codes (longest match wins) for everything outside the NANP. */
const callingCodes: Record<string, string> = {
  "7": "RU",
  "20": "EG",
  "27": "ZA",
  "30": "GR",
  "31": "NL",
  "32": "BE",
  "33": "FR",
  "34": "ES",
  "36": "HU",
  "39": "IT",
  "40": "RO",
  "41": "CH",
  "43": "AT",
  "44": "GB",
  "45": "DK",
  "46": "SE",
  "47": "NO",
  "48": "PL",
  "49": "DE",
  "51": "PE",
  "52": "MX",
  "53": "CU",
  "54": "AR",
  "55": "BR",
  "56": "CL",
  "57": "CO",
  "58": "VE",
  "60": "MY",
  "61": "AU",
  "62": "ID",
  "63": "PH",
  "64": "NZ",
  "65": "SG",
  "66": "TH",
  "81": "JP",
  "82": "KR",
  "84": "VN",
  "86": "CN",
  "90": "TR",
  "91": "IN",
  "92": "PK",
  "93": "AF",
  "94": "LK",
  "95": "MM",
  "98": "IR",
  "212": "MA",
  "213": "DZ",
  "216": "TN",
  "218": "LY",
  "220": "GM",
  "221": "SN",
  "225": "CI",
  "233": "GH",
  "234": "NG",
  "237": "CM",
  "243": "CD",
  "251": "ET",
  "254": "KE",
  "255": "TZ",
  "256": "UG",
  "263": "ZW",
  "351": "PT",
  "352": "LU",
  "353": "IE",
  "354": "IS",
  "356": "MT",
  "357": "CY",
  "358": "FI",
  "359": "BG",
  "370": "LT",
  "371": "LV",
  "372": "EE",
  "373": "MD",
  "374": "AM",
  "375": "BY",
  "380": "UA",
  "381": "RS",
  "385": "HR",
  "386": "SI",
  "420": "CZ",
  "421": "SK",
  "852": "HK",
  "853": "MO",
  "855": "KH",
  "880": "BD",
  "886": "TW",
  "960": "MV",
  "961": "LB",
  "962": "JO",
  "963": "SY",
  "964": "IQ",
  "965": "KW",
  "966": "SA",
  "971": "AE",
  "972": "IL",
  "973": "BH",
  "974": "QA",
  "977": "NP",
  "992": "TJ",
  "993": "TM",
  "994": "AZ",
  "995": "GE",
  "996": "KG",
  "998": "UZ",
}

/**
 * Ranges where the sender pays more than a subscriber text, by the national digits after the
 * country code. Not every premium range of every country: the ones of the countries a business on
 * this system is likely to serve, and a refused country never gets this far.
 */
const premiumPrefixes: Record<string, ReadonlyArray<string>> = {
  // 900 numbers; 976 exchanges anywhere in the plan.
  US: ["900"],
  CA: ["900"],
  // 09 premium, 087 and 084 service, 070 personal numbering (a known fraud range), 118 directory.
  GB: ["9", "87", "84", "70", "118"],
  IE: ["15"],
  // 1900 / 190x premium, 13 and 1300 shared cost.
  AU: ["19", "13"],
  DE: ["900", "137", "138", "118"],
  FR: ["89", "81", "82"],
  ES: ["80", "90"],
  IT: ["89", "16", "4"],
  NL: ["90"],
  BE: ["90"],
  CH: ["90"],
  AT: ["9"],
  NZ: ["900"],
}

/** The ISO 3166 country an E.164 number belongs to, when the tables know its calling code. */
export const countryOf = (phone: string): string | undefined => {
  const digits = phone.replace(/^\+/, "")
  if (digits.startsWith("1") && digits.length === 11) {
    const area = digits.slice(1, 4)
    if (canada.has(area)) return "CA"
    return nanpOther[area] ?? "US"
  }
  for (const length of [3, 2, 1]) {
    const country = callingCodes[digits.slice(0, length)]
    if (country !== undefined) return country
  }
  return undefined
}

const callingCodeOf = (country: string): string | undefined =>
  country === "US" || country === "CA" ? "1" : Object.entries(callingCodes).find(([, iso]) => iso === country)?.[0]

/** Shortest subscriber number (country code included) a text may go to; a 5-6 digit short code is below it. */
export const minimumDigits = 8

const isPremium = (digits: string, country: string): boolean => {
  if (country === "US" || country === "CA" || Object.values(nanpOther).includes(country)) {
    // +1 NPA NXX XXXX: premium area code 900, or the 976 exchange of any area code.
    return digits.slice(1, 4) === "900" || digits.slice(4, 7) === "976"
  }
  const code = callingCodeOf(country)
  if (code === undefined) return false
  const national = digits.slice(code.length)
  return (premiumPrefixes[country] ?? []).some((prefix) => national.startsWith(prefix))
}

/**
 * The countries a business texts by default: those of its own numbers, else its country. `extra`
 * (from `SMS_ALLOWED_COUNTRIES`) widens the set for every business.
 */
export const allowedCountries = (business: Business, extra: ReadonlyArray<string> = []): ReadonlySet<string> => {
  const own = business.phoneNumbers.map(countryOf).filter((c): c is string => c !== undefined)
  return new Set([...(own.length > 0 ? own : [business.country]), ...extra.map((c) => c.toUpperCase())])
}

/** Why a text to `phone` may not be sent, or undefined when it may. */
export const check = (phone: string, allowed: ReadonlySet<string>): Refusal | undefined => {
  const digits = phone.replace(/^\+/, "")
  if (!/^\d+$/.test(digits) || digits.length < minimumDigits) return { _tag: "ShortCode" }
  const country = countryOf(phone)
  if (country === undefined || !allowed.has(country)) return { _tag: "CountryNotAllowed", country }
  if (isPremium(digits, country)) return { _tag: "PremiumRate" }
  return undefined
}

/** For logs and the outbox's last error: no digits of the number itself. */
export const describe = (refusal: Refusal): string => {
  switch (refusal._tag) {
    case "ShortCode":
      return "not a subscriber number (short code)"
    case "PremiumRate":
      return "a premium-rate or shared-cost number"
    case "CountryNotAllowed":
      return `country ${refusal.country ?? "unknown"} is not allowed for this business`
  }
}

/** ISO 3166 alpha-2 codes from `SMS_ALLOWED_COUNTRIES` ("US, CA,gb"); anything else is refused by the caller. */
export const parseCountries = (text: string): ReadonlyArray<string> | undefined => {
  const codes = text
    .split(",")
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c.length > 0)
  return codes.every((c) => /^[A-Z]{2}$/.test(c)) ? codes : undefined
}
