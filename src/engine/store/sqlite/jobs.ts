/** The jobs repository on SQLite. One process owns the file, so a transaction is the whole claim. */
import { countMoves, type JobMove } from './job-counts.js';
import type { ChangeFeed } from '../change-feed.js';
import type { Job, JobFilter, NewJob, JobStatus } from '../../domain/types.js';
import { FINISHED_STATUSES } from '../../domain/types.js';
import type { AttemptReport, InsertAudit, JobListQuery, JobRepository } from '../port.js';
import { insertAuditRow } from './audit.js';
import type { StatusTypeCount } from '../../domain/queue-stats.js';
import type { ClaimRequest } from '../../domain/claim-sharing.js';
import type { Page } from '../../domain/page.js';
import { jobCursor } from '../../domain/list-orders.js';
import { jobOrder, jobWhere, searchTerm } from './job-query.js';
import { searchScan } from './job-search.js';

import { rowToJob, toJson, type Row } from './rows.js';
import type { Statements } from './statements.js';
import { ClaimSharing, claimIsLimited } from '../../domain/claim-sharing.js';
import { FairShare, OrgTurns, type FairCandidate } from '../../domain/org-turns.js';
import { leaseExpiryOutcome } from '../../domain/lease.js';
import type { MetricsJobTimes } from '../../domain/metrics.js';
import { sqliteMetricsTimes } from './metrics.js';
import { cappedCount, countedByCounters, type JobCount } from '../../domain/job-counts.js';

const FINISHED_JSON = JSON.stringify(FINISHED_STATUSES);
const CLEAR_LEASE = 'lease_owner = NULL, lease_expires_at = NULL';
// No RETURNING on the hot paths: on this table (many indexes) an INSERT or UPDATE with RETURNING costs
// three to four times the same statement followed by a read by primary key (measured: insert 103 vs
// 34 µs a row, start 43 vs 23 µs). Writes run, then `#read` fetches the row they changed.
const HELD = `WHERE id = ? AND status = 'RUNNING' AND lease_owner = ?`;
const APPEND_ERROR = `errors = json_insert(errors, '$[#]', json(?))`;

const SQL = {
  insert: `INSERT INTO jobs (id, org_id, type, status, priority, payload, max_attempts, run_at, created_at, updated_at,
      timeout_ms, checkpoint, created_by, idempotency_key, parent_id, retry_of_id, schedule_id, schedule_run_id, created_by_token)
    VALUES (?, ?, ?, 'QUEUED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  byIdempotencyKey: `SELECT * FROM jobs WHERE org_id = ? AND idempotency_key = ?`,
  get: `SELECT * FROM jobs WHERE id = ?`,
  getMany: `SELECT jobs.* FROM (SELECT DISTINCT value FROM json_each(?)) AS ids CROSS JOIN jobs ON jobs.id = ids.value WHERE jobs.org_id = ?`,
  runningCounts: `SELECT type, org_id AS orgId, n FROM job_counts WHERE status = 'RUNNING' AND n > 0`,
  /** Orgs with due jobs of these types after an org (or from the first), in org order: one index seek each. */
  queuedOrgsAfter: `WITH RECURSIVE o(org) AS (
      SELECT (SELECT org_id FROM jobs WHERE status = 'QUEUED' AND org_id > @after AND run_at <= @now
        AND type IN (SELECT value FROM json_each(@types)) ORDER BY org_id LIMIT 1)
      UNION ALL
      SELECT (SELECT org_id FROM jobs WHERE status = 'QUEUED' AND org_id > o.org AND run_at <= @now
        AND type IN (SELECT value FROM json_each(@types)) ORDER BY org_id LIMIT 1) FROM o WHERE o.org IS NOT NULL
    ) SELECT org FROM o WHERE org IS NOT NULL LIMIT @max`,
  /** One org's due candidates in claim order. */
  orgCandidates: `SELECT id, type, org_id AS orgId, priority, run_at AS runAt FROM jobs
    WHERE status = 'QUEUED' AND org_id = ? AND run_at <= ? AND type IN (SELECT value FROM json_each(?))
    ORDER BY priority DESC, run_at ASC, id LIMIT ?`,
  /** ...after a candidate already read. */
  orgCandidatesAfter: `SELECT id, type, org_id AS orgId, priority, run_at AS runAt FROM jobs
    WHERE status = 'QUEUED' AND org_id = ? AND run_at <= ? AND type IN (SELECT value FROM json_each(?))
      AND (priority < ? OR (priority = ? AND (run_at > ? OR (run_at = ? AND id > ?))))
    ORDER BY priority DESC, run_at ASC, id LIMIT ?`,
  /** The chosen candidates, started in one statement. */
  startMany: `UPDATE jobs SET status = 'RUNNING', attempt = attempt + 1, lease_owner = ?, lease_expires_at = ?,
      started_at = ?, updated_at = ?
    WHERE id IN (SELECT value FROM json_each(?)) AND status = 'QUEUED'`,
  byIds: `SELECT * FROM jobs WHERE id IN (SELECT value FROM json_each(?))`,
  heartbeat: `UPDATE jobs SET lease_expires_at = ? WHERE id = ? AND status = 'RUNNING' AND lease_owner = ?
    RETURNING id, cancel_requested`,
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
  expired: `SELECT * FROM jobs WHERE status = 'RUNNING' AND lease_expires_at < ?`,
  allRunning: `SELECT * FROM jobs WHERE status = 'RUNNING'`,
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
      WHERE COALESCE(j.finished_at, 0) > 0 AND COALESCE(j.finished_at, 0) < ? LIMIT ?`,
  purge: `DELETE FROM jobs WHERE id IN (SELECT value FROM json_each(?)) RETURNING *`,
  /** From the counters the triggers keep (migration 9): a few rows whatever the number of jobs. */
  statsByType: `SELECT type, status, n AS count FROM job_counts WHERE org_id = ? AND n > 0`,
  oldestQueued: `SELECT MIN(created_at) AS at FROM jobs WHERE org_id = ? AND status = 'QUEUED'`,
  countByStatusAndType: `SELECT status, type, SUM(n) AS count FROM job_counts GROUP BY type, status HAVING SUM(n) > 0
    ORDER BY type, status`,
  countFromCounters: `SELECT COALESCE(SUM(n), 0) AS n FROM job_counts WHERE org_id = ?
    AND (? IS NULL OR status IN (SELECT value FROM json_each(?))) AND (? IS NULL OR type IN (SELECT value FROM json_each(?)))`,
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

  constructor(
    private readonly s: Statements,
    private readonly feed: ChangeFeed,
  ) {}

  async insert(jobs: NewJob[], audit?: InsertAudit): Promise<Array<{ job: Job; created: boolean }>> {
    const results = this.s.db.transaction(() => {
      const stored = this.insertRows(jobs);
      // The audit entries commit with the jobs: one transaction, one WAL commit per enqueue.
      for (const entry of audit?.(stored) ?? []) insertAuditRow(this.s, entry);
      return stored;
    })();
    for (const r of results) if (r.created) this.feed.emit({ kind: 'job.created', job: r.job });
    return results;
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
      this.s.get(SQL.insert).run(
        j.id, j.orgId, j.type, j.priority, JSON.stringify(j.payload), j.maxAttempts, j.runAt, j.createdAt,
        j.createdAt, j.timeoutMs ?? null, toJson(j.checkpoint), j.createdBy ?? null, j.idempotencyKey ?? null,
        j.parentId ?? null, j.retryOfId ?? null, j.scheduleId ?? null, j.scheduleRunId ?? null, j.createdByToken ?? null,
      );
      return { job: rowToJob(this.#read(j.id)!), created: true };
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

  async list({ orgId, filter, orderBy, page, signal }: JobListQuery): Promise<Page<Job>> {
    const search = searchTerm(filter);
    if (search) {
      const ids = await searchScan(this.s, orgId, { ...filter, search }, orderBy, page.after, page.first + 1, signal);
      const byId = new Map((this.s.get(SQL.byIds).all(JSON.stringify(ids)) as Row[]).map((r) => [r.id as string, rowToJob(r)]));
      // A job deleted between the scan and this read is left out.
      const jobs = ids.slice(0, page.first).flatMap((id) => byId.get(id) ?? []);
      return { items: jobs.map((job) => ({ node: job, cursor: jobCursor(orderBy, job) })), hasNextPage: ids.length > page.first };
    }
    const where = jobWhere(orgId, filter);
    const order = jobOrder(orderBy, page.after);
    const sql = `SELECT * FROM jobs WHERE ${where.sql}${order.after ? ` AND ${order.after.sql}` : ''}
      ORDER BY ${order.orderBy} LIMIT ?`;
    const rows = this.s.get(sql).all(...where.params, ...(order.after?.params ?? []), page.first + 1) as Row[];
    const jobs = rows.slice(0, page.first).map(rowToJob);
    return {
      items: jobs.map((job) => ({ node: job, cursor: jobCursor(orderBy, job) })),
      hasNextPage: rows.length > page.first,
    };
  }

  async count(orgId: string, filter: JobFilter): Promise<number> {
    if (countedByCounters(filter)) return this.#countFromCounters(orgId, filter);
    const search = searchTerm(filter);
    if (search) return (await searchScan(this.s, orgId, { ...filter, search }, 'CREATED_DESC', undefined, Infinity)).length;
    const where = jobWhere(orgId, filter);
    return (this.s.get(`SELECT COUNT(*) AS n FROM jobs WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
  }

  async countUpTo(orgId: string, filter: JobFilter, cap: number, signal?: AbortSignal): Promise<JobCount> {
    if (countedByCounters(filter)) return { count: this.#countFromCounters(orgId, filter), exact: true };
    const search = searchTerm(filter);
    if (search) return cappedCount((await searchScan(this.s, orgId, { ...filter, search }, 'CREATED_DESC', undefined, cap + 1, signal)).length, cap);
    const where = jobWhere(orgId, filter);
    const sql = `SELECT COUNT(*) AS n FROM (SELECT 1 FROM jobs WHERE ${where.sql} LIMIT ?)`;
    return cappedCount((this.s.get(sql).get(...where.params, cap + 1) as { n: number }).n, cap);
  }

  #countFromCounters(orgId: string, filter: JobFilter): number {
    // An empty list filters nothing, as in jobWhere.
    const status = filter.status?.length ? JSON.stringify(filter.status) : null;
    const type = filter.type?.length ? JSON.stringify(filter.type) : null;
    return (this.s.get(SQL.countFromCounters).get(orgId, status, status, type, type) as { n: number }).n;
  }

  async findIds(orgId: string, filter: JobFilter, max: number): Promise<string[]> {
    const search = searchTerm(filter);
    if (search) return searchScan(this.s, orgId, { ...filter, search }, 'CREATED_ASC', undefined, max);
    const where = jobWhere(orgId, filter);
    const sql = `SELECT id FROM jobs WHERE ${where.sql} ORDER BY created_at, id LIMIT ?`;
    return (this.s.get(sql).all(...where.params, max) as Array<{ id: string }>).map((r) => r.id);
  }

  async claim(req: ClaimRequest): Promise<Job[]> {
    if (req.limit <= 0 || req.types.length === 0) return [];
    const claimed = this.s.db.transaction(() => this.#claimInTransaction(req))();
    for (const job of claimed) this.feed.emit({ kind: 'job.updated', job });
    return claimed;
  }

  /**
   * Orgs take turns (domain/org-turns.ts): each org's due jobs are read in claim order, an equal share
   * at a time, handed out round-robin, checked against the type and org limits (domain/claim-sharing.ts),
   * and the chosen ones start in one statement.
   */
  #claimInTransaction(req: ClaimRequest): Job[] {
    const running = claimIsLimited(req) ? (this.s.get(SQL.runningCounts).all() as Array<{ type: string; orgId: string; n: number }>) : [];
    const sharing = new ClaimSharing(req, running.map((r) => ({ type: r.type, orgId: r.orgId, count: r.n })));
    const share = new FairShare<FairCandidate>(this.#turns.order(this.#dueOrgs(req)));
    const chosen: FairCandidate[] = [];
    for (let round = sharing.nextRound(); round; round = sharing.nextRound()) {
      const types = JSON.stringify(round.types);
      for (const f of share.fetches(req.limit - sharing.claimed, round.fullOrgs)) {
        const rows = (
          f.after
            ? this.s.get(SQL.orgCandidatesAfter).all(f.orgId, req.now, types, f.after.priority, f.after.priority, f.after.runAt, f.after.runAt, f.after.id, f.limit)
            : this.s.get(SQL.orgCandidates).all(f.orgId, req.now, types, f.limit)
        ) as FairCandidate[];
        share.add(f, rows);
      }
      for (const candidate of share.turns()) {
        if (sharing.complete) break;
        if (!sharing.admits(candidate)) continue;
        chosen.push(candidate);
        sharing.took(candidate);
      }
      sharing.endRound(round, share.more ? round.fetch : 0);
    }
    if (chosen.length === 0) return [];
    this.#turns.served(chosen[chosen.length - 1]!.orgId);
    const ids = JSON.stringify(chosen.map((c) => c.id));
    this.s.get(SQL.startMany).run(req.workerId, req.now + req.leaseMs, req.now, req.now, ids);
    // Every candidate was QUEUED a moment ago in this transaction, so each one started; the read keeps
    // only those this claim holds all the same, in the order they were chosen.
    const rows = (this.s.get(SQL.byIds).all(ids) as Row[]).filter(
      (r) => r.status === 'RUNNING' && r.lease_owner === req.workerId && r.started_at === req.now,
    );
    countMoves(this.s, rows.map((r) => moveOf(r, 'RUNNING', 'QUEUED')));
    const byId = new Map(rows.map((r) => [r.id as string, r]));
    return chosen.flatMap((c) => {
      const row = byId.get(c.id);
      return row ? [rowToJob(row)] : [];
    });
  }

  /** Up to `limit` orgs with due jobs (a claim serves no more), those after the last org served first. */
  #dueOrgs(req: ClaimRequest): string[] {
    const after = this.#turns.after;
    const types = JSON.stringify(req.types);
    const scan = (from: string, max: number) =>
      (this.s.get(SQL.queuedOrgsAfter).all({ after: from, now: req.now, types, max }) as Array<{ org: string }>).map((r) => r.org);
    const orgs = scan(after ?? '', req.limit);
    if (after !== undefined && orgs.length < req.limit) for (const o of scan('', req.limit - orgs.length)) if (o <= after) orgs.push(o);
    return orgs;
  }

  async heartbeat(workerId: string, jobIds: string[], leaseExpiresAt: number) {
    return this.s.db.transaction(() =>
      jobIds.flatMap((id) => {
        const row = this.s.get(SQL.heartbeat).get(leaseExpiresAt, id, workerId) as Row | undefined;
        return row ? [{ id: row.id as string, cancelRequested: row.cancel_requested === 1 }] : [];
      }),
    )();
  }

  async finishAttempts(reports: AttemptReport[]): Promise<Job[]> {
    const jobs = this.s.db.transaction(() => {
      const finished = reports.flatMap((r) => this.#finish(r) ?? []);
      countMoves(this.s, finished.map((job) => ({ orgId: job.orgId, type: job.type, from: 'RUNNING', to: job.status })));
      return finished;
    })();
    for (const job of jobs) this.feed.emit({ kind: 'job.updated', job });
    return jobs;
  }

  #finish({ jobId, workerId, outcome, now }: AttemptReport): Job | undefined {
    let changes = 0;
    switch (outcome.kind) {
      case 'succeeded':
        changes = this.s.get(SQL.succeeded).run(toJson(outcome.result), now, now, jobId, workerId).changes;
        break;
      case 'failed':
        changes = this.s.get(SQL.failed).run(JSON.stringify(outcome.error), now, now, jobId, workerId).changes;
        break;
      case 'retry':
        changes = this.s.get(SQL.retry).run(JSON.stringify(outcome.error), outcome.runAt, now, jobId, workerId).changes;
        break;
      case 'cancelled': {
        const error = toJson(outcome.error);
        changes = this.s.get(SQL.cancelled).run(error, error, now, now, jobId, workerId).changes;
        break;
      }
      case 'released':
        changes = this.s.get(SQL.released).run(now, jobId, workerId).changes;
        break;
      case 'waiting':
        // Resolved between the handler's look and this write (a signal came): run again at once.
        changes = this.s.get(SQL.waitResolved).get(outcome.waitId)
          ? this.s.get(SQL.resumedAtOnce).run(now, now, jobId, workerId).changes
          : this.s.get(SQL.waiting).run(outcome.wakeAt ?? null, now, jobId, workerId).changes;
        break;
    }
    return changes > 0 ? rowToJob(this.#read(jobId)!) : undefined;
  }

  /** The row as a write in this transaction left it. */
  #read(id: string): Row | undefined {
    return this.s.get(SQL.get).get(id) as Row | undefined;
  }

  async saveProgress(jobId: string, workerId: string, progress: Job['progress']): Promise<void> {
    this.s.get(SQL.progress).run(toJson(progress), Date.now(), jobId, workerId);
  }

  async saveCheckpoint(jobId: string, workerId: string, checkpoint: unknown): Promise<void> {
    this.s.get(SQL.checkpoint).run(toJson(checkpoint), Date.now(), jobId, workerId);
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
