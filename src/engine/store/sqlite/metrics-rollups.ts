/**
 * Metrics rollups on SQLite (domain/metrics-rollup.ts): finished jobs summed per org and minute in
 * three small tables, each org's mark in `metric_marks`. Rolling reads jobs in finish order on
 * jobs_org_finished and writes the sums and the new mark in one transaction, so no job counts twice.
 */
import type { MetricsJobTimes } from '../../domain/metrics.js';
import {
  addBins,
  floorMinute,
  MINUTE_MS,
  rollChunk,
  rollupOf,
  type DepthMinute,
  type OpenJobGroup,
  type RolledWindow,
  type ScheduleMinute,
  type TypeMinute,
} from '../../domain/metrics-rollup.js';
import type { MetricsRollupRepository } from '../port.js';
import { OPEN_SQL, rowToMetricsTimes, type MetricsRow } from './metrics.js';
import type { OffThreadReads } from './off-thread-reads.js';
import type { Statements } from './statements.js';

const SQL = {
  mark: 'SELECT rolled_until AS at FROM metric_marks WHERE org_id = ?',
  setMark: `INSERT INTO metric_marks (org_id, rolled_until) VALUES (?, ?)
    ON CONFLICT (org_id) DO UPDATE SET rolled_until = excluded.rolled_until`,
  // Finish order on jobs_org_finished (org, finished_key, id), which holds the finished jobs only.
  finishedFrom: `SELECT type, status, created_at, started_at, finished_at, schedule_id FROM jobs
    WHERE org_id = ? AND finished_at IS NOT NULL AND finished_key >= ? AND finished_key < ? ORDER BY finished_key LIMIT ?`,
  finishedAt: `SELECT type, status, created_at, started_at, finished_at, schedule_id FROM jobs
    WHERE org_id = ? AND finished_at IS NOT NULL AND finished_key = ?`,
  addType: `INSERT INTO metric_type_minutes (org_id, minute, type, succeeded, failed, durations) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (org_id, minute, type) DO UPDATE SET succeeded = succeeded + excluded.succeeded,
      failed = failed + excluded.failed, durations = jc_add_bins(durations, excluded.durations)`,
  addSchedule: `INSERT INTO metric_schedule_minutes (org_id, minute, schedule_id, triggers, succeeded, failed, durations)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (org_id, minute, schedule_id) DO UPDATE SET triggers = triggers + excluded.triggers,
      succeeded = succeeded + excluded.succeeded, failed = failed + excluded.failed,
      durations = jc_add_bins(durations, excluded.durations)`,
  addDepth: `INSERT INTO metric_depth_minutes (org_id, minute, delta) VALUES (?, ?, ?)
    ON CONFLICT (org_id, minute) DO UPDATE SET delta = delta + excluded.delta`,
  types: `SELECT minute, type, succeeded, failed, durations FROM metric_type_minutes WHERE org_id = ? AND minute >= ? AND minute < ?`,
  schedules: `SELECT minute, schedule_id AS scheduleId, triggers, succeeded, failed, durations FROM metric_schedule_minutes
    WHERE org_id = ? AND minute >= ? AND minute < ?`,
  depth: 'SELECT minute, delta FROM metric_depth_minutes WHERE org_id = ? AND minute > ? AND minute <= ?',
  depthBefore: 'SELECT COALESCE(SUM(delta), 0) AS n FROM metric_depth_minutes WHERE org_id = ? AND minute <= ?',
  // Unfinished jobs (the QUEUED, RUNNING and WAITING ranges of the status index), summed in groups (OpenJobGroup).
  open: `SELECT (created_at + 59999) / 60000 * 60000 AS createdMinute, (started_at + 59999) / 60000 * 60000 AS startedMinute,
      CASE WHEN created_at >= @since AND created_at < @until THEN schedule_id END AS scheduleId,
      SUM(started_at IS NULL OR started_at > @until) AS waitingAtUntil, COUNT(*) AS n
    FROM jobs WHERE org_id = @org AND status IN (${OPEN_SQL}) AND +created_at <= @until
    GROUP BY 1, 2, 3`,
  // From the later of the window's start and the org's mark (read in the same snapshot).
  finishedSince: `SELECT type, status, created_at, started_at, finished_at, schedule_id FROM jobs
    WHERE org_id = @org AND finished_key >= MAX(1, @since, COALESCE((SELECT rolled_until FROM metric_marks WHERE org_id = @org), 0))
      AND finished_at IS NOT NULL AND +created_at <= @until`,
  orgs: 'SELECT DISTINCT org_id AS orgId FROM job_counts',
  depthSums: 'SELECT org_id AS orgId, SUM(delta) AS n FROM metric_depth_minutes WHERE minute < ? GROUP BY org_id',
  dropDepth: 'DELETE FROM metric_depth_minutes WHERE minute < ?',
  dropTypes: 'DELETE FROM metric_type_minutes WHERE minute < ?',
  dropSchedules: 'DELETE FROM metric_schedule_minutes WHERE minute < ?',
};

type BinsRow<T> = Omit<T, 'durations'> & { durations: string };

export class SqliteMetricsRollupRepository implements MetricsRollupRepository {
  constructor(
    private readonly s: Statements,
    private readonly reads: OffThreadReads,
  ) {
    // Merging two minutes' binned durations inside the upsert.
    s.db.function('jc_add_bins', { deterministic: true }, (a, b) =>
      JSON.stringify(addBins(JSON.parse(a as string), JSON.parse(b as string))),
    );
  }

  /** Read off the event loop (off-thread-reads.ts): an org's whole queue is in `open`. */
  async window(orgId: string, since: number, until: number): Promise<{ rolled: RolledWindow; jobs: MetricsJobTimes[] }> {
    const named = { org: orgId, since, until };
    const [mark, types, schedules, depth, depthBefore, open, finished] = await this.reads.run([
      { sql: SQL.mark, params: [orgId], get: true },
      { sql: SQL.types, params: [orgId, since, until] },
      { sql: SQL.schedules, params: [orgId, since, until] },
      { sql: SQL.depth, params: [orgId, since, until] },
      { sql: SQL.depthBefore, params: [orgId, since], get: true },
      { sql: SQL.open, params: named },
      { sql: SQL.finishedSince, params: named },
    ], orgId);
    const parse = <T extends { durations: unknown }>(r: BinsRow<T>) => ({ ...r, durations: JSON.parse(r.durations) }) as T;
    const rolled: RolledWindow = {
      rolledUntil: (mark as { at: number } | undefined)?.at ?? 0,
      types: (types as BinsRow<TypeMinute>[]).map(parse<TypeMinute>),
      schedules: (schedules as BinsRow<ScheduleMinute>[]).map(parse<ScheduleMinute>),
      depth: depth as DepthMinute[],
      depthBefore: (depthBefore as { n: number }).n,
      open: open as OpenJobGroup[],
    };
    // Finished since the mark (and in the window): read one by one.
    return { rolled, jobs: (finished as MetricsRow[]).map(rowToMetricsTimes) };
  }

  async roll(orgId: string, upTo: number, maxJobs: number): Promise<{ rolled: number; done: boolean }> {
    return this.s.db.transaction(() => {
      const from = Math.max(1, this.#mark(orgId));
      if (from >= upTo) return { rolled: 0, done: true };
      const read = this.s.get(SQL.finishedFrom).all(orgId, from, upTo, maxJobs) as MetricsRow[];
      const chunk = rollChunk(read.map((r) => r.finished_at!), maxJobs, upTo);
      const rows = chunk.allAt === undefined ? read.slice(0, chunk.take) : (this.s.get(SQL.finishedAt).all(orgId, chunk.allAt) as MetricsRow[]);
      this.#add(orgId, rows.map(rowToMetricsTimes));
      this.s.get(SQL.setMark).run(orgId, chunk.mark);
      return { rolled: rows.length, done: chunk.done };
    })();
  }

  async orgs(): Promise<string[]> {
    return (this.s.get(SQL.orgs).all() as Array<{ orgId: string }>).map((r) => r.orgId);
  }

  async purge(before: number): Promise<void> {
    const cut = floorMinute(before);
    this.s.db.transaction(() => {
      const sums = this.s.get(SQL.depthSums).all(cut) as Array<{ orgId: string; n: number }>;
      this.s.get(SQL.dropDepth).run(cut);
      for (const { orgId, n } of sums) if (n !== 0) this.s.get(SQL.addDepth).run(orgId, cut - MINUTE_MS, n);
      this.s.get(SQL.dropTypes).run(cut);
      this.s.get(SQL.dropSchedules).run(cut);
    })();
  }

  #mark(orgId: string): number {
    return (this.s.get(SQL.mark).get(orgId) as { at: number } | undefined)?.at ?? 0;
  }

  #add(orgId: string, jobs: MetricsJobTimes[]): void {
    const rollup = rollupOf(jobs);
    for (const t of rollup.types) {
      this.s.get(SQL.addType).run(orgId, t.minute, t.type, t.succeeded, t.failed, JSON.stringify(t.durations));
    }
    for (const r of rollup.schedules) {
      this.s.get(SQL.addSchedule).run(orgId, r.minute, r.scheduleId, r.triggers, r.succeeded, r.failed, JSON.stringify(r.durations));
    }
    for (const d of rollup.depth) this.s.get(SQL.addDepth).run(orgId, d.minute, d.delta);
  }
}
