import { randomBytes } from "node:crypto"
import { Business, BusinessFields, checkAdminLimits, NewBusiness } from "@frontdesk/domain/model/Business"
import { type JsonObject, mergeBusinessPatch } from "@frontdesk/domain/model/BusinessPatch"
import { BusinessId } from "@frontdesk/domain/model/Ids"
import { Businesses } from "@frontdesk/domain/ports/Businesses"
import { Effect, Schema } from "effect"
import * as Answer from "../../http/Answer.js"
import * as OpenApi from "../../http/OpenApi.js"
import { getBusiness, idParam } from "./Common.js"

/** The admin API's businesses: create, list, read and patch. */

const encodeBusiness = Schema.encodeSync(Business)

const BusinessView = Business.annotations({ identifier: "Business" })

const newBusinessId = () => BusinessId.make(`biz_${randomBytes(9).toString("base64url")}`)

/** Postgres refused a repeated number as "belongs to another business" (409); memory stored it twice. */
const repeatsANumber = (business: { readonly phoneNumbers: ReadonlyArray<string> }) =>
  new Set(business.phoneNumbers).size !== business.phoneNumbers.length

const repeatedNumberProblem = Answer.invalid(["phoneNumbers: lists the same number twice"])

/**
 * What a PATCH may hold, for the document: any of the business's fields (validation is of the
 * merged business). See BusinessPatch for how each part merges.
 */
const BusinessPatchBody = Schema.partial(Schema.encodedBoundSchema(Schema.Struct(BusinessFields))).annotations({
  identifier: "BusinessPatch",
  description:
    "Fields to change. hours merge per day, profile and bookingRules per field, aiConfig per top-level key; " +
    "lists (services, phoneNumbers, closedDates) are replaced whole; null takes a field back to its default.",
})

const createBusiness = OpenApi.endpoint({
  method: "POST",
  path: "/businesses",
  operationId: "createBusiness",
  summary: "Create a business",
  tags: ["businesses"],
  body: NewBusiness.annotations({ identifier: "NewBusiness" }),
  responses: {
    201: { description: "the stored business with its id", schema: BusinessView },
    409: { description: "a phone number already belongs to another business", schema: OpenApi.ProblemBody },
  },
  handle: ({ body: fields }) =>
    Effect.gen(function* () {
      yield* checkAdminLimits(fields, { errors: "all" })
      if (repeatsANumber(fields)) return repeatedNumberProblem
      const business = new Business({ ...fields, id: newBusinessId() })
      const stored = yield* (yield* Businesses).create(business)
      return Answer.json(201, encodeBusiness(stored))
    }),
})

const listBusinesses = OpenApi.endpoint({
  method: "GET",
  path: "/businesses",
  operationId: "listBusinesses",
  summary: "List every business",
  tags: ["businesses"],
  responses: {
    200: { description: "the businesses", schema: Schema.Struct({ businesses: Schema.Array(BusinessView) }) },
  },
  handle: () =>
    Effect.flatMap(Businesses, (b) => b.list).pipe(
      Effect.map((all) => Answer.json(200, { businesses: all.map((b) => encodeBusiness(b)) })),
    ),
})

const readBusiness = OpenApi.endpoint({
  method: "GET",
  path: "/businesses/:id",
  operationId: "getBusiness",
  summary: "Read one business",
  tags: ["businesses"],
  params: idParam,
  responses: {
    200: { description: "the business", schema: BusinessView },
    404: { description: "no such business", schema: OpenApi.ProblemBody },
  },
  handle: ({ params }) => getBusiness(params.id ?? "").pipe(Effect.map((b) => Answer.json(200, encodeBusiness(b)))),
})

const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const patchBusiness = OpenApi.endpoint({
  method: "PATCH",
  path: "/businesses/:id",
  operationId: "patchBusiness",
  summary: "Change some of a business's settings",
  description:
    '`{ hours: { mon: [["10:00", "16:00"]] } }` changes Monday only. hours merge per day, profile and ' +
    "bookingRules per field, aiConfig per top-level key; services, phoneNumbers and closedDates are replaced " +
    "whole; null takes a field back to its default (a closed day, no transfer number). The business the patch " +
    "leads to is validated as a whole.",
  tags: ["businesses"],
  params: idParam,
  body: BusinessPatchBody,
  rawBody: true,
  responses: {
    200: { description: "the changed business", schema: BusinessView },
    404: { description: "no such business", schema: OpenApi.ProblemBody },
    409: { description: "a phone number already belongs to another business", schema: OpenApi.ProblemBody },
  },
  handle: ({ params, body: patch }) =>
    Effect.gen(function* () {
      if (!isJsonObject(patch)) return Answer.invalid(["expected a JSON object with the fields to change"])
      if ("id" in patch) return Answer.invalid(["id: cannot be changed"])
      const current = yield* getBusiness(params.id ?? "")
      // Validate the whole result, not the patch alone: the merged business must still be valid.
      const merged = yield* Schema.decodeUnknown(Business)(
        { ...mergeBusinessPatch(encodeBusiness(current), patch), id: current.id },
        { onExcessProperty: "error", errors: "all" },
      )
      // The merged result, so a stored business over the caps is told what to fix on its next change.
      yield* checkAdminLimits(merged, { errors: "all" })
      if (repeatsANumber(merged)) return repeatedNumberProblem
      const stored = yield* (yield* Businesses).update(merged)
      return Answer.json(200, encodeBusiness(stored))
    }),
})

/** In the order the document lists them. */
export const endpoints: ReadonlyArray<OpenApi.Endpoint<Businesses>> = [
  createBusiness,
  listBusinesses,
  readBusiness,
  patchBusiness,
]
