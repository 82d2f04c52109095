import type { GoogleOAuth } from "@frontdesk/google-calendar/GoogleOAuth"
import { Context, Layer, Option } from "effect"

/**
 * Google's OAuth client when this deployment has one (GOOGLE_CLIENT_ID and GOOGLE_CLIENT_SECRET);
 * `None` otherwise, so the routes can say what is missing instead of failing on a half-built client.
 */
export class GoogleConnect extends Context.Tag("@frontdesk/server/GoogleConnect")<
  GoogleConnect,
  Option.Option<GoogleOAuth["Type"]>
>() {}

export const layerNotConfigured: Layer.Layer<GoogleConnect> = Layer.succeed(GoogleConnect, Option.none())
