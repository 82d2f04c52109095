import type { FastifyError, FastifyInstance } from "fastify"

/**
 * Twilio's webhooks are `application/x-www-form-urlencoded`; this is the app's only parser for
 * them (no form plugin). It is strict where a lenient parser would guess: a broken escape (`%zz`,
 * truncated UTF-8) makes the body malformed, 400. Fastify itself answers a content type it has no
 * parser for 415, and a body over `bodyLimit` 413.
 */

const parse = (body: string): Record<string, string> => {
  const form: Record<string, string> = {}
  if (body === "") return form
  for (const pair of body.split("&")) {
    if (pair === "") continue
    const eq = pair.indexOf("=")
    const rawKey = eq === -1 ? pair : pair.slice(0, eq)
    const rawValue = eq === -1 ? "" : pair.slice(eq + 1)
    // decodeURIComponent throws on broken escapes (%zz, truncated UTF-8): that is a malformed body.
    const key = decodeURIComponent(rawKey.replace(/\+/g, " "))
    const value = decodeURIComponent(rawValue.replace(/\+/g, " "))
    form[key] = value
  }
  return form
}

export const register = (app: FastifyInstance, options: { readonly bodyLimit: number }) =>
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string", bodyLimit: options.bodyLimit },
    (_request, body, done) => {
      try {
        done(null, parse(body as string))
      } catch {
        const error = new Error("malformed form body") as FastifyError
        error.statusCode = 400
        done(error, undefined)
      }
    },
  )
