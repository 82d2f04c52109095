import type { Business } from "@frontdesk/domain/model/Business"
import { BookingId } from "@frontdesk/domain/model/Ids"
import { CalendarEvent } from "@frontdesk/domain/ports/Calendar"
import * as MemoryOAuthStates from "@frontdesk/domain/ports/MemoryOAuthStates"
import { layerMemory as memoryTokenVault } from "@frontdesk/domain/ports/MemoryTokenVault"
import { CalendarCredentials, TokenVault } from "@frontdesk/domain/ports/TokenVault"
import { demoBusinessWithGoogle, googleAiConfig } from "@frontdesk/domain/testing/Fixtures"
import { FakeGoogle, type FakeGoogleService, layer as fakeGoogleLayer } from "@frontdesk/testkit/FakeGoogle"
import { DateTime, Duration, Effect, Layer, Redacted } from "effect"
import * as AccessTokens from "../src/AccessTokens.js"
import { eventIdFor } from "../src/EventIds.js"
import * as GoogleCalendar from "../src/GoogleCalendar.js"
import type { GoogleOptions } from "../src/GoogleConfig.js"
import * as GoogleOAuth from "../src/GoogleOAuth.js"
import type { ResiliencePolicy } from "../src/Resilience.js"

/**
 * Short backoffs so failure tests stay quick, but patient attempts and deadlines: on a loaded
 * machine (CI, every package's tests at once) a loopback round trip can take over a second, and a
 * retry the test did not ask for changes what it counts. Tests about timeouts use `timeoutPolicy`
 * (whose outcome, Timeout, does not depend on the machine's speed) or the TestClock.
 */
export const fastPolicy: ResiliencePolicy = {
  busy: {
    attemptTimeout: Duration.seconds(10),
    deadline: Duration.seconds(20),
    maxRetries: 2,
    baseDelay: Duration.millis(10),
    maxDelay: Duration.millis(50),
  },
  write: {
    attemptTimeout: Duration.seconds(10),
    deadline: Duration.seconds(25),
    maxRetries: 4,
    baseDelay: Duration.millis(10),
    maxDelay: Duration.millis(50),
  },
  breaker: { failureThreshold: 5, cooldown: Duration.seconds(30) },
}

/** Quick to give up, for a Google that never answers: attempts and the deadline both end in Timeout. */
export const timeoutPolicy: ResiliencePolicy = {
  ...fastPolicy,
  busy: { ...fastPolicy.busy, attemptTimeout: Duration.millis(200), deadline: Duration.seconds(1) },
  write: { ...fastPolicy.write, attemptTimeout: Duration.millis(200), deadline: Duration.seconds(1) },
}

export const redirectUrl = "http://127.0.0.1:3000/oauth/google/callback"

export const optionsFor = (google: FakeGoogleService, overrides: Partial<GoogleOptions> = {}): GoogleOptions => ({
  clientId: google.clientId,
  clientSecret: Redacted.make(google.clientSecret),
  redirectUrl,
  stateSecret: Redacted.make("test-state-secret-0123456789abcdef"),
  apiRootUrl: google.url,
  oauthAuthUrl: google.authUrl,
  oauthTokenUrl: google.tokenUrl,
  resilience: fastPolicy,
  ...overrides,
})

/**
 * A fresh fake Google, a memory TokenVault and the adapter (Calendar + GoogleOAuth) pointed at the
 * fake; with `sharedTokens` both use one AccessTokens cache, as a server should wire them.
 */
export const testLayer = (overrides: Partial<GoogleOptions> = {}, sharedTokens = false) =>
  Layer.unwrapEffect(
    Effect.map(FakeGoogle, (google) => {
      const adapter = Layer.merge(
        GoogleCalendar.layer(optionsFor(google, overrides)),
        GoogleOAuth.layer(optionsFor(google, overrides)),
      )
      return sharedTokens ? adapter.pipe(Layer.provide(AccessTokens.layer(optionsFor(google, overrides)))) : adapter
    }),
  ).pipe(Layer.provideMerge(Layer.mergeAll(fakeGoogleLayer(), memoryTokenVault, MemoryOAuthStates.layerMemory)))

/** The business as connected earlier: a refresh token from the fake in the vault. */
export const connect = (business: Business, account?: string) =>
  Effect.gen(function* () {
    const google = yield* FakeGoogle
    const vault = yield* TokenVault
    const refreshToken = yield* google.connect(account === undefined ? {} : { account })
    yield* vault.store(
      business.id,
      new CalendarCredentials({
        provider: "google",
        refreshToken: Redacted.make(refreshToken),
        scope: "https://www.googleapis.com/auth/calendar.events https://www.googleapis.com/auth/calendar.freebusy",
        status: "connected",
        updatedAt: yield* DateTime.now,
      }),
    )
    return refreshToken
  })

export const businessWithCalendars = (calendarIds: ReadonlyArray<string>, calendarId = "primary") =>
  demoBusinessWithGoogle({
    aiConfig: {
      integrations: {
        provider: "google_calendar",
        providers: {
          google_calendar: {
            ...googleAiConfig.integrations.providers.google_calendar!,
            calendar_ids: calendarIds,
            calendar_id: calendarId,
          },
        },
      },
    },
  })

let bookingCounter = 0

/** The event the domain would hand over for a booking at these times. */
export const eventAt = (start: string, end: string, summary = "Haircut - Ana Ruiz") => {
  bookingCounter += 1
  const bookingId = BookingId.make(`bk_${Date.now().toString(36)}_${bookingCounter}`)
  return new CalendarEvent({
    bookingId,
    summary,
    description: "Customer: +15551234567",
    start: DateTime.unsafeMake(start),
    end: DateTime.unsafeMake(end),
  })
}

/** The id the adapter gives the event (derived from its booking). */
export const idOf = (event: CalendarEvent) => eventIdFor(event.bookingId)
