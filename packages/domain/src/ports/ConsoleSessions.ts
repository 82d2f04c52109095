import { Context, type DateTime, type Effect, type Option } from "effect"
import type { ConsoleSession } from "../model/ConsoleSession.js"
import type { PersistenceError } from "../model/Errors.js"

/** Signed-in console browsers, by the hash of their cookie. */
export class ConsoleSessions extends Context.Tag("@frontdesk/domain/ConsoleSessions")<
  ConsoleSessions,
  {
    readonly create: (session: ConsoleSession) => Effect.Effect<void, PersistenceError>
    /** The session unless it expired by `now`. */
    readonly get: (idHash: string, now: DateTime.Utc) => Effect.Effect<Option.Option<ConsoleSession>, PersistenceError>
    /** Remembers the OAuth `state` (its hash) this session started; a newer start replaces it. */
    readonly bindOAuthState: (idHash: string, stateHash: string) => Effect.Effect<void, PersistenceError>
    /** The session that started this OAuth `state`, if a console session did. */
    readonly findByOAuthState: (stateHash: string) => Effect.Effect<Option.Option<ConsoleSession>, PersistenceError>
    /** Signing out; deleting a missing session is a no-op. */
    readonly delete: (idHash: string) => Effect.Effect<void, PersistenceError>
    /** Deletes sessions expired by `now`; returns how many. */
    readonly purgeExpired: (now: DateTime.Utc) => Effect.Effect<number, PersistenceError>
  }
>() {}
