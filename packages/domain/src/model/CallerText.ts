/**
 * Text a caller gave (a message, their name) on its way into something the owner or a customer
 * reads: an SMS, a calendar event. Speech engines and forged webhooks can carry control
 * characters, bidi overrides that make a text read differently from what it contains, and
 * invisible format characters; none of them belong in a message a person reads.
 */

/**
 * C0 and C1 controls (tabs and line breaks are handled as whitespace first), and every format
 * character (Cf): bidi embeddings, overrides and isolates, LRM/RLM/ALM, zero-width spaces and
 * joiners, the BOM, soft hyphens, invisible operators.
 */
const invisible = /[\p{Cc}\p{Cf}]/gu

/** Every kind of space (tab, no-break, ideographic…) read as one ordinary space. */
const spaces = /[\t\v\f\p{Zs}]+/gu

/** CR, CRLF, NEL, line and paragraph separators are all a line break. */
const lineBreaks = /\r\n?|[\u0085\u2028\u2029]/g

/** Lines kept, each trimmed and its spaces collapsed; no more than one blank line in a row. */
export const clean = (text: string): string =>
  text
    .replace(lineBreaks, "\n")
    .replace(spaces, " ")
    .replace(/[^\S\n]/g, " ")
    .split("\n")
    .map((line) => line.replace(invisible, "").replace(/ {2,}/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()

/** The same, on one line: for a name or anything placed inside a sentence. */
export const cleanLine = (text: string): string => clean(text).replace(/\n+/g, " ")
