import type {
  BookingLimitReached,
  BookingNotFound,
  BusinessNotFound,
  CallerMessageNotFound,
  PersistenceError,
  PhoneNumberInUse,
} from "@frontdesk/domain/model/Errors"
import * as TwiML from "@frontdesk/twilio/TwiML"
import { Data, Effect, type ManagedRuntime, type ParseResult } from "effect"
import type { FastifyReply } from "fastify"
import * as ValidationErrors from "./ValidationErrors.js"

/**
 * What a route answers, computed inside Effect and sent by `send`: the one place an Effect's
 * result becomes a Fastify reply. Errors are JSON `{ error, message }` with a one-line message
 * (a request that does not validate adds `problems`, one line each, see ValidationErrors);
 * the voice webhooks answer TwiML, the OAuth pages HTML, /metrics plain text.
 */
export type Answer = Data.TaggedEnum<{
  Json: { readonly status: number; readonly body: unknown }
  Problem: {
    readonly status: number
    readonly error: string
    readonly message: string
    readonly problems: ReadonlyArray<string>
  }
  Twiml: { readonly twiml: string }
  Text: { readonly contentType: string; readonly text: string }
  Page: { readonly status: number; readonly title: string; readonly text: string }
  Redirect: { readonly location: string }
  NoContent: {}
}>
const Answer = Data.taggedEnum<Answer>()

export const json = (status: number, body: unknown): Answer => Answer.Json({ status, body })

const oneLine = (text: string) => text.replace(/\s*[\r\n]+\s*/g, " ").trim()

/** An error answer; `message` says why in one line (line breaks are folded). */
export const problem = (status: number, error: string, message: string): Answer =>
  Answer.Problem({ status, error, message: oneLine(message), problems: [] })

/** 400 `invalid_request`: each problem on its own line in `problems`, all of them in `message`. */
export const invalid = (problems: ReadonlyArray<string>): Answer => {
  const lines = problems.map(oneLine)
  return Answer.Problem({ status: 400, error: "invalid_request", message: lines.join("; "), problems: lines })
}

/** The 400 for a request that did not decode. */
export const invalidRequest = (error: ParseResult.ParseError): Answer => invalid(ValidationErrors.problemsOf(error))

export const twiml = (twiml: string): Answer => Answer.Twiml({ twiml })

export const text = (contentType: string, text: string): Answer => Answer.Text({ contentType, text })

/** A page a person reads in the browser (the OAuth flow's end). */
export const page = (status: number, title: string, text: string): Answer => Answer.Page({ status, title, text })

export const redirect = (location: string): Answer => Answer.Redirect({ location })

export const noContent: Answer = Answer.NoContent()

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c)

export const send = (reply: FastifyReply, answer: Answer): FastifyReply =>
  Answer.$match(answer, {
    Json: ({ status, body }) => reply.code(status).send(body),
    Problem: ({ status, error, message, problems }) =>
      reply.code(status).send(problems.length === 0 ? { error, message } : { error, message, problems }),
    Twiml: ({ twiml }) => reply.code(200).type(TwiML.contentType).send(twiml),
    Text: ({ contentType, text }) => reply.code(200).type(contentType).send(text),
    Page: ({ status, title, text }) =>
      reply
        .code(status)
        .type("text/html; charset=utf-8")
        .send(
          `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head>` +
            `<body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></body></html>`,
        ),
    Redirect: ({ location }) => reply.redirect(location, 302),
    NoContent: () => reply.code(204).send(),
  })

/** Runs `effect` on the app's runtime and sends its answer. */
export const responder =
  <R>(runtime: ManagedRuntime.ManagedRuntime<R, unknown>) =>
  (reply: FastifyReply, effect: Effect.Effect<Answer, never, R>): Promise<FastifyReply> =>
    runtime.runPromise(effect).then((answer) => send(reply, answer))

/** Why a request did not decode, in one line: each problem's path and message. */
export const reasonOf = (error: ParseResult.ParseError): string => ValidationErrors.problemsOf(error).join("; ")

/** Failures several routes share, and what the client is told about each. */
export type RequestError =
  | ParseResult.ParseError
  | BusinessNotFound
  | BookingNotFound
  | CallerMessageNotFound
  | PhoneNumberInUse
  | BookingLimitReached
  | PersistenceError

export const problemOf = (error: RequestError): Effect.Effect<Answer> => {
  switch (error._tag) {
    case "ParseError":
      return Effect.succeed(invalidRequest(error))
    case "BusinessNotFound":
      return Effect.succeed(problem(404, "not_found", "no such business"))
    case "BookingNotFound":
      return Effect.succeed(problem(404, "not_found", "no such booking"))
    case "CallerMessageNotFound":
      return Effect.succeed(problem(404, "not_found", "no such message"))
    case "PhoneNumberInUse":
      return Effect.succeed(
        problem(409, "phone_number_in_use", `${error.phoneNumber} already belongs to another business`),
      )
    case "BookingLimitReached":
      return Effect.succeed(
        problem(
          409,
          "booking_limit_reached",
          error.limit === "open"
            ? `this phone number already holds ${error.max} upcoming bookings, the business's limit`
            : `this phone number already holds ${error.max} bookings that day, the business's limit`,
        ),
      )
    case "PersistenceError":
      return Effect.logError("Storage failed while answering a request").pipe(
        Effect.annotateLogs({ error: error.message }),
        Effect.as(problem(503, "unavailable", "storage is unavailable, try again")),
      )
  }
}

/** Answers the shared failures with `problemOf`. */
export const recover = <R>(effect: Effect.Effect<Answer, RequestError, R>): Effect.Effect<Answer, never, R> =>
  Effect.catchAll(effect, problemOf)
