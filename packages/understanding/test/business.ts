import { Business } from "@frontdesk/domain/model/Business"
import { Schema } from "effect"

/** A salon in New York, open Tuesday to Saturday, as the corpus's callers know it. */
export const salon: Business = Schema.decodeUnknownSync(Business)({
  id: "biz_bella",
  name: "Bella Hair Studio",
  timezone: "America/New_York",
  phoneNumbers: ["+15550100000"],
  services: [
    { name: "Haircut", durationMinutes: 45, aliases: ["cut", "trim", "hair cut"] },
    { name: "Color", durationMinutes: 90, aliases: ["colour", "dye", "highlights"] },
    { name: "Beard Trim", durationMinutes: 20, aliases: ["beard", "shave"] },
    { name: "Blowout", durationMinutes: 30, aliases: ["blow dry"] },
  ],
  hours: {
    mon: [],
    tue: [["09:00", "17:00"]],
    wed: [["09:00", "17:00"]],
    thu: [["09:00", "20:00"]],
    fri: [["09:00", "17:00"]],
    sat: [["10:00", "16:00"]],
    sun: [["11:00", "16:00"]],
  },
})
