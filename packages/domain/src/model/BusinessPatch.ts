import type { Business } from "./Business.js"

/**
 * How a partial change to a business (the admin API's `PATCH`, the console's settings forms)
 * combines with the stored business. A form edits one part of the settings; what it does not
 * name must stay as it was, so the objects that hold independent settings merge key by key:
 *
 * - `hours`: per day — `{ mon: [...] }` changes Monday only; `{ sat: null }` closes Saturday.
 * - `profile`: per field (`address`, `parking`, `policies`, `faq`; the FAQ list is one field).
 * - `bookingRules`: per rule.
 * - `aiConfig`: per top-level key (`voice`, `language`, `transport`, `integrations`, …); the
 *   `integrations` block is replaced as a whole, it is one provider configuration.
 * - everything else, lists included (`services`, `phoneNumbers`, `closedDates`), is replaced.
 *
 * `null` removes a key, so an optional setting goes back to its default (no transfer number, a
 * closed day). The result is the encoded business to validate as a whole: a patch is good only if
 * the business it leads to is.
 */

export type JsonObject = { readonly [key: string]: unknown }

/** The parts of a business whose keys a patch merges one by one. */
export const mergedKeys = ["hours", "profile", "bookingRules", "aiConfig"] as const satisfies ReadonlyArray<
  keyof Business
>

const isObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** `patch` over `base`, one level deep; `null` deletes. */
const overlay = (base: JsonObject, patch: JsonObject): JsonObject => {
  const result: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key]
    else result[key] = value
  }
  return result
}

/**
 * The business `patch` leads to, in encoded (JSON) form. A merged part given as something other
 * than an object is passed on as given, so validation names it ("hours: …").
 */
export const mergeBusinessPatch = (current: JsonObject, patch: JsonObject): JsonObject => {
  const merged: Record<string, unknown> = { ...overlay(current, patch) }
  for (const key of mergedKeys) {
    const base = current[key]
    const change = patch[key]
    if (isObject(change)) merged[key] = overlay(isObject(base) ? base : {}, change)
  }
  return merged
}
