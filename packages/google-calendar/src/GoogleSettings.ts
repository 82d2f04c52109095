import type { Business } from "@frontdesk/domain/model/Business"
import { CalendarError } from "@frontdesk/domain/ports/CalendarError"
import { Array as Arr, Either, ParseResult, Schema } from "effect"

/**
 * The Google-specific keys of a business's `google_calendar` settings. The domain keeps the
 * policy keys of that block (enabled, check_availability, …) and passes the rest through untouched;
 * this adapter is the one that knows what a calendar id is.
 */
const Settings = Schema.Struct({
  /** Calendars whose busy time blocks bookings. */
  calendar_ids: Schema.optional(Schema.Array(Schema.NonEmptyString)),
  /** Where Frontdesk writes its events. */
  calendar_id: Schema.optional(Schema.NonEmptyString),
})

export interface GoogleSettings {
  /** Calendars whose busy time blocks bookings; `primary` unless the business lists others. */
  readonly checkedCalendars: ReadonlyArray<string>
  /** Where Frontdesk writes its events; `primary` unless the business names one. */
  readonly targetCalendar: string
}

const decode = Schema.decodeUnknownEither(Settings)

/**
 * The business's Google settings. Settings Google could never accept (an empty calendar id) fail
 * as Forbidden, like any request Google refuses for good, so the owner is told to fix them.
 */
export const of = (business: Business): Either.Either<GoogleSettings, CalendarError> =>
  decode(business.aiConfig.integrations.providers.google_calendar ?? {}).pipe(
    Either.map((settings) => ({
      checkedCalendars:
        settings.calendar_ids === undefined || settings.calendar_ids.length === 0
          ? ["primary"]
          : Arr.dedupe(settings.calendar_ids),
      targetCalendar: settings.calendar_id ?? "primary",
    })),
    Either.mapLeft(
      (error) =>
        new CalendarError({
          kind: "Forbidden",
          message: `google_calendar settings: ${ParseResult.TreeFormatter.formatErrorSync(error)}`,
          cause: error,
        }),
    ),
  )
