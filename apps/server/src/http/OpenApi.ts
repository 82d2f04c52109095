import { Effect, Either, JSONSchema, ParseResult, Schema } from "effect"
import type { ParseOptions } from "effect/SchemaAST"
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify"
import * as Answer from "./Answer.js"
import * as StorableText from "./StorableText.js"

/**
 * The admin API's routes as data: each route file declares its endpoints here — method, path,
 * what the path, query and body hold, what it answers — and `mount` registers them with Fastify
 * while `document` writes the OpenAPI 3.1 description from the same Schemas (Effect's
 * JSONSchema). A route cannot be served without being documented, and a query or body is checked
 * against exactly the schema the document shows, with one line per problem (ValidationErrors).
 *
 * Another route file joins by exporting its own `ReadonlyArray<Endpoint<R>>`, mounting it in its
 * scope and passing it to `document` (routes/Admin.ts serves `GET /api/v1/openapi.json`).
 */

export type Method = "GET" | "POST" | "PATCH" | "PUT" | "DELETE"

/** A schema whose encoded side is JSON (what the wire carries) and that needs no services. */
// biome-ignore lint/suspicious/noExplicitAny: any encoded/type pair is documented the same way
export type WireSchema = Schema.Schema<any, any, never>

export interface Reply {
  readonly description: string
  /** The JSON body; none for an empty answer. */
  readonly schema?: WireSchema
}

/** What a handler gets: the path parameters as given, the query and body decoded (or raw, see `rawBody`). */
export interface Input<Q, B> {
  readonly params: Readonly<Record<string, string>>
  readonly query: Q
  readonly body: B
}

export interface Endpoint<R> {
  readonly method: Method
  /** Fastify's form, relative to the mount prefix: "/businesses/:id/bookings". */
  readonly path: string
  readonly operationId: string
  readonly summary: string
  readonly description?: string
  readonly tags?: ReadonlyArray<string>
  /** Each path parameter's meaning (every `:name` of the path needs one). */
  readonly params?: Readonly<Record<string, string>>
  readonly query?: WireSchema
  readonly body?: WireSchema
  /**
   * The body is documented by `body` but handed to the handler as sent: for a patch, which is
   * validated by the business it leads to rather than on its own.
   */
  readonly rawBody?: boolean
  readonly responses: Readonly<Record<number, Reply>>
  readonly handle: (input: Input<unknown, unknown>) => Effect.Effect<Answer.Answer, Answer.RequestError, R>
}

/** Declares an endpoint with its handler typed by the query and body schemas. */
export const endpoint = <Q = unknown, QI = unknown, B = unknown, BI = unknown, R = never>(
  definition: Omit<Endpoint<R>, "query" | "body" | "handle"> & {
    readonly query?: Schema.Schema<Q, QI, never>
    readonly body?: Schema.Schema<B, BI, never>
    readonly handle: (input: Input<Q, B>) => Effect.Effect<Answer.Answer, Answer.RequestError, R>
  },
): Endpoint<R> => definition as Endpoint<R>

/** The error body every failure answers with; `problems` only for a request that did not validate. */
export const ProblemBody = Schema.Struct({
  error: Schema.String.annotations({ description: "a stable code: invalid_request, not_found, unauthorized, …" }),
  message: Schema.String.annotations({ description: "one line for a person" }),
  problems: Schema.optional(
    Schema.Array(Schema.String).annotations({
      description: 'one line per problem with where it is: "hours.mon[0][0]: use HH:MM like 09:00"',
    }),
  ),
}).annotations({ identifier: "Problem" })

/** A body names only known fields; a query may carry others (a cache-buster), which are ignored. */
const bodyOptions = { errors: "all", onExcessProperty: "error" } as const
const queryOptions = { errors: "all" } as const

const decodeWith = (
  schema: WireSchema | undefined,
  value: unknown,
  options: ParseOptions,
): Either.Either<unknown, Answer.Answer> =>
  schema === undefined
    ? Either.right(value)
    : Either.mapLeft(ParseResult.decodeUnknownEither(schema)(value, options), (issue) =>
        Answer.invalidRequest(new ParseResult.ParseError({ issue })),
      )

/**
 * Registers every endpoint on `app` (already scoped: auth, prefix). The query and body are
 * checked before the handler runs; every string of a JSON body must be one Postgres can store.
 */
export const mount = <R>(
  app: FastifyInstance,
  endpoints: ReadonlyArray<Endpoint<R>>,
  send: (reply: FastifyReply, effect: Effect.Effect<Answer.Answer, Answer.RequestError, R>) => unknown,
) => {
  for (const declared of endpoints) {
    app.route({
      method: declared.method,
      url: declared.path,
      handler: (request: FastifyRequest, reply: FastifyReply) => {
        const body = request.body
        if (declared.body !== undefined && !StorableText.isStorableJson(body)) {
          return Answer.send(reply, Answer.invalid([StorableText.message]))
        }
        const query = decodeWith(declared.query, request.query ?? {}, queryOptions)
        if (Either.isLeft(query)) return Answer.send(reply, query.left)
        const decodedBody =
          declared.rawBody === true ? Either.right(body) : decodeWith(declared.body, body, bodyOptions)
        if (Either.isLeft(decodedBody)) return Answer.send(reply, decodedBody.left)
        return send(
          reply,
          Effect.suspend(() =>
            declared.handle({
              params: request.params as Record<string, string>,
              query: query.right,
              body: decodedBody.right,
            }),
          ),
        )
      },
    })
  }
}

type JsonObject = { [key: string]: unknown }

/**
 * Effect writes `Schema.Unknown` (and `Any`, `Object`) as `{ "$id": "/schemas/unknown" }`; the
 * same `$id` twice in one document is invalid JSON Schema, and the document repeats it (every
 * free-form config block). The id names nothing a client can use, so it is left out.
 */
const withoutPlaceholderIds = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(withoutPlaceholderIds)
  if (typeof value !== "object" || value === null) return value
  const result: JsonObject = {}
  for (const [key, item] of Object.entries(value)) {
    if (key === "$id" && typeof item === "string" && item.startsWith("/schemas/")) continue
    result[key] = withoutPlaceholderIds(item)
  }
  return result
}

/** "/businesses/:id" → "/businesses/{id}". */
const openApiPath = (prefix: string, path: string) => `${prefix}${path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`

const pathParams = (path: string): ReadonlyArray<string> =>
  Array.from(path.matchAll(/:([A-Za-z0-9_]+)/g), (match) => match[1] ?? "")

export interface DocumentOptions {
  readonly title: string
  readonly version: string
  readonly description?: string
  /** Where the endpoints are mounted: "/api/v1". */
  readonly prefix: string
}

/**
 * The OpenAPI 3.1 document of `endpoints`. Named schemas (an `identifier` annotation, a
 * Schema.Class) become `components.schemas`, shared by every operation that uses them.
 */
export const document = (endpoints: ReadonlyArray<Endpoint<unknown>>, options: DocumentOptions): JsonObject => {
  const definitions: Record<string, JSONSchema.JsonSchema7> = {}
  const jsonSchema = (schema: WireSchema) =>
    JSONSchema.fromAST(schema.ast, {
      definitions,
      definitionPath: "#/components/schemas/",
      target: "openApi3.1",
    })
  const problem = jsonSchema(ProblemBody)
  const problemReply = (description: string) => ({ description, content: { "application/json": { schema: problem } } })

  const paths: Record<string, JsonObject> = {}
  for (const declared of endpoints) {
    const parameters: Array<JsonObject> = pathParams(declared.path).map((name) => ({
      name,
      in: "path",
      required: true,
      description: declared.params?.[name] ?? name,
      schema: { type: "string" },
    }))
    if (declared.query !== undefined) {
      // A query schema is an unnamed struct, so this is its object schema, not a $ref.
      const query = jsonSchema(declared.query) as unknown as JsonObject
      const properties = (query.properties ?? {}) as Record<string, JsonObject>
      const required = (query.required ?? []) as ReadonlyArray<string>
      for (const [name, schema] of Object.entries(properties)) {
        parameters.push({
          name,
          in: "query",
          required: required.includes(name),
          ...(typeof schema.description === "string" ? { description: schema.description } : {}),
          schema,
        })
      }
    }
    const responses: Record<string, JsonObject> = {}
    for (const [status, reply] of Object.entries(declared.responses)) {
      responses[status] =
        reply.schema === undefined
          ? { description: reply.description }
          : { description: reply.description, content: { "application/json": { schema: jsonSchema(reply.schema) } } }
    }
    if (declared.body !== undefined || declared.query !== undefined) {
      responses["400"] ??= problemReply("the request does not validate; `problems` says where and why")
    }
    responses["401"] ??= problemReply("no or wrong bearer token")
    responses["503"] ??= problemReply("storage is unavailable, try again")
    const operation: JsonObject = {
      operationId: declared.operationId,
      summary: declared.summary,
      ...(declared.description === undefined ? {} : { description: declared.description }),
      ...(declared.tags === undefined ? {} : { tags: declared.tags }),
      ...(parameters.length === 0 ? {} : { parameters }),
      ...(declared.body === undefined
        ? {}
        : {
            requestBody: {
              required: true,
              content: { "application/json": { schema: jsonSchema(declared.body) } },
            },
          }),
      responses,
    }
    const path = openApiPath(options.prefix, declared.path)
    paths[path] = { ...paths[path], [declared.method.toLowerCase()]: operation }
  }

  return withoutPlaceholderIds({
    openapi: "3.1.0",
    info: {
      title: options.title,
      version: options.version,
      ...(options.description === undefined ? {} : { description: options.description }),
    },
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: definitions,
      securitySchemes: { bearer: { type: "http", scheme: "bearer", description: "the ADMIN_TOKEN" } },
    },
  }) as JsonObject
}
