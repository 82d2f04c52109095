import type { Business } from "../model/Business.js"
import * as SpokenTime from "./SpokenTime.js"
import { article, capitalize, offerings } from "./Words.js"

/**
 * Answers to what callers ask about the business: prices, where it is, what it offers. The
 * owner's own texts (parking, policies, FAQ answers) are spoken as written; choosing which one
 * answers a question is conversation/ProfileQuestions' job.
 */

/** "$35", "$35.50", "€40", in the business's currency. */
export const money = (business: Pick<Business, "currency">, amount: number): string =>
  new Intl.NumberFormat("en-US", {
    style: "currency",
    currency: business.currency,
    currencyDisplay: "narrowSymbol",
    minimumFractionDigits: Number.isInteger(amount) ? 0 : 2,
    maximumFractionDigits: 2,
  }).format(amount)

/** "A haircut is $35." */
export const price = (business: Pick<Business, "currency">, service: string, amount: number): string =>
  `${capitalize(article(service))} is ${money(business, amount)}.`

/** "A haircut is $35, a color is $80 and a beard trim is $20." */
export const prices = (
  business: Pick<Business, "currency">,
  priced: ReadonlyArray<{ readonly service: string; readonly price: number }>,
): string =>
  `${capitalize(
    SpokenTime.list(
      priced.map((p) => `${article(p.service)} is ${money(business, p.price)}`),
      "and",
    ),
  )}.`

export const address = (where: string): string => `We're at ${where}.`

/** "What do you offer?" */
export const services = (business: Pick<Business, "services">): string => `We offer ${offerings(business, "and")}.`

/** "Do you do highlights?" when they are one of the services (or an alias of one). */
export const weOffer = (service: string): string => `Yes, we offer ${article(service)}.`

/** The owner's own sentence, ending like one. */
export const asWritten = (text: string): string => (/[.!?]$/.test(text.trim()) ? text.trim() : `${text.trim()}.`)

export const dontKnow = "I don't know that, but I can take a message for the owner."
export const leaveOne = "Would you like to leave one?"
