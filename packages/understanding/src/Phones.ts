import type { Asking } from "@frontdesk/domain/ports/Understanding"

/**
 * A phone number, digits or spelled out ("five five five, oh one two", "double five"), read from
 * the utterance as said: here "oh" and "for" are digits, which they are nowhere else.
 */

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

/** Only when the agent asked for a number or the caller mentions one, so "3 at 4" is no phone. */
export const findPhone = (utterance: string, asking: Asking): string | undefined => {
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
