import { digitOfWord, repeatOfWord } from "@frontdesk/domain/model/DigitRuns"
import type { Asking } from "@frontdesk/domain/ports/Understanding"

/**
 * A phone number, digits or spelled out ("five five five, oh one two", "double five"), read from
 * the utterance as said: here "oh" is a digit, which it is nowhere else. The words are
 * model/DigitRuns' (the log masking reads digits the same way).
 */

/** Only when the agent asked for a number or the caller mentions one, so "3 at 4" is no phone. */
export const findPhone = (utterance: string, asking: Asking): string | undefined => {
  const lower = utterance.toLowerCase()
  if (asking !== "phone" && asking !== "phone_confirm" && !/\b(?:number|phone|cell|mobile|reach me)\b/.test(lower)) {
    return undefined
  }
  const spelled = lower
    .replace(/\b(double|triple) (\w+)/g, (all, times: string, w: string) => {
      const d = digitOfWord(w) ?? (/^\d$/.test(w) ? w : undefined)
      return d === undefined ? all : d.repeat(repeatOfWord(times) ?? 1)
    })
    .replace(/\b(zero|oh|o|one|two|three|four|five|six|seven|eight|nine)\b/g, (w) => digitOfWord(w) ?? w)
  const plus = /\+\s*\d/.test(spelled) ? "+" : ""
  const digits = spelled.replace(/\D/g, "")
  return digits.length >= 7 && digits.length <= 15 ? plus + digits : undefined
}
