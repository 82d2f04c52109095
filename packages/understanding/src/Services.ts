import type { Business } from "@frontdesk/domain/model/Business"
import type { Asking } from "@frontdesk/domain/ports/Understanding"
import { notNames } from "./Names.js"

/**
 * Which of the business's services the caller asked for, by the business's own words for them
 * (service names and aliases), and the words of a request for a service it does not list.
 */

/** Crude English stemming, enough for "appointments", "booked", "waxing", "classes". */
export const stem = (word: string): string => {
  let w = word
  if (w.endsWith("ing") && w.length > 5) w = w.slice(0, -3)
  else if (w.endsWith("ed") && w.length > 3) w = w.slice(0, -2)
  else if (w.endsWith("es") && w.length > 4 && /(?:ss|x|z|ch|sh)es$/.test(w)) w = w.slice(0, -2)
  else if (w.endsWith("s") && !w.endsWith("ss") && w.length > 3) w = w.slice(0, -1)
  if (/([bdgmnpt])\1$/.test(w)) w = w.slice(0, -1)
  // "rinse"/"rinsed", "tune"/"tuning": a final silent e is dropped on both sides.
  if (w.endsWith("e") && w.length > 2) w = w.slice(0, -1)
  return w
}

const stemsOf = (s: string): Array<string> =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9\s]/g, " ")
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map(stem)

interface ServiceIndex {
  /** Longest first, so a longer phrase is tried before the shorter one inside it. */
  readonly phrases: ReadonlyArray<{ readonly stems: ReadonlyArray<string>; readonly service: string }>
  readonly words: ReadonlySet<string>
}

const serviceIndexes = new WeakMap<Business, ServiceIndex>()
const serviceIndex = (business: Business): ServiceIndex => {
  const cached = serviceIndexes.get(business)
  if (cached !== undefined) return cached
  const said = business.services.flatMap((service) =>
    [service.name, ...service.aliases].map((phrase) => ({ phrase, service: service.name })),
  )
  const phrases = said.flatMap(({ phrase, service }) => {
    const stems = stemsOf(phrase)
    // A two-word phrase also matches written as one word ("check up" / "checkup") and back.
    const joined = stem(stems.join(""))
    return [{ stems, service }, ...(stems.length > 1 ? [{ stems: [joined], service }] : [])]
  })
  const words = new Set(said.flatMap(({ phrase }) => phrase.toLowerCase().split(/\s+/)))
  const index = { phrases: phrases.sort((a, b) => b.stems.length - a.stems.length), words }
  serviceIndexes.set(business, index)
  return index
}

/** The lowercase words of the business's service names and aliases: never part of a caller's name. */
export const serviceWords = (business: Business): ReadonlySet<string> => serviceIndex(business).words

/** The configured name of the service the text asks for, if any. */
export const findService = (s: string, business: Business): string | undefined => {
  const words = stemsOf(s)
  // A one-word phrase also matches said as two ("checkup" / "check up").
  const pairs = words.slice(0, -1).map((w, i) => stem(w + (words[i + 1] ?? "")))
  // Longest phrase wins; words in order ("oil change") beat the same words apart ("change the oil").
  let best: { service: string; score: number } | undefined
  for (const phrase of serviceIndex(business).phrases) {
    const n = phrase.stems.length
    const inOrder =
      words.some((_, i) => phrase.stems.every((p, j) => words[i + j] === p)) ||
      (n === 1 && pairs.includes(phrase.stems[0] ?? ""))
    const apart = n > 1 && phrase.stems.every((p) => words.includes(p))
    const score = inOrder ? 2 * n : apart ? 2 * n - 1 : 0
    if (score > 0 && (best === undefined || score > best.score)) best = { service: phrase.service, score }
  }
  return best?.service
}

/** Words that follow "I need a…" without naming a service. */
const notServices = new Set([
  "availability",
  "anything",
  "opening",
  "openings",
  "space",
  "room",
  "appointment",
  "booking",
  "reservation",
  "time",
  "slot",
  "spot",
  "something",
  "question",
  "day",
  "minute",
  "second",
  "person",
  "human",
  "number",
  "message",
  "call",
  "look",
  "quick",
  "new",
])

/** What the caller asked for when it is not one of the business's services ("do you do waxing"). */
export const findUnknownService = (s: string, asking: Asking): string | undefined => {
  const m =
    /\bdo you (?:guys )?(?:do|offer|have)\s+(?:any\s+)?([a-z]+(?: [a-z]+)?)/.exec(s) ??
    /\b(?:get|book|want|need|like|have|do|schedule|for|about|interested in)\s+(?:a|an|some|my|the)\s+([a-z]+(?: [a-z]+)?)/.exec(
      s,
    )
  const candidate =
    m?.[1] ??
    // A short answer to "what would you like to book?" names a service, even one we lack; a
    // question or "I don't know" does not.
    (asking === "service" &&
    s.split(" ").length <= 3 &&
    !/\b(?:what|which|how|don't|dont|not|know|sure|cheap|cheapest|options?|offer)\b/.test(s)
      ? s.replace(/^(?:i'd like|i want|i need|a|an|just|some)\s+/, "")
      : undefined)
  if (candidate === undefined) return undefined
  const first = candidate.split(" ")[0] ?? ""
  if (notServices.has(first) || notServices.has(stem(first)) || /\d/.test(candidate)) return undefined
  const words = candidate.split(" ").filter((w) => !notServices.has(w) && !notNames.has(w))
  return words.length === 0 ? undefined : words.join(" ")
}
