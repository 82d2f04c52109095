import type { Business } from "../model/Business.js"
import * as SpokenTime from "./SpokenTime.js"

/** Small pieces of wording the sentence modules share: a service with its article, a list of services. */

/** "a haircut", "an eyebrow wax". */
export const article = (serviceName: string): string => {
  const lower = serviceName.toLowerCase()
  return `${/^[aeiou]/.test(lower) ? "an" : "a"} ${lower}`
}

export const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1)

/** "a haircut, a color or a beard trim" (or "… and a beard trim" when listing what is offered). */
export const offerings = (business: Pick<Business, "services">, conjunction: "or" | "and" = "or"): string =>
  SpokenTime.list(
    business.services.map((s) => article(s.name)),
    conjunction,
  )
