import { Schema } from "effect"
import { PhoneNumber } from "./Ids.js"

export class Customer extends Schema.Class<Customer>("Customer")({
  /** Kept as the caller said it. */
  name: Schema.NonEmptyTrimmedString,
  phone: PhoneNumber,
}) {}
