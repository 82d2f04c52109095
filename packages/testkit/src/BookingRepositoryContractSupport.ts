import type { Vitest } from "@effect/vitest"
import type { Booking } from "@frontdesk/domain/model/Booking"
import * as TimeRange from "@frontdesk/domain/model/TimeRange"
import type { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import type { Outbox } from "@frontdesk/domain/ports/Outbox"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { DateTime } from "effect"

/** What the parts of the BookingRepository contract share: the test methods they are given and small helpers. */

/** `it` of the contract's one layer, on the live clock. */
export type BookingRepositoryIt = Vitest.MethodsNonLive<BookingRepository | Outbox, true>

export const at = Fixtures.utc
export const range = (start: string, end: string) => TimeRange.make(at(start), at(end))
export const millis = (d: DateTime.DateTime) => DateTime.toEpochMillis(d)
export const ids = (bookings: ReadonlyArray<Booking>) => bookings.map((b) => b.id)
