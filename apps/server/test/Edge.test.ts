import { connect, type Socket } from "node:net"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { Deferred, Duration, Effect, Option, Redacted } from "effect"
import * as Config from "../src/Config.js"
import * as WebhookClient from "../src/cli/WebhookClient.js"
import { everyDayBusiness, makeHarness, publicBaseUrl, twilioAuthToken } from "./Harness.js"

/**
 * The edge of the server as a stranger on the internet meets it: sockets that never finish their
 * request, and headers that claim to be a proxy.
 */

const slowSockets = 100

describe("at the edge", () => {
  it.scoped(
    "slow-body sockets are cut after the request timeout while signed calls keep being answered",
    () =>
      Effect.gen(function* () {
        const harness = yield* makeHarness({
          // Short, so the test sees the cut; generous next to a turn on in-memory storage.
          http: { ...Config.defaultHttpLimits, requestTimeoutMs: 3000 },
        })
        const business = everyDayBusiness()
        yield* harness.seed(business)
        const address = yield* Effect.promise(() => harness.app.listen({ port: 0, host: "127.0.0.1" }))
        const port = Number(new URL(address).port)

        let connected = 0
        let closed = 0
        const allClosed = yield* Deferred.make<void>()
        const sockets: Array<Socket> = []
        const timers: Array<ReturnType<typeof setInterval>> = []
        yield* Effect.addFinalizer(() =>
          Effect.sync(() => {
            for (const timer of timers) clearInterval(timer)
            for (const socket of sockets) socket.destroy()
          }),
        )
        const allConnected = yield* Deferred.make<void>()
        for (let i = 0; i < slowSockets; i++) {
          const socket = connect({ port, host: "127.0.0.1" })
          sockets.push(socket)
          socket.on("error", () => {})
          socket.on("connect", () => {
            // A head promising 60 KB, then a byte now and then: never complete, never quite idle.
            socket.write(
              `POST /voice/turn/${business.id}?turn=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
                "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 60000\r\n\r\nCallSid=CA",
            )
            timers.push(setInterval(() => socket.writable && socket.write("a"), 200))
            connected++
            if (connected === slowSockets) Deferred.unsafeDone(allConnected, Effect.void)
          })
          socket.on("close", () => {
            closed++
            if (closed === slowSockets) Deferred.unsafeDone(allClosed, Effect.void)
          })
        }
        yield* Deferred.await(allConnected).pipe(Effect.timeout(Duration.seconds(20)))
        expect(connected).toBe(slowSockets)

        const call = yield* WebhookClient.makeCall(
          {
            url: address,
            publicBaseUrl,
            authToken: Redacted.make(twilioAuthToken),
            businessId: business.id,
            to: business.phoneNumbers[0] ?? "",
          },
          { from: "+15551230042" },
        )
        const greeting = yield* call.start
        expect(greeting.says[0]).toContain(business.name)
        const turn = yield* call.say("I'd like a haircut tomorrow at 10 AM")
        expect(turn.says.length).toBeGreaterThan(0)
        // The call went through while the slow sockets were still holding their connections.
        const openDuringCall = slowSockets - closed
        expect(openDuringCall).toBeGreaterThan(0)

        // Without a request timeout none of these would ever close; the bound is generous.
        const done = yield* Deferred.await(allClosed).pipe(Effect.timeout(Duration.seconds(30)), Effect.option)
        expect({ closed, done: done._tag }).toEqual({ closed: slowSockets, done: "Some" })
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)),
    60_000,
  )

  it.scoped(
    "beyond HTTP_MAX_CONNECTIONS a new socket is dropped on accept; once sockets free up, signed calls are answered",
    () =>
      Effect.gen(function* () {
        const cap = 12
        const harness = yield* makeHarness({ http: { ...Config.defaultHttpLimits, maxConnections: cap } })
        const business = everyDayBusiness()
        yield* harness.seed(business)
        const address = yield* Effect.promise(() => harness.app.listen({ port: 0, host: "127.0.0.1" }))
        const port = Number(new URL(address).port)

        const sockets: Array<Socket> = []
        yield* Effect.addFinalizer(() =>
          Effect.sync(() => {
            for (const socket of sockets) socket.destroy()
          }),
        )
        // Holders: each sends half a request head, so the server has accepted and counts it.
        const open = (onClose?: (gotData: boolean) => void) =>
          Effect.async<Socket>((resume) => {
            const socket = connect({ port, host: "127.0.0.1" })
            sockets.push(socket)
            let gotData = false
            socket.on("error", () => {})
            socket.on("data", () => {
              gotData = true
            })
            socket.on("close", () => onClose?.(gotData))
            socket.on("connect", () => {
              socket.write(`POST /voice/turn/${business.id}?turn=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n`)
              resume(Effect.succeed(socket))
            })
          })
        const holders = yield* Effect.forEach(Array.from({ length: cap }), () => open())
        // Let the server's accept loop count every holder before the one over the cap arrives.
        yield* Effect.promise(
          () =>
            new Promise<void>((resolve) => {
              const poll = () =>
                harness.app.server.getConnections((_, count) => (count >= cap ? resolve() : setTimeout(poll, 20)))
              poll()
            }),
        )

        const dropped = yield* Deferred.make<boolean>()
        yield* open((gotData) => Deferred.unsafeDone(dropped, Effect.succeed(gotData)))
        const overCap = yield* Deferred.await(dropped).pipe(Effect.timeout(Duration.seconds(20)), Effect.option)
        // Closed by the server without a byte of answer, long before any request timeout.
        expect(Option.getOrElse(overCap, () => "still open after 20 s")).toBe(false)

        for (const holder of holders.slice(0, cap / 2)) holder.destroy()
        const call = yield* WebhookClient.makeCall(
          {
            url: address,
            publicBaseUrl,
            authToken: Redacted.make(twilioAuthToken),
            businessId: business.id,
            to: business.phoneNumbers[0] ?? "",
          },
          { from: "+15551230043" },
        )
        const greeting = yield* call.start
        expect(greeting.says[0]).toContain(business.name)
        const turn = yield* call.say("I'd like a haircut tomorrow at 10 AM")
        expect(turn.says.length).toBeGreaterThan(0)
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)),
    60_000,
  )

  it.scoped("X-Forwarded-For is ignored unless TRUST_PROXY names the proxy", () =>
    Effect.gen(function* () {
      const ipSeen = (trustProxy?: Config.TrustProxy) =>
        Effect.gen(function* () {
          const harness = yield* makeHarness({
            ...(trustProxy === undefined ? {} : { trustProxy }),
            extend: (app) => app.get("/test/ip", async (request) => ({ ip: request.ip })),
          })
          const response = yield* Effect.promise(() =>
            harness.app.inject({
              method: "GET",
              url: "/test/ip",
              remoteAddress: "127.0.0.1",
              headers: { "x-forwarded-for": "203.0.113.9" },
            }),
          )
          return (response.json() as { ip: string }).ip
        })
      expect(yield* ipSeen()).toBe("127.0.0.1")
      expect(yield* ipSeen(false)).toBe("127.0.0.1")
      expect(yield* ipSeen(1)).toBe("203.0.113.9")
      expect(yield* ipSeen(["127.0.0.1/32"])).toBe("203.0.113.9")
      // A proxy list that does not include the peer: the header is the peer's own claim.
      expect(yield* ipSeen(["10.0.0.0/8"])).toBe("127.0.0.1")
    }),
  )
})
