import { randomBytes } from "node:crypto"
import type { BookingService } from "@frontdesk/domain/booking/BookingService"
import { Business, type NewBusiness } from "@frontdesk/domain/model/Business"
import { ConsoleSession, type SessionSubject } from "@frontdesk/domain/model/ConsoleSession"
import type { PersistenceError } from "@frontdesk/domain/model/Errors"
import { BusinessId } from "@frontdesk/domain/model/Ids"
import { OwnerAccountId } from "@frontdesk/domain/model/OwnerAccount"
import type { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import type { Calendar } from "@frontdesk/domain/ports/Calendar"
import type { CallerMessages } from "@frontdesk/domain/ports/CallerMessages"
import type { CallRecords } from "@frontdesk/domain/ports/CallRecords"
import { ConsoleSessions } from "@frontdesk/domain/ports/ConsoleSessions"
import type { Outbox } from "@frontdesk/domain/ports/Outbox"
import { OwnerAccounts } from "@frontdesk/domain/ports/OwnerAccounts"
import type { TokenVault } from "@frontdesk/domain/ports/TokenVault"
import { DateTime, Effect, type ManagedRuntime, Option, Redacted, Schema } from "effect"
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify"
import {
  type BusinessView,
  type ConsoleReply,
  newToken,
  ok,
  sameSecret,
  seeOther,
  sha256,
  type Viewer,
} from "../console/Access.js"
import * as BookingsPage from "../console/BookingsPage.js"
import * as CalendarPage from "../console/CalendarPage.js"
import * as CallsPage from "../console/CallsPage.js"
import { html } from "../console/Html.js"
import * as Invites from "../console/Invites.js"
import { banner, bare, businessPath, stylesheet } from "../console/Layout.js"
import * as MessagesPage from "../console/MessagesPage.js"
import * as OperatorPage from "../console/OperatorPage.js"
import * as Passwords from "../console/Passwords.js"
import * as SettingsPage from "../console/SettingsPage.js"
import * as SignInLimiter from "../console/SignInLimiter.js"
import * as SignInPage from "../console/SignInPage.js"
import * as TodayPage from "../console/TodayPage.js"
import type { GoogleConnect } from "../GoogleConnect.js"

export type ConsoleServices =
  | Businesses
  | BookingRepository
  | BookingService
  | CallerMessages
  | CallRecords
  | OwnerAccounts
  | ConsoleSessions
  | TokenVault
  | Calendar
  | GoogleConnect
  | Outbox

export interface ConsoleOptions {
  readonly runtime: ManagedRuntime.ManagedRuntime<ConsoleServices, unknown>
  readonly adminToken: Redacted.Redacted<string>
  readonly publicBaseUrl: string
  readonly limiter?: SignInLimiter.SignInLimiter
}

/** How long a sign-in lasts. */
export const sessionLifetime = { hours: 12 } as const

/** `__Host-` pins the cookie to this origin over https; plain http (development) cannot use the prefix. */
export const cookieName = (publicBaseUrl: string) =>
  publicBaseUrl.startsWith("https://") ? "__Host-fd_session" : "fd_session"

const cookiesOf = (header: string | undefined): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=")
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim()
  }
  return out
}

type Form = Record<string, string>
const formOf = (request: FastifyRequest): Form =>
  typeof request.body === "object" && request.body !== null && !Array.isArray(request.body)
    ? (request.body as Form)
    : {}

/** Starts a session for `subject` and returns its cookie value. */
const startSession = (subject: SessionSubject, lifetime: { readonly hours: number } = sessionLifetime) =>
  Effect.gen(function* () {
    const token = newToken()
    const now = yield* DateTime.now
    yield* (yield* ConsoleSessions).create(
      new ConsoleSession({
        idHash: sha256(token),
        subject,
        csrfToken: newToken(),
        createdAt: now,
        expiresAt: DateTime.add(now, lifetime),
      }),
    )
    return token
  })

/**
 * A one-time link that signs the operator in (the `pnpm start` banner): a session row that only
 * `/signin/link` accepts and that is deleted on first use; an hour to use it.
 */
export const makeSignInLink = (publicBaseUrl: string) =>
  Effect.map(startSession({ _tag: "Operator" }, { hours: 1 }), (token) => `${publicBaseUrl}/signin/link?token=${token}`)

const describe = (session: ConsoleSession) =>
  Effect.gen(function* () {
    if (session.subject._tag === "Operator") return { session, operator: true, who: "Operator" } satisfies Viewer
    // The email is shown in the header; an account deleted meanwhile still signs out cleanly.
    const accounts = yield* (yield* OwnerAccounts).listByBusiness(session.subject.businessId)
    const account = accounts.find((a) => session.subject._tag === "Owner" && a.id === session.subject.accountId)
    return { session, operator: false, who: account?.email ?? "Owner" } satisfies Viewer
  })

const errorPage = (status: number, title: string, text: string): ConsoleReply =>
  ok(bare(title, html`${banner("bad", text)}<p><a href="/">Back to the console</a></p>`), status)

export const register = (app: FastifyInstance, options: ConsoleOptions) => {
  const cookie = cookieName(options.publicBaseUrl)
  const secure = options.publicBaseUrl.startsWith("https://")
  const limiter = options.limiter ?? SignInLimiter.make()
  const setCookie = (reply: FastifyReply, value: string, maxAgeSeconds: number) =>
    reply.header(
      "set-cookie",
      `${cookie}=${value}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}; Max-Age=${maxAgeSeconds}`,
    )

  const send = (reply: FastifyReply, answer: ConsoleReply) => {
    // Console pages show one owner's data: never cached by the browser or a proxy.
    reply.header("cache-control", "no-store")
    return answer._tag === "Redirect"
      ? reply.redirect(answer.location, 303)
      : reply.code(answer.status).type("text/html; charset=utf-8").send(answer.body.value)
  }

  const run = <E extends { readonly _tag: string }>(
    reply: FastifyReply,
    effect: Effect.Effect<ConsoleReply, E, ConsoleServices>,
  ) =>
    options.runtime
      .runPromise(
        effect.pipe(
          Effect.catchAll((error) =>
            Effect.logError("Console request failed").pipe(
              Effect.annotateLogs({ error: String((error as { message?: string }).message ?? error._tag) }),
              Effect.as(
                errorPage(
                  503,
                  "Something went wrong",
                  "The console could not reach its storage. Try again in a moment.",
                ),
              ),
            ),
          ),
        ),
      )
      .then((answer) => send(reply, answer))

  const sessionOf = (request: FastifyRequest) => {
    const token = cookiesOf(request.headers.cookie)[cookie]
    if (token === undefined || token === "") return Effect.succeed(Option.none<ConsoleSession>())
    return Effect.flatMap(DateTime.now, (now) => Effect.flatMap(ConsoleSessions, (s) => s.get(sha256(token), now)))
  }

  /** Signed in, and for a POST the form's CSRF token matches the session's. */
  const signedIn = (
    request: FastifyRequest,
    handler: (
      viewer: Viewer,
    ) => Effect.Effect<ConsoleReply, PersistenceError | { readonly _tag: string }, ConsoleServices>,
  ) =>
    Effect.gen(function* () {
      const session = yield* sessionOf(request)
      if (Option.isNone(session)) {
        if (request.method === "GET") return seeOther(`/signin?next=${encodeURIComponent(request.url)}`)
        return errorPage(401, "Signed out", "Your sign-in has expired. Sign in again and repeat what you did.")
      }
      if (request.method !== "GET" && !sameSecret(formOf(request)._csrf, session.value.csrfToken)) {
        return errorPage(
          403,
          "Refused",
          "This form is not from your console session (missing or wrong CSRF token). Reload the page and try again.",
        )
      }
      return yield* handler(yield* describe(session.value))
    })

  /** As `signedIn`, for a page of one business: an owner sees only their own. */
  const forBusiness = (
    request: FastifyRequest<{ Params: { id: string } }>,
    handler: (
      view: BusinessView,
    ) => Effect.Effect<ConsoleReply, PersistenceError | { readonly _tag: string }, ConsoleServices>,
  ) =>
    signedIn(request, (viewer) =>
      Effect.gen(function* () {
        const id = Schema.decodeUnknownOption(BusinessId)(request.params.id)
        if (Option.isNone(id)) return errorPage(404, "Not found", "There is no such business.")
        if (viewer.session.subject._tag === "Owner" && viewer.session.subject.businessId !== id.value) {
          return errorPage(403, "Not yours", "You can only see your own business.")
        }
        const business = yield* (yield* Businesses).get(id.value).pipe(
          Effect.map(Option.some),
          Effect.catchTag("BusinessNotFound", () => Effect.succeed(Option.none<Business>())),
        )
        if (Option.isNone(business)) return errorPage(404, "Not found", "There is no such business.")
        return yield* handler({ ...viewer, business: business.value })
      }),
    )

  type ById = FastifyRequest<{ Params: { id: string } }>
  const page = (
    path: string,
    handler: (
      view: BusinessView,
      request: FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string> }>,
    ) => Effect.Effect<ConsoleReply, PersistenceError | { readonly _tag: string }, ConsoleServices>,
  ) =>
    app.get<{ Params: { id: string } & Record<string, string>; Querystring: Record<string, string> }>(
      path,
      (request, reply) =>
        run(
          reply,
          forBusiness(request as ById, (view) => handler(view, request)),
        ),
    )
  const action = (
    path: string,
    handler: (
      view: BusinessView,
      form: Form,
      params: Record<string, string>,
    ) => Effect.Effect<ConsoleReply, PersistenceError | { readonly _tag: string }, ConsoleServices>,
  ) =>
    app.post<{ Params: { id: string } & Record<string, string> }>(path, (request, reply) =>
      run(
        reply,
        forBusiness(request as ById, (view) => handler(view, formOf(request), request.params)),
      ),
    )

  app.get("/console.css", (_request, reply) =>
    reply.type("text/css; charset=utf-8").header("cache-control", "public, max-age=3600").send(stylesheet),
  )

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

  // The operator's actions across businesses.
  app.post("/businesses", (request, reply) =>
    run(
      reply,
      signedIn(request, (viewer) =>
        Effect.gen(function* () {
          if (!viewer.operator) return errorPage(403, "Not allowed", "Only the operator adds businesses.")
          const form = formOf(request)
          const phone = (form.phone ?? "").replace(/[\s().-]/g, "")
          const fields = {
            id: `biz_${randomBytes(9).toString("base64url")}`,
            name: (form.name ?? "").trim(),
            timezone: (form.timezone ?? "").trim(),
            phoneNumbers: phone === "" ? [] : [phone],
            services: [{ name: "Appointment", durationMinutes: 30 }],
            hours: {
              mon: [["09:00", "17:00"]],
              tue: [["09:00", "17:00"]],
              wed: [["09:00", "17:00"]],
              thu: [["09:00", "17:00"]],
              fri: [["09:00", "17:00"]],
            },
          } satisfies Partial<typeof NewBusiness.Encoded> & { id: string }
          const business = yield* Effect.either(Schema.decodeUnknown(Business)(fields))
          if (business._tag === "Left") {
            return yield* OperatorPage.render(
              viewer,
              banner("bad", `Not added: ${business.left.message.split("\n").slice(-1)[0]}`),
              400,
            )
          }
          const stored = yield* Effect.either((yield* Businesses).create(business.right))
          if (stored._tag === "Left") {
            if (stored.left._tag === "PhoneNumberInUse")
              return yield* OperatorPage.render(
                viewer,
                banner("bad", `Not added: ${phone} already belongs to another business.`),
                409,
              )
            return yield* Effect.fail(stored.left)
          }
          return seeOther(businessPath(stored.right.id, "/settings"))
        }),
      ),
    ),
  )

  action("/b/:id/invites", (view) =>
    view.operator
      ? Effect.flatMap(Invites.create(view.business.id, options.publicBaseUrl), (invite) =>
          OperatorPage.invited(view, view.business, invite.url),
        )
      : Effect.succeed(errorPage(403, "Not allowed", "Only the operator invites owners.")),
  )

  page("/b/:id", (view) => TodayPage.render(view))
  page("/b/:id/bookings", (view, request) => BookingsPage.render(view, request.query))
  action("/b/:id/bookings", (view, form) => BookingsPage.add(view, form))
  action("/b/:id/bookings/:bookingId/cancel", (view, _form, params) =>
    BookingsPage.cancel(view, params.bookingId ?? ""),
  )
  action("/b/:id/bookings/:bookingId/reschedule", (view, form, params) =>
    BookingsPage.reschedule(view, params.bookingId ?? "", form),
  )
  page("/b/:id/calls", (view) => CallsPage.list(view))
  page("/b/:id/calls/:sid", (view, request) => CallsPage.detail(view, request.params.sid ?? ""))
  page("/b/:id/messages", (view) => MessagesPage.render(view))
  action("/b/:id/messages/:messageId/handled", (view, _form, params) =>
    MessagesPage.markHandled(view, params.messageId ?? ""),
  )
  page("/b/:id/settings", (view, request) =>
    SettingsPage.render(view, request.query.saved === undefined ? undefined : banner("ok", "Saved.")),
  )
  action("/b/:id/settings/hours/:day", (view, form, params) =>
    SettingsPage.isWeekday(params.day ?? "")
      ? SettingsPage.save(view, "hours", form, params.day as Parameters<typeof SettingsPage.save>[3])
      : Effect.succeed(errorPage(404, "Not found", "There is no such day.")),
  )
  action("/b/:id/settings/:section", (view, form, params) =>
    SettingsPage.isSection(params.section ?? "") && params.section !== "hours"
      ? SettingsPage.save(view, params.section as SettingsPage.Section, form)
      : Effect.succeed(errorPage(404, "Not found", "There is no such settings form.")),
  )
  page("/b/:id/calendar", (view, request) =>
    CalendarPage.render(
      view,
      request.query,
      request.query.saved === "1"
        ? banner("ok", "Saved: bookings now check and go to the calendars you chose.")
        : request.query.disconnected === "1"
          ? banner("ok", "Disconnected: Google's permission was revoked and the stored token deleted.")
          : request.query.disconnected === "local"
            ? banner(
                "info",
                "Disconnected here; Google could not be reached to revoke the permission. Remove Frontdesk in your Google account's connected apps.",
              )
            : undefined,
    ),
  )
  action("/b/:id/calendar/connect", (view) => CalendarPage.connect(view))
  action("/b/:id/calendar/choose", (view, form) => CalendarPage.choose(view, form))
  action("/b/:id/calendar/disconnect", (view) => CalendarPage.disconnect(view))
}

/** Verified against when the email has no account, so a wrong email costs as much as a wrong password. */
const dummyHash = "scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

/**
 * Google's callback must come back to the browser that started it: a `state` a console session
 * started is accepted only with that session's cookie. States from the admin API (bearer) are not
 * bound to a browser and pass.
 */
export const oauthBrowserCheck =
  (runtime: ManagedRuntime.ManagedRuntime<ConsoleSessions, unknown>, publicBaseUrl: string) =>
  (request: FastifyRequest, state: string | undefined): Promise<boolean> =>
    runtime.runPromise(
      Effect.gen(function* () {
        if (state === undefined || state === "") return true
        const sessions = yield* ConsoleSessions
        const started = yield* sessions.findByOAuthState(sha256(state))
        if (Option.isNone(started)) return true
        const token = cookiesOf(request.headers.cookie)[cookieName(publicBaseUrl)]
        return token !== undefined && sameSecret(sha256(token), started.value.idHash)
      }).pipe(Effect.orElseSucceed(() => false)),
    )

export const oauthSettingsUrl = (businessId: string) => businessPath(businessId, "/calendar?connected=1")
