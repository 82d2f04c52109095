/**
 * Text clean-up for what speech-to-text writes down on a phone line: lowercase or oddly
 * capitalised, "p.m.", "3:00 PM", number words, "uh" and "um". Every other module reads the
 * normalised text, so each pattern is written once, against one spelling.
 */

const fillers =
  /\b(?:u+h+|u+m+|uhm|e+r+m*|hmm+|ah+|you know|i mean|kinda|sort of|basically|let me see|let's see|lemme see)\b/g
// "like" is filler except where it means want: "I'd like", "would like", "I like".
const fillerLike = /(?<!\b(?:would|'d|i|we|they|you|d|also|just|really|we'd|i'd|you'd)\s)\blike\b/g

const smallNumbers: Record<string, number> = {
  zero: 0,
  oh: 0,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  thirteen: 13,
  fourteen: 14,
  fifteen: 15,
  sixteen: 16,
  seventeen: 17,
  eighteen: 18,
  nineteen: 19,
}
const tens: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50 }
const ordinalWords: Record<string, number> = {
  first: 1,
  second: 2,
  third: 3,
  fourth: 4,
  fifth: 5,
  sixth: 6,
  seventh: 7,
  eighth: 8,
  ninth: 9,
  tenth: 10,
  eleventh: 11,
  twelfth: 12,
  thirteenth: 13,
  fourteenth: 14,
  fifteenth: 15,
  sixteenth: 16,
  seventeenth: 17,
  eighteenth: 18,
  nineteenth: 19,
  twentieth: 20,
  thirtieth: 30,
}

const shortDays: Record<string, string> = {
  mon: "monday",
  tue: "tuesday",
  wed: "wednesday",
  thu: "thursday",
  fri: "friday",
  sat: "saturday",
  sun: "sunday",
}

const suffix = (n: number): string => {
  const m = n % 100
  if (m >= 11 && m <= 13) return "th"
  return n % 10 === 1 ? "st" : n % 10 === 2 ? "nd" : n % 10 === 3 ? "rd" : "th"
}

/** "twenty first" → "21st", "thirty" → "30", "three" → "3"; "oh" stays a word (it is usually "oh"). */
export const numberWordsToDigits = (s: string): string =>
  s
    .replace(/\b(twenty|thirty)[\s-](first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)\b/g, (_, t, o) => {
      const n = (tens[t] ?? 0) + (ordinalWords[o] ?? 0)
      return `${n}${suffix(n)}`
    })
    .replace(
      /\b(first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|seventeenth|eighteenth|nineteenth|twentieth|thirtieth)\b/g,
      (w) => {
        const n = ordinalWords[w] ?? 0
        return `${n}${suffix(n)}`
      },
    )
    .replace(/\b(twenty|thirty|forty|fourty|fifty)[\s-](one|two|three|four|five|six|seven|eight|nine)\b/g, (_, t, u) =>
      String((tens[t] ?? 0) + (smallNumbers[u] ?? 0)),
    )
    .replace(/\b(twenty|thirty|forty|fourty|fifty)\b/g, (w) => String(tens[w] ?? 0))
    .replace(
      /\b(zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen)\b/g,
      (w) => String(smallNumbers[w] ?? 0),
    )

/**
 * Longest utterance read: a phone turn is a sentence or two; past this the rest is cut at a word
 * boundary, which keeps every pattern's cost bounded (see bench/interpret.ts for the figures).
 */
export const maxLength = 2048

export const capped = (utterance: string): string => {
  if (utterance.length <= maxLength) return utterance
  const cut = utterance.slice(0, maxLength)
  const space = cut.lastIndexOf(" ")
  return space > maxLength / 2 ? cut.slice(0, space) : cut
}

/** Lowercase, filler-free, with "p.m." → "pm" and number words as digits. */
export const normalise = (utterance: string): string => {
  let s = ` ${capped(utterance).toLowerCase()} `
  s = s.replace(/[’‘`]/g, "'")
  // "uh huh" and "mm hmm" are a yes, not filler around "huh".
  s = s.replace(/\buh[\s-]huh\b|\bm+[\s-]?hm+\b/g, " yes ")
  s = s.replace(/\b([ap])\.\s?m\.?/g, " $1m ").replace(/\b([ap]) m\b/g, " $1m ")
  s = s.replace(/(\d)(am|pm)\b/g, "$1 $2")
  s = s.replace(fillers, " ").replace(fillerLike, " ")
  s = s.replace(/[^a-z0-9:'+/\s-]/g, " ").replace(/(?<![a-z])-|-(?![a-z])/g, " ")
  s = s.replace(/\s+/g, " ")
  s = s.replace(/\b(?:tmrw|tmr|tomorow|tommorow|tommorrow|2morrow)\b/g, "tomorrow")
  s = numberWordsToDigits(s)
  // "next Sat", "on Wed": short weekday names count where only a day can follow.
  s = s.replace(
    /\b(next|this|on|coming|last|till|until|by) (mon|tue|wed|thu|fri|sat|sun)\b/g,
    (_, w: string, d: string) => `${w} ${shortDays[d] ?? d}`,
  )
  // "on on Friday", "I I'd like": a stutter, said once (after number words became digits, so "ten ten" stays).
  s = s.replace(/\b([a-z][a-z']*)(?: \1\b)+/g, "$1")
  // "nine oh five" → "9 05"; "3ish" → "3 ish".
  s = s.replace(/\b(\d{1,2}) oh (\d)\b/g, "$1 0$2").replace(/\b(\d{1,2}|noon|midday)ish\b/g, "$1 ish")
  return s.trim()
}

/**
 * The utterance with only hesitations taken out: case and punctuation stay, because a capital
 * letter is the best hint of a name and the text is what the owner reads in a message.
 */
export const withoutHesitations = (utterance: string): string =>
  capped(utterance)
    .replace(/\b(?:u+h+|u+m+|uhm|e+r+m*|hmm+)\b[,.]?/gi, " ")
    .replace(/\s+/g, " ")
    .trim()
