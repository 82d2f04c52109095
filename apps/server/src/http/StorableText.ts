import { type Option, Schema } from "effect"

/**
 * Text from a request that may reach storage. Postgres text cannot hold NUL or half a surrogate
 * pair: such a value would fail as a storage error (a 503, or a failed turn on a live call)
 * instead of being treated as the bad input it is. Every route that stores, or looks up by,
 * request text goes through this module.
 */

const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
const everyLoneSurrogate = new RegExp(loneSurrogate.source, "g")

export const message = "text must not contain NUL characters or unpaired surrogates"

export const isStorable = (text: string): boolean => !text.includes("\u0000") && !loneSurrogate.test(text)

/** For text we must keep whatever it holds (a signed Twilio webhook): the unstorable parts become U+FFFD. */
export const replaceUnstorable = (text: string): string =>
  text.replaceAll("\u0000", "\ufffd").replace(everyLoneSurrogate, "\ufffd")

/** A string Postgres can store. */
export const StorableString = Schema.String.pipe(Schema.filter(isStorable, { message: () => message }))

/** Every string anywhere in a JSON body, keys included, is storable; iterative, bodies nest deep. */
export const isStorableJson = (body: unknown): boolean => {
  const pending: Array<unknown> = [body]
  while (pending.length > 0) {
    const value = pending.pop()
    if (typeof value === "string") {
      if (!isStorable(value)) return false
    } else if (typeof value === "object" && value !== null) {
      for (const [key, item] of Object.entries(value)) {
        if (!isStorable(key)) return false
        pending.push(item)
      }
    }
  }
  return true
}

/**
 * An id from a path or query: storable text that decodes as `id`. Anything else (blank, padded,
 * NUL, an array from a repeated parameter) names nothing; `make` would throw on it.
 */
export const idFrom =
  <A extends string>(id: Schema.Schema<A, string>) =>
  (raw: unknown): Option.Option<A> =>
    Schema.decodeUnknownOption(Schema.compose(StorableString, id))(raw)
