/**
 * Waits, kept signals and events on SQLite. Each write is one transaction with the job it resumes
 * (SqliteJobRepository.resumeRow), so a wait is resolved once and its job never stays WAITING on a
 * resolved wait.
 */
import type { ChangeFeed } from '../change-feed.js';
import type { JobWait, KeptSignal, NewJobWait, WaitEvent, WaitResolution } from '../../domain/job-wait.js';
import type { Job } from '../../domain/types.js';
import type { JobWaitRepository } from '../port.js';
import type { SqliteJobRepository } from './jobs.js';
import { toJson, type Row } from './rows.js';
import type { Statements } from './statements.js';

/** Waits an event resolves per transaction. */
export const EVENT_CHUNK = 250;

const SQL = {
  insert: `INSERT INTO job_waits (id, org_id, job_id, name, kind, event_name, event_key, prompt, data, created_at, timeout_at, callback_token)
    VALUES (@id, @orgId, @jobId, @name, @kind, @eventName, @eventKey, @prompt, @data, @createdAt, @timeoutAt, @callbackToken)
    ON CONFLICT (job_id, name) DO NOTHING`,
  byName: `SELECT * FROM job_waits WHERE job_id = ? AND name = ?`,
  get: `SELECT * FROM job_waits WHERE id = ? AND org_id = ?`,
  byId: `SELECT * FROM job_waits WHERE id = ?`,
  byToken: `SELECT * FROM job_waits WHERE callback_token = ?`,
  list: `SELECT * FROM job_waits WHERE job_id = ? AND org_id = ? ORDER BY created_at, id`,
  listMany: `SELECT * FROM job_waits WHERE job_id IN (SELECT value FROM json_each(?)) AND org_id = ? ORDER BY job_id, created_at, id`,
  resolve: `UPDATE job_waits SET resolved_at = @now, resolution = @resolution, timed_out = @timedOut, event_id = @eventId
    WHERE id = @id AND resolved_at IS NULL RETURNING *`,
  keptSignal: `SELECT * FROM job_signals WHERE job_id = ? AND name = ?`,
  dropSignal: `DELETE FROM job_signals WHERE job_id = ? AND name = ?`,
  keepSignal: `INSERT INTO job_signals (job_id, name, org_id, data, at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (job_id, name) DO UPDATE SET data = excluded.data, at = excluded.at`,
  /** The earliest unexpired event for a wait that its job has not taken yet. */
  matchingEvent: `SELECT * FROM wait_events WHERE org_id = @orgId AND name = @name AND key IS @key AND at >= @since AND expires_at > @now
      AND id NOT IN (SELECT event_id FROM job_waits WHERE job_id = @jobId AND event_id IS NOT NULL)
    ORDER BY at, id LIMIT 1`,
  insertEvent: `INSERT INTO wait_events (id, org_id, name, key, data, at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  openEventWaits: `SELECT * FROM job_waits WHERE org_id = ? AND kind = 'EVENT' AND event_name = ? AND event_key IS ? AND resolved_at IS NULL
    LIMIT ?`,
  purgeEvents: `DELETE FROM wait_events WHERE id IN (SELECT id FROM wait_events WHERE expires_at < ? LIMIT ?)`,
};

export function rowToWait(r: Row): JobWait {
  const wait: JobWait = {
    id: r.id as string,
    orgId: r.org_id as string,
    jobId: r.job_id as string,
    name: r.name as string,
    kind: r.kind as JobWait['kind'],
    createdAt: r.created_at as number,
  };
  if (r.event_name != null) wait.eventName = r.event_name as string;
  if (r.event_key != null) wait.eventKey = r.event_key as string;
  if (r.prompt != null) wait.prompt = r.prompt as string;
  if (r.data != null) wait.data = JSON.parse(r.data as string);
  if (r.timeout_at != null) wait.timeoutAt = r.timeout_at as number;
  if (r.resolved_at != null) wait.resolvedAt = r.resolved_at as number;
  if (r.resolution != null) wait.resolution = JSON.parse(r.resolution as string);
  if (r.timed_out === 1) wait.timedOut = true;
  if (r.event_id != null) wait.eventId = r.event_id as string;
  if (r.callback_token != null) wait.callbackToken = r.callback_token as string;
  return wait;
}

type Resolved = { wait: JobWait; job?: Job };

export class SqliteJobWaitRepository implements JobWaitRepository {
  constructor(
    private readonly s: Statements,
    private readonly feed: ChangeFeed,
    private readonly jobs: SqliteJobRepository,
  ) {}

  async open(wait: NewJobWait, now: number, eventsSince: number): Promise<JobWait> {
    const { resolved, row } = this.s.db.transaction(() => {
      this.s.get(SQL.insert).run({
        id: wait.id,
        orgId: wait.orgId,
        jobId: wait.jobId,
        name: wait.name,
        kind: wait.kind,
        eventName: wait.eventName ?? null,
        eventKey: wait.eventKey ?? null,
        prompt: wait.prompt ?? null,
        data: toJson(wait.data),
        createdAt: wait.createdAt,
        timeoutAt: wait.timeoutAt ?? null,
        callbackToken: wait.callbackToken ?? null,
      });
      const row = this.s.get(SQL.byName).get(wait.jobId, wait.name) as Row;
      if (row.resolved_at != null) return { row };
      const existing = rowToWait(row);
      if (existing.kind === 'SIGNAL' || existing.kind === 'APPROVAL') {
        const kept = this.s.get(SQL.keptSignal).get(existing.jobId, existing.name) as Row | undefined;
        if (!kept) return { row };
        this.s.get(SQL.dropSignal).run(existing.jobId, existing.name);
        return { resolved: this.#resolveRow(existing.id, { data: kept.data == null ? null : JSON.parse(kept.data as string) }, now), row };
      }
      if (existing.kind === 'EVENT') {
        const event = this.s.get(SQL.matchingEvent).get({
          orgId: existing.orgId,
          name: existing.eventName,
          key: existing.eventKey ?? null,
          since: eventsSince,
          now,
          jobId: existing.jobId,
        }) as Row | undefined;
        if (!event) return { row };
        const data = event.data == null ? null : JSON.parse(event.data as string);
        return { resolved: this.#resolveRow(existing.id, { data, eventId: event.id as string }, now), row };
      }
      return { row };
    })();
    this.#announce(resolved);
    return resolved?.wait ?? rowToWait(row);
  }

  async list(orgId: string, jobId: string): Promise<JobWait[]> {
    return (this.s.get(SQL.list).all(jobId, orgId) as Row[]).map(rowToWait);
  }

  async listMany(orgId: string, jobIds: readonly string[]): Promise<JobWait[]> {
    if (jobIds.length === 0) return [];
    return (this.s.get(SQL.listMany).all(JSON.stringify(jobIds), orgId) as Row[]).map(rowToWait);
  }

  async get(id: string, orgId: string): Promise<JobWait | undefined> {
    const row = this.s.get(SQL.get).get(id, orgId) as Row | undefined;
    return row ? rowToWait(row) : undefined;
  }

  async byCallbackToken(token: string): Promise<JobWait | undefined> {
    const row = this.s.get(SQL.byToken).get(token) as Row | undefined;
    return row ? rowToWait(row) : undefined;
  }

  async resolve(id: string, orgId: string, resolution: WaitResolution, now: number): Promise<Resolved | undefined> {
    const resolved = this.s.db.transaction(() => {
      const row = this.s.get(SQL.get).get(id, orgId) as Row | undefined;
      return row ? this.#resolveRow(id, resolution, now) : undefined;
    })();
    this.#announce(resolved);
    return resolved;
  }

  async signal(signal: KeptSignal): Promise<{ resolved?: Resolved; kept: boolean }> {
    const result = this.s.db.transaction((): { resolved?: Resolved; kept: boolean } => {
      const row = this.s.get(SQL.byName).get(signal.jobId, signal.name) as Row | undefined;
      if (row && row.org_id !== signal.orgId) return { kept: false };
      if (!row) {
        this.s.get(SQL.keepSignal).run(signal.jobId, signal.name, signal.orgId, toJson(signal.data ?? null), signal.at);
        return { kept: true };
      }
      const wait = rowToWait(row);
      if (wait.resolvedAt !== undefined || (wait.kind !== 'SIGNAL' && wait.kind !== 'APPROVAL')) return { kept: false };
      const resolved = this.#resolveRow(wait.id, { data: signal.data ?? null }, signal.at);
      return resolved ? { resolved, kept: false } : { kept: false };
    })();
    this.#announce(result.resolved);
    return result;
  }

  /**
   * The event is kept, then its open waits are resolved EVENT_CHUNK at a time, each chunk one
   * transaction (every wait with its job's resume) and the event loop free in between: an event that
   * thousands of jobs wait for would otherwise hold every other request for seconds. A wait opened
   * meanwhile takes the kept event when it opens.
   */
  async sendEvent(event: WaitEvent): Promise<Resolved[]> {
    const all: Resolved[] = [];
    for (let first = true; ; first = false) {
      const { resolved, full } = this.s.db.transaction(() => {
        if (first) {
          this.s.get(SQL.insertEvent).run(event.id, event.orgId, event.name, event.key ?? null, toJson(event.data ?? null), event.at, event.expiresAt);
        }
        const open = this.s.get(SQL.openEventWaits).all(event.orgId, event.name, event.key ?? null, EVENT_CHUNK) as Row[];
        const done = open.flatMap((w) => this.#resolveRow(w.id as string, { data: event.data ?? null, eventId: event.id }, event.at) ?? []);
        return { resolved: done, full: open.length === EVENT_CHUNK };
      })();
      for (const r of resolved) this.#announce(r);
      all.push(...resolved);
      if (!full) return all;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  async purgeEvents(before: number, max: number): Promise<number> {
    return this.s.get(SQL.purgeEvents).run(before, max).changes;
  }

  /** Inside a transaction: resolves the wait once, and resumes its job if it is WAITING. */
  #resolveRow(id: string, resolution: WaitResolution, now: number): Resolved | undefined {
    const timedOut = resolution.timedOut === true;
    const row = this.s.get(SQL.resolve).get({
      id,
      now,
      resolution: timedOut ? null : toJson(resolution.data ?? null),
      timedOut: timedOut ? 1 : 0,
      eventId: timedOut ? null : (resolution.eventId ?? null),
    }) as Row | undefined;
    if (!row) return undefined;
    const wait = rowToWait(row);
    const job = this.jobs.resumeRow(wait.jobId, wait.orgId, now);
    return job ? { wait, job } : { wait };
  }

  #announce(resolved: Resolved | undefined): void {
    if (resolved?.job) this.feed.emit({ kind: 'job.updated', job: resolved.job });
  }
}
