import { Outbox, type OutboxJob, OutboxJobKind, OutboxJobStatus } from "@frontdesk/domain/ports/Outbox"
import { DateTime, Effect, Schema } from "effect"
import * as Answer from "../../http/Answer.js"
import * as OpenApi from "../../http/OpenApi.js"
import { limit } from "./Common.js"

/** The admin API's view of the follow-up jobs (calendar events, texts): list them, replay a dead one. */

export const JobView = Schema.Struct({
  id: Schema.String,
  kind: OutboxJobKind,
  status: OutboxJobStatus,
  attempts: Schema.Int,
  lastError: Schema.NullOr(Schema.String),
  payload: Schema.Unknown,
  createdAt: Schema.String,
  nextAttemptAt: Schema.NullOr(Schema.String),
  doneAt: Schema.NullOr(Schema.String),
}).annotations({ identifier: "OutboxJob" })

/** A job as the owner sees it: what it was for, how often it was tried, why it failed. */
const jobJson = (job: OutboxJob): typeof JobView.Type => ({
  id: job.id,
  kind: job.kind,
  status: job.status,
  attempts: job.attempts,
  lastError: job.lastError ?? null,
  payload: job.payload,
  createdAt: DateTime.formatIso(job.createdAt),
  nextAttemptAt: job.status === "pending" ? DateTime.formatIso(job.nextAttemptAt) : null,
  doneAt: job.doneAt === undefined ? null : DateTime.formatIso(job.doneAt),
})

const OutboxQuery = Schema.Struct({
  status: Schema.optionalWith(OutboxJobStatus, { default: () => "dead" as const }),
  limit,
})

const listJobs = OpenApi.endpoint({
  method: "GET",
  path: "/outbox",
  operationId: "listOutboxJobs",
  summary: "Follow-up jobs (calendar events, texts) by status, dead ones by default",
  tags: ["operations"],
  query: OutboxQuery,
  responses: { 200: { description: "the jobs", schema: Schema.Struct({ jobs: Schema.Array(JobView) }) } },
  handle: ({ query }) =>
    Effect.flatMap(Outbox, (outbox) => outbox.list({ status: query.status, limit: query.limit })).pipe(
      Effect.map((jobs) => Answer.json(200, { jobs: jobs.map(jobJson) })),
    ),
})

/** Puts a dead job back in the queue (after the owner fixed its cause, e.g. reconnected the calendar). */
const replayJob = OpenApi.endpoint({
  method: "POST",
  path: "/outbox/:id/replay",
  operationId: "replayOutboxJob",
  summary: "Put a dead job back in the queue",
  tags: ["operations"],
  params: { id: "the job's id" },
  responses: {
    202: {
      description: "queued again",
      schema: Schema.Struct({ id: Schema.String, status: Schema.Literal("pending") }),
    },
    404: { description: "no dead job with that id", schema: OpenApi.ProblemBody },
  },
  handle: ({ params }) =>
    Effect.gen(function* () {
      const id = params.id ?? ""
      const outbox = yield* Outbox
      // Only dead jobs are replayed; anything else is answered as not found rather than touched.
      const dead = yield* outbox.list({ status: "dead", limit: 500 })
      if (!dead.some((job) => job.id === id)) {
        return Answer.problem(404, "not_found", `no dead job ${JSON.stringify(id)}`)
      }
      yield* outbox.replay(id)
      return Answer.json(202, { id, status: "pending" })
    }),
})

/** In the order the document lists them. */
export const endpoints: ReadonlyArray<OpenApi.Endpoint<Outbox>> = [listJobs, replayJob]
