import { type SmsMessage, Telephony } from "@frontdesk/domain/ports/Telephony"
import { Effect, Layer, Ref } from "effect"
import { redactPhone } from "./Redaction.js"

/**
 * Telephony for development and for installs without an SMS sender: nothing leaves the machine,
 * each message is logged (phone redacted) and kept, so the operator can see what would be sent.
 */
export const make = Effect.gen(function* () {
  const sent = yield* Ref.make<ReadonlyArray<SmsMessage>>([])
  const counter = yield* Ref.make(0)
  yield* Effect.logWarning(
    "SMS sending is off (set TWILIO_SMS_FROM or TWILIO_MESSAGING_SERVICE_SID): messages are logged, not sent",
  )
  const sendSms = (message: SmsMessage) =>
    Effect.gen(function* () {
      const n = yield* Ref.updateAndGet(counter, (x) => x + 1)
      yield* Ref.update(sent, (all) => [...all, message])
      const sid = `SMlog${n.toString(16).padStart(29, "0")}`
      yield* Effect.logInfo("SMS logged, not sent").pipe(
        Effect.annotateLogs({ to: redactPhone(message.to), body: message.body, sid }),
      )
      return { sid }
    })
  return { service: Telephony.of({ sendSms }), sent: Ref.get(sent) }
})

export const layer: Layer.Layer<Telephony> = Layer.effect(
  Telephony,
  Effect.map(make, ({ service }) => service),
)
