import type { SessionSubject } from "@frontdesk/domain/model/ConsoleSession"
import { ConsoleSessions } from "@frontdesk/domain/ports/ConsoleSessions"
import { OwnerAccounts } from "@frontdesk/domain/ports/OwnerAccounts"
import { DateTime, Effect, Option, Redacted } from "effect"
import { ok, sameSecret, seeOther, sha256 } from "../../console/Access.js"
import { businessPath } from "../../console/Layout.js"
import * as OperatorPage from "../../console/OperatorPage.js"
import * as Passwords from "../../console/Passwords.js"
import * as SignInLimiter from "../../console/SignInLimiter.js"
import * as SignInPage from "../../console/SignInPage.js"
import { describe, formOf, type Routes, startSession } from "./Routing.js"

/**
 * Signing in and out: the console's front page, the operator token or an owner's password (with
 * the failed-attempt limiter), the one-time operator link, and sign-out.
 */

/**
 * A one-time link that signs the operator in (the `pnpm start` banner): a session row that only
 * `/signin/link` accepts and that is deleted on first use; an hour to use it.
 */
export const makeSignInLink = (publicBaseUrl: string) =>
  Effect.map(startSession({ _tag: "Operator" }, { hours: 1 }), (token) => `${publicBaseUrl}/signin/link?token=${token}`)

/** Verified against when the email has no account, so a wrong email costs as much as a wrong password. */
const dummyHash = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

export const register = ({ app, options, run, send, sessionOf, setCookie, signedIn }: Routes) => {
  const limiter = options.limiter ?? SignInLimiter.make()

  app.get("/", (request, reply) =>
    run(
      reply,
      Effect.gen(function* () {
        const session = yield* sessionOf(request)
        if (Option.isNone(session)) return ok(SignInPage.signIn())
        const viewer = yield* describe(session.value)
        if (session.value.subject._tag === "Owner") return seeOther(businessPath(session.value.subject.businessId))
        return yield* OperatorPage.render(viewer)
      }),
    ),
  )

  app.get("/signin", (_request, reply) => send(reply, ok(SignInPage.signIn())))

  app.post("/signin", (request, reply) => {
    const form = formOf(request)
    const keys = [
      `ip:${request.ip}`,
      form.mode === "operator" ? "operator" : `email:${(form.email ?? "").trim().toLowerCase()}`,
    ]
    if (limiter.blocked(keys)) {
      return send(
        reply.header("retry-after", "900"),
        ok(SignInPage.signIn("Too many failed sign-ins. Wait 15 minutes and try again."), 429),
      )
    }
    const refuse = (text: string) =>
      Effect.sync(() => {
        limiter.failed(keys)
        return ok(SignInPage.signIn(text), 401)
      })
    return run(
      reply,
      Effect.gen(function* () {
        let subject: SessionSubject
        if (form.mode === "operator") {
          if (!sameSecret(form.token, Redacted.value(options.adminToken)))
            return yield* refuse("That admin token is not right.")
          subject = { _tag: "Operator" }
        } else {
          const account = yield* (yield* OwnerAccounts).findByEmail(form.email ?? "")
          // The same work and the same answer whether or not the account exists.
          const valid = yield* Passwords.verify(
            form.password ?? "",
            Option.match(account, { onNone: () => dummyHash, onSome: (a) => a.passwordHash }),
          )
          if (Option.isNone(account) || !valid) return yield* refuse("Email or password is not right.")
          subject = { _tag: "Owner", accountId: account.value.id, businessId: account.value.businessId }
        }
        limiter.succeeded(keys)
        const token = yield* startSession(subject)
        setCookie(reply, token, 12 * 3600)
        return seeOther("/")
      }),
    )
  })

  app.get<{ Querystring: { token?: string } }>("/signin/link", (request, reply) =>
    run(
      reply,
      Effect.gen(function* () {
        const given = typeof request.query.token === "string" ? request.query.token : ""
        const sessions = yield* ConsoleSessions
        const link = given === "" ? Option.none() : yield* sessions.get(sha256(given), yield* DateTime.now)
        if (Option.isNone(link) || link.value.subject._tag !== "Operator") {
          return ok(
            SignInPage.message(
              "Link not valid",
              "This sign-in link was already used or has expired. Sign in with the admin token.",
            ),
            400,
          )
        }
        // Used once: the link's own row goes, and the browser gets a session of its own.
        yield* sessions.delete(link.value.idHash)
        const token = yield* startSession({ _tag: "Operator" })
        setCookie(reply, token, 12 * 3600)
        return seeOther("/")
      }),
    ),
  )

  app.post("/signout", (request, reply) =>
    run(
      reply,
      signedIn(request, (viewer) =>
        Effect.gen(function* () {
          yield* (yield* ConsoleSessions).delete(viewer.session.idHash)
          setCookie(reply, "", 0)
          return seeOther("/signin")
        }),
      ),
    ),
  )
}
