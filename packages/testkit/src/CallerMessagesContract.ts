import { expect, layer } from "@effect/vitest"
import { CallerMessage, CallerMessageId, NewCallerMessage } from "@frontdesk/domain/model/CallerMessage"
import { CallerMessages } from "@frontdesk/domain/ports/CallerMessages"
import { NewOutboxJob, Outbox } from "@frontdesk/domain/ports/Outbox"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { Array as Arr, DateTime, Effect, Either, type Layer } from "effect"

/*
 * Behaviour every CallerMessages store must show. Stores keep rows between tests, so each test
 * uses fresh business and message ids; the live clock runs.
 */

const millis = DateTime.toEpochMillis

const messageId = () => CallerMessageId.make(`msg_${crypto.randomUUID().replaceAll("-", "")}`)

const newMessage = (overrides: Partial<ConstructorParameters<typeof NewCallerMessage>[0]> = {}) =>
  new NewCallerMessage({
    id: messageId(),
    businessId: Fixtures.businessId(),
    callSid: Fixtures.callSid(),
    callerPhone: Fixtures.phoneNumber(),
    text: "Please call me back about a wedding party of six",
    ...overrides,
  })

const pendingWithKey = (key: string) =>
  Effect.flatMap(Outbox, (outbox) =>
    Effect.map(
      outbox.list({ status: "pending" }),
      Arr.filter((job) => job.dedupeKey === key),
    ),
  )

const job = (key: string) => new NewOutboxJob({ kind: "sms.owner_message", payload: { key }, dedupeKey: key })

export const suite = <E>(name: string, layer_: Layer.Layer<CallerMessages | Outbox, E>) =>
  layer(layer_, { excludeTestServices: true })(name, (it) => {
    it.effect("stores a message as given, stamped with when it was left, not yet handled", () =>
      Effect.gen(function* () {
        const messages = yield* CallerMessages
        const input = newMessage()
        const before = yield* DateTime.now
        const stored = yield* messages.record(input)
        const after = yield* DateTime.now

        expect(stored).toBeInstanceOf(CallerMessage)
        expect(stored.id).toBe(input.id)
        expect(stored.businessId).toBe(input.businessId)
        expect(stored.callSid).toBe(input.callSid)
        expect(stored.callerPhone).toBe(input.callerPhone)
        expect(stored.text).toBe(input.text)
        expect(stored.handledAt).toBeUndefined()
        expect(millis(stored.createdAt)).toBeGreaterThanOrEqual(millis(before))
        expect(millis(stored.createdAt)).toBeLessThanOrEqual(millis(after))
        expect(yield* messages.get(input.id)).toEqual(stored)
      }),
    )

    it.effect("keeps a withheld number absent and a long, multi-line, non-ASCII text whole", () =>
      Effect.gen(function* () {
        const messages = yield* CallerMessages
        const text = `${"Ça va? Møde i morgen 😀 — ".repeat(140)}\n\nSecond paragraph.`
        expect(text.length).toBeGreaterThan(3_400)
        const { callerPhone: _callerPhone, ...fields } = newMessage()
        const input = new NewCallerMessage({ ...fields, text })
        yield* messages.record(input)
        const stored = yield* messages.get(input.id)
        expect(stored.text).toBe(text)
        expect("callerPhone" in stored).toBe(false)
      }),
    )

    it.effect("commits outbox jobs with the message", () =>
      Effect.gen(function* () {
        const messages = yield* CallerMessages
        const input = newMessage()
        const key = `test.sms.owner_message:${input.id}`
        yield* messages.record(input, [job(key)])
        const [queued, ...more] = yield* pendingWithKey(key)
        expect(more).toHaveLength(0)
        expect(queued?.kind).toBe("sms.owner_message")
        expect(queued?.payload).toEqual({ key })
      }),
    )

    it.effect("refuses a repeated id, and enqueues nothing with the refused write", () =>
      Effect.gen(function* () {
        const messages = yield* CallerMessages
        const input = newMessage()
        yield* messages.record(input)
        const key = `test.sms.owner_message:${input.id}:again`
        const again = yield* Effect.either(
          messages.record(new NewCallerMessage({ ...input, text: "other" }), [job(key)]),
        )
        expect(Either.isLeft(again) && again.left._tag).toBe("PersistenceError")
        expect((yield* messages.get(input.id)).text).toBe(input.text)
        expect(yield* pendingWithKey(key)).toHaveLength(0)
      }),
    )

    it.effect("lists a business's messages newest first, with a limit, optionally only the unhandled", () =>
      Effect.gen(function* () {
        const messages = yield* CallerMessages
        const businessId = Fixtures.businessId()
        const first = yield* messages.record(newMessage({ businessId, text: "first" }))
        const second = yield* messages.record(newMessage({ businessId, text: "second" }))
        const third = yield* messages.record(newMessage({ businessId, text: "third" }))
        yield* messages.record(newMessage({ text: "another business" }))

        expect((yield* messages.list(businessId)).map((m) => m.text)).toEqual(["third", "second", "first"])
        expect((yield* messages.list(businessId, { limit: 2 })).map((m) => m.id)).toEqual([third.id, second.id])
        yield* messages.markHandled(second.id)
        expect((yield* messages.list(businessId, { unhandledOnly: true })).map((m) => m.id)).toEqual([
          third.id,
          first.id,
        ])
        expect((yield* messages.list(businessId, { unhandledOnly: false })).map((m) => m.id)).toEqual([
          third.id,
          second.id,
          first.id,
        ])
        expect(yield* messages.list(Fixtures.businessId())).toEqual([])
      }),
    )

    it.effect("marks a message handled once; marking again keeps the first time", () =>
      Effect.gen(function* () {
        const messages = yield* CallerMessages
        const stored = yield* messages.record(newMessage())
        const handled = yield* messages.markHandled(stored.id)
        expect(handled.handledAt).toBeDefined()
        expect(millis(handled.handledAt!)).toBeGreaterThanOrEqual(millis(stored.createdAt))
        expect({ ...handled, handledAt: undefined }).toEqual({ ...stored, handledAt: undefined })
        yield* Effect.sleep("5 millis")
        const again = yield* messages.markHandled(stored.id)
        expect(again.handledAt).toEqual(handled.handledAt)
        expect(yield* messages.get(stored.id)).toEqual(handled)
      }),
    )

    it.effect("an unknown id is CallerMessageNotFound, to read or to mark", () =>
      Effect.gen(function* () {
        const messages = yield* CallerMessages
        const id = messageId()
        const read = yield* Effect.either(messages.get(id))
        expect(Either.isLeft(read) && read.left).toMatchObject({ _tag: "CallerMessageNotFound", messageId: id })
        const marked = yield* Effect.either(messages.markHandled(id))
        expect(Either.isLeft(marked) && marked.left._tag).toBe("CallerMessageNotFound")
      }),
    )
  })
