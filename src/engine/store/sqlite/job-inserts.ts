/**
 * Inserting jobs on SQLite: a statement per job where an idempotency key may already be held (the
 * held job is returned instead), multi-row statements where none can be (a schedule's slots). Both
 * move the counters (job-counts.ts) in the caller's transaction and build the stored job from the
 * row they wrote, so nothing is read back.
 */
import type { Job, NewJob } from '../../domain/types.js';
import { countMoves } from './job-counts.js';
import { newJobRow, rowToJob, toJson, type Row } from './rows.js';
import type { Statements } from './statements.js';

const SQL = {
  insert: `INSERT INTO jobs (id, org_id, type, status, priority, payload, max_attempts, run_at, created_at, updated_at,
      timeout_ms, checkpoint, created_by, idempotency_key, parent_id, retry_of_id, schedule_id, schedule_run_id, created_by_token)
    VALUES (?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  byIdempotencyKey: `SELECT * FROM jobs WHERE org_id = ? AND idempotency_key = ?`,
};

/**
 * The rows of an insert, inside the caller's transaction (a schedule's runs and their jobs commit
 * together); the caller announces the created jobs after it commits.
 */
export function insertJobRows(s: Statements, jobs: readonly NewJob[]): Array<{ job: Job; created: boolean }> {
  const results = jobs.map((j) => {
    if (j.idempotencyKey !== undefined) {
      const existing = s.get(SQL.byIdempotencyKey).get(j.orgId, j.idempotencyKey) as Row | undefined;
      if (existing) return { job: rowToJob(existing), created: false };
    }
    // The row as the insert leaves it (the table's defaults filled in), so it is not read back.
    const r = newJobRow(j);
    s.get(SQL.insert).run(
      r.id, r.org_id, r.type, r.priority, r.payload, r.max_attempts, r.run_at, r.created_at, r.updated_at, r.timeout_ms,
      r.checkpoint, r.created_by, r.idempotency_key, r.parent_id, r.retry_of_id, r.schedule_id, r.schedule_run_id, r.created_by_token,
    );
    return { job: rowToJob(r), created: true };
  });
  countMoves(s, results.filter((r) => r.created).map(({ job }) => ({ orgId: job.orgId, type: job.type, to: job.status })));
  return results;
}

/**
 * Inserts jobs whose idempotency keys no stored job can hold (each names a run stored in the same
 * transaction, with a new id): multi-row inserts, no read-back, the stored jobs built as a read
 * would return them. A taken key throws (the caller's transaction rolls back). The caller
 * announces them after it commits.
 */
export function insertNewJobRows(s: Statements, jobs: readonly NewJob[]): Job[] {
  for (let i = 0; i < jobs.length; i += INSERT_CHUNK) {
    const chunk = jobs.slice(i, i + INSERT_CHUNK);
    const params: unknown[] = [];
    for (const j of chunk) {
      params.push(
        j.id, j.orgId, j.type, j.priority, JSON.stringify(j.payload), j.maxAttempts, j.runAt, j.createdAt,
        j.createdAt, j.timeoutMs ?? null, toJson(j.checkpoint), j.createdBy ?? null, j.idempotencyKey ?? null,
        j.parentId ?? null, j.retryOfId ?? null, j.scheduleId ?? null, j.scheduleRunId ?? null, j.createdByToken ?? null,
      );
    }
    const sql = `${SQL.insert.slice(0, SQL.insert.indexOf('VALUES'))}VALUES ${chunk.map(() => INSERT_ROW).join(', ')}`;
    s.get(sql).run(...params);
  }
  const stored = jobs.map(newJobAsStored);
  countMoves(s, stored.map((job) => ({ orgId: job.orgId, type: job.type, to: job.status })));
  return stored;
}

/** Rows per multi-row insert of insertNewRows (18 parameters a row, well under SQLite's limit). */
const INSERT_CHUNK = 50;
const INSERT_ROW = `(?, ?, ?, 'QUEUED', ${Array.from({ length: 15 }, () => '?').join(', ')})`;

/** A new job as rowToJob reads it back after its insert (the columns' defaults; only present keys). */
function newJobAsStored(j: NewJob): Job {
  const job: Job = {
    ...j,
    status: 'QUEUED',
    // As JSON reads it back (the payload is stored JSON-clean already: size-limits.ts).
    payload: JSON.parse(JSON.stringify(j.payload)),
    errors: [],
    attempt: 0,
    updatedAt: j.createdAt,
    cancelRequested: false,
  };
  for (const key of Object.keys(job) as Array<keyof Job>) if (job[key] === undefined && key !== 'payload') delete job[key];
  return job;
}
