import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify"

/**
 * Headers every HTML page the server sends carries (the OAuth result pages today, the owner console
 * tomorrow). Pages are built from stored text an attacker can influence (business names, caller
 * messages), so a slip in escaping must not become script: the policy admits scripts, styles and
 * images from this origin only, never inline, and no page may be framed (clickjacking the console).
 */

/**
 * Same-origin files only; no inline script or style, no plugins, no framing. Forms post back here,
 * and may lead only to `formTargets` besides: browsers check form-action on the redirects a form's
 * answer makes too, and "Connect Google Calendar" answers with a redirect to Google's sign-in.
 */
export const contentSecurityPolicy = (formTargets: ReadonlyArray<string> = []): string =>
  [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    ["form-action 'self'", ...formTargets].join(" "),
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join("; ")

/**
 * Paths whose answers must never be kept by a browser or proxy: the OAuth round trip carries the
 * single-use state and code, and sign-in pages carry session material.
 */
export const noStorePrefixes: ReadonlyArray<string> = ["/oauth/", "/login", "/logout", "/signin", "/session"]

const isHtml = (contentType: unknown): boolean =>
  typeof contentType === "string" && contentType.toLowerCase().startsWith("text/html")

const pathOf = (request: FastifyRequest): string => request.url.split("?")[0] ?? request.url

/** Adds the headers to one answer; exported for routes that answer outside the hook (hijacked replies). */
export const apply = (request: FastifyRequest, reply: FastifyReply, policy = contentSecurityPolicy()): void => {
  // Every answer: a browser must not guess a JSON or text answer to be HTML.
  reply.header("x-content-type-options", "nosniff")
  const path = pathOf(request)
  if (noStorePrefixes.some((prefix) => path.startsWith(prefix))) {
    reply.header("cache-control", "no-store")
    reply.header("pragma", "no-cache")
  }
  if (!isHtml(reply.getHeader("content-type"))) return
  reply.header("content-security-policy", policy)
  reply.header("referrer-policy", "no-referrer")
  // For browsers that predate frame-ancestors.
  reply.header("x-frame-options", "DENY")
}

/**
 * Registers the hook on the root instance, so every route (including plugins registered later) gets
 * it. `formTargets`: origins a form's redirect may reach (the OAuth provider's sign-in page).
 */
export const register = (app: FastifyInstance, formTargets: ReadonlyArray<string> = []): void => {
  const policy = contentSecurityPolicy(formTargets)
  app.addHook("onSend", async (request, reply, payload) => {
    apply(request, reply, policy)
    return payload
  })
}
