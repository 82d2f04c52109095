import { ParseResult } from "effect"

/**
 * A request that did not decode, told as one short line per problem with where it is:
 * `hours.mon[0][0]: use HH:MM like 09:00`. Effect's ArrayFormatter gives each issue's path and
 * message; this module writes the path the way a JSON client reads it, drops the echo of
 * optional fields ("Expected undefined" beside the real problem), and keeps each message free of
 * the offending value and of the schema's internals (a 60,000-character name is not repeated, a
 * struct is not printed as its type).
 */

/** Longest message kept; beyond it a schema's own description is not worth reading. */
const maxMessageLength = 160

/** Problems reported for one request; the rest are summarised. */
export const maxProblems = 20

const formatPath = (path: ReadonlyArray<PropertyKey>): string =>
  path.reduce<string>((text, key) => {
    if (typeof key === "number") return `${text}[${key}]`
    const name = String(key)
    return text === "" ? name : `${text}.${name}`
  }, "")

const within = (path: ReadonlyArray<PropertyKey>, prefix: ReadonlyArray<PropertyKey>) =>
  prefix.length <= path.length && prefix.every((key, i) => path[i] === key)

/** The "or undefined" half of an optional field's union, reported beside the real problem. */
const isUndefinedEcho = (issue: ParseResult.ArrayFormatterIssue) => issue.message.startsWith("Expected undefined,")

const expectedShape = /^Expected (.+?), actual [\s\S]*$/

/** What a client can act on: an annotation's message as written, a default one without the value. */
const plainMessage = (issue: ParseResult.ArrayFormatterIssue): string => {
  switch (issue._tag) {
    case "Missing":
      return "is required"
    case "Unexpected":
      return "is not a known field"
    case "Forbidden":
      return "cannot be checked here"
  }
  const shape = expectedShape.exec(issue.message)
  const message = shape === null ? issue.message : `expected ${describeExpected(shape[1] ?? "")}`
  const line = message.replace(/\s*[\r\n]+\s*/g, " ").trim()
  return line.length <= maxMessageLength ? line : `${line.slice(0, maxMessageLength - 1)}…`
}

/** A type as a person says it; a struct or union printed from the schema is just "an object" or "one of …". */
const describeExpected = (expected: string): string => {
  if (expected.startsWith("{")) return "an object"
  if (expected.startsWith("ReadonlyArray<") || expected.startsWith("readonly [")) return "a list"
  if (expected === "string") return "text"
  if (expected === "number") return "a number"
  if (expected === "boolean") return "true or false"
  if (/^(?:"[^"]*"(?: \| )?)+$/.test(expected)) return `one of ${expected.replaceAll('"', "").split(" | ").join(", ")}`
  return expected.length <= 60 ? expected : "a different shape"
}

/** One line per problem, in the order the schema met them; the same line is given once. */
export const problemsOf = (error: ParseResult.ParseError): ReadonlyArray<string> => {
  let issues: ReadonlyArray<ParseResult.ArrayFormatterIssue>
  try {
    issues = ParseResult.ArrayFormatter.formatErrorSync(error)
  } catch {
    // Printing the offending value of a deeply nested body overflows the stack; the body is still just invalid.
    return ["the request does not have the expected shape"]
  }
  const relevant = issues.filter(
    (issue) =>
      !(isUndefinedEcho(issue) && issues.some((other) => !isUndefinedEcho(other) && within(other.path, issue.path))),
  )
  const lines = [
    ...new Set(
      (relevant.length > 0 ? relevant : issues).map((issue) => {
        const where = formatPath(issue.path)
        const what = plainMessage(issue)
        return where === "" ? what : `${where}: ${what}`
      }),
    ),
  ]
  return lines.length <= maxProblems
    ? lines
    : [...lines.slice(0, maxProblems), `and ${lines.length - maxProblems} more problems`]
}
