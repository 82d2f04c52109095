import { HttpClient, HttpClientRequest } from "@effect/platform"
import { NodeHttpClient } from "@effect/platform-node"
import { describe, expect, it } from "@effect/vitest"
import { BookingRepository } from "@frontdesk/domain/ports/BookingRepository"
import * as PgStorage from "@frontdesk/postgres/PgStorage"
import * as TokenCipher from "@frontdesk/postgres/TokenCipher"
import { Effect, Layer, Option, Redacted } from "effect"
import * as AppLayer from "../src/AppLayer.js"
import * as WebhookClient from "../src/cli/WebhookClient.js"
import { adminToken, everyDayBusiness, makeHarness, publicBaseUrl, twilioAuthToken } from "./Harness.js"

/** Embedded PGlite in memory, migrated: the same SQL adapters production runs. */
const pgliteStorage = Layer.provideMerge(
  AppLayer.pgReadiness,
  PgStorage.layer({ databaseUrl: Option.none(), dataDir: undefined }).pipe(
    Layer.provide(TokenCipher.layer(Redacted.make(TokenCipher.generateKey("test")))),
  ),
)

describe("over a real socket, on PGlite", () => {
  it.scoped(
    "a whole call signed like Twilio's reaches the listening server and books into the database",
    () =>
      Effect.gen(function* () {
        const harness = yield* makeHarness({ storage: pgliteStorage })
        const business = everyDayBusiness()
        yield* harness.seed(business)
        const address = yield* Effect.acquireRelease(
          Effect.promise(() => harness.app.listen({ port: 0, host: "127.0.0.1" })),
          () => Effect.void,
        )
        const client = yield* HttpClient.HttpClient
        const ready = yield* client.execute(
          HttpClientRequest.get(`${address}/readyz`).pipe(HttpClientRequest.bearerToken(adminToken)),
        )
        expect(ready.status).toBe(200)
        expect(((yield* ready.json) as { checks: { database: { detail: string } } }).checks.database.detail).toContain(
          "PGlite",
        )

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
        const readBack = yield* call.say("Hi, this is Ana Ruiz, can I get a color tomorrow at noon?")
        expect(readBack.says.join(" ")).toContain("Shall I book it?")
        const done = yield* call.say("yes")
        expect(done.hangup).toBe(true)
        expect(call.ended).toBe(true)

        const [booking] = yield* harness.run(Effect.flatMap(BookingRepository, (r) => r.listByBusiness(business.id)))
        expect(booking?.service).toBe("Color")
        expect(booking?.customer.phone).toBe("+15551230042")
      }).pipe(Effect.provide(NodeHttpClient.layerUndici)),
    // PGlite's start (initdb in WASM) is CPU-bound: minutes when the machine's cores are busy.
    300_000,
  )
})
