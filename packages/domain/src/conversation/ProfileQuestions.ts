import type { Business, FaqEntry } from "../model/Business.js"
import type { Interpretation } from "../ports/Understanding.js"
import * as Hours from "../speech/Hours.js"
import * as ProfileAnswers from "../speech/ProfileAnswers.js"
import * as Prompts from "../speech/Prompts.js"

/**
 * Answers a caller's question (intent "question") from what the owner configured: service prices,
 * the profile's address, parking and policies, the opening hours, and free-form FAQ entries
 * matched by the words they share with the question. What is not configured is not guessed.
 */

export interface Answer {
  readonly text: string
  /** False when the business has no answer and the agent offered a message instead. */
  readonly known: boolean
}

const known = (text: string): Answer => ({ text, known: true })
const unknown: Answer = { text: ProfileAnswers.dontKnow, known: false }

/** Words that say nothing about what is asked. */
const stopwords = new Set(
  (
    "a an and any are as at be but by can could do does for from get got have has how i i'd i'm if in is it its " +
    "me my of on or our please should so that the there this to us want was we what when where which who will " +
    "with would you your you're hi hello um uh like just tell know"
  ).split(" "),
)

/** A crude stem, so "parking" meets "park" and "cards" meets "card". */
const stem = (word: string): string => word.replace(/'s$/, "").replace(/(?:ing|ed|es|s)$/, "") || word

const contentWords = (text: string): ReadonlySet<string> =>
  new Set(
    (text.toLowerCase().match(/[a-z0-9']+/g) ?? [])
      .filter((w) => !stopwords.has(w) && w.length > 1)
      .map((w) => (w.length > 4 ? stem(w) : w)),
  )

/** The FAQ entry sharing the most words with the question (the first on a tie); none shares none. */
export const bestFaq = (faq: ReadonlyArray<FaqEntry>, question: string): FaqEntry | undefined => {
  const asked = contentWords(question)
  let best: { readonly entry: FaqEntry; readonly score: number } | undefined
  for (const entry of faq) {
    const words = contentWords(entry.question)
    const score = [...asked].filter((w) => words.has(w)).length
    if (score > 0 && (best === undefined || score > best.score)) best = { entry, score }
  }
  return best?.entry
}

const fromFaq = (business: Business, question: string): Answer | undefined => {
  const entry = bestFaq(business.profile.faq, question)
  return entry === undefined ? undefined : known(ProfileAnswers.asWritten(entry.answer))
}

const price = (business: Business, interpretation: Interpretation): Answer => {
  const { service, unknownService } = interpretation.slots
  if (service === undefined && unknownService !== undefined) {
    return known(Prompts.unknownService(business, unknownService))
  }
  const asked = business.services.find((s) => s.name === service)
  if (asked !== undefined) {
    return asked.price === undefined
      ? (fromFaq(business, interpretation.text) ?? unknown)
      : known(ProfileAnswers.price(business, asked.name, asked.price))
  }
  const priced = business.services.flatMap((s) => (s.price === undefined ? [] : [{ service: s.name, price: s.price }]))
  return priced.length === 0
    ? (fromFaq(business, interpretation.text) ?? unknown)
    : known(ProfileAnswers.prices(business, priced))
}

const offered = (business: Business, interpretation: Interpretation): Answer => {
  const { service, unknownService } = interpretation.slots
  const asked = business.services.find((s) => s.name === service)
  if (asked !== undefined) {
    const cost = asked.price === undefined ? undefined : ProfileAnswers.price(business, asked.name, asked.price)
    return known([ProfileAnswers.weOffer(asked.name), cost].filter((s) => s !== undefined).join(" "))
  }
  if (unknownService !== undefined) return known(Prompts.unknownService(business, unknownService))
  return known(ProfileAnswers.services(business))
}

/** A profile text, else the best FAQ entry, else "I don't know". */
const profileText = (business: Business, text: string | undefined, question: string, say = ProfileAnswers.asWritten) =>
  text === undefined ? (fromFaq(business, question) ?? unknown) : known(say(text))

export const answer = (business: Business, interpretation: Interpretation): Answer => {
  const question = interpretation.text
  switch (interpretation.slots.topic) {
    case "price":
      return price(business, interpretation)
    case "services":
      return offered(business, interpretation)
    case "location":
      return profileText(business, business.profile.address, question, ProfileAnswers.address)
    case "parking":
      return profileText(business, business.profile.parking, question)
    case "policy":
      return profileText(business, business.profile.policies, question)
    case "hours":
      return known(Hours.summary(business))
    case "faq":
    case undefined:
      return fromFaq(business, question) ?? unknown
  }
}
