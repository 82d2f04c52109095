import { Data } from "effect"

/**
 * The few XML strings TwiML needs, written directly instead of through the Twilio SDK's
 * `VoiceResponse` (an xmlbuilder document per element, ~3 % of the server's CPU per turn in the
 * profile in docs/benchmarks.md). The output is the SDK's, byte for byte
 * (`test/TwiMLAgainstSdk.test.ts` checks generated documents against it):
 * - text is escaped as xmlbuilder's `textEscape` does (`&`, `<`, `>`, CR) and refused, as
 *   xmlbuilder refuses it, when it holds a character XML 1.0 cannot carry;
 * - attribute values are escaped as `attEscape` does (`&`, `<`, `"`, tab, LF, CR) and, as in the
 *   SDK (which replaces xmlbuilder's attribute stringifier), not checked; a list is joined by spaces;
 * - an attribute whose value is `undefined` is left out; an element without text, or with empty
 *   text, closes itself (`<Hangup/>`).
 */

export type AttributeValue = string | number | boolean | ReadonlyArray<string>

/** Attributes in the order they are written; `undefined` values are skipped. */
export type Attributes = Readonly<Record<string, AttributeValue | undefined>>

/**
 * Thrown, like the SDK's own error, for text XML cannot carry. Callers clean what they say first
 * (`CallerText.cleanLine`); this is a defect, never an answer to send.
 */
export class InvalidXmlCharacter extends Data.TaggedError("InvalidXmlCharacter")<{
  readonly message: string
  readonly index: number
}> {}

/** Characters XML 1.0 cannot carry: C0 controls but tab/LF/CR, lone surrogates, U+FFFE, U+FFFF. */
const illegal =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\0-\x08\x0B\f\x0E-\x1F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:[^\uD800-\uDBFF]|^)[\uDC00-\uDFFF]/

const textSpecial = /[&<>\r]/
const attributeSpecial = /[&<"\t\n\r]/

const escapeText = (text: string): string => {
  const escaped = textSpecial.test(text)
    ? text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#xD;")
    : text
  const bad = illegal.exec(escaped)
  if (bad !== null) {
    throw new InvalidXmlCharacter({
      message: `Invalid character in string: ${escaped} at index ${bad.index}`,
      index: bad.index,
    })
  }
  return escaped
}

const escapeAttribute = (value: string): string =>
  attributeSpecial.test(value)
    ? value
        .replace(/&/g, "&amp;")
        .replace(/</g, "&lt;")
        .replace(/"/g, "&quot;")
        .replace(/\t/g, "&#x9;")
        .replace(/\n/g, "&#xA;")
        .replace(/\r/g, "&#xD;")
    : value

const attributeText = (value: AttributeValue): string =>
  typeof value === "string" ? value : Array.isArray(value) ? value.join(" ") : String(value)

const openTag = (name: string, attributes: Attributes): string => {
  let tag = `<${name}`
  for (const key in attributes) {
    const value = attributes[key]
    if (value !== undefined) tag += ` ${key}="${escapeAttribute(attributeText(value))}"`
  }
  return tag
}

const close = (name: string, attributes: Attributes, inner: string): string =>
  inner === "" ? `${openTag(name, attributes)}/>` : `${openTag(name, attributes)}>${inner}</${name}>`

/** An element around already rendered children (`element("Hangup")` is `<Hangup/>`). */
export const element = (name: string, attributes: Attributes = {}, children: ReadonlyArray<string> = []): string =>
  close(name, attributes, children.join(""))

/** An element holding only text (`<Say>…</Say>`), escaped here. */
export const textElement = (name: string, attributes: Attributes, text: string): string =>
  close(name, attributes, escapeText(text))

/** The whole document: declaration and `<Response>` around the given children. */
export const response = (children: ReadonlyArray<string>): string =>
  `<?xml version="1.0" encoding="UTF-8"?>${element("Response", {}, children)}`
