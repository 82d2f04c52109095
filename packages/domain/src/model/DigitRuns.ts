/**
 * Runs of digits in free text, written ("555 123 4567", "555.123.4567") or spoken as a speech
 * engine transcribes them ("five five five one two three four", "double five"). Seven or more
 * digits in a run is a phone number, card or account number as far as a log is concerned, so
 * logs mask them the way they mask caller numbers.
 */

/** Words a speech engine writes for single digits; "oh", "o" and "for" only count inside a run. */
const digitWords = new Map<string, string>(
  Object.entries({
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
  }),
)

/** The digit a spoken word stands for ("five" → "5", "oh" → "0"); shared with the phone reader in understanding. */
export const digitOfWord = (word: string): string | undefined => digitWords.get(word.toLowerCase())

/** How many times "double"/"triple" repeats the next digit. */
export const repeatOfWord = (word: string): number | undefined => repeats.get(word.toLowerCase())

// Maps, not object literals: a caller saying "constructor" must not find Object's prototype.
const repeats = new Map<string, number>([
  ["double", 2],
  ["triple", 3],
])

/** The shortest run treated as a number someone could dial or charge. */
export const minimumDigits = 7

/**
 * One piece of text at a time: an ISO date (kept whole so "2025-03-14" is a date, not eight
 * digits), digits, a word, a separator that may sit inside a run, or anything else.
 */
const piece = /(\d{4}-\d{2}-\d{2})|(\d+)|([\p{L}_]+)|([\s.,()+\u2010-\u2015-]+)|([\s\S])/uy

type Piece =
  | { readonly kind: "digits"; readonly start: number; readonly end: number; readonly digits: string }
  | { readonly kind: "repeat"; readonly start: number; readonly end: number; readonly times: number }
  | { readonly kind: "separator" }
  | { readonly kind: "break" }

const isAttached = (char: string | undefined): boolean => char !== undefined && /[\p{L}\p{N}_:]/u.test(char)

const pieces = (text: string): ReadonlyArray<Piece> => {
  const out: Array<Piece> = []
  piece.lastIndex = 0
  for (let match = piece.exec(text); match !== null; match = piece.exec(text)) {
    const start = match.index
    const end = piece.lastIndex
    const [, date, digits, word] = match
    if (digits !== undefined) {
      // Digits glued to letters or colons are ids and clock times (SM0123…, 10:30), not numbers said.
      out.push(
        isAttached(text[start - 1]) || isAttached(text[end])
          ? { kind: "break" }
          : { kind: "digits", start, end, digits },
      )
    } else if (word !== undefined) {
      const lower = word.toLowerCase()
      const digit = digitWords.get(lower)
      const times = repeats.get(lower)
      if (digit !== undefined) out.push({ kind: "digits", start, end, digits: digit })
      else if (times !== undefined) out.push({ kind: "repeat", start, end, times })
      else out.push({ kind: "break" })
    } else if (date !== undefined || match[5] !== undefined) {
      out.push({ kind: "break" })
    } else {
      out.push({ kind: "separator" })
    }
  }
  return out
}

/** Where a run of digits sits in the text, and the digits it stands for. */
export interface DigitRun {
  readonly start: number
  readonly end: number
  readonly digits: string
}

/** Every run of at least `minimumDigits` digits, written or spoken, separated by spaces, dashes, dots. */
export const find = (text: string): ReadonlyArray<DigitRun> => {
  const runs: Array<DigitRun> = []
  let current: { start: number; end: number; digits: string } | undefined
  let pending: { start: number; times: number } | undefined
  const close = () => {
    if (current !== undefined && current.digits.length >= minimumDigits) runs.push(current)
    current = undefined
  }
  for (const p of pieces(text)) {
    switch (p.kind) {
      case "separator":
        break
      case "break":
        close()
        pending = undefined
        break
      case "repeat":
        pending = { start: p.start, times: p.times }
        break
      case "digits": {
        // "double five" is two digits; "double" before anything longer than a digit is just a word.
        const times = pending !== undefined && p.digits.length === 1 ? pending.times : 1
        const start = pending !== undefined && times > 1 ? pending.start : p.start
        pending = undefined
        const digits = p.digits.repeat(times)
        if (current === undefined) current = { start, end: p.end, digits }
        else current = { start: current.start, end: p.end, digits: current.digits + digits }
      }
    }
  }
  close()
  return runs
}

/** The digits masked but the last two, as caller numbers are in logs. */
export const mask = (digits: string): string =>
  digits.length <= 2 ? "**" : `${"*".repeat(digits.length - 2)}${digits.slice(-2)}`

/** The text with every digit run masked; a leading "+" goes with the number it belongs to. */
export const redact = (text: string): string => {
  const runs = find(text)
  if (runs.length === 0) return text
  let out = ""
  let at = 0
  for (const run of runs) {
    const start = run.start > 0 && text[run.start - 1] === "+" ? run.start - 1 : run.start
    out += text.slice(at, start) + mask(run.digits)
    at = run.end
  }
  return out + text.slice(at)
}
