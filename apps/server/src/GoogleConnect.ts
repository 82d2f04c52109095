import { Context, Data, Effect, Layer, type Redacted } from "effect"

export class ConnectError extends Data.TaggedError("ConnectError")<{
  readonly reason: "not_configured" | "denied" | "exchange_failed" | "no_refresh_token"
  readonly message: string
  readonly cause?: unknown
}> {}

/**
 * The two OAuth steps the routes need, whatever library does them: the consent URL and the
 * code exchange. Kept here so the routes do not depend on the Google adapter's internals.
 */
export class GoogleConnect extends Context.Tag("@frontdesk/server/GoogleConnect")<
  GoogleConnect,
  {
    readonly configured: boolean
    readonly authorizationUrl: (input: { readonly state: string; readonly codeChallenge: string }) => string
    readonly exchange: (input: {
      readonly code: string
      readonly codeVerifier: string
    }) => Effect.Effect<{ readonly refreshToken: Redacted.Redacted<string>; readonly scope: string }, ConnectError>
  }
>() {}

export const layerNotConfigured: Layer.Layer<GoogleConnect> = Layer.succeed(GoogleConnect, {
  configured: false,
  authorizationUrl: () => "",
  exchange: () =>
    Effect.fail(
      new ConnectError({ reason: "not_configured", message: "GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET are not set" }),
    ),
})
