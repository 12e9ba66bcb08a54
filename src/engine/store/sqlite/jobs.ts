/** The jobs repository on SQLite. One process owns the file, so a transaction is the whole claim. */
import { countMoves, CounterSums, type JobMove } from './job-counts.js';
import type { ChangeFeed } from '../change-feed.js';
import type { Job, JobFilter, NewJob, JobStatus } from '../../domain/types.js';
import { FINISHED_STATUSES } from '../../domain/types.js';
import type { AttemptReport, InsertAudit, JobListQuery, JobRepository } from '../port.js';
import type { StopSignal } from '../../domain/stop-signal.js';
import { insertAuditRow } from './audit.js';
import type { JobOrder } from '../../domain/types.js';
import type { StatusTypeCount } from '../../domain/queue-stats.js';
import type { ClaimRequest } from '../../domain/claim-sharing.js';
import type { Page } from '../../domain/page.js';
import { SqliteJobReads } from './job-reads.js';
import { insertJobRows, insertNewJobRows } from './job-inserts.js';

import { rowToJob, toJson, type Row } from './rows.js';
import type { Statements } from './statements.js';
import { OrgTurns } from '../../domain/org-turns.js';
import { claimRows } from './job-claim.js';
import { finishRows } from './job-outcomes.js';
import { HeldRows } from './held-rows.js';
import { leaseExpiryOutcome } from '../../domain/lease.js';
import type { MetricsJobTimes } from '../../domain/metrics.js';
import { sqliteMetricsTimes } from './metrics.js';
import type { JobCount } from '../../domain/job-counts.js';

const FINISHED_JSON = JSON.stringify(FINISHED_STATUSES);
const CLEAR_LEASE = 'lease_owner = NULL, lease_expires_at = NULL';
const APPEND_ERROR = `errors = json_insert(errors, '$[#]', json(?))`;

const SQL = {
  get: `SELECT * FROM jobs WHERE id = ?`,
  getMany: `SELECT jobs.* FROM (SELECT DISTINCT value FROM json_each(?)) AS ids CROSS JOIN jobs ON jobs.id = ids.value WHERE jobs.org_id = ?`,
  heartbeat: `UPDATE jobs SET lease_expires_at = ? WHERE id = ? AND status = 'RUNNING' AND lease_owner = ?
    RETURNING id, cancel_requested`,
  resume: `UPDATE jobs SET status = 'QUEUED', attempt = MAX(attempt - 1, 0), run_at = ?, wake_at = NULL, updated_at = ?
    WHERE id = ? AND org_id = ? AND status = 'WAITING' RETURNING *`,
  wakeDue: `UPDATE jobs SET status = 'QUEUED', attempt = MAX(attempt - 1, 0), run_at = ?, wake_at = NULL, updated_at = ?
    WHERE id IN (SELECT id FROM jobs WHERE status = 'WAITING' AND wake_at IS NOT NULL AND wake_at <= ? ORDER BY wake_at LIMIT ?)
      AND status = 'WAITING' RETURNING *`,
  nextWakeAt: `SELECT MIN(wake_at) AS at FROM jobs WHERE status = 'WAITING' AND wake_at IS NOT NULL
    AND type IN (SELECT value FROM json_each(?))`,
  cancelWaiting: `UPDATE jobs SET status = 'CANCELLED', cancel_requested = 1, wake_at = NULL, finished_at = ?, updated_at = ?
    WHERE id = ? AND status = 'WAITING' RETURNING *`,
  progress: `UPDATE jobs SET progress = ?, updated_at = ? WHERE id = ? AND status = 'RUNNING' AND lease_owner = ?`,
  checkpoint: `UPDATE jobs SET checkpoint = ?, updated_at = ? WHERE id = ? AND status = 'RUNNING' AND lease_owner = ?`,
  cancelQueued: `UPDATE jobs SET status = 'CANCELLED', cancel_requested = 1, finished_at = ?, updated_at = ?
    WHERE id = ? AND status = 'QUEUED'`,
  cancelRunning: `UPDATE jobs SET cancel_requested = 1, updated_at = ? WHERE id = ? AND status = 'RUNNING'`,
  cancelQueuedMany: `UPDATE jobs SET status = 'CANCELLED', cancel_requested = 1, finished_at = ?, updated_at = ?
    WHERE id IN (SELECT value FROM json_each(?)) AND org_id = ? AND status = 'QUEUED' RETURNING *`,
  cancelWaitingMany: `UPDATE jobs SET status = 'CANCELLED', cancel_requested = 1, wake_at = NULL, finished_at = ?, updated_at = ?
    WHERE id IN (SELECT value FROM json_each(?)) AND org_id = ? AND status = 'WAITING' RETURNING *`,
  cancelRunningMany: `UPDATE jobs SET cancel_requested = 1, updated_at = ?
    WHERE id IN (SELECT value FROM json_each(?)) AND org_id = ? AND status = 'RUNNING' AND cancel_requested = 0 RETURNING *`,
  /**
   * RUNNING jobs are found org by org on (org, status): the orgs from job_counts, each one seek. No
   * index of lease times: every claim, outcome and heartbeat would write it, for a look every few
   * seconds at a few rows.
   */
  expired: `SELECT * FROM jobs INDEXED BY jobs_org_status_created
    WHERE org_id IN (SELECT org_id FROM job_counts WHERE status = 'RUNNING' AND n > 0) AND status = 'RUNNING' AND lease_expires_at < ?`,
  allRunning: `SELECT * FROM jobs INDEXED BY jobs_org_status_created
    WHERE org_id IN (SELECT org_id FROM job_counts WHERE status = 'RUNNING' AND n > 0) AND status = 'RUNNING'`,
  recover: `UPDATE jobs SET status = ?, ${APPEND_ERROR}, run_at = ?, finished_at = ?, updated_at = ?, ${CLEAR_LEASE}
    WHERE id = ? AND status = 'RUNNING'`,
  deleteFinished: `DELETE FROM jobs WHERE org_id = ? AND id IN (SELECT value FROM json_each(?))
    AND status IN (SELECT value FROM json_each('${FINISHED_JSON}')) RETURNING *`,
  deleteLogs: `DELETE FROM job_logs WHERE job_id IN (SELECT value FROM json_each(?))`,
  deleteSteps: `DELETE FROM job_steps WHERE job_id IN (SELECT value FROM json_each(?))`,
  deleteWaits: `DELETE FROM job_waits WHERE job_id IN (SELECT value FROM json_each(?))`,
  deleteSignals: `DELETE FROM job_signals WHERE job_id IN (SELECT value FROM json_each(?))`,
  /** Finished before a time, org by org (one seek each on jobs_org_finished, which holds the finished jobs only). */
  purgeCandidates: `WITH RECURSIVE o(org) AS (
      SELECT (SELECT org_id FROM jobs ORDER BY org_id LIMIT 1)
      UNION ALL
      SELECT (SELECT org_id FROM jobs WHERE org_id > o.org ORDER BY org_id LIMIT 1) FROM o WHERE o.org IS NOT NULL
    ) SELECT j.id FROM o JOIN jobs j ON j.org_id = o.org
      WHERE j.finished_at IS NOT NULL AND j.finished_key > 0 AND j.finished_key < ? LIMIT ?`,
  purge: `DELETE FROM jobs WHERE id IN (SELECT value FROM json_each(?)) RETURNING *`,
  /** From the counters the triggers keep (migration 9): a few rows whatever the number of jobs. */
  statsByType: `SELECT type, status, n AS count FROM job_counts WHERE org_id = ? AND n > 0`,
  oldestQueued: `SELECT MIN(created_at) AS at FROM jobs WHERE org_id = ? AND status = 'QUEUED'`,
  countByStatusAndType: `SELECT status, type, SUM(n) AS count FROM job_counts GROUP BY type, status HAVING SUM(n) > 0
    ORDER BY type, status`,
  /** A job due when it was made is due now, so only delayed ones (jobs_delayed) can be next. */
  nextRunAt: `SELECT MIN(run_at) AS at FROM jobs WHERE status = 'QUEUED' AND run_at > created_at AND run_at > ?
    AND type IN (SELECT value FROM json_each(?))`,
  children: `SELECT id, status FROM jobs WHERE parent_id = ? AND org_id = ? ORDER BY created_at`,
};

/** A row's move to `to` (undefined: deleted), from `from` or, by default, the status the row holds. */
const moveOf = (row: Row, to: string | undefined, from = row.status as string): JobMove => ({
  orgId: row.org_id as string,
  type: row.type as string,
  from,
  ...(to !== undefined && { to }),
});

export class SqliteJobRepository implements JobRepository {
  readonly #turns = new OrgTurns();
  readonly #held = new HeldRows();
  // Transaction functions made once: better-sqlite3 builds four wrappers for each one it makes.
  readonly #insert: (jobs: NewJob[], audit: InsertAudit | undefined) => Array<{ job: Job; created: boolean }>;
  readonly #claim: (req: ClaimRequest) => Job[];
  readonly #finish: (reports: AttemptReport[]) => Job[];
  readonly #reads: SqliteJobReads;

  constructor(
    private readonly s: Statements,
    private readonly feed: ChangeFeed,
  ) {
    this.#insert = s.db.transaction((jobs: NewJob[], audit: InsertAudit | undefined) => this.#insertInTransaction(jobs, audit));
    this.#claim = s.db.transaction((req: ClaimRequest) => this.#claimInTransaction(req));
    this.#finish = s.db.transaction((reports: AttemptReport[]) => this.#finishInTransaction(reports));
    // Counter sums, kept while the counters do not move (job-counts.ts).
    this.#reads = new SqliteJobReads(s, new CounterSums(s));
  }

  async insert(jobs: NewJob[], audit?: InsertAudit): Promise<Array<{ job: Job; created: boolean }>> {
    const results = this.#insert(jobs, audit);
    for (const r of results) if (r.created) this.feed.emit({ kind: 'job.created', job: r.job });
    return results;
  }

  #insertInTransaction(jobs: NewJob[], audit: InsertAudit | undefined): Array<{ job: Job; created: boolean }> {
    const stored = this.insertRows(jobs);
    // The audit entries commit with the jobs: one transaction, one WAL commit per enqueue.
    for (const entry of audit?.(stored) ?? []) insertAuditRow(this.s, entry);
    return stored;
  }

  /** The rows of `insert`, inside the caller's transaction (job-inserts.ts). */
  insertRows(jobs: readonly NewJob[]): Array<{ job: Job; created: boolean }> {
    return insertJobRows(this.s, jobs);
  }

  /** New jobs' rows in multi-row inserts, inside the caller's transaction (job-inserts.ts). */
  insertNewRows(jobs: readonly NewJob[]): Job[] {
    return insertNewJobRows(this.s, jobs);
  }

  async get(id: string, orgId: string): Promise<Job | undefined> {
    const row = this.s.get(SQL.get).get(id) as Row | undefined;
    if (!row || row.org_id !== orgId) return undefined;
    return rowToJob(row);
  }

  async getMany(ids: readonly string[], orgId: string): Promise<Job[]> {
    if (ids.length === 0) return [];
    return (this.s.get(SQL.getMany).all(JSON.stringify(ids), orgId) as Row[]).map(rowToJob);
  }

  // Pages, counts and id walks over a filter (job-reads.ts).
  list(query: JobListQuery): Promise<Page<Job>> {
    return this.#reads.list(query);
  }

  count(orgId: string, filter: JobFilter): Promise<number> {
    return this.#reads.count(orgId, filter);
  }

  countUpTo(orgId: string, filter: JobFilter, cap: number, signal?: StopSignal): Promise<JobCount> {
    return this.#reads.countUpTo(orgId, filter, cap, signal);
  }

  scans(filter: JobFilter, order: JobOrder): boolean {
    return this.#reads.scans(filter, order);
  }

  findIds(orgId: string, filter: JobFilter, max: number): Promise<string[]> {
    return this.#reads.findIds(orgId, filter, max);
  }

  async claim(req: ClaimRequest): Promise<Job[]> {
    if (req.limit <= 0 || req.types.length === 0) return [];
    const claimed = this.#claim(req);
    for (const job of claimed) this.feed.emit({ kind: 'job.updated', job });
    return claimed;
  }

  #claimInTransaction(req: ClaimRequest): Job[] {
    const rows = claimRows(this.s, this.#turns, req);
    countMoves(this.s, rows.map((r) => moveOf(r, 'RUNNING', 'QUEUED')));
    // Held as started: the outcome builds the row after from it (held-rows.ts). The rows are the
    // store's alone; callers get jobs made from them.
    for (const row of rows) this.#held.hold(row);
    return rows.map(rowToJob);
  }

  async heartbeat(workerId: string, jobIds: string[], leaseExpiresAt: number) {
    return this.s.db.transaction(() =>
      jobIds.flatMap((id) => {
        const row = this.s.get(SQL.heartbeat).get(leaseExpiresAt, id, workerId) as Row | undefined;
        if (!row) return [];
        this.#held.patch(id, { lease_expires_at: leaseExpiresAt });
        return [{ id: row.id as string, cancelRequested: row.cancel_requested === 1 }];
      }),
    )();
  }

  async finishAttempts(reports: AttemptReport[]): Promise<Job[]> {
    const jobs = this.#finish(reports);
    for (const job of jobs) this.feed.emit({ kind: 'job.updated', job });
    return jobs;
  }

  #finishInTransaction(reports: AttemptReport[]): Job[] {
    const rows = finishRows(this.s, this.#held, reports);
    countMoves(this.s, rows.map((r) => moveOf(r, r.status as string, 'RUNNING')));
    return rows.map(rowToJob);
  }

  /** The row as a write in this transaction left it. */
  #read(id: string): Row | undefined {
    return this.s.get(SQL.get).get(id) as Row | undefined;
  }

  async saveProgress(jobId: string, workerId: string, progress: Job['progress']): Promise<void> {
    const fields = { progress: toJson(progress), updated_at: Date.now() };
    if (this.s.get(SQL.progress).run(fields.progress, fields.updated_at, jobId, workerId).changes) this.#held.patch(jobId, fields);
  }

  async saveCheckpoint(jobId: string, workerId: string, checkpoint: unknown): Promise<void> {
    const fields = { checkpoint: toJson(checkpoint), updated_at: Date.now() };
    if (this.s.get(SQL.checkpoint).run(fields.checkpoint, fields.updated_at, jobId, workerId).changes) this.#held.patch(jobId, fields);
  }

  async requestCancel(id: string, orgId: string, now: number): Promise<Job | undefined> {
    const job = this.s.db.transaction(() => {
      const row = this.s.get(SQL.get).get(id) as Row | undefined;
      if (!row || row.org_id !== orgId) return undefined;
      if (row.status === 'QUEUED') {
        this.s.get(SQL.cancelQueued).run(now, now, id);
        countMoves(this.s, [moveOf(row, 'CANCELLED')]);
        return this.#read(id)!;
      }
      if (row.status === 'RUNNING' && row.cancel_requested === 0) {
        this.s.get(SQL.cancelRunning).run(now, id);
        this.#held.patch(id, { cancel_requested: 1, updated_at: now });
        return this.#read(id)!;
      }
      // A waiting job holds no process: it is cancelled at once.
      if (row.status === 'WAITING') {
        countMoves(this.s, [moveOf(row, 'CANCELLED')]);
        return this.s.get(SQL.cancelWaiting).get(now, now, id) as Row;
      }
      return { ...row, unchanged: true };
    })();
    if (!job) return undefined;
    const result = rowToJob(job);
    if (!job.unchanged) this.feed.emit({ kind: 'job.updated', job: result });
    return result;
  }

  async requestCancelMany(ids: readonly string[], orgId: string, now: number): Promise<Job[]> {
    if (ids.length === 0) return [];
    const list = JSON.stringify(ids);
    const jobs = this.s.db.transaction(() => {
      const queued = this.s.get(SQL.cancelQueuedMany).all(now, now, list, orgId) as Row[];
      const running = this.s.get(SQL.cancelRunningMany).all(now, list, orgId) as Row[];
      for (const r of running) this.#held.patch(r.id as string, { cancel_requested: 1, updated_at: now });
      // A waiting job holds no process: it is cancelled at once, as requestCancel does.
      const waiting = this.s.get(SQL.cancelWaitingMany).all(now, now, list, orgId) as Row[];
      countMoves(this.s, [
        ...queued.map((r) => moveOf(r, 'CANCELLED', 'QUEUED')),
        ...waiting.map((r) => moveOf(r, 'CANCELLED', 'WAITING')),
      ]);
      return [...queued, ...running, ...waiting];
    })().map(rowToJob);
    for (const job of jobs) this.feed.emit({ kind: 'job.updated', job });
    return jobs;
  }

  async recoverLeases(now: number, opts?: { allRunning?: boolean }): Promise<Job[]> {
    const jobs = this.s.db.transaction(() => {
      const rows = (opts?.allRunning ? this.s.get(SQL.allRunning).all() : this.s.get(SQL.expired).all(now)) as Row[];
      return rows.map((row) => {
        const outcome = leaseExpiryOutcome(
          {
            attempt: row.attempt as number,
            maxAttempts: row.max_attempts as number,
            cancelRequested: row.cancel_requested === 1,
            leaseOwner: row.lease_owner as string | undefined,
          },
          now,
        );
        this.s.get(SQL.recover).run(outcome.status, JSON.stringify(outcome.error), now, outcome.finishedAt ?? null, now, row.id);
        countMoves(this.s, [moveOf(row, outcome.status)]);
        this.#held.take(row.id as string);
        return rowToJob(this.#read(row.id as string)!);
      });
    })();
    for (const job of jobs) this.feed.emit({ kind: 'job.updated', job });
    return jobs;
  }

  async deleteFinished(orgId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const deleted = this.s.db.transaction(() => {
      const rows = this.s.get(SQL.deleteFinished).all(orgId, JSON.stringify(ids)) as Row[];
      if (rows.length) this.#deleteBelongings(JSON.stringify(rows.map((r) => r.id)));
      countMoves(this.s, rows.map((r) => moveOf(r, undefined)));
      return rows.map(rowToJob);
    })();
    for (const job of deleted) this.feed.emit({ kind: 'job.deleted', jobId: job.id, orgId: job.orgId, job });
    return deleted.map((j) => j.id);
  }

  /** What a deleted job leaves behind: its logs, steps, waits and kept signals (ids as a JSON array). */
  #deleteBelongings(ids: string): void {
    for (const sql of [SQL.deleteLogs, SQL.deleteSteps, SQL.deleteWaits, SQL.deleteSignals]) this.s.get(sql).run(ids);
  }

  async purgeFinished(before: number, max: number): Promise<number> {
    const purged = this.s.db.transaction(() => {
      const ids = JSON.stringify((this.s.get(SQL.purgeCandidates).all(before, max) as Array<{ id: string }>).map((r) => r.id));
      const rows = this.s.get(SQL.purge).all(ids) as Row[];
      if (rows.length) this.#deleteBelongings(ids);
      countMoves(this.s, rows.map((r) => moveOf(r, undefined)));
      return rows.map(rowToJob);
    })();
    for (const job of purged) this.feed.emit({ kind: 'job.deleted', jobId: job.id, orgId: job.orgId, job });
    return purged.length;
  }

  async metricsTimes(orgId: string, since: number, until: number): Promise<MetricsJobTimes[]> {
    return sqliteMetricsTimes(this.s, orgId, since, until);
  }

  async queueCounts(orgId: string): Promise<{ counts: StatusTypeCount[]; oldestQueuedAt?: number }> {
    return this.s.db.transaction(() => {
      const counts = this.s.get(SQL.statsByType).all(orgId) as StatusTypeCount[];
      const oldest = (this.s.get(SQL.oldestQueued).get(orgId) as { at: number | null }).at;
      return oldest == null ? { counts } : { counts, oldestQueuedAt: oldest };
    })();
  }

  async countByStatusAndType(): Promise<StatusTypeCount[]> {
    return this.s.get(SQL.countByStatusAndType).all() as StatusTypeCount[];
  }

  async nextRunAt(now: number, types: string[]): Promise<number | undefined> {
    const at = (this.s.get(SQL.nextRunAt).get(now, JSON.stringify(types)) as { at: number | null }).at;
    return at ?? undefined;
  }

  async children(orgId: string, parentId: string) {
    return this.s.get(SQL.children).all(parentId, orgId) as Array<{ id: string; status: JobStatus }>;
  }

  async resume(id: string, orgId: string, now: number): Promise<Job | undefined> {
    const job = this.resumeRow(id, orgId, now);
    if (job) this.feed.emit({ kind: 'job.updated', job });
    return job;
  }

  /** `resume` inside the caller's transaction (a wait resolved with its job); the caller announces it. */
  resumeRow(id: string, orgId: string, now: number): Job | undefined {
    return this.s.db.transaction(() => {
      const row = this.s.get(SQL.resume).get(now, now, id, orgId) as Row | undefined;
      if (row) countMoves(this.s, [moveOf(row, 'QUEUED', 'WAITING')]);
      return row ? rowToJob(row) : undefined;
    })();
  }

  async wakeDue(now: number, max: number): Promise<Job[]> {
    const jobs = this.s.db.transaction(() => {
      const rows = this.s.get(SQL.wakeDue).all(now, now, now, max) as Row[];
      countMoves(this.s, rows.map((r) => moveOf(r, 'QUEUED', 'WAITING')));
      return rows.map(rowToJob);
    })();
    for (const job of jobs) this.feed.emit({ kind: 'job.updated', job });
    return jobs;
  }

  async nextWakeAt(types: string[]): Promise<number | undefined> {
    const at = (this.s.get(SQL.nextWakeAt).get(JSON.stringify(types)) as { at: number | null }).at;
    return at ?? undefined;
  }
}
