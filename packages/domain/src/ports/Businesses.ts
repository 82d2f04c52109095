import { Context, type Effect, type Option } from "effect"
import type { Business } from "../model/Business.js"
import type { BusinessNotFound, PersistenceError, PhoneNumberInUse } from "../model/Errors.js"
import type { BusinessId, PhoneNumber } from "../model/Ids.js"

export class Businesses extends Context.Tag("@frontdesk/domain/Businesses")<
  Businesses,
  {
    readonly get: (id: BusinessId) => Effect.Effect<Business, BusinessNotFound | PersistenceError>
    /** The business Twilio is calling, by the dialled number. */
    readonly findByPhoneNumber: (phone: PhoneNumber) => Effect.Effect<Option.Option<Business>, PersistenceError>
    /** Stores a new business; its id is chosen by the caller. */
    readonly create: (business: Business) => Effect.Effect<Business, PhoneNumberInUse | PersistenceError>
    readonly update: (
      business: Business,
    ) => Effect.Effect<Business, BusinessNotFound | PhoneNumberInUse | PersistenceError>
    readonly list: Effect.Effect<ReadonlyArray<Business>, PersistenceError>
  }
>() {}
