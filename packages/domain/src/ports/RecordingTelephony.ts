import { Array as Arr, Context, DateTime, Duration, Effect, Layer, Option, Ref } from "effect"
import type { PhoneNumber } from "../model/Ids.js"
import { type SmsMessage, Telephony, TelephonyError, type TelephonyFailureKind } from "./Telephony.js"

export interface SentSms {
  readonly sid: string
  readonly to: PhoneNumber
  readonly body: string
  readonly idempotencyKey?: string
  readonly sentAt: DateTime.Utc
}

export interface TelephonyFailureOptions {
  /** How many sends fail; default 1. `Infinity` fails until `clearFailures`. */
  readonly times?: number
  /** Vendor code to report (Twilio's 21211 invalid number, 21610 unsubscribed, …). */
  readonly code?: number
  readonly retryAfter?: Duration.DurationInput
}

interface InjectedFailure {
  readonly kind: TelephonyFailureKind
  readonly remaining: number
  readonly code: Option.Option<number>
  readonly retryAfter: Option.Option<Duration.DurationInput>
}

/** Inspects and steers the recording Telephony from a test. */
export class RecordingTelephonyControl extends Context.Tag("@frontdesk/domain/ports/RecordingTelephonyControl")<
  RecordingTelephonyControl,
  {
    /** Messages delivered, oldest first; a resend with a known idempotency key is not delivered again. */
    readonly sent: Effect.Effect<ReadonlyArray<SentSms>>
    readonly sentTo: (to: PhoneNumber) => Effect.Effect<ReadonlyArray<SentSms>>
    /** Every sendSms call, failed and deduplicated ones included. */
    readonly attempts: Effect.Effect<number>
    readonly failNext: (kind: TelephonyFailureKind, options?: TelephonyFailureOptions) => Effect.Effect<void>
    readonly failAlways: (
      kind: TelephonyFailureKind,
      options?: Omit<TelephonyFailureOptions, "times">,
    ) => Effect.Effect<void>
    readonly clearFailures: Effect.Effect<void>
    /** Forgets sent messages and attempts. */
    readonly clear: Effect.Effect<void>
  }
>() {}

export const make = Effect.gen(function* () {
  const sentRef = yield* Ref.make<ReadonlyArray<SentSms>>([])
  const attemptsRef = yield* Ref.make(0)
  const failuresRef = yield* Ref.make<ReadonlyArray<InjectedFailure>>([])

  const takeFailure = Ref.modify(
    failuresRef,
    (failures): readonly [Option.Option<InjectedFailure>, ReadonlyArray<InjectedFailure>] => {
      const [head, ...rest] = failures
      if (head === undefined) return [Option.none(), failures]
      return [Option.some(head), head.remaining > 1 ? [{ ...head, remaining: head.remaining - 1 }, ...rest] : rest]
    },
  )

  const addFailure = (kind: TelephonyFailureKind, options: TelephonyFailureOptions | undefined, times: number) =>
    Ref.update(failuresRef, (fs) =>
      Arr.append(fs, {
        kind,
        remaining: times,
        code: Option.fromNullable(options?.code),
        retryAfter: Option.fromNullable(options?.retryAfter),
      }),
    )

  const send = (message: SmsMessage) =>
    Effect.flatMap(DateTime.now, (now) =>
      Ref.modify(sentRef, (sent): readonly [string, ReadonlyArray<SentSms>] => {
        const key = message.idempotencyKey
        const previous = key === undefined ? undefined : sent.find((s) => s.idempotencyKey === key)
        if (previous !== undefined) return [previous.sid, sent]
        const sid = `SM${String(sent.length + 1).padStart(32, "0")}`
        const record: SentSms = {
          sid,
          to: message.to,
          body: message.body,
          ...(key !== undefined ? { idempotencyKey: key } : {}),
          sentAt: now,
        }
        return [sid, Arr.append(sent, record)]
      }),
    )

  const telephony = Telephony.of({
    sendSms: (message) =>
      Effect.zipRight(
        Ref.update(attemptsRef, (n) => n + 1),
        Effect.flatMap(
          takeFailure,
          Option.match({
            onNone: () => Effect.map(send(message), (sid) => ({ sid })),
            onSome: (f) =>
              Effect.fail(
                new TelephonyError({
                  kind: f.kind,
                  message: `injected ${f.kind} failure`,
                  ...Option.match(f.code, { onNone: () => ({}), onSome: (code) => ({ code }) }),
                  ...Option.match(f.retryAfter, {
                    onNone: () => ({}),
                    onSome: (d) => ({ retryAfter: Duration.decode(d) }),
                  }),
                }),
              ),
          }),
        ),
      ),
  })

  const control = RecordingTelephonyControl.of({
    sent: Ref.get(sentRef),
    sentTo: (to) =>
      Effect.map(
        Ref.get(sentRef),
        Arr.filter((s) => s.to === to),
      ),
    attempts: Ref.get(attemptsRef),
    failNext: (kind, options) => addFailure(kind, options, options?.times ?? 1),
    failAlways: (kind, options) => addFailure(kind, options, Number.POSITIVE_INFINITY),
    clearFailures: Ref.set(failuresRef, []),
    clear: Effect.zipRight(Ref.set(sentRef, []), Ref.set(attemptsRef, 0)),
  })

  return { telephony, control }
})

/** Provides both the Telephony and its RecordingTelephonyControl, sharing one state. */
export const layerMemory: Layer.Layer<Telephony | RecordingTelephonyControl> = Layer.effectContext(
  Effect.map(make, ({ control, telephony }) =>
    Context.make(Telephony, telephony).pipe(Context.add(RecordingTelephonyControl, control)),
  ),
)
