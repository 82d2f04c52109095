import { calendar_v3 } from "@googleapis/calendar"
import { Redacted } from "effect"
import { gaxios, OAuth2Client } from "google-auth-library"
import { defaultApiRootUrl, defaultAuthUrl, defaultTokenUrl, type GoogleOptions } from "./GoogleConfig.js"

/**
 * The Google SDK clients, built so the adapter alone decides about retries: gaxios would otherwise
 * retry token calls (POST included) and idempotent API calls on its own schedule, invisible to our
 * deadlines, breaker and request budget.
 */

/** Token calls cannot take our AbortSignal through OAuth2Client, so they get gaxios's own timeout. */
const TOKEN_CALL_TIMEOUT_MILLIS = 10_000

const withoutRetries = (): gaxios.Gaxios => {
  const transporter = new gaxios.Gaxios()
  transporter.interceptors.request.add({
    resolved: async (config) => ({
      ...config,
      timeout: config.timeout ?? TOKEN_CALL_TIMEOUT_MILLIS,
      retry: false,
      retryConfig: { ...config.retryConfig, retry: 0, noResponseRetries: 0, shouldRetry: () => false },
    }),
  })
  return transporter
}

export const oauthClient = (options: GoogleOptions): OAuth2Client =>
  new OAuth2Client({
    clientId: options.clientId,
    clientSecret: Redacted.value(options.clientSecret),
    redirectUri: options.redirectUrl,
    endpoints: {
      oauth2AuthBaseUrl: options.oauthAuthUrl ?? defaultAuthUrl,
      oauth2TokenUrl: options.oauthTokenUrl ?? defaultTokenUrl,
    },
    transporter: withoutRetries(),
  })

export const calendarApi = (options: GoogleOptions): calendar_v3.Calendar =>
  new calendar_v3.Calendar({ rootUrl: options.apiRootUrl ?? defaultApiRootUrl, retry: false })
