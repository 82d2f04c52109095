import { type BookingId, BookingId as BookingIdSchema, EventId } from "@frontdesk/domain/model/Ids"
import { Option, Schema } from "effect"

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

/**
 * The booking behind one of Frontdesk's event ids, or none for any other event. Google reports a
 * deleted event in an incremental listing with little more than its id, so the id alone must say
 * whose it is.
 */
export const bookingIdOf = (eventId: string): Option.Option<BookingId> => {
  if (!eventId.startsWith("fdbk")) return Option.none()
  let bits = 0
  let value = 0
  const bytes: Array<number> = []
  for (const char of eventId.slice(4)) {
    const digit = base32hex.indexOf(char)
    if (digit < 0) return Option.none()
    value = (value << 5) | digit
    bits += 5
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 255)
      bits -= 8
    }
    value &= (1 << bits) - 1
  }
  let text: string
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(new Uint8Array(bytes))
  } catch {
    return Option.none()
  }
  return Option.flatMap(Schema.decodeUnknownOption(BookingIdSchema)(text), (bookingId) =>
    eventIdFor(bookingId) === eventId ? Option.some(bookingId) : Option.none(),
  )
}
