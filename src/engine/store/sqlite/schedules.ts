/**
 * Schedules, their runs, alerts and schedulers' heartbeats on SQLite: filters as SQL, the row
 * mapping, and the repositories. Schedule and run writes are announced on the feed after they
 * commit, as stored; alerts and heartbeats are not.
 */
import type { ChangeFeed } from '../change-feed.js';
import { ValidationError } from '../../domain/errors.js';
import type {
  Alert,
  AlertKind,
  RunStatus,
  Schedule,
  ScheduleFilter,
  SchedulePatch,
  ScheduleRun,
  ScheduleRunPatch,
  SchedulerHeartbeat,
} from '../../domain/schedule.js';
import type { Page, PageRequest } from '../../domain/types.js';
import { decodeCursor, encodeCursor } from '../../domain/cursor.js';
import type { AlertRepository, ScheduleRepository, ScheduleRunRepository, SchedulerHeartbeatRepository } from '../port.js';
import type { SqlPart } from './job-query.js';
import { toJson, type Row } from './rows.js';
import type { Statements } from './statements.js';

const IN = 'IN (SELECT value FROM json_each(?))';

/** What `search` looks in: name and description, lower-cased by JS (SQLite's lower() knows only ASCII). */
export const scheduleSearchText = (s: Pick<Schedule, 'name' | 'description'>): string =>
  `${s.name}\n${s.description ?? ''}`.toLowerCase();

/** A two-part keyset cursor [sort value, id]; a key of other types was not made by this list. */
function decodeKey<T extends 'number' | 'string'>(cursor: string, type: T): [T extends 'number' ? number : string, string] {
  const [value, id] = decodeCursor(cursor, 2);
  if (typeof value !== type || typeof id !== 'string') throw ValidationError.field('after', 'is not a cursor from this list');
  return [value as T extends 'number' ? number : string, id];
}

function page<T extends { id: string }>(rows: Row[], first: number, map: (r: Row) => T, key: (t: T) => Array<string | number>): Page<T> {
  const nodes = rows.slice(0, first).map(map);
  return { items: nodes.map((node) => ({ node, cursor: encodeCursor(key(node)) })), hasNextPage: rows.length > first };
}

// ---------------------------------------------------------------- schedules

export function scheduleWhere(orgId: string, f: ScheduleFilter): SqlPart {
  const clauses = ['org_id = ?'];
  const params: unknown[] = [orgId];
  if (f.enabled !== undefined) clauses.push('enabled = ?'), params.push(f.enabled ? 1 : 0);
  if (f.taskType?.length) clauses.push(`task_type ${IN}`), params.push(JSON.stringify(f.taskType));
  if (f.lastRunStatus?.length) clauses.push(`last_run_status ${IN}`), params.push(JSON.stringify(f.lastRunStatus));
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
  ];
}

const SCHEDULE_COLUMNS = [
  'name', 'description', 'search_text', 'task_type', 'payload', 'trigger_spec', 'enabled', 'next_run_at', 'last_run_at',
  'last_run_status', 'consecutive_failures', 'overlap_policy', 'max_concurrent_runs', 'misfire_policy',
  'catch_up_window_seconds', 'retry_policy', 'alert_after_failures', 'pause_on_alert', 'created_by', 'created_at',
  'updated_at', 'anchor_at',
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
  sets.push('updated_at = ?'), params.push(now);
  return { sql: sets.join(', '), params };
}

const SCHEDULE_SQL = {
  insert: `INSERT INTO schedules (id, org_id, ${SCHEDULE_COLUMNS.join(', ')})
    VALUES (?, ?, ${SCHEDULE_COLUMNS.map(() => '?').join(', ')}) RETURNING *`,
  // A save never moves a schedule to another org, and never brings a deleted one back.
  save: `UPDATE schedules SET ${SCHEDULE_COLUMNS.map((c) => `${c} = ?`).join(', ')} WHERE id = ? AND org_id = ? RETURNING *`,
  get: 'SELECT * FROM schedules WHERE id = ?',
  delete: 'DELETE FROM schedules WHERE id = ? AND org_id = ?',
  deleteRuns: 'DELETE FROM schedule_runs WHERE schedule_id = ?',
  due: 'SELECT * FROM schedules WHERE enabled = 1 AND next_run_at <= ? ORDER BY next_run_at, id LIMIT ?',
  nextDueAt: 'SELECT next_run_at AS at FROM schedules WHERE enabled = 1 AND next_run_at IS NOT NULL ORDER BY next_run_at LIMIT 1',
  activeOrgs: 'SELECT DISTINCT org_id FROM schedules WHERE enabled = 1 AND next_run_at IS NOT NULL ORDER BY org_id',
};

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
    const set = schedulePatchSet(patch, now);
    const condition = ifNextRunAt === undefined ? '' : ' AND next_run_at = ?';
    const row = this.s
      .get(`UPDATE schedules SET ${set.sql} WHERE id = ?${condition} RETURNING *`)
      .get(...set.params, id, ...(ifNextRunAt === undefined ? [] : [ifNextRunAt])) as Row | undefined;
    if (!row) return undefined;
    const schedule = rowToSchedule(row);
    this.feed.emit({ kind: 'schedule.updated', schedule });
    return schedule;
  }

  async get(id: string, orgId?: string): Promise<Schedule | undefined> {
    const row = this.s.get(SCHEDULE_SQL.get).get(id) as Row | undefined;
    if (!row || (orgId !== undefined && row.org_id !== orgId)) return undefined;
    return rowToSchedule(row);
  }

  async list(orgId: string, filter: ScheduleFilter, req: PageRequest): Promise<Page<Schedule>> {
    const where = scheduleWhere(orgId, filter);
    const after = req.after === undefined ? undefined : decodeKey(req.after, 'string');
    const sql = `SELECT * FROM schedules WHERE ${where.sql}${after ? ' AND (name, id) > (?, ?)' : ''}
      ORDER BY name, id LIMIT ?`;
    const rows = this.s.get(sql).all(...where.params, ...(after ?? []), req.first + 1) as Row[];
    return page(rows, req.first, rowToSchedule, (s) => [s.name, s.id]);
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

  async nextDueAt(): Promise<number | undefined> {
    const row = this.s.get(SCHEDULE_SQL.nextDueAt).get() as { at: number } | undefined;
    return row?.at;
  }

  async activeOrgs(): Promise<string[]> {
    return (this.s.get(SCHEDULE_SQL.activeOrgs).all() as Array<{ org_id: string }>).map((r) => r.org_id);
  }
}

// ---------------------------------------------------------------- runs

export interface RunFilter {
  scheduleId?: string;
  status?: RunStatus[];
}

export function runWhere(orgId: string, f: RunFilter): SqlPart {
  const clauses = ['org_id = ?'];
  const params: unknown[] = [orgId];
  if (f.scheduleId !== undefined) clauses.push('schedule_id = ?'), params.push(f.scheduleId);
  if (f.status?.length) clauses.push(`status ${IN}`), params.push(JSON.stringify(f.status));
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
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (run_key) DO NOTHING RETURNING *`,
  byKey: 'SELECT * FROM schedule_runs WHERE run_key = ?',
  get: 'SELECT * FROM schedule_runs WHERE id = ?',
  byJob: 'SELECT * FROM schedule_runs WHERE job_id = ? ORDER BY created_at, id LIMIT 1',
  active: `SELECT * FROM schedule_runs WHERE schedule_id = ? AND status IN ('QUEUED', 'RUNNING')
    ORDER BY scheduled_for, id`,
  // The status test is written as in the partial index schedule_runs_active, which serves it.
  allActive: `SELECT * FROM schedule_runs WHERE status IN ('QUEUED', 'RUNNING') AND id > ? ORDER BY id LIMIT ?`,
};

export class SqliteScheduleRunRepository implements ScheduleRunRepository {
  constructor(
    private readonly s: Statements,
    private readonly feed: ChangeFeed,
  ) {}

  async insert(r: ScheduleRun): Promise<{ run: ScheduleRun; created: boolean }> {
    const row = this.s.get(RUN_SQL.insert).get(
      r.id, r.orgId, r.scheduleId, r.runKey, r.trigger, r.attempt, r.status, r.scheduledFor, r.startedAt ?? null,
      r.finishedAt ?? null, r.jobId ?? null, r.error ?? null, r.retryOfRunId ?? null, r.createdAt, r.updatedAt,
    ) as Row | undefined;
    if (row) {
      const run = rowToRun(row);
      this.feed.emit({ kind: 'run.created', run });
      return { run, created: true };
    }
    const existing = this.s.get(RUN_SQL.byKey).get(r.runKey) as Row;
    return { run: rowToRun(existing), created: false };
  }

  async update(id: string, patch: ScheduleRunPatch, now: number, ifStatus?: readonly RunStatus[]): Promise<ScheduleRun | undefined> {
    const set = runSet(patch, now);
    const condition = ifStatus === undefined ? '' : ` AND status ${IN}`;
    const row = this.s
      .get(`UPDATE schedule_runs SET ${set.sql} WHERE id = ?${condition} RETURNING *`)
      .get(...set.params, id, ...(ifStatus === undefined ? [] : [JSON.stringify(ifStatus)])) as Row | undefined;
    if (!row) return undefined;
    const run = rowToRun(row);
    this.feed.emit({ kind: 'run.updated', run });
    return run;
  }

  async get(id: string, orgId?: string): Promise<ScheduleRun | undefined> {
    const row = this.s.get(RUN_SQL.get).get(id) as Row | undefined;
    if (!row || (orgId !== undefined && row.org_id !== orgId)) return undefined;
    return rowToRun(row);
  }

  async byJob(jobId: string): Promise<ScheduleRun | undefined> {
    const row = this.s.get(RUN_SQL.byJob).get(jobId) as Row | undefined;
    return row ? rowToRun(row) : undefined;
  }

  async list(orgId: string, filter: RunFilter, req: PageRequest): Promise<Page<ScheduleRun>> {
    const where = runWhere(orgId, filter);
    const after = req.after === undefined ? undefined : decodeKey(req.after, 'number');
    const sql = `SELECT * FROM schedule_runs WHERE ${where.sql}${after ? ' AND (scheduled_for, id) < (?, ?)' : ''}
      ORDER BY scheduled_for DESC, id DESC LIMIT ?`;
    const rows = this.s.get(sql).all(...where.params, ...(after ?? []), req.first + 1) as Row[];
    return page(rows, req.first, rowToRun, (r) => [r.scheduledFor, r.id]);
  }

  async count(orgId: string, filter: RunFilter): Promise<number> {
    const where = runWhere(orgId, filter);
    return (this.s.get(`SELECT COUNT(*) AS n FROM schedule_runs WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
  }

  async active(scheduleId: string): Promise<ScheduleRun[]> {
    return (this.s.get(RUN_SQL.active).all(scheduleId) as Row[]).map(rowToRun);
  }

  async allActive(after: string | undefined, max: number): Promise<ScheduleRun[]> {
    if (max <= 0) return [];
    return (this.s.get(RUN_SQL.allActive).all(after ?? '', max) as Row[]).map(rowToRun);
  }
}

// ---------------------------------------------------------------- alerts

export interface AlertFilter {
  open?: boolean;
  scheduleId?: string;
}

export function alertWhere(orgId: string, f: AlertFilter): SqlPart {
  const clauses = ['org_id = ?'];
  const params: unknown[] = [orgId];
  if (f.open !== undefined) clauses.push(f.open ? 'acknowledged_at IS NULL' : 'acknowledged_at IS NOT NULL');
  if (f.scheduleId !== undefined) clauses.push('schedule_id = ?'), params.push(f.scheduleId);
  return { sql: clauses.join(' AND '), params };
}

export function rowToAlert(r: Row): Alert {
  const alert: Alert = {
    id: r.id as string,
    orgId: r.org_id as string,
    kind: r.kind as Alert['kind'],
    message: r.message as string,
    raisedAt: r.raised_at as number,
  };
  if (r.schedule_id != null) alert.scheduleId = r.schedule_id as string;
  if (r.acknowledged_at != null) alert.acknowledgedAt = r.acknowledged_at as number;
  if (r.acknowledged_by != null) alert.acknowledgedBy = r.acknowledged_by as string;
  if (r.dedupe_key != null) alert.dedupeKey = r.dedupe_key as string;
  return alert;
}

const ALERT_SQL = {
  // Only a clash on an open alert's dedupe key is "already raised"; any other clash (the id) is an error.
  insert: `INSERT INTO alerts (id, org_id, kind, schedule_id, message, raised_at, acknowledged_at, acknowledged_by, dedupe_key)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (org_id, dedupe_key) WHERE dedupe_key IS NOT NULL DO NOTHING`,
  get: 'SELECT * FROM alerts WHERE id = ?',
  // The first acknowledgement stands: a second one changes nothing. It releases the dedupe key.
  acknowledge: `UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ?, dedupe_key = NULL
    WHERE id = ? AND org_id = ? AND acknowledged_at IS NULL RETURNING *`,
  resolve: `UPDATE alerts SET acknowledged_at = ?, acknowledged_by = ?, dedupe_key = NULL
    WHERE kind = ? AND acknowledged_at IS NULL RETURNING *`,
};

export class SqliteAlertRepository implements AlertRepository {
  constructor(
    private readonly s: Statements,
    private readonly feed: ChangeFeed,
  ) {}

  async insert(a: Alert): Promise<boolean> {
    // An acknowledged alert holds no key (as acknowledge leaves it).
    const key = a.acknowledgedAt === undefined ? (a.dedupeKey ?? null) : null;
    const { changes } = this.s
      .get(ALERT_SQL.insert)
      .run(a.id, a.orgId, a.kind, a.scheduleId ?? null, a.message, a.raisedAt, a.acknowledgedAt ?? null, a.acknowledgedBy ?? null, key);
    if (changes > 0) this.feed.emit({ kind: 'alert.raised', alert: (await this.get(a.id))! });
    return changes > 0;
  }

  async get(id: string, orgId?: string): Promise<Alert | undefined> {
    const row = this.s.get(ALERT_SQL.get).get(id) as Row | undefined;
    if (!row || (orgId !== undefined && row.org_id !== orgId)) return undefined;
    return rowToAlert(row);
  }

  async list(orgId: string, filter: AlertFilter, req: PageRequest): Promise<Page<Alert>> {
    const where = alertWhere(orgId, filter);
    const after = req.after === undefined ? undefined : decodeKey(req.after, 'number');
    const sql = `SELECT * FROM alerts WHERE ${where.sql}${after ? ' AND (raised_at, id) < (?, ?)' : ''}
      ORDER BY raised_at DESC, id DESC LIMIT ?`;
    const rows = this.s.get(sql).all(...where.params, ...(after ?? []), req.first + 1) as Row[];
    return page(rows, req.first, rowToAlert, (a) => [a.raisedAt, a.id]);
  }

  async count(orgId: string, filter: AlertFilter): Promise<number> {
    const where = alertWhere(orgId, filter);
    return (this.s.get(`SELECT COUNT(*) AS n FROM alerts WHERE ${where.sql}`).get(...where.params) as { n: number }).n;
  }

  async acknowledge(id: string, orgId: string, by: string, now: number): Promise<Alert | undefined> {
    const row = this.s.get(ALERT_SQL.acknowledge).get(now, by, id, orgId) as Row | undefined;
    if (!row) return this.get(id, orgId);
    const alert = rowToAlert(row);
    this.feed.emit({ kind: 'alert.updated', alert });
    return alert;
  }

  async resolve(kind: AlertKind, by: string, now: number): Promise<number> {
    const rows = this.s.get(ALERT_SQL.resolve).all(now, by, kind) as Row[];
    for (const row of rows) this.feed.emit({ kind: 'alert.updated', alert: rowToAlert(row) });
    return rows.length;
  }
}

// ---------------------------------------------------------------- scheduler heartbeats

export class SqliteSchedulerHeartbeatRepository implements SchedulerHeartbeatRepository {
  constructor(private readonly s: Statements) {}

  async beat(node: string, at: number): Promise<void> {
    this.s
      .get(
        `INSERT INTO scheduler_heartbeats (node, last_beat_at) VALUES (?, ?)
         ON CONFLICT (node) DO UPDATE SET last_beat_at = max(last_beat_at, excluded.last_beat_at)`,
      )
      .run(node, at);
  }

  async newest(): Promise<SchedulerHeartbeat | undefined> {
    const row = this.s.get('SELECT node, last_beat_at FROM scheduler_heartbeats ORDER BY last_beat_at DESC, node LIMIT 1').get() as Row | undefined;
    return row ? { node: row.node as string, lastBeatAt: row.last_beat_at as number } : undefined;
  }
}
