import type { Effect } from "effect"
import type { Business, Integrations } from "../model/Business.js"
import type { BookingRepository } from "../ports/BookingRepository.js"
import type { Calendar } from "../ports/Calendar.js"
import type { Outbox } from "../ports/Outbox.js"
import type { TokenVault } from "../ports/TokenVault.js"
import type { BookingProvider } from "./BookingProvider.js"
import * as GoogleCalendarProvider from "./GoogleCalendarProvider.js"
import * as NativeBookingProvider from "./NativeBookingProvider.js"

/** The ports any provider may capture when it is built (Outbox: alerts to the owner). */
export type ProviderServices = BookingRepository | Calendar | TokenVault | Outbox

/** The original design's `_PROVIDERS` (docs/origin.md): configured name → constructor. */
export const providers: {
  readonly [name: string]: (business: Business) => Effect.Effect<BookingProvider, never, ProviderServices>
} = {
  [NativeBookingProvider.name]: NativeBookingProvider.make,
  [GoogleCalendarProvider.name]: GoogleCalendarProvider.make,
}

/** The provider name that will be used: the configured one if known, else "native" (as in the original design). */
export const providerName = (config: Integrations): string =>
  Object.hasOwn(providers, config.provider) ? config.provider : NativeBookingProvider.name

/**
 * The original design's `resolve_provider(config, business)`. Returns an Effect that builds the provider
 * from the ports in context, so the provider's own methods need nothing (R = never).
 */
export const resolveProvider = (
  config: Integrations,
  business: Business,
): Effect.Effect<BookingProvider, never, ProviderServices> =>
  (providers[providerName(config)] ?? NativeBookingProvider.make)(business)
