import { randomBytes } from "node:crypto"
import { OwnerAccountId } from "@frontdesk/domain/model/OwnerAccount"
import { OwnerAccounts } from "@frontdesk/domain/ports/OwnerAccounts"
import { DateTime, Effect } from "effect"
import { ok, seeOther, sha256 } from "../../console/Access.js"
import { businessPath } from "../../console/Layout.js"
import * as Passwords from "../../console/Passwords.js"
import * as SignInPage from "../../console/SignInPage.js"
import { formOf, type Routes, startSession } from "./Routing.js"

/** An owner's invite link: the form that creates their account, which signs them in to their business. */

export const register = ({ app, run, send, setCookie }: Routes) => {
  app.get<{ Params: { token: string } }>("/invite/:token", (request, reply) =>
    send(reply, ok(SignInPage.invite(request.params.token))),
  )

  app.post<{ Params: { token: string } }>("/invite/:token", (request, reply) => {
    const form = formOf(request)
    const token = request.params.token
    const again = (text: string, status: number) => Effect.succeed(ok(SignInPage.invite(token, text), status))
    return run(
      reply,
      Effect.gen(function* () {
        const email = (form.email ?? "").trim()
        if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 200)
          return yield* again("Enter a valid email address.", 400)
        const password = form.password ?? ""
        if (password.length < Passwords.minimumLength)
          return yield* again(`The password needs at least ${Passwords.minimumLength} characters.`, 400)
        if (password.length > 1024) return yield* again("That password is too long.", 400)
        if (password !== form.confirm) return yield* again("The two passwords are different.", 400)
        const passwordHash = yield* Passwords.hash(password).pipe(Effect.orDie)
        const accounts = yield* OwnerAccounts
        const account = yield* accounts
          .acceptInvite(
            sha256(token),
            { id: OwnerAccountId.make(`own_${randomBytes(12).toString("base64url")}`), email, passwordHash },
            yield* DateTime.now,
          )
          .pipe(Effect.either)
        if (account._tag === "Left") {
          const error = account.left
          if (error._tag === "EmailInUse")
            return yield* again("An account with this email already exists. Use another address or sign in.", 409)
          if (error._tag === "InviteUnusable") {
            return ok(
              SignInPage.message(
                "Invite not valid",
                error.reason === "used"
                  ? "This invite was already used. Sign in instead."
                  : error.reason === "expired"
                    ? "This invite has expired. Ask for a new one."
                    : "This invite link is not valid.",
              ),
              410,
            )
          }
          return yield* Effect.fail(error)
        }
        const session = yield* startSession({
          _tag: "Owner",
          accountId: account.right.id,
          businessId: account.right.businessId,
        })
        setCookie(reply, session, 12 * 3600)
        return seeOther(businessPath(account.right.businessId))
      }),
    )
  })
}
