/** Schedules on SQLite: filters as SQL, the row mapping and the repository. Writes are announced on the feed after they commit, as stored. */
import type { ChangeFeed } from '../change-feed.js';
import type { RunStatus, Schedule, ScheduleFilter, SchedulePatch } from '../../domain/schedule.js';
import type { Page, PageRequest } from '../../domain/page.js';
import type { ScheduleRepository } from '../port.js';
import type { SqlPart } from './sql.js';
import { toJson, type Row } from './rows.js';
import type { Statements } from './statements.js';
import { IN_JSON } from './sql.js';
import { pageOf } from '../../domain/page.js';
import { decodeScheduleCursor, scheduleCursor } from '../../domain/list-orders.js';
import { scheduleSearchText } from '../../domain/schedule.js';

export function scheduleWhere(orgId: string, f: ScheduleFilter): SqlPart {
  const clauses = ['org_id = ?'];
  const params: unknown[] = [orgId];
  if (f.enabled !== undefined) clauses.push('enabled = ?'), params.push(f.enabled ? 1 : 0);
  if (f.taskType?.length) clauses.push(`task_type ${IN_JSON}`), params.push(JSON.stringify(f.taskType));
  if (f.lastRunStatus?.length) clauses.push(`last_run_status ${IN_JSON}`), params.push(JSON.stringify(f.lastRunStatus));
  const search = f.search?.trim().toLowerCase();
  if (search) clauses.push('instr(search_text, ?) > 0'), params.push(search);
  return { sql: clauses.join(' AND '), params };
}

export function rowToSchedule(r: Row): Schedule {
  const schedule: Omit<Schedule, 'payload'> & { payload?: unknown } = {
    id: r.id as string,
    orgId: r.org_id as string,
    name: r.name as string,
    taskType: r.task_type as string,
    trigger: JSON.parse(r.trigger_spec as string),
    enabled: r.enabled === 1,
    consecutiveFailures: r.consecutive_failures as number,
    skippedRuns: (r.skipped_runs as number | null) ?? 0,
    overlapPolicy: r.overlap_policy as Schedule['overlapPolicy'],
    maxConcurrentRuns: r.max_concurrent_runs as number,
    misfirePolicy: r.misfire_policy as Schedule['misfirePolicy'],
    catchUpWindowSeconds: r.catch_up_window_seconds as number,
    retryPolicy: JSON.parse(r.retry_policy as string),
    pauseOnAlert: r.pause_on_alert === 1,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
    anchorAt: r.anchor_at as number,
  };
  // Only present keys are set, so a schedule compares equal across adapters (payload too: a JSON
  // null stays null, a missing payload stays missing).
  if (r.payload != null) schedule.payload = JSON.parse(r.payload as string);
  if (r.description != null) schedule.description = r.description as string;
  if (r.next_run_at != null) schedule.nextRunAt = r.next_run_at as number;
  if (r.last_run_at != null) schedule.lastRunAt = r.last_run_at as number;
  if (r.last_run_status != null) schedule.lastRunStatus = r.last_run_status as RunStatus;
  if (r.last_skipped_at != null) schedule.lastSkippedAt = r.last_skipped_at as number;
  if (r.alert_after_failures != null) schedule.alertAfterFailures = r.alert_after_failures as number;
  if (r.created_by != null) schedule.createdBy = r.created_by as string;
  return schedule as Schedule;
}

/** Every column but id and org_id, in the order of SCHEDULE_COLUMNS. */
function scheduleValues(s: Schedule): unknown[] {
  return [
    s.name, s.description ?? null, scheduleSearchText(s), s.taskType, toJson(s.payload), JSON.stringify(s.trigger),
    s.enabled ? 1 : 0, s.nextRunAt ?? null, s.lastRunAt ?? null, s.lastRunStatus ?? null, s.consecutiveFailures,
    s.overlapPolicy, s.maxConcurrentRuns, s.misfirePolicy, s.catchUpWindowSeconds, JSON.stringify(s.retryPolicy),
    s.alertAfterFailures ?? null, s.pauseOnAlert ? 1 : 0, s.createdBy ?? null, s.createdAt, s.updatedAt, s.anchorAt,
    s.skippedRuns, s.lastSkippedAt ?? null,
  ];
}

const SCHEDULE_COLUMNS = [
  'name', 'description', 'search_text', 'task_type', 'payload', 'trigger_spec', 'enabled', 'next_run_at', 'last_run_at',
  'last_run_status', 'consecutive_failures', 'overlap_policy', 'max_concurrent_runs', 'misfire_policy',
  'catch_up_window_seconds', 'retry_policy', 'alert_after_failures', 'pause_on_alert', 'created_by', 'created_at',
  'updated_at', 'anchor_at', 'skipped_runs', 'last_skipped_at',
];

/** The SET of a scheduler patch: only the fields present (a bounded set of shapes), and updated_at. */
export function schedulePatchSet(patch: SchedulePatch, now: number): SqlPart {
  const sets: string[] = [];
  const params: unknown[] = [];
  if (patch.nextRunAt !== undefined) sets.push('next_run_at = ?'), params.push(patch.nextRunAt);
  if (patch.lastRunAt !== undefined) sets.push('last_run_at = ?'), params.push(patch.lastRunAt);
  if (patch.lastRunStatus !== undefined) sets.push('last_run_status = ?'), params.push(patch.lastRunStatus);
  if (patch.enabled !== undefined) sets.push('enabled = ?'), params.push(patch.enabled ? 1 : 0);
  // In SQL, not read-then-written: two failures recorded at once both count.
  if (patch.failures === 'increment') sets.push('consecutive_failures = consecutive_failures + 1');
  if (patch.failures === 'reset') sets.push('consecutive_failures = 0');
  if (patch.skipped !== undefined) sets.push('skipped_runs = skipped_runs + 1', 'last_skipped_at = ?'), params.push(patch.skipped);
  sets.push('updated_at = ?'), params.push(now);
  return { sql: sets.join(', '), params };
}

const SCHEDULE_SQL = {
  insert: `INSERT INTO schedules (id, org_id, ${SCHEDULE_COLUMNS.join(', ')})
    VALUES (?, ?, ${SCHEDULE_COLUMNS.map(() => '?').join(', ')}) RETURNING *`,
  // A save never moves a schedule to another org, and never brings a deleted one back.
  save: `UPDATE schedules SET ${SCHEDULE_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE id = ? AND org_id = ? RETURNING *`,
  get: 'SELECT * FROM schedules WHERE id = ?',
  byIds: 'SELECT * FROM schedules WHERE id IN (SELECT value FROM json_each(?))',
  getMany: `SELECT schedules.* FROM (SELECT DISTINCT value FROM json_each(?)) AS ids CROSS JOIN schedules ON schedules.id = ids.value
    WHERE schedules.org_id = ?`,
  delete: 'DELETE FROM schedules WHERE id = ? AND org_id = ?',
  deleteRuns: 'DELETE FROM schedule_runs WHERE schedule_id = ?',
  due: 'SELECT * FROM schedules WHERE enabled = 1 AND next_run_at <= ? ORDER BY next_run_at, id LIMIT ?',
  nextDueAt: 'SELECT next_run_at AS at FROM schedules WHERE enabled = 1 AND next_run_at IS NOT NULL ORDER BY next_run_at LIMIT 1',
  nextDueAfter: 'SELECT next_run_at AS at FROM schedules WHERE enabled = 1 AND next_run_at > ? ORDER BY next_run_at LIMIT 1',
  countDue: 'SELECT COUNT(*) AS n FROM (SELECT 1 FROM schedules WHERE enabled = 1 AND next_run_at <= ? LIMIT ?)',
  activeOrgs: 'SELECT DISTINCT org_id FROM schedules WHERE enabled = 1 AND next_run_at IS NOT NULL ORDER BY org_id',
};

/** A patch that only notes a run's end without counting anything: it may change nothing. */
export const isEndNote = (patch: SchedulePatch): patch is SchedulePatch & { lastRunStatus: RunStatus } =>
  patch.lastRunStatus !== undefined &&
  (patch.failures === undefined || patch.failures === 'reset') &&
  patch.nextRunAt === undefined &&
  patch.lastRunAt === undefined &&
  patch.enabled === undefined &&
  patch.skipped === undefined;

export class SqliteScheduleRepository implements ScheduleRepository {
  constructor(
    private readonly s: Statements,
    private readonly feed: ChangeFeed,
  ) {}

  async insert(schedule: Schedule): Promise<void> {
    const row = this.s.get(SCHEDULE_SQL.insert).get(schedule.id, schedule.orgId, ...scheduleValues(schedule)) as Row;
    this.feed.emit({ kind: 'schedule.created', schedule: rowToSchedule(row) });
  }

  async save(schedule: Schedule): Promise<void> {
    const row = this.s.get(SCHEDULE_SQL.save).get(...scheduleValues(schedule), schedule.id, schedule.orgId) as Row | undefined;
    if (row) this.feed.emit({ kind: 'schedule.updated', schedule: rowToSchedule(row) });
  }

  async patch(id: string, patch: SchedulePatch, now: number, ifNextRunAt?: number): Promise<Schedule | undefined> {
    const schedule = this.patchRow(id, patch, now, ifNextRunAt);
    if (schedule) this.feed.emit({ kind: 'schedule.updated', schedule });
    return schedule;
  }

  /**
   * The write of `patch`, inside the caller's transaction; the caller announces it after it commits.
   * With `ifChanges`, a run's end note (lastRunStatus, a streak reset) that changes nothing is not written.
   */
  patchRow(id: string, patch: SchedulePatch, now: number, ifNextRunAt?: number, ifChanges = false): Schedule | undefined {
    // Run, then read (no RETURNING: see sqlite/jobs.ts, it costs several times a read by key).
    return this.s.db.transaction(() =>
      this.patchWrite(id, patch, now, ifNextRunAt, ifChanges) ? rowToSchedule(this.s.get(SCHEDULE_SQL.get).get(id) as Row) : undefined,
    )();
  }

  /**
   * patchRow's write without its read-back or savepoint, inside the caller's transaction: true if it
   * wrote. A batch of patches reads the schedules back once (rowsOf).
   */
  patchWrite(id: string, patch: SchedulePatch, now: number, ifNextRunAt?: number, ifChanges = false): boolean {
    const set = schedulePatchSet(patch, now);
    const conditions = ['id = ?'];
    const params: unknown[] = [id];
    if (ifNextRunAt !== undefined) conditions.push('next_run_at = ?'), params.push(ifNextRunAt);
    if (ifChanges && isEndNote(patch)) {
      conditions.push(`(last_run_status IS NOT ?${patch.failures === 'reset' ? ' OR consecutive_failures <> 0' : ''})`);
      params.push(patch.lastRunStatus);
    }
    if (patch.skipped !== undefined) conditions.push('(last_skipped_at IS NULL OR last_skipped_at < ?)'), params.push(patch.skipped);
    return this.s.get(`UPDATE schedules SET ${set.sql} WHERE ${conditions.join(' AND ')}`).run(...set.params, ...params).changes > 0;
  }

  /** The schedules with these ids, in every org, by id: one read for a batch's patches. */
  rowsOf(ids: Iterable<string>): Map<string, Schedule> {
    const list = [...new Set(ids)];
    if (list.length === 0) return new Map();
    return new Map((this.s.get(SCHEDULE_SQL.byIds).all(JSON.stringify(list)) as Row[]).map((r) => [r.id as string, rowToSchedule(r)]));
  }

  async get(id: string, orgId: string): Promise<Schedule | undefined> {
    const row = this.s.get(SCHEDULE_SQL.get).get(id) as Row | undefined;
    if (!row || row.org_id !== orgId) return undefined;
    return rowToSchedule(row);
  }

  async getMany(ids: readonly string[], orgId: string): Promise<Schedule[]> {
    if (ids.length === 0) return [];
    return (this.s.get(SCHEDULE_SQL.getMany).all(JSON.stringify(ids), orgId) as Row[]).map(rowToSchedule);
  }

  async list(orgId: string, filter: ScheduleFilter, req: PageRequest): Promise<Page<Schedule>> {
    const where = scheduleWhere(orgId, filter);
    const after = req.after === undefined ? undefined : decodeScheduleCursor(req.after);
    const sql = `SELECT * FROM schedules WHERE ${where.sql}${after ? ' AND (name, id) > (?, ?)' : ''}
      ORDER BY name, id LIMIT ?`;
    const rows = this.s.get(sql).all(...where.params, ...(after ?? []), req.first + 1) as Row[];
    return pageOf(rows, req.first, rowToSchedule, scheduleCursor);
  }

  async count(orgId: string, filter: ScheduleFilter): Promise<number> {
    const where = scheduleWhere(orgId, filter);
    return (this.s.get(`SELECT COUNT(*) AS n FROM schedules WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
  }

  async delete(id: string, orgId: string): Promise<boolean> {
    const deleted = this.s.db.transaction(() => {
      if (this.s.get(SCHEDULE_SQL.delete).run(id, orgId).changes === 0) return false;
      this.s.get(SCHEDULE_SQL.deleteRuns).run(id);
      return true;
    })();
    if (deleted) this.feed.emit({ kind: 'schedule.deleted', scheduleId: id, orgId });
    return deleted;
  }

  async due(now: number, max: number): Promise<Schedule[]> {
    if (max <= 0) return [];
    return (this.s.get(SCHEDULE_SQL.due).all(now, max) as Row[]).map(rowToSchedule);
  }

  async nextDueAt(after?: number): Promise<number | undefined> {
    const row = (after === undefined ? this.s.get(SCHEDULE_SQL.nextDueAt).get() : this.s.get(SCHEDULE_SQL.nextDueAfter).get(after)) as { at: number } | undefined;
    return row?.at;
  }

  async countDue(until: number, max: number): Promise<number> {
    if (max <= 0) return 0;
    return (this.s.get(SCHEDULE_SQL.countDue).get(until, max) as { n: number }).n;
  }

  async activeOrgs(): Promise<string[]> {
    return (this.s.get(SCHEDULE_SQL.activeOrgs).all() as Array<{ org_id: string }>).map((r) => r.org_id);
  }
}
