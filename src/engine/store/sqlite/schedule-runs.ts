/** Schedule runs on SQLite: filters as SQL, the row mapping and the repository. Writes are announced on the feed after they commit, as stored. */
import type { ChangeFeed } from '../change-feed.js';
import type { RunStatus, Schedule, ScheduleRun, ScheduleRunPatch } from '../../domain/schedule.js';
import type { NewJob } from '../../domain/types.js';
import type { Page, PageRequest } from '../../domain/page.js';
import type { RunUpdate, RunUpdated, ScheduleRunRepository, SlotWrite, SlotWritten } from '../port.js';
import type { SqliteJobRepository } from './jobs.js';
import type { SqliteScheduleRepository } from './schedules.js';
import type { SqlPart } from './sql.js';
import { type Row } from './rows.js';
import type { Statements } from './statements.js';
import { IN_JSON } from './sql.js';
import { pageOf } from '../../domain/page.js';
import { decodeTimeCursor, runCursor } from '../../domain/list-orders.js';
import { type RunFilter } from '../../domain/schedule.js';

export function runWhere(orgId: string, f: RunFilter): SqlPart {
  const clauses = ['org_id = ?'];
  const params: unknown[] = [orgId];
  if (f.scheduleId !== undefined) clauses.push('schedule_id = ?'), params.push(f.scheduleId);
  if (f.status?.length) clauses.push(`status ${IN_JSON}`), params.push(JSON.stringify(f.status));
  return { sql: clauses.join(' AND '), params };
}

export function rowToRun(r: Row): ScheduleRun {
  const run: ScheduleRun = {
    id: r.id as string,
    orgId: r.org_id as string,
    scheduleId: r.schedule_id as string,
    runKey: r.run_key as string,
    trigger: r.run_trigger as ScheduleRun['trigger'],
    attempt: r.attempt as number,
    status: r.status as RunStatus,
    scheduledFor: r.scheduled_for as number,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
  };
  if (r.started_at != null) run.startedAt = r.started_at as number;
  if (r.finished_at != null) run.finishedAt = r.finished_at as number;
  if (r.job_id != null) run.jobId = r.job_id as string;
  if (r.error != null) run.error = r.error as string;
  if (r.retry_of_run_id != null) run.retryOfRunId = r.retry_of_run_id as string;
  return run;
}

/** Patch fields and their columns: an update sets only the fields present (a bounded set of shapes). */
const RUN_PATCH_COLUMNS: Array<[keyof ScheduleRunPatch, string]> = [
  ['status', 'status'],
  ['startedAt', 'started_at'],
  ['finishedAt', 'finished_at'],
  ['jobId', 'job_id'],
  ['error', 'error'],
];

export function runSet(patch: ScheduleRunPatch, now: number): SqlPart {
  const sets: Array<[string, unknown]> = [];
  for (const [field, column] of RUN_PATCH_COLUMNS) if (patch[field] !== undefined) sets.push([column, patch[field]]);
  sets.push(['updated_at', now]);
  return { sql: sets.map(([column]) => `${column} = ?`).join(', '), params: sets.map(([, value]) => value) };
}

const RUN_SQL = {
  // Only a clash on run_key is "already fired"; any other clash (the id) is an error.
  insert: `INSERT INTO schedule_runs (id, org_id, schedule_id, run_key, run_trigger, attempt, status, scheduled_for,
      started_at, finished_at, job_id, error, retry_of_run_id, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_key) DO NOTHING`,
  byKey: 'SELECT * FROM schedule_runs WHERE run_key = ?',
  byKeys: 'SELECT * FROM schedule_runs WHERE run_key IN (SELECT value FROM json_each(?))',
  get: 'SELECT * FROM schedule_runs WHERE id = ?',
  getMany: `SELECT schedule_runs.* FROM (SELECT DISTINCT value FROM json_each(?)) AS ids CROSS JOIN schedule_runs ON schedule_runs.id = ids.value
    WHERE schedule_runs.org_id = ?`,
  byJob: 'SELECT * FROM schedule_runs WHERE job_id = ? AND org_id = ? ORDER BY created_at, id LIMIT 1',
  active: `SELECT * FROM schedule_runs WHERE schedule_id = ? AND status IN ('QUEUED', 'RUNNING')
    ORDER BY scheduled_for, id`,
  // The status test is written as in the partial index schedule_runs_active, which serves it.
  allActive: `SELECT * FROM schedule_runs WHERE status IN ('QUEUED', 'RUNNING') AND id > ? ORDER BY id LIMIT ?`,
  getManyInAnyOrg: 'SELECT * FROM schedule_runs WHERE id IN (SELECT value FROM json_each(?))',
  // Served by schedule_runs_schedule_status: one index probe per schedule, no scan.
  activeOf: `SELECT * FROM schedule_runs WHERE schedule_id IN (SELECT value FROM json_each(?)) AND status IN ('QUEUED', 'RUNNING')
    ORDER BY schedule_id, scheduled_for, id`,
};

const RUN_INSERT_HEAD = `INSERT INTO schedule_runs (id, org_id, schedule_id, run_key, run_trigger, attempt, status, scheduled_for,
    started_at, finished_at, job_id, error, retry_of_run_id, created_at, updated_at)`;
const RUN_INSERT_ROW = `(${Array.from({ length: 15 }, () => '?').join(', ')})`;
/** Rows per multi-row insert (15 parameters a row, well under SQLite's limit). */
const INSERT_CHUNK = 50;

/** A run as rowToRun reads it back after its insert (only present keys). */
function runAsStored(r: ScheduleRun): ScheduleRun {
  const run = { ...r };
  for (const key of Object.keys(run) as Array<keyof ScheduleRun>) if (run[key] === undefined) delete run[key];
  return run;
}

/** What a slot's writes did, before they are announced. */
interface SlotRows extends SlotWritten {
  jobCreated: boolean;
  schedules: Schedule[];
}

export class SqliteScheduleRunRepository implements ScheduleRunRepository {
  constructor(
    private readonly s: Statements,
    private readonly feed: ChangeFeed,
    private readonly jobs: SqliteJobRepository,
    private readonly schedules: SqliteScheduleRepository,
  ) {}

  async insert(r: ScheduleRun): Promise<{ run: ScheduleRun; created: boolean }> {
    const result = this.#insertRow(r);
    if (result.created) this.feed.emit({ kind: 'run.created', run: result.run });
    return result;
  }

  #insertRow(r: ScheduleRun): { run: ScheduleRun; created: boolean } {
    // Run, then read (no RETURNING: see sqlite/jobs.ts, it costs several times a read by key).
    const { changes } = this.s.get(RUN_SQL.insert).run(
      r.id, r.orgId, r.scheduleId, r.runKey, r.trigger, r.attempt, r.status, r.scheduledFor, r.startedAt ?? null,
      r.finishedAt ?? null, r.jobId ?? null, r.error ?? null, r.retryOfRunId ?? null, r.createdAt, r.updatedAt,
    );
    if (changes > 0) return { run: rowToRun(this.s.get(RUN_SQL.get).get(r.id) as Row), created: true };
    const existing = this.s.get(RUN_SQL.byKey).get(r.runKey) as Row;
    return { run: rowToRun(existing), created: false };
  }

  async update(id: string, patch: ScheduleRunPatch, now: number, ifStatus?: readonly RunStatus[]): Promise<ScheduleRun | undefined> {
    const run = this.#updateRow(id, patch, now, ifStatus);
    if (run) this.feed.emit({ kind: 'run.updated', run });
    return run;
  }

  #updateRow(id: string, patch: ScheduleRunPatch, now: number, ifStatus?: readonly RunStatus[]): ScheduleRun | undefined {
    return this.s.db.transaction(() => (this.#updateWrite(id, patch, now, ifStatus) ? rowToRun(this.s.get(RUN_SQL.get).get(id) as Row) : undefined))();
  }

  /** The write of #updateRow without its read-back, inside the caller's transaction: true if it wrote. */
  #updateWrite(id: string, patch: ScheduleRunPatch, now: number, ifStatus?: readonly RunStatus[]): boolean {
    const set = runSet(patch, now);
    const condition = ifStatus === undefined ? '' : ` AND status ${IN_JSON}`;
    const { changes } = this.s
      .get(`UPDATE schedule_runs SET ${set.sql} WHERE id = ?${condition}`)
      .run(...set.params, id, ...(ifStatus === undefined ? [] : [JSON.stringify(ifStatus)]));
    return changes > 0;
  }

  /**
   * A batch in few statements: one read of the runKeys already taken, multi-row inserts of the new
   * runs and of their jobs (built as a read returns them: no read-back), one write per schedule
   * patch and one read of the patched schedules.
   */
  async fireSlots(slots: readonly SlotWrite[], now: number): Promise<SlotWritten[]> {
    if (slots.length === 0) return [];
    const written = this.s.db.transaction(() => this.#fireSlotRows(slots, now))();
    for (const { run, created, job, jobCreated, schedules } of written) {
      if (created) this.feed.emit({ kind: 'run.created', run: run! });
      if (jobCreated) this.feed.emit({ kind: 'job.created', job: job! });
      for (const schedule of schedules) this.feed.emit({ kind: 'schedule.updated', schedule });
    }
    return written.map(({ run, created, job }) => ({ ...(run && { run }), created, ...(job && { job }) }));
  }

  #fireSlotRows(slots: readonly SlotWrite[], now: number): SlotRows[] {
    const taken = this.#runsByKey(slots.flatMap((slot) => (slot.run ? [slot.run.runKey] : [])));
    const newRuns: ScheduleRun[] = [];
    const newJobs: NewJob[] = [];
    const rows = slots.map((slot): SlotRows => {
      const rows: SlotRows = { created: false, jobCreated: false, schedules: [] };
      if (!slot.run) return rows;
      const existing = taken.get(slot.run.runKey);
      if (existing) return { ...rows, run: existing };
      const run = runAsStored(slot.job ? { ...slot.run, jobId: slot.job.id } : slot.run);
      taken.set(run.runKey, run);
      newRuns.push(run);
      if (slot.job) newJobs.push(slot.job);
      return { ...rows, run, created: true, jobCreated: slot.job !== undefined };
    });
    this.#insertRuns(newRuns);
    const jobs = new Map(this.jobs.insertNewRows(newJobs).map((job) => [job.scheduleRunId!, job]));
    const patched = new Set<string>();
    for (const [index, slot] of slots.entries()) {
      const row = rows[index]!;
      if (row.jobCreated) row.job = jobs.get(row.run!.id);
      let wrote = false;
      for (const { patch, ifNextRunAt, ifRunCreated } of slot.patches) {
        if (ifRunCreated && !row.created) continue;
        if (this.schedules.patchWrite(slot.scheduleId, patch, now, ifNextRunAt)) wrote = true;
      }
      if (wrote) patched.add(slot.scheduleId);
    }
    const schedules = this.schedules.rowsOf(patched);
    for (const [index, slot] of slots.entries()) {
      const schedule = schedules.get(slot.scheduleId);
      // Announced once per slot, as stored after all of its patches.
      if (schedule) rows[index]!.schedules.push(schedule);
    }
    return rows;
  }

  /** The stored runs among these runKeys, by key. */
  #runsByKey(keys: readonly string[]): Map<string, ScheduleRun> {
    if (keys.length === 0) return new Map();
    return new Map((this.s.get(RUN_SQL.byKeys).all(JSON.stringify(keys)) as Row[]).map((r) => [r.run_key as string, rowToRun(r)]));
  }

  /** Multi-row inserts of runs whose runKeys were read as free in this transaction. */
  #insertRuns(runs: readonly ScheduleRun[]): void {
    for (let i = 0; i < runs.length; i += INSERT_CHUNK) {
      const chunk = runs.slice(i, i + INSERT_CHUNK);
      const params: unknown[] = [];
      for (const r of chunk) {
        params.push(
          r.id, r.orgId, r.scheduleId, r.runKey, r.trigger, r.attempt, r.status, r.scheduledFor, r.startedAt ?? null,
          r.finishedAt ?? null, r.jobId ?? null, r.error ?? null, r.retryOfRunId ?? null, r.createdAt, r.updatedAt,
        );
      }
      this.s.get(`${RUN_INSERT_HEAD} VALUES ${chunk.map(() => RUN_INSERT_ROW).join(', ')}`).run(...params);
    }
  }

  /**
   * Run updates in one transaction: each run's conditional write, one read of the runs written, then
   * their schedules' patches and one read of those. A schedule patched by two runs of the batch is
   * read after each of its patches (a failure streak crossing its alert threshold is seen once).
   */
  async updateMany(updates: readonly RunUpdate[], now: number): Promise<RunUpdated[]> {
    if (updates.length === 0) return [];
    const results = this.s.db.transaction(() => this.#updateManyRows(updates, now))();
    for (const { run, schedule } of results) {
      if (run) this.feed.emit({ kind: 'run.updated', run });
      if (schedule) this.feed.emit({ kind: 'schedule.updated', schedule });
    }
    return results;
  }

  #updateManyRows(updates: readonly RunUpdate[], now: number): RunUpdated[] {
    // The same run twice in a batch: each update sees the one before it, one at a time.
    if (new Set(updates.map((u) => u.id)).size < updates.length) {
      return updates.map((u): RunUpdated => {
        const run = this.#updateRow(u.id, u.patch, now, u.ifStatus);
        const schedule = run && u.schedulePatch ? this.schedules.patchRow(run.scheduleId, u.schedulePatch, now, undefined, true) : undefined;
        return { ...(run && { run }), ...(schedule && { schedule }) };
      });
    }
    const moved = updates.filter((u) => this.#updateWrite(u.id, u.patch, now, u.ifStatus)).map((u) => u.id);
    const runs = new Map((moved.length ? (this.s.get(RUN_SQL.getManyInAnyOrg).all(JSON.stringify(moved)) as Row[]) : []).map((r) => [r.id as string, rowToRun(r)]));
    const patchesOf = new Map<string, number>();
    for (const u of updates) {
      const run = runs.get(u.id);
      if (run && u.schedulePatch) patchesOf.set(run.scheduleId, (patchesOf.get(run.scheduleId) ?? 0) + 1);
    }
    const schedules = new Map<number, Schedule>();
    const later: Array<[number, string]> = [];
    for (const [index, u] of updates.entries()) {
      const run = runs.get(u.id);
      if (!run || !u.schedulePatch || !this.schedules.patchWrite(run.scheduleId, u.schedulePatch, now, undefined, true)) continue;
      if (patchesOf.get(run.scheduleId)! > 1) schedules.set(index, this.schedules.rowsOf([run.scheduleId]).get(run.scheduleId)!);
      else later.push([index, run.scheduleId]);
    }
    const read = this.schedules.rowsOf(later.map(([, id]) => id));
    for (const [index, id] of later) {
      const schedule = read.get(id);
      if (schedule) schedules.set(index, schedule);
    }
    return updates.map((u, index): RunUpdated => {
      const run = runs.get(u.id);
      const schedule = schedules.get(index);
      return { ...(run && { run }), ...(schedule && { schedule }) };
    });
  }

  async get(id: string, orgId: string): Promise<ScheduleRun | undefined> {
    const row = this.s.get(RUN_SQL.get).get(id) as Row | undefined;
    if (!row || row.org_id !== orgId) return undefined;
    return rowToRun(row);
  }

  async getManyInAnyOrg(ids: readonly string[]): Promise<ScheduleRun[]> {
    if (ids.length === 0) return [];
    return (this.s.get(RUN_SQL.getManyInAnyOrg).all(JSON.stringify(ids)) as Row[]).map(rowToRun);
  }

  async getMany(ids: readonly string[], orgId: string): Promise<ScheduleRun[]> {
    if (ids.length === 0) return [];
    return (this.s.get(RUN_SQL.getMany).all(JSON.stringify(ids), orgId) as Row[]).map(rowToRun);
  }

  async byJob(orgId: string, jobId: string): Promise<ScheduleRun | undefined> {
    const row = this.s.get(RUN_SQL.byJob).get(jobId, orgId) as Row | undefined;
    return row ? rowToRun(row) : undefined;
  }

  async list(orgId: string, filter: RunFilter, req: PageRequest): Promise<Page<ScheduleRun>> {
    const where = runWhere(orgId, filter);
    const after = req.after === undefined ? undefined : decodeTimeCursor(req.after);
    const sql = `SELECT * FROM schedule_runs WHERE ${where.sql}${after ? ' AND (scheduled_for, id) < (?, ?)' : ''}
      ORDER BY scheduled_for DESC, id DESC LIMIT ?`;
    const rows = this.s.get(sql).all(...where.params, ...(after ?? []), req.first + 1) as Row[];
    return pageOf(rows, req.first, rowToRun, runCursor);
  }

  async count(orgId: string, filter: RunFilter): Promise<number> {
    const where = runWhere(orgId, filter);
    return (this.s.get(`SELECT COUNT(*) AS n FROM schedule_runs WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
  }

  async active(scheduleId: string): Promise<ScheduleRun[]> {
    return (this.s.get(RUN_SQL.active).all(scheduleId) as Row[]).map(rowToRun);
  }

  async activeOf(scheduleIds: readonly string[]): Promise<ScheduleRun[]> {
    if (scheduleIds.length === 0) return [];
    return (this.s.get(RUN_SQL.activeOf).all(JSON.stringify(scheduleIds)) as Row[]).map(rowToRun);
  }

  async allActive(after: string | undefined, max: number): Promise<ScheduleRun[]> {
    if (max <= 0) return [];
    return (this.s.get(RUN_SQL.allActive).all(after ?? '', max) as Row[]).map(rowToRun);
  }
}
