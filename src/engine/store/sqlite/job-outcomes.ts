/**
 * How an attempt's outcome is written on SQLite: one UPDATE per report, held by the worker that
 * reports it (status RUNNING, its lease), inside the caller's transaction. The row after the write is
 * the held row (held-rows.ts) with the outcome applied, the same columns the statement set, so it
 * is not read back; a row not held here is read back.
 */
import type { AttemptReport } from '../port.js';
import type { HeldRows } from './held-rows.js';
import { toJson, type Row } from './rows.js';
import type { Statements } from './statements.js';

const CLEAR_LEASE = 'lease_owner = NULL, lease_expires_at = NULL';
/** By rowid (a held row knows it: no search of the id index), and the id, which a rowid must still have. */
const HELD = `WHERE rowid = ? AND id = ? AND status = 'RUNNING' AND lease_owner = ?`;
const APPEND_ERROR = `errors = json_insert(errors, '$[#]', json(?))`;

const SQL = {
  get: `SELECT * FROM jobs WHERE id = ?`,
  rowidOf: `SELECT rowid FROM jobs WHERE id = ?`,
  succeeded: `UPDATE jobs SET status = 'SUCCEEDED', result = ?, finished_at = ?, updated_at = ?, ${CLEAR_LEASE} ${HELD}`,
  failed: `UPDATE jobs SET status = 'FAILED', ${APPEND_ERROR}, finished_at = ?, updated_at = ?, ${CLEAR_LEASE} ${HELD}`,
  retry: `UPDATE jobs SET status = 'QUEUED', ${APPEND_ERROR}, run_at = ?, updated_at = ?, ${CLEAR_LEASE} ${HELD}`,
  cancelled: `UPDATE jobs SET status = 'CANCELLED', errors = CASE WHEN ? IS NULL THEN errors ELSE json_insert(errors, '$[#]', json(?)) END,
      finished_at = ?, updated_at = ?, ${CLEAR_LEASE} ${HELD}`,
  released: `UPDATE jobs SET status = 'QUEUED', attempt = attempt - 1, updated_at = ?, ${CLEAR_LEASE} ${HELD}`,
  /**
   * A waiting job shows the attempt it ran as; the attempt is given back when it resumes (resume,
   * wakeDue, resumedAtOnce): a resume is the same attempt going on, and its claim counts it again.
   * Never below 0: a job that went WAITING before this kept its attempt had given it back already.
   */
  waiting: `UPDATE jobs SET status = 'WAITING', wake_at = ?, updated_at = ?, ${CLEAR_LEASE} ${HELD}`,
  waitResolved: `SELECT 1 FROM job_waits WHERE id = ? AND resolved_at IS NOT NULL`,
  resumedAtOnce: `UPDATE jobs SET status = 'QUEUED', attempt = attempt - 1, run_at = ?, updated_at = ?, ${CLEAR_LEASE} ${HELD}`,
};

const LEASE_CLEARED = { lease_owner: null, lease_expires_at: null };

/** `errors` with one more entry, as json_insert(errors, '$[#]', json(entry)) leaves it (same value). */
const appendJson = (list: string, entry: string): string => (list === '[]' ? `[${entry}]` : `${list.slice(0, -1)},${entry}]`);

/**
 * Writes each report whose job its worker still holds (each one leaves RUNNING); returns the rows
 * after. Reports for jobs no longer held change nothing and are left out.
 */
export function finishRows(s: Statements, held: HeldRows, reports: readonly AttemptReport[]): Row[] {
  const finished: Row[] = [];
  for (const report of reports) {
    const { jobId, workerId, outcome, now } = report;
    const before = held.take(jobId);
    const rowid = before?.rowid ?? (s.get(SQL.rowidOf).get(jobId) as { rowid: number } | undefined)?.rowid;
    if (rowid === undefined) continue;
    let changes: number;
    let after: Row;
    switch (outcome.kind) {
      case 'succeeded': {
        const result = toJson(outcome.result);
        changes = s.get(SQL.succeeded).run(result, now, now, rowid, jobId, workerId).changes;
        after = { status: 'SUCCEEDED', result, finished_at: now, updated_at: now };
        break;
      }
      case 'failed': {
        const error = JSON.stringify(outcome.error);
        changes = s.get(SQL.failed).run(error, now, now, rowid, jobId, workerId).changes;
        after = { status: 'FAILED', errors: before && appendJson(before.errors as string, error), finished_at: now, updated_at: now };
        break;
      }
      case 'retry': {
        const error = JSON.stringify(outcome.error);
        changes = s.get(SQL.retry).run(error, outcome.runAt, now, rowid, jobId, workerId).changes;
        after = { status: 'QUEUED', errors: before && appendJson(before.errors as string, error), run_at: outcome.runAt, updated_at: now };
        break;
      }
      case 'cancelled': {
        const error = toJson(outcome.error);
        changes = s.get(SQL.cancelled).run(error, error, now, now, rowid, jobId, workerId).changes;
        after = { status: 'CANCELLED', finished_at: now, updated_at: now };
        if (error !== null && before) after.errors = appendJson(before.errors as string, error);
        break;
      }
      case 'released':
        changes = s.get(SQL.released).run(now, rowid, jobId, workerId).changes;
        after = { status: 'QUEUED', attempt: before && (before.attempt as number) - 1, updated_at: now };
        break;
      case 'waiting':
        // Resolved between the handler's look and this write (a signal came): run again at once.
        if (s.get(SQL.waitResolved).get(outcome.waitId)) {
          changes = s.get(SQL.resumedAtOnce).run(now, now, rowid, jobId, workerId).changes;
          after = { status: 'QUEUED', attempt: before && (before.attempt as number) - 1, run_at: now, updated_at: now };
        } else {
          const wakeAt = outcome.wakeAt ?? null;
          changes = s.get(SQL.waiting).run(wakeAt, now, rowid, jobId, workerId).changes;
          after = { status: 'WAITING', wake_at: wakeAt, updated_at: now };
        }
        break;
    }
    if (changes === 0) continue;
    // The held row was taken out (no one else has it): it becomes the row after, in place.
    finished.push(before ? Object.assign(before, after, LEASE_CLEARED) : (s.get(SQL.get).get(jobId) as Row));
  }
  return finished;
}
