import * as RecordingTelephony from "@frontdesk/domain/ports/RecordingTelephony"
import { RecordingTelephonyControl } from "@frontdesk/domain/ports/RecordingTelephony"
import { Effect } from "effect"
import * as TelephonyContract from "../src/TelephonyContract.js"

/** The vendor codes Twilio would report, so the recording double fails the same way. */
const codes = { InvalidNumber: 21211, Unsubscribed: 21610, RateLimited: 20429, Unavailable: 20500 } as const

TelephonyContract.suite("RecordingTelephony", RecordingTelephony.layerMemory, {
  delivered: (to) =>
    Effect.flatMap(RecordingTelephonyControl, (control) =>
      Effect.map(control.sentTo(to), (sent) => sent.map(({ body, sid }) => ({ sid, body }))),
    ),
  failNext: (failure) =>
    Effect.flatMap(RecordingTelephonyControl, (control) => control.failNext(failure, { code: codes[failure] })),
})
