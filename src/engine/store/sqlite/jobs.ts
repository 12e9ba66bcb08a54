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
import { jobCursor } from '../../domain/list-orders.js';
import { jobWhere, searchTerm } from './job-query.js';
import { searchCount, searchIds } from './job-search.js';
import { jobProjection, projectedJob } from './job-projection.js';
import { listStatement, narrowWalk, planJobList, scanJobIds, type NarrowWalk } from './job-list.js';

import { jobRowOf, newJobRow, rowToJob, toJson, type Row } from './rows.js';
import type { Statements } from './statements.js';
import { OrgTurns } from '../../domain/org-turns.js';
import { claimRows } from './job-claim.js';
import { finishRows } from './job-outcomes.js';
import { HeldRows } from './held-rows.js';
import { leaseExpiryOutcome } from '../../domain/lease.js';
import type { MetricsJobTimes } from '../../domain/metrics.js';
import { sqliteMetricsTimes } from './metrics.js';
import { cappedCount, countedByCounters, type JobCount } from '../../domain/job-counts.js';

const FINISHED_JSON = JSON.stringify(FINISHED_STATUSES);
const CLEAR_LEASE = 'lease_owner = NULL, lease_expires_at = NULL';
const APPEND_ERROR = `errors = json_insert(errors, '$[#]', json(?))`;

const SQL = {
  insert: `INSERT INTO jobs (id, org_id, type, status, priority, payload, max_attempts, run_at, created_at, updated_at,
      timeout_ms, checkpoint, created_by, idempotency_key, parent_id, retry_of_id, schedule_id, schedule_run_id, created_by_token)
    VALUES (?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  byIdempotencyKey: `SELECT * FROM jobs WHERE org_id = ? AND idempotency_key = ?`,
  get: `SELECT * FROM jobs WHERE id = ?`,
  getMany: `SELECT jobs.* FROM (SELECT DISTINCT value FROM json_each(?)) AS ids CROSS JOIN jobs ON jobs.id = ids.value WHERE jobs.org_id = ?`,
  byIds: `SELECT * FROM jobs WHERE id IN (SELECT value FROM json_each(?))`,
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
  /** Finished before a time, org by org (one seek each on jobs_org_finished; unfinished rows sort as 0). */
  purgeCandidates: `WITH RECURSIVE o(org) AS (
      SELECT (SELECT org_id FROM jobs ORDER BY org_id LIMIT 1)
      UNION ALL
      SELECT (SELECT org_id FROM jobs WHERE org_id > o.org ORDER BY org_id LIMIT 1) FROM o WHERE o.org IS NOT NULL
    ) SELECT j.id FROM o JOIN jobs j ON j.org_id = o.org
      WHERE j.finished_key > 0 AND j.finished_key < ? LIMIT ?`,
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
  /** Counter sums, kept while the counters do not move (job-counts.ts). */
  readonly #sums: CounterSums;

  constructor(
    private readonly s: Statements,
    private readonly feed: ChangeFeed,
  ) {
    this.#insert = s.db.transaction((jobs: NewJob[], audit: InsertAudit | undefined) => this.#insertInTransaction(jobs, audit));
    this.#claim = s.db.transaction((req: ClaimRequest) => this.#claimInTransaction(req));
    this.#finish = s.db.transaction((reports: AttemptReport[]) => this.#finishInTransaction(reports));
    this.#sums = new CounterSums(s);
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

  /**
   * The rows of `insert`, inside the caller's transaction (a schedule's runs and their jobs commit
   * together); the caller announces the created jobs after it commits.
   */
  insertRows(jobs: readonly NewJob[]): Array<{ job: Job; created: boolean }> {
    const results = jobs.map((j) => {
      if (j.idempotencyKey !== undefined) {
        const existing = this.s.get(SQL.byIdempotencyKey).get(j.orgId, j.idempotencyKey) as Row | undefined;
        if (existing) return { job: rowToJob(existing), created: false };
      }
      // The row as the insert leaves it (the table's defaults filled in), so it is not read back.
      const r = newJobRow(j);
      this.s.get(SQL.insert).run(
        r.id, r.org_id, r.type, r.priority, r.payload, r.max_attempts, r.run_at, r.created_at, r.updated_at, r.timeout_ms,
        r.checkpoint, r.created_by, r.idempotency_key, r.parent_id, r.retry_of_id, r.schedule_id, r.schedule_run_id, r.created_by_token,
      );
      return { job: rowToJob(r), created: true };
    });
    countMoves(this.s, results.filter((r) => r.created).map(({ job }) => ({ orgId: job.orgId, type: job.type, to: job.status })));
    return results;
  }

  /**
   * Inserts jobs whose idempotency keys no stored job can hold (each names a run stored in the same
   * transaction, with a new id): multi-row inserts, no read-back, the stored jobs built as a read
   * would return them. A taken key throws (the caller's transaction rolls back). The caller
   * announces them after it commits.
   */
  insertNewRows(jobs: readonly NewJob[]): Job[] {
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
      this.s.get(sql).run(...params);
    }
    const stored = jobs.map(newJobAsStored);
    countMoves(this.s, stored.map((job) => ({ orgId: job.orgId, type: job.type, to: job.status })));
    return stored;
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

  async list({ orgId, filter, orderBy, page, signal, fields }: JobListQuery): Promise<Page<Job>> {
    const search = searchTerm(filter);
    const plan = search ? undefined : planJobList(filter, orderBy);
    if (plan === undefined || plan.kind === 'scan') {
      const ids = search
        ? await searchIds(this.s, orgId, { ...filter, search }, orderBy, page.after, page.first + 1, signal)
        : await scanJobIds(this.s, orgId, jobWhere(orgId, filter), orderBy, page.after, page.first + 1, { signal, walk: this.#walk(orgId, filter, orderBy) });
      const byId = new Map((this.s.get(SQL.byIds).all(JSON.stringify(ids)) as Row[]).map((r) => [r.id as string, rowToJob(r)]));
      // A job deleted between the scan and this read is left out.
      const jobs = ids.slice(0, page.first).flatMap((id) => byId.get(id) ?? []);
      return { items: jobs.map((job) => ({ node: job, cursor: jobCursor(orderBy, job) })), hasNextPage: ids.length > page.first };
    }
    // Only the fields the caller reads, when it says which (job-projection.ts).
    const projection = fields && jobProjection(fields, orderBy);
    const statement = listStatement(orgId, filter, orderBy, page.after, plan, page.first + 1, projection ?? 'rows');
    // Raw rows (arrays): the driver's row objects cost about as much again as the read.
    const rows = this.s.raw(statement.sql).all(...statement.params) as unknown[][];
    const jobs = rows.slice(0, page.first).map((a) => (projection ? projectedJob(projection, a) : rowToJob(jobRowOf(a))));
    return {
      items: jobs.map((job) => ({ node: job, cursor: jobCursor(orderBy, job) })),
      hasNextPage: rows.length > page.first,
    };
  }

  async count(orgId: string, filter: JobFilter): Promise<number> {
    if (countedByCounters(filter)) return this.#sums.of(orgId, filter);
    const search = searchTerm(filter);
    if (search) return searchCount(this.s, orgId, { ...filter, search }, Infinity);
    if (planJobList(filter, 'CREATED_DESC').kind === 'scan') {
      return (await scanJobIds(this.s, orgId, jobWhere(orgId, filter), 'CREATED_DESC', undefined, Infinity, { walk: this.#walk(orgId, filter, 'CREATED_DESC') })).length;
    }
    const where = jobWhere(orgId, filter);
    return (this.s.get(`SELECT COUNT(*) AS n FROM jobs WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
  }

  async countUpTo(orgId: string, filter: JobFilter, cap: number, signal?: StopSignal): Promise<JobCount> {
    if (countedByCounters(filter)) return { count: this.#sums.of(orgId, filter), exact: true };
    const search = searchTerm(filter);
    if (search) return cappedCount(await searchCount(this.s, orgId, { ...filter, search }, cap + 1, signal), cap);
    const where = jobWhere(orgId, filter);
    if (planJobList(filter, 'CREATED_DESC').kind === 'scan') {
      const walk = this.#walk(orgId, filter, 'CREATED_DESC');
      return cappedCount((await scanJobIds(this.s, orgId, where, 'CREATED_DESC', undefined, cap + 1, { signal, walk })).length, cap);
    }
    const sql = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM jobs WHERE ${where.sql} LIMIT ?)`;
    return cappedCount((this.s.get(sql).get(...where.params, cap + 1) as { n: number }).n, cap);
  }

  /** A scan's narrower walk (job-list.ts narrowWalk), sizing each candidate range from the counters. */
  #walk(orgId: string, filter: JobFilter, order: JobOrder): NarrowWalk | undefined {
    return narrowWalk(filter, order, (column, value) => this.#sums.of(orgId, { [column]: [value] }));
  }

  scans(filter: JobFilter, order: JobOrder): boolean {
    return searchTerm(filter) === undefined && planJobList(filter, order).kind === 'scan';
  }

  async findIds(orgId: string, filter: JobFilter, max: number): Promise<string[]> {
    const search = searchTerm(filter);
    if (search) return searchIds(this.s, orgId, { ...filter, search }, 'CREATED_ASC', undefined, max);
    const plan = planJobList(filter, 'CREATED_ASC');
    if (plan.kind === 'scan') return scanJobIds(this.s, orgId, jobWhere(orgId, filter), 'CREATED_ASC', undefined, max, { walk: this.#walk(orgId, filter, 'CREATED_ASC') });
    const statement = listStatement(orgId, filter, 'CREATED_ASC', undefined, plan, max, 'ids');
    return (this.s.get(statement.sql).all(...statement.params) as Array<{ id: string }>).map((r) => r.id);
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
