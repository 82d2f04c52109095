import { describe, expect, it } from "@effect/vitest"
import { Effect } from "effect"
import { makeHarness } from "./Harness.js"

describe("security headers", () => {
  it.scoped("an HTML page forbids inline script and framing, leaks no referrer, and OAuth pages are not cached", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      // Without Google configured the callback still answers with an HTML page.
      const page = yield* Effect.promise(() =>
        harness.app.inject({ method: "GET", url: "/oauth/google/callback?state=x&code=y" }),
      )
      expect(String(page.headers["content-type"])).toMatch(/^text\/html/)
      const csp = String(page.headers["content-security-policy"])
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("script-src 'self'")
      expect(csp).not.toContain("unsafe-inline")
      expect(csp).toContain("default-src 'none'")
      // Forms post here, and "Connect Google Calendar" may redirect to Google's sign-in, nowhere else.
      expect(csp).toContain("form-action 'self' https://accounts.google.com;")
      expect(page.headers["referrer-policy"]).toBe("no-referrer")
      expect(page.headers["x-content-type-options"]).toBe("nosniff")
      expect(page.headers["x-frame-options"]).toBe("DENY")
      expect(page.headers["cache-control"]).toBe("no-store")
    }),
  )

  it.scoped("JSON answers are not given a page policy but are still nosniff; ordinary routes stay cacheable", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const health = yield* Effect.promise(() => harness.app.inject({ method: "GET", url: "/healthz" }))
      expect(health.statusCode).toBe(200)
      expect(health.headers["x-content-type-options"]).toBe("nosniff")
      expect(health.headers["content-security-policy"]).toBeUndefined()
      expect(health.headers["cache-control"]).toBeUndefined()
    }),
  )
})
