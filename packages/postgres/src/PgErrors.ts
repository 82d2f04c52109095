import type { SqlError } from "@effect/sql/SqlError"
import { PersistenceError } from "@frontdesk/domain/model/Errors"
import { Effect, type ParseResult } from "effect"

/** SQLSTATEs the adapters turn into domain errors. */
export const ExclusionViolation = "23P01"
export const UniqueViolation = "23505"

/** The SQLSTATE behind a failed statement, if the server sent one. */
export const sqlState = (error: SqlError): string | undefined => {
  const cause = error.cause
  if (typeof cause === "object" && cause !== null && "code" in cause && typeof cause.code === "string") {
    return cause.code
  }
  return undefined
}

/** The constraint named by the server, to tell unique violations apart. */
export const constraintName = (error: SqlError): string | undefined => {
  const cause = error.cause
  if (typeof cause === "object" && cause !== null && "constraint" in cause && typeof cause.constraint === "string") {
    return cause.constraint
  }
  return undefined
}

export const persistenceError =
  (message: string) =>
  (cause: SqlError | ParseResult.ParseError): PersistenceError =>
    new PersistenceError({ message, cause })

/** Any remaining SqlError / ParseError becomes PersistenceError, named after the operation. */
export const orPersistenceError =
  (operation: string) =>
  <A, E, R>(
    self: Effect.Effect<A, E, R>,
  ): Effect.Effect<A, Exclude<E, SqlError | ParseResult.ParseError> | PersistenceError, R> =>
    Effect.catchIf(
      self,
      (e): e is Extract<E, SqlError | ParseResult.ParseError> =>
        typeof e === "object" && e !== null && "_tag" in e && (e._tag === "SqlError" || e._tag === "ParseError"),
      (e) => Effect.fail(new PersistenceError({ message: `${operation} failed`, cause: e })),
    ) as Effect.Effect<A, Exclude<E, SqlError | ParseResult.ParseError> | PersistenceError, R>
