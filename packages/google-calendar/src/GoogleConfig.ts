import { Config, type Duration, type Redacted } from "effect"
import type { ResiliencePolicy } from "./Resilience.js"

/** How the adapter reaches Google; every URL can point at staging or a fake. */
export interface GoogleOptions {
  readonly clientId: string
  readonly clientSecret: Redacted.Redacted<string>
  /** Where Google sends the owner back after consent (`$PUBLIC_BASE_URL/oauth/google/callback`). */
  readonly redirectUrl: string
  /** Signs the OAuth `state` (and derives the PKCE verifier from it); at least 32 random bytes. */
  readonly stateSecret: Redacted.Redacted<string>
  /** Calendar API root, ending with "/". */
  readonly apiRootUrl?: string
  readonly oauthAuthUrl?: string
  readonly oauthTokenUrl?: string
  /** Overrides of the default timeouts, retries and circuit breaker. */
  readonly resilience?: Partial<ResiliencePolicy>
  /** Access tokens are refreshed this long before Google says they expire (default 5 minutes). */
  readonly refreshMargin?: Duration.DurationInput
}

export const defaultApiRootUrl = "https://www.googleapis.com/"
export const defaultAuthUrl = "https://accounts.google.com/o/oauth2/v2/auth"
export const defaultTokenUrl = "https://oauth2.googleapis.com/token"

/**
 * The environment, as in docs: GOOGLE_CLIENT_ID, GOOGLE_CLIENT_SECRET, GOOGLE_REDIRECT_URL,
 * GOOGLE_API_ROOT_URL, GOOGLE_OAUTH_AUTH_URL, GOOGLE_OAUTH_TOKEN_URL, and GOOGLE_OAUTH_STATE_SECRET
 * (the server may provide its own secret through `Config.succeed`).
 */
export const config: Config.Config<GoogleOptions> = Config.all({
  clientId: Config.string("GOOGLE_CLIENT_ID"),
  clientSecret: Config.redacted("GOOGLE_CLIENT_SECRET"),
  redirectUrl: Config.string("GOOGLE_REDIRECT_URL"),
  stateSecret: Config.redacted("GOOGLE_OAUTH_STATE_SECRET"),
  apiRootUrl: Config.string("GOOGLE_API_ROOT_URL").pipe(Config.withDefault(defaultApiRootUrl)),
  oauthAuthUrl: Config.string("GOOGLE_OAUTH_AUTH_URL").pipe(Config.withDefault(defaultAuthUrl)),
  oauthTokenUrl: Config.string("GOOGLE_OAUTH_TOKEN_URL").pipe(Config.withDefault(defaultTokenUrl)),
})
