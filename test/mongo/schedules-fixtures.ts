/**
 * What the MongoDB adapter's schedule, run, alert and heartbeat tests share. They check the adapter
 * without a server: mingo evaluates its filters, list orders, keyset cursors and updates over
 * documents, and the answers are compared with the SQLite adapter's over the same data. The data:
 * schedules, runs and alerts with ties, gaps and two orgs, inserted into an in-memory SQLite store and
 * turned into documents in a shuffled order.
 */
import { find } from 'mingo';
import { afterAll, beforeAll } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import { RUN_STATUSES, type Alert, type Schedule, type ScheduleRun } from '../../src/engine/domain/schedule.js';
import { scheduleDoc, toDoc, type AlertDoc, type ScheduleDoc, type ScheduleRunDoc } from '../../src/engine/store/mongo/documents.js';
import type { Store } from '../../src/engine/store/port.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';

export const T0 = 1_700_000_000_000;
export const ORG = 'org-a';
export type SortSpec = Record<string, 1 | -1>;
type Doc = { _id: string };

const NAMES = ['Backup', 'backup', 'Report', 'report_v1 (50%)', 'reportXv1', 'Résumé', 'ÉTÉ', 'alpha', 'Zeta', 'zeta'];
const DESCRIPTIONS = [undefined, 'Copies the DATABASE', 'weekly numbers', 'Résumé ÉCRIT', 'a.b*c'];

/** Ties on name and nextRunAt, enabled and not, with and without a next run, two orgs. */
function makeSchedules(): Schedule[] {
  return Array.from({ length: 40 }, (_, i): Schedule => {
    const schedule: Schedule = {
      id: newId(),
      orgId: i % 7 === 0 ? 'org-b' : ORG,
      name: NAMES[i % NAMES.length]!,
      taskType: ['backup', 'report', 'summarize'][i % 3]!,
      payload: i % 5 === 0 ? null : { n: i, text: 'héllo' },
      trigger: i % 2 === 0 ? { kind: 'CRON', cron: '*/5 * * * *', timezone: 'Europe/London' } : { kind: 'INTERVAL', intervalSeconds: 60 + i, timezone: 'UTC' },
      enabled: i % 4 !== 3,
      nextRunAt: T0 + Math.floor(i / 3) * 100 - 1000,
      consecutiveFailures: i % 3,
      skippedRuns: i % 2,
      overlapPolicy: 'SKIP',
      maxConcurrentRuns: 1 + (i % 2),
      misfirePolicy: i % 2 === 0 ? 'SKIP' : 'RUN_ONCE',
      catchUpWindowSeconds: 300,
      retryPolicy: { maxRetries: i % 4, backoffSeconds: [30, 60] },
      pauseOnAlert: i % 2 === 1,
      createdAt: T0 - i,
      updatedAt: T0,
      anchorAt: T0 - i,
    };
    const description = DESCRIPTIONS[i % DESCRIPTIONS.length];
    if (description !== undefined) schedule.description = description;
    if (i % 6 === 5) delete schedule.nextRunAt; // no more slots
    if (i % 3 !== 0) schedule.lastRunStatus = RUN_STATUSES[i % RUN_STATUSES.length]!;
    if (i % 3 !== 0) schedule.lastRunAt = T0 - 100;
    if (i % 4 === 0) schedule.alertAfterFailures = 3;
    if (i % 5 === 1) schedule.createdBy = 'user-1';
    return schedule;
  });
}

function makeRuns(): ScheduleRun[] {
  return Array.from({ length: 50 }, (_, i): ScheduleRun => {
    const scheduledFor = T0 + Math.floor(i / 3) * 1000;
    const run: ScheduleRun = {
      id: newId(),
      orgId: i % 9 === 0 ? 'org-b' : ORG,
      scheduleId: ['s-1', 's-2', 's-3'][i % 3]!,
      runKey: `key-${i}`,
      trigger: (['SCHEDULED', 'MANUAL', 'RETRY'] as const)[i % 3]!,
      attempt: 1 + (i % 2),
      status: RUN_STATUSES[i % RUN_STATUSES.length]!,
      scheduledFor,
      createdAt: scheduledFor,
      updatedAt: scheduledFor,
    };
    if (i % 2 === 0) run.startedAt = scheduledFor + 1;
    if (i % 4 === 0) run.finishedAt = scheduledFor + 2;
    if (i % 5 !== 4) run.jobId = `job-${i}`;
    if (i % 7 === 3) run.error = 'it broke';
    if (i % 8 === 2) run.retryOfRunId = 'run-0';
    return run;
  });
}

function makeAlerts(): Alert[] {
  return Array.from({ length: 30 }, (_, i): Alert => {
    const alert: Alert = {
      id: newId(),
      orgId: i % 8 === 0 ? 'org-b' : ORG,
      kind: i % 5 === 0 ? 'SCHEDULER_STALLED' : 'CONSECUTIVE_FAILURES',
      message: `alert ${i}`,
      raisedAt: T0 + Math.floor(i / 2) * 10,
    };
    if (i % 5 !== 0) alert.scheduleId = ['s-1', 's-2'][i % 2]!;
    if (i % 3 === 1) Object.assign(alert, { acknowledgedAt: T0 + 999, acknowledgedBy: 'ann' });
    return alert;
  });
}

/** A fixed permutation (17 is prime to every length used here). */
const shuffled = <T>(items: T[]): T[] =>
  items.map((item, i) => ({ item, at: (i * 17) % items.length })).sort((a, b) => a.at - b.at).map((e) => e.item);

/**
 * The store and the data of the file that calls useStoreFixtures, set before its first test (these
 * bindings are live: read them inside tests and hooks, never at the top level).
 */
export let sqlite: Store;
export let schedules: Schedule[];
export let runs: ScheduleRun[];
export let alerts: Alert[];
export let scheduleDocs: ScheduleDoc[];
export let runDocs: ScheduleRunDoc[];
export let alertDocs: AlertDoc[];

/** Fills the store and the documents before a file's tests and closes the store after them. Call at the top level. */
export function useStoreFixtures(): void {
  beforeAll(async () => {
    sqlite = openSqliteStore({ file: ':memory:' });
    schedules = makeSchedules();
    runs = makeRuns();
    alerts = makeAlerts();
    for (const s of schedules) await sqlite.schedules.insert(s);
    for (const r of runs) await sqlite.scheduleRuns.insert(r);
    for (const a of alerts) await sqlite.alerts.insert(a);
    // Shuffled (neither id order nor its reverse): a list order that forgets its tie-break on _id shows.
    scheduleDocs = shuffled(schedules.map(scheduleDoc));
    runDocs = shuffled(runs.map((r) => toDoc(r) as ScheduleRunDoc));
    alertDocs = shuffled(alerts.map((a) => toDoc(a) as AlertDoc));
  });
  afterAll(async () => sqlite.close());
}

const ids = (docs: Doc[]) => docs.map((d) => d._id);
export const mongoIds = <D extends Doc>(docs: D[], query: object, sort: unknown, limit?: number) => {
  const cursor = find(docs, query).sort(sort as SortSpec);
  return ids((limit === undefined ? cursor : cursor.limit(limit)).all() as D[]);
};

/** Walks a list page by page through the Mongo keyset condition; the result must be the SQLite order. */
export function walk<D extends Doc, T>(docs: D[], query: object, sort: unknown, after: (cursor: string) => object, cursor: (t: T) => string, map: (d: D) => T, size: number): string[] {
  const walked: string[] = [];
  let last: string | undefined;
  for (let page = 0; page < 100; page++) {
    const full = last === undefined ? query : { $and: [query, after(last)] };
    const batch = find(docs, full).sort(sort as SortSpec).limit(size).all() as D[];
    if (batch.length === 0) return walked;
    walked.push(...ids(batch));
    last = cursor(map(batch.at(-1)!));
  }
  throw new Error('too many pages');
}

export const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
