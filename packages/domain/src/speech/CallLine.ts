/**
 * What the call itself says around the conversation: when the dialled number has no business
 * behind it, when the server cannot answer a turn, and while a slow turn is still being worked
 * out. These are the voice webhooks' (the server's `CallFlow`), not the conversation's.
 */

/** The dialled number belongs to no business: nothing to book into, so end the call. */
export const notSetUp = "Sorry, this number is not set up to take bookings yet. Goodbye."

/** Storage (or a bug) failed a turn: the caller can simply repeat, nothing said so far was lost. */
export const trouble = "Sorry, I'm having a little trouble on my end. Could you say that again?"

/** Keeps the line alive while a turn is still working; `hold` counts the holds in a row, from 1. */
export const holding = (hold: number): string =>
  hold === 1 ? "One moment please." : "Still checking, thanks for waiting."
