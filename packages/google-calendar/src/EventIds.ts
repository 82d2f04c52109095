import type { BookingId } from "@frontdesk/domain/model/Ids"
import { EventId } from "@frontdesk/domain/model/Ids"

const base32hex = "0123456789abcdefghijklmnopqrstuv"

/**
 * The Google event id for a booking: "fdbk" + the booking id's UTF-8 bytes in lowercase base32hex
 * (Google allows only 0-9 and a-v, 5 to 1024 characters). Deterministic, so a retried insert finds
 * the event it already made instead of adding a duplicate, and distinct booking ids never collide.
 */
export const eventIdFor = (bookingId: BookingId): EventId => {
  let bits = 0
  let value = 0
  let out = "fdbk"
  for (const byte of new TextEncoder().encode(bookingId)) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += base32hex[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
    value &= (1 << bits) - 1
  }
  if (bits > 0) out += base32hex[(value << (5 - bits)) & 31]
  // Booking ids are 26 characters; only a pathological id over ~630 bytes would need cutting.
  return EventId.make(out.slice(0, 1024))
}
