import type { BookingService } from "@frontdesk/domain/booking/BookingService"
import type { Business } from "@frontdesk/domain/model/Business"
import { ConsoleSession, type SessionSubject } from "@frontdesk/domain/model/ConsoleSession"
import type { PersistenceError } from "@frontdesk/domain/model/Errors"
import { BusinessId } from "@frontdesk/domain/model/Ids"
import type { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import type { Calendar } from "@frontdesk/domain/ports/Calendar"
import type { CallerMessages } from "@frontdesk/domain/ports/CallerMessages"
import type { CallRecords } from "@frontdesk/domain/ports/CallRecords"
import { ConsoleSessions } from "@frontdesk/domain/ports/ConsoleSessions"
import type { Outbox } from "@frontdesk/domain/ports/Outbox"
import { OwnerAccounts } from "@frontdesk/domain/ports/OwnerAccounts"
import type { TokenVault } from "@frontdesk/domain/ports/TokenVault"
import { DateTime, Effect, type ManagedRuntime, Option, type Redacted, Schema } from "effect"
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
} from "../../console/Access.js"
import { html } from "../../console/Html.js"
import { banner, bare } from "../../console/Layout.js"
import type * as SignInLimiter from "../../console/SignInLimiter.js"
import type { GoogleConnect } from "../../GoogleConnect.js"

/**
 * How a console route runs: the session cookie, the CSRF check on every POST, the business check
 * (an owner sees only theirs), and the reply (a page or a 303, never cached). Each page's module in
 * this folder registers its routes through the `Routes` made here.
 */

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

export const cookiesOf = (header: string | undefined): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=")
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim()
  }
  return out
}

export type Form = Record<string, string>
export const formOf = (request: FastifyRequest): Form =>
  typeof request.body === "object" && request.body !== null && !Array.isArray(request.body)
    ? (request.body as Form)
    : {}

/** Starts a session for `subject` and returns its cookie value. */
export const startSession = (subject: SessionSubject, lifetime: { readonly hours: number } = sessionLifetime) =>
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

export const describe = (session: ConsoleSession) =>
  Effect.gen(function* () {
    if (session.subject._tag === "Operator") return { session, operator: true, who: "Operator" } satisfies Viewer
    // The email is shown in the header; an account deleted meanwhile still signs out cleanly.
    const accounts = yield* (yield* OwnerAccounts).listByBusiness(session.subject.businessId)
    const account = accounts.find((a) => session.subject._tag === "Owner" && a.id === session.subject.accountId)
    return { session, operator: false, who: account?.email ?? "Owner" } satisfies Viewer
  })

export const errorPage = (status: number, title: string, text: string): ConsoleReply =>
  ok(bare(title, html`${banner("bad", text)}<p><a href="/">Back to the console</a></p>`), status)

/** What a console handler may fail with: storage, or any tagged error (answered as a 503 page). */
export type Handled = Effect.Effect<ConsoleReply, PersistenceError | { readonly _tag: string }, ConsoleServices>

export interface Routes {
  readonly app: FastifyInstance
  readonly options: ConsoleOptions
  readonly setCookie: (reply: FastifyReply, value: string, maxAgeSeconds: number) => void
  readonly send: (reply: FastifyReply, answer: ConsoleReply) => FastifyReply
  /** Runs a handler; a failure is logged and answered with an error page. */
  readonly run: <E extends { readonly _tag: string }>(
    reply: FastifyReply,
    effect: Effect.Effect<ConsoleReply, E, ConsoleServices>,
  ) => Promise<FastifyReply>
  readonly sessionOf: (
    request: FastifyRequest,
  ) => Effect.Effect<Option.Option<ConsoleSession>, PersistenceError, ConsoleSessions>
  /** Signed in, and for a POST the form's CSRF token matches the session's. */
  readonly signedIn: (request: FastifyRequest, handler: (viewer: Viewer) => Handled) => Handled
  /** A GET page of one business (`:id`), for the signed-in operator or that business's owner. */
  readonly page: (
    path: string,
    handler: (
      view: BusinessView,
      request: FastifyRequest<{ Params: Record<string, string>; Querystring: Record<string, string> }>,
    ) => Handled,
  ) => void
  /** A POST form of one business (`:id`), checked like `page` and for its CSRF token. */
  readonly action: (
    path: string,
    handler: (view: BusinessView, form: Form, params: Record<string, string>) => Handled,
  ) => void
}

export const make = (app: FastifyInstance, options: ConsoleOptions): Routes => {
  const cookie = cookieName(options.publicBaseUrl)
  const secure = options.publicBaseUrl.startsWith("https://")
  const setCookie = (reply: FastifyReply, value: string, maxAgeSeconds: number) => {
    reply.header(
      "set-cookie",
      `${cookie}=${value}; Path=/; HttpOnly; SameSite=Lax${secure ? "; Secure" : ""}; Max-Age=${maxAgeSeconds}`,
    )
  }

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

  const signedIn = (request: FastifyRequest, handler: (viewer: Viewer) => Handled): Handled =>
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
  const forBusiness = (request: FastifyRequest<{ Params: { id: string } }>, handler: (view: BusinessView) => Handled) =>
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
  const page: Routes["page"] = (path, handler) => {
    app.get<{ Params: { id: string } & Record<string, string>; Querystring: Record<string, string> }>(
      path,
      (request, reply) =>
        run(
          reply,
          forBusiness(request as ById, (view) => handler(view, request)),
        ),
    )
  }
  const action: Routes["action"] = (path, handler) => {
    app.post<{ Params: { id: string } & Record<string, string> }>(path, (request, reply) =>
      run(
        reply,
        forBusiness(request as ById, (view) => handler(view, formOf(request), request.params)),
      ),
    )
  }

  return { app, options, setCookie, send, run, sessionOf, signedIn, page, action }
}
