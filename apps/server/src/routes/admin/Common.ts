import type { Business } from "@frontdesk/domain/model/Business"
import { BusinessNotFound, type PersistenceError } from "@frontdesk/domain/model/Errors"
import { BusinessId } from "@frontdesk/domain/model/Ids"
import { zoneOf } from "@frontdesk/domain/model/TimeZone"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import { DateTime, Effect, Option, Schema } from "effect"
import * as StorableText from "../../http/StorableText.js"

/**
 * What the admin API's resources share: the business a path's `:id` names, times written in that
 * business's zone, and the page size a list takes.
 */

/** ISO 8601 with the business's UTC offset: "2026-12-04T15:00:00.000-05:00". */
export const LocalInstant = Schema.String.annotations({
  description: "ISO 8601 with the business's UTC offset",
  examples: ["2026-12-04T15:00:00.000-05:00"],
})

/** Formats an instant in `business`'s own zone, with its offset. */
export const localInstant = (business: Business) => {
  const zone = zoneOf(business.timezone)
  return (dt: DateTime.Utc) => DateTime.formatIsoOffset(DateTime.setZone(dt, zone))
}

const businessIdFrom = StorableText.idFrom(BusinessId)

export const getBusiness = (id: string): Effect.Effect<Business, BusinessNotFound | PersistenceError, Businesses> =>
  Option.match(businessIdFrom(id), {
    onNone: () => Effect.fail(new BusinessNotFound({})),
    onSome: (businessId) => Effect.flatMap(Businesses, (businesses) => businesses.get(businessId)),
  })

export const idParam = { id: "the business's id (biz_…)" }

const Limit = Schema.NumberFromString.pipe(Schema.int(), Schema.between(1, 500))
export const limit = Schema.optionalWith(Limit, { default: () => 100 })
