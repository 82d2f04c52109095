import { describe, expect, it } from "@effect/vitest"
import * as Fixtures from "@frontdesk/domain/testing/Fixtures"
import { Validator } from "@seriousme/openapi-schema-validator"
import { Ajv2020 } from "ajv/dist/2020.js"
import { Effect } from "effect"
import type { LightMyRequestResponse } from "fastify"
import { everyDayBusiness, makeHarness, tomorrowAt } from "./Harness.js"

type Json = { readonly [key: string]: unknown }

const newBusiness = {
  name: "Corner Barber",
  timezone: "Europe/Lisbon",
  phoneNumbers: [Fixtures.phoneNumber()],
  services: [{ name: "Haircut", durationMinutes: 30 }],
  hours: { mon: [["09:00", "18:00"]] },
}

describe("GET /api/v1/openapi.json", () => {
  it.scoped("is a valid OpenAPI 3.1 document, behind the admin token", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      expect((yield* harness.admin("GET", "/api/v1/openapi.json", undefined, null)).statusCode).toBe(401)
      const answer = yield* harness.admin("GET", "/api/v1/openapi.json")
      expect(answer.statusCode).toBe(200)
      const document = answer.json()
      const validator = new Validator()
      const result = yield* Effect.promise(() => validator.validate(document))
      expect(result.errors).toBeUndefined()
      expect(result.valid).toBe(true)
      expect(validator.version).toBe("3.1")
      // Every $ref points at a schema the document has.
      expect(() => validator.resolveRefs()).not.toThrow()
      const refs = JSON.stringify(document).match(/"\$ref":"[^"]+"/g) ?? []
      for (const ref of new Set(refs)) {
        const name = ref.replace(/^"\$ref":"#\/components\/schemas\//, "").replace(/"$/, "")
        expect(document.components.schemas, ref).toHaveProperty([name])
      }
    }),
  )

  it.scoped("lists every admin route, and every route it lists is served", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const document = (yield* harness.admin("GET", "/api/v1/openapi.json")).json()
      const operations = Object.entries(document.paths as Json).flatMap(([path, item]) =>
        Object.entries(item as Json).map(([method, operation]) => ({
          path,
          method,
          id: (operation as Json).operationId,
        })),
      )
      expect(operations.map((o) => `${o.method.toUpperCase()} ${o.path}`).sort()).toEqual([
        "GET /api/v1/businesses",
        "GET /api/v1/businesses/{id}",
        "GET /api/v1/businesses/{id}/bookings",
        "GET /api/v1/businesses/{id}/messages",
        "GET /api/v1/openapi.json",
        "GET /api/v1/outbox",
        "PATCH /api/v1/businesses/{id}",
        "POST /api/v1/businesses",
        "POST /api/v1/businesses/{id}/bookings",
        "POST /api/v1/businesses/{id}/bookings/{bookingId}/cancel",
        "POST /api/v1/businesses/{id}/bookings/{bookingId}/reschedule",
        "POST /api/v1/businesses/{id}/messages/{messageId}/handled",
        "POST /api/v1/outbox/{id}/replay",
      ])
      expect(new Set(operations.map((o) => o.id)).size).toBe(operations.length)
      for (const { path, method } of operations) {
        const url = path.replace(/\{(\w+)\}/g, ":$1")
        expect(harness.app.hasRoute({ method: method.toUpperCase() as "GET", url }), `${method} ${path}`).toBe(true)
      }
    }),
  )

  it.scoped("describes what the routes really answer: each response validates against its documented schema", () =>
    Effect.gen(function* () {
      const harness = yield* makeHarness()
      const document = (yield* harness.admin("GET", "/api/v1/openapi.json")).json()
      const ajv = new Ajv2020({ strict: false, allErrors: true, formats: { date: /^\d{4}-\d{2}-\d{2}$/ } })
      const checked: Array<string> = []
      /** The answer against the schema the document gives for its path, method and status. */
      const conforms = (path: string, method: string, answer: LightMyRequestResponse) => {
        const documented = document.paths[path]?.[method]?.responses?.[String(answer.statusCode)]
        expect(documented, `${method} ${path} ${answer.statusCode} is documented`).toBeDefined()
        const schema = documented.content?.["application/json"]?.schema
        if (schema === undefined) return
        const validate = ajv.compile({ ...schema, components: document.components })
        const valid = validate(answer.json())
        expect(validate.errors ?? [], `${method} ${path} ${answer.statusCode}`).toEqual([])
        expect(valid).toBe(true)
        checked.push(`${method} ${path} ${answer.statusCode}`)
      }

      const created = yield* harness.admin("POST", "/api/v1/businesses", newBusiness)
      conforms("/api/v1/businesses", "post", created)
      const id = created.json().id
      conforms(
        "/api/v1/businesses",
        "post",
        yield* harness.admin("POST", "/api/v1/businesses", { ...newBusiness, hours: { mon: [["9am", "5pm"]] } }),
      )
      conforms("/api/v1/businesses", "get", yield* harness.admin("GET", "/api/v1/businesses"))
      conforms("/api/v1/businesses/{id}", "get", yield* harness.admin("GET", `/api/v1/businesses/${id}`))
      conforms("/api/v1/businesses/{id}", "get", yield* harness.admin("GET", "/api/v1/businesses/biz_none"))
      conforms(
        "/api/v1/businesses/{id}",
        "patch",
        yield* harness.admin("PATCH", `/api/v1/businesses/${id}`, { hours: { tue: [["10:00", "12:00"]] } }),
      )

      const business = everyDayBusiness()
      yield* harness.seed(business)
      const booking = {
        customerName: "Ana Ruiz",
        customerPhone: Fixtures.phoneNumber(),
        service: "Haircut",
        startsAt: tomorrowAt(business, 10).toJSON(),
      }
      const bookings = `/api/v1/businesses/${business.id}/bookings`
      const booked = yield* harness.admin("POST", bookings, booking)
      conforms("/api/v1/businesses/{id}/bookings", "post", booked)
      conforms("/api/v1/businesses/{id}/bookings", "post", yield* harness.admin("POST", bookings, booking))
      conforms("/api/v1/businesses/{id}/bookings", "get", yield* harness.admin("GET", bookings))
      conforms(
        "/api/v1/businesses/{id}/bookings/{bookingId}/reschedule",
        "post",
        yield* harness.admin("POST", `${bookings}/${booked.json().id}/reschedule`, {
          startsAt: tomorrowAt(business, 14).toJSON(),
        }),
      )
      conforms(
        "/api/v1/businesses/{id}/bookings/{bookingId}/cancel",
        "post",
        yield* harness.admin("POST", `${bookings}/${booked.json().id}/cancel`),
      )
      conforms(
        "/api/v1/businesses/{id}/messages",
        "get",
        yield* harness.admin("GET", `/api/v1/businesses/${business.id}/messages`),
      )
      conforms("/api/v1/outbox", "get", yield* harness.admin("GET", "/api/v1/outbox?status=pending"))
      conforms("/api/v1/outbox", "get", yield* harness.admin("GET", "/api/v1/outbox?status=lost"))
      expect(checked).toHaveLength(14)
    }),
  )
})
