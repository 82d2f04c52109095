import type { SqlClient } from "@effect/sql/SqlClient"
import type { Row } from "@effect/sql/SqlConnection"
import type { Statement } from "@effect/sql/Statement"
import type { NewOutboxJob } from "@frontdesk/domain/ports/Outbox"
import type { DateTime } from "effect"
import { jobRows } from "./PgOutbox.js"

/**
 * `insert` (an `INSERT … RETURNING …`) with the outbox jobs it leads to, as one statement that
 * answers the inserted rows. One statement is one transaction: the row and its jobs commit
 * together or, when a constraint refuses the row (a repeated id, an overlapping booking), not at
 * all — in a single round trip instead of BEGIN…COMMIT. A pending job with the same dedupe key
 * wins, as in PgOutbox.insertJobs.
 */
export const insertWithJobs = (
  sql: SqlClient,
  insert: Statement<Row>,
  jobs: ReadonlyArray<NewOutboxJob>,
  now: DateTime.Utc,
): Statement<Row> =>
  jobs.length === 0
    ? insert
    : sql`WITH stored AS (${insert}),
        jobs AS (
          INSERT INTO outbox_jobs ${sql.insert(jobRows(jobs, now))}
          ON CONFLICT (dedupe_key) WHERE status = 'pending' DO NOTHING
        )
        SELECT * FROM stored`
