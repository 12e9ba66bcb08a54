/**
 * The MongoDB adapter's schedule, run and alert documents (filters, list orders and cursors, due and
 * next-due queries, updates, change events, indexes), checked without a server: mingo evaluates them
 * over documents, and the answers are compared with the SQLite adapter's over the same data.
 */
import { find, updateMany, updateOne } from 'mingo';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ValidationError } from '../../src/engine/domain/errors.js';
import { newId } from '../../src/engine/domain/ids.js';
import {
  RUN_STATUSES,
  type Alert,
  type RunStatus,
  type Schedule,
  type ScheduleFilter,
  type SchedulePatch,
  type ScheduleRun,
  type ScheduleRunPatch,
} from '../../src/engine/domain/schedule.js';
import { toChangeEvent } from '../../src/engine/store/mongo/change-stream.js';
import {
  docToAlert,
  docToSchedule,
  docToScheduleRun,
  scheduleDoc,
  toDoc,
  type AlertDoc,
  type ScheduleDoc,
  type ScheduleRunDoc,
  type SchedulerHeartbeatDoc,
} from '../../src/engine/store/mongo/documents.js';
import { COLLECTIONS, INDEXES } from '../../src/engine/store/mongo/indexes.js';
import { ACTIVE_SORT, RUN_SORT, activeRunsQuery, runAfter, runQuery, runUpdate, runUpdateFilter } from '../../src/engine/store/mongo/schedule-runs.js';
import { ALERT_SORT, acknowledgeFilter, acknowledgeUpdate, alertAfter, alertQuery, resolveFilter } from '../../src/engine/store/mongo/alerts.js';
import { DUE_SORT, NEXT_DUE_QUERY, SCHEDULE_SORT, dueQuery, scheduleAfter, schedulePatchFilter, schedulePatchUpdate, scheduleQuery } from '../../src/engine/store/mongo/schedules.js';
import { NEWEST_BEAT_SORT, beatUpdate } from '../../src/engine/store/mongo/scheduler-heartbeats.js';
import { alertCursor, runCursor, scheduleCursor } from '../../src/engine/domain/list-orders.js';
import type { Store } from '../../src/engine/store/port.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';

const T0 = 1_700_000_000_000;
const ORG = 'org-a';
type SortSpec = Record<string, 1 | -1>;
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

let sqlite: Store;
let schedules: Schedule[];
let runs: ScheduleRun[];
let alerts: Alert[];
let scheduleDocs: ScheduleDoc[];
let runDocs: ScheduleRunDoc[];
let alertDocs: AlertDoc[];

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

const ids = (docs: Doc[]) => docs.map((d) => d._id);
const mongoIds = <D extends Doc>(docs: D[], query: object, sort: unknown, limit?: number) => {
  const cursor = find(docs, query).sort(sort as SortSpec);
  return ids((limit === undefined ? cursor : cursor.limit(limit)).all() as D[]);
};

/** Walks a list page by page through the Mongo keyset condition; the result must be the SQLite order. */
function walk<D extends Doc, T>(docs: D[], query: object, sort: unknown, after: (cursor: string) => object, cursor: (t: T) => string, map: (d: D) => T, size: number): string[] {
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

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('documents', () => {
  test('schedules, runs and alerts survive the trip to a document and back, equal to what SQLite returns', async () => {
    for (const s of schedules) {
      expect(docToSchedule(scheduleDoc(s))).toEqual(s);
      expect(await sqlite.schedules.get(s.id, s.orgId)).toEqual(s);
    }
    for (const r of runs) expect(docToScheduleRun(toDoc(r) as ScheduleRunDoc)).toEqual(await sqlite.scheduleRuns.get(r.id, r.orgId));
    for (const a of alerts) expect(docToAlert(toDoc(a) as AlertDoc)).toEqual(await sqlite.alerts.get(a.id, a.orgId));
  });

  test('a schedule document: search text lower-cased, internal fields and nulls not returned, a null payload kept', () => {
    const s: Schedule = { ...schedules[6]!, name: 'ÉTÉ', description: 'Résumé ÉCRIT' };
    const doc = scheduleDoc({ ...s, trigger: { ...s.trigger, cron: undefined } });
    expect(doc.searchText).toBe('été\nrésumé écrit');
    expect(doc.trigger).not.toHaveProperty('cron'); // the driver would store undefined as null
    expect(docToSchedule(doc)).not.toHaveProperty('searchText');
    expect(docToSchedule(doc)).not.toHaveProperty('_id');
    expect(docToSchedule({ ...doc, description: null } as unknown as ScheduleDoc)).not.toHaveProperty('description');
    expect(docToSchedule({ ...doc, payload: null })).toHaveProperty('payload', null);
  });
});

describe('schedules: filters, order and cursors mean what the SQLite adapter means', () => {
  const filters: Array<[string, ScheduleFilter]> = [
    ['no filter', {}],
    ['enabled', { enabled: true }],
    ['disabled', { enabled: false }],
    ['taskType', { taskType: ['backup', 'summarize'] }],
    ['lastRunStatus', { lastRunStatus: ['FAILED', 'RUNNING'] }],
    ['search, any case', { search: 'BACKUP' }],
    ['search in descriptions', { search: 'database' }],
    ['search beyond ASCII', { search: 'écrit' }],
    ['search beyond ASCII, upper case given', { search: 'ÉTÉ' }],
    ['search with SQL wildcards', { search: '_v1 (50%' }],
    ['search with regex characters', { search: 'a.b*c' }],
    ['search, trimmed', { search: '  weekly ' }],
    ['everything at once', { enabled: true, taskType: ['report', 'backup'], search: 'rep', lastRunStatus: ['RUNNING', 'CANCELLED'] }],
  ];
  test.each(filters)('%s', async (_name, filter) => {
    const fromMongo = mongoIds(scheduleDocs, scheduleQuery(ORG, filter), SCHEDULE_SORT);
    expect(fromMongo).toEqual((await sqlite.schedules.list(ORG, filter, { first: 1000 })).items.map((i) => i.node.id));
    expect(fromMongo.length, 'the filter selects something').toBeGreaterThan(0);
    expect(await sqlite.schedules.count(ORG, filter)).toBe(fromMongo.length);
  });

  test('a regex character is literal: "e.o" is in no schedule, though a regex would match "Report"', async () => {
    expect(mongoIds(scheduleDocs, scheduleQuery(ORG, { search: 'e.o' }), SCHEDULE_SORT)).toEqual([]);
    expect(await sqlite.schedules.count(ORG, { search: 'e.o' })).toBe(0);
  });

  test('keyset pages walk every schedule once, in the SQLite order; a SQLite cursor continues the Mongo list', async () => {
    const all = (await sqlite.schedules.list(ORG, {}, { first: 1000 })).items.map((i) => i.node.id);
    for (const size of [1, 3, 7]) {
      expect(walk(scheduleDocs, scheduleQuery(ORG, {}), SCHEDULE_SORT, scheduleAfter, scheduleCursor, docToSchedule, size)).toEqual(all);
    }
    const first = await sqlite.schedules.list(ORG, {}, { first: 5 });
    const after = first.items.at(-1)!.cursor;
    const next = mongoIds(scheduleDocs, { $and: [scheduleQuery(ORG, {}), scheduleAfter(after)] }, SCHEDULE_SORT, 5);
    expect(next).toEqual((await sqlite.schedules.list(ORG, {}, { first: 5, after })).items.map((i) => i.node.id));
  });

  test('a garbage cursor is an input error', () => {
    for (const cursor of ['not a cursor', encode([1, 2, 3]), encode([T0, 'x']), encode(['x', 5])]) {
      expect(() => scheduleAfter(cursor), cursor).toThrow(ValidationError);
    }
  });

  test('due and nextDueAt: enabled schedules with a next run, earliest first, across orgs', async () => {
    for (const now of [T0 - 2000, T0 - 1000, T0 - 500, T0, T0 + 5000]) {
      for (const max of [1, 4, 100]) {
        expect(mongoIds(scheduleDocs, dueQuery(now), DUE_SORT, max), `${now} ${max}`).toEqual((await sqlite.schedules.due(now, max)).map((s) => s.id));
      }
    }
    expect(mongoIds(scheduleDocs, dueQuery(T0 + 5000), DUE_SORT).length).toBeGreaterThan(10);
    const [next] = find(scheduleDocs, NEXT_DUE_QUERY).sort({ nextRunAt: 1 }).limit(1).all() as ScheduleDoc[];
    expect(next?.nextRunAt).toBe(await sqlite.schedules.nextDueAt());
    // Disabled and next-less schedules are never due, however early.
    const extra = [
      scheduleDoc({ ...schedules[1]!, id: 'disabled', enabled: false, nextRunAt: T0 - 99_999 }),
      scheduleDoc({ ...schedules[1]!, id: 'no-next', nextRunAt: undefined }),
    ];
    expect(mongoIds(extra, dueQuery(T0), DUE_SORT)).toEqual([]);
    expect(find(extra, NEXT_DUE_QUERY).all()).toEqual([]);
  });

  test('activeOrgs: the orgs of the schedules that may come due', async () => {
    const orgs = [...new Set((find(scheduleDocs, NEXT_DUE_QUERY).all() as ScheduleDoc[]).map((d) => d.orgId))].sort();
    expect(orgs).toEqual([ORG, 'org-b']);
    expect(await sqlite.schedules.activeOrgs()).toEqual(orgs);
  });
});

describe('scheduler patches of a schedule mean what the SQLite adapter’s mean', () => {
  const SLOT = T0 + 100;
  const patches: Array<[string, SchedulePatch, number | undefined, number?]> = [
    ['advance the slot fired', { nextRunAt: T0 + 5000, lastRunAt: SLOT }, SLOT],
    ['the last slot of a ONCE', { nextRunAt: null, lastRunAt: SLOT, enabled: false }, SLOT],
    ['a slot changed meanwhile: nothing written', { nextRunAt: T0 + 5000 }, SLOT - 1],
    ['a failure', { lastRunStatus: 'FAILED', failures: 'increment' }, undefined],
    ['a success', { lastRunStatus: 'SUCCEEDED', failures: 'reset' }, undefined],
    ['a skip', { lastRunStatus: 'SKIPPED' }, undefined],
    ['paused by an alert', { enabled: false, nextRunAt: null }, undefined],
    ['the first skipped slot counted', { lastRunStatus: 'SKIPPED', skipped: SLOT }, undefined],
    ['a later skipped slot counted', { lastRunStatus: 'SKIPPED', skipped: SLOT }, undefined, SLOT - 1],
    ['a skipped slot counted already: nothing written', { lastRunStatus: 'SKIPPED', skipped: SLOT }, undefined, SLOT],
    ['an older skipped slot: nothing written', { skipped: SLOT }, SLOT, SLOT + 1],
  ];
  test.each(patches)('%s', async (_name, patch, ifNextRunAt, lastSkippedAt) => {
    const schedule: Schedule = {
      ...schedules[1]!,
      id: newId(),
      orgId: 'org-patches',
      consecutiveFailures: 2,
      nextRunAt: SLOT,
      enabled: true,
      ...(lastSkippedAt !== undefined && { lastSkippedAt }),
    };
    await sqlite.schedules.insert(schedule);
    const doc = scheduleDoc(schedule);
    const result = updateOne([doc], schedulePatchFilter(schedule.id, ifNextRunAt, patch.skipped), schedulePatchUpdate(patch, T0 + 777) as never);
    const fromSqlite = await sqlite.schedules.patch(schedule.id, patch, T0 + 777, ifNextRunAt);
    expect(result.matchedCount).toBe(fromSqlite ? 1 : 0);
    expect(docToSchedule(doc)).toEqual(fromSqlite ?? schedule);
    expect(docToSchedule(doc)).toEqual(await sqlite.schedules.get(schedule.id, schedule.orgId));
  });

  test('undefined fields are left alone; null removes the next slot', () => {
    expect(schedulePatchUpdate({ lastRunAt: undefined, lastRunStatus: 'QUEUED' }, 5)).toEqual({ $set: { updatedAt: 5, lastRunStatus: 'QUEUED' } });
    expect(schedulePatchUpdate({ nextRunAt: null, failures: 'increment' }, 5)).toEqual({
      $set: { updatedAt: 5 },
      $unset: { nextRunAt: '' },
      $inc: { consecutiveFailures: 1 },
    });
  });
});

describe('runs: filters, order, cursors, active runs and updates mean what the SQLite adapter means', () => {
  const filters: Array<[string, { scheduleId?: string; status?: RunStatus[] }]> = [
    ['no filter', {}],
    ['scheduleId', { scheduleId: 's-2' }],
    ['status', { status: ['FAILED', 'QUEUED'] }],
    ['both', { scheduleId: 's-1', status: ['RUNNING', 'SUCCEEDED', 'SKIPPED', 'CANCELLED'] }],
  ];
  test.each(filters)('%s', async (_name, filter) => {
    const fromMongo = mongoIds(runDocs, runQuery(ORG, filter), RUN_SORT);
    expect(fromMongo).toEqual((await sqlite.scheduleRuns.list(ORG, filter, { first: 1000 })).items.map((i) => i.node.id));
    expect(fromMongo.length).toBeGreaterThan(0);
    expect(await sqlite.scheduleRuns.count(ORG, filter)).toBe(fromMongo.length);
  });

  test('keyset pages walk every run once, newest first, as on SQLite; cursors mean the same on both', async () => {
    const all = (await sqlite.scheduleRuns.list(ORG, {}, { first: 1000 })).items.map((i) => i.node.id);
    for (const size of [1, 4]) expect(walk(runDocs, runQuery(ORG, {}), RUN_SORT, runAfter, runCursor, docToScheduleRun, size)).toEqual(all);
    const first = await sqlite.scheduleRuns.list(ORG, {}, { first: 4 });
    const after = first.items.at(-1)!.cursor;
    expect(mongoIds(runDocs, { $and: [runQuery(ORG, {}), runAfter(after)] }, RUN_SORT, 4)).toEqual(
      (await sqlite.scheduleRuns.list(ORG, {}, { first: 4, after })).items.map((i) => i.node.id),
    );
    for (const cursor of ['not a cursor', encode(['x', 'y']), encode([T0, 5]), encode([1, 2, 3])]) expect(() => runAfter(cursor), cursor).toThrow(ValidationError);
  });

  test('active runs and byJob', async () => {
    for (const scheduleId of ['s-1', 's-2', 's-none']) {
      const fromMongo = mongoIds(runDocs, activeRunsQuery(scheduleId), ACTIVE_SORT);
      expect(fromMongo).toEqual((await sqlite.scheduleRuns.active(scheduleId)).map((r) => r.id));
      if (scheduleId !== 's-none') expect(fromMongo.length).toBeGreaterThan(0);
    }
    const [byJob] = find(runDocs, { jobId: 'job-7' }).all() as ScheduleRunDoc[];
    expect(docToScheduleRun(byJob!)).toEqual(await sqlite.scheduleRuns.byJob(ORG, 'job-7'));
  });

  const patches: Array<[string, ScheduleRunPatch]> = [
    ['nothing but the time', {}],
    ['start', { status: 'RUNNING', startedAt: T0 + 7, jobId: 'job-new' }],
    ['fail', { status: 'FAILED', finishedAt: T0 + 9, error: 'no ✗' }],
  ];
  test.each(patches)('update: %s', async (_name, patch) => {
    const run: ScheduleRun = { ...runs[4]!, id: newId(), runKey: `update-${newId()}`, orgId: 'org-updates' };
    await sqlite.scheduleRuns.insert(run);
    const doc = toDoc(run) as ScheduleRunDoc;
    updateOne([doc], { _id: doc._id }, runUpdate(patch, T0 + 50_000) as never);
    const fromSqlite = await sqlite.scheduleRuns.update(run.id, patch, T0 + 50_000);
    expect(docToScheduleRun(doc)).toEqual(fromSqlite);
    expect(fromSqlite).toEqual({ ...run, ...patch, updatedAt: T0 + 50_000 });
  });

  test('update with ifStatus matches only from those statuses, as on SQLite', async () => {
    for (const status of RUN_STATUSES) {
      const run: ScheduleRun = { ...runs[4]!, id: newId(), runKey: `if-status-${newId()}`, orgId: 'org-updates', status };
      await sqlite.scheduleRuns.insert(run);
      const doc = toDoc(run) as ScheduleRunDoc;
      const patch: ScheduleRunPatch = { status: 'FAILED', finishedAt: T0 + 9, error: 'no' };
      const result = updateOne([doc], runUpdateFilter(run.id, ['QUEUED', 'RUNNING']), runUpdate(patch, T0 + 60_000) as never);
      const fromSqlite = await sqlite.scheduleRuns.update(run.id, patch, T0 + 60_000, ['QUEUED', 'RUNNING']);
      expect(result.matchedCount, status).toBe(status === 'QUEUED' || status === 'RUNNING' ? 1 : 0);
      expect(result.matchedCount, status).toBe(fromSqlite ? 1 : 0);
      expect(docToScheduleRun(doc), status).toEqual(await sqlite.scheduleRuns.get(run.id, run.orgId));
    }
  });

  test('undefined patch fields are left alone', () => {
    expect(runUpdate({ status: 'RUNNING', error: undefined, jobId: undefined }, 5)).toEqual({ $set: { status: 'RUNNING', updatedAt: 5 } });
  });
});

describe('alerts: filters, order, cursors and acknowledgement mean what the SQLite adapter means', () => {
  const filters: Array<[string, { open?: boolean; scheduleId?: string }]> = [
    ['no filter', {}],
    ['open', { open: true }],
    ['acknowledged', { open: false }],
    ['schedule', { scheduleId: 's-2' }],
    ['open of a schedule', { open: true, scheduleId: 's-1' }],
  ];
  test.each(filters)('%s', async (_name, filter) => {
    const fromMongo = mongoIds(alertDocs, alertQuery(ORG, filter), ALERT_SORT);
    expect(fromMongo).toEqual((await sqlite.alerts.list(ORG, filter, { first: 1000 })).items.map((i) => i.node.id));
    expect(fromMongo.length).toBeGreaterThan(0);
    expect(await sqlite.alerts.count(ORG, filter)).toBe(fromMongo.length);
    const all = fromMongo;
    expect(walk(alertDocs, alertQuery(ORG, filter), ALERT_SORT, alertAfter, alertCursor, docToAlert, 3)).toEqual(all);
  });

  test('a garbage cursor is an input error', () => {
    for (const cursor of ['not a cursor', encode(['x', 'y']), encode([T0, 5])]) expect(() => alertAfter(cursor), cursor).toThrow(ValidationError);
  });

  test('acknowledge changes an open alert of the org once; the first acknowledgement stands', async () => {
    const alert: Alert = { id: newId(), orgId: 'org-ack', kind: 'CONSECUTIVE_FAILURES', scheduleId: 's-1', message: 'm', raisedAt: T0 };
    await sqlite.alerts.insert(alert);
    const docs = [toDoc(alert) as AlertDoc];
    expect(updateOne(docs, acknowledgeFilter(alert.id, 'org-other'), acknowledgeUpdate('mallory', T0 + 1) as never).matchedCount).toBe(0);
    expect(updateOne(docs, acknowledgeFilter(alert.id, 'org-ack'), acknowledgeUpdate('ann', T0 + 2) as never).modifiedCount).toBe(1);
    expect(updateOne(docs, acknowledgeFilter(alert.id, 'org-ack'), acknowledgeUpdate('bob', T0 + 3) as never).matchedCount).toBe(0);
    expect(await sqlite.alerts.acknowledge(alert.id, 'org-ack', 'ann', T0 + 2)).toEqual(docToAlert(docs[0]!));
    expect(await sqlite.alerts.acknowledge(alert.id, 'org-ack', 'bob', T0 + 3)).toEqual(docToAlert(docs[0]!));
    expect(docToAlert(docs[0]!)).toEqual({ ...alert, acknowledgedAt: T0 + 2, acknowledgedBy: 'ann' });
  });

  test('acknowledging releases the dedupe key, as on SQLite', async () => {
    const alert: Alert = { id: newId(), orgId: 'org-dedupe', kind: 'SCHEDULER_STALLED', message: 'm', raisedAt: T0, dedupeKey: 'scheduler-stalled' };
    await sqlite.alerts.insert(alert);
    const docs = [toDoc(alert) as AlertDoc];
    expect(docToAlert(docs[0]!)).toEqual(await sqlite.alerts.get(alert.id, alert.orgId));
    updateOne(docs, acknowledgeFilter(alert.id, 'org-dedupe'), acknowledgeUpdate('ann', T0 + 2) as never);
    expect(docToAlert(docs[0]!)).not.toHaveProperty('dedupeKey');
    expect(await sqlite.alerts.acknowledge(alert.id, 'org-dedupe', 'ann', T0 + 2)).toEqual(docToAlert(docs[0]!));
  });

  test('resolve closes the open alerts of a kind in every org, as on SQLite', async () => {
    // Last in this file to change the shared alerts: everything else has read them.
    const docs = alerts.map((a) => toDoc(a) as AlertDoc);
    const openStalled = alerts.filter((a) => a.kind === 'SCHEDULER_STALLED' && a.acknowledgedAt === undefined);
    expect(new Set(openStalled.map((a) => a.orgId)).size).toBeGreaterThan(1);
    const result = updateMany(docs, resolveFilter('SCHEDULER_STALLED'), acknowledgeUpdate('system:watchdog', T0 + 5000) as never);
    expect(result.modifiedCount).toBe(openStalled.length);
    expect(await sqlite.alerts.resolve('SCHEDULER_STALLED', 'system:watchdog', T0 + 5000)).toBe(openStalled.length);
    for (const doc of docs) expect(docToAlert(doc)).toEqual(await sqlite.alerts.get(doc._id, doc.orgId));
  });
});

describe('scheduler heartbeats mean what the SQLite adapter’s mean', () => {
  test('a beat never moves a node back; the newest is the latest of any node', async () => {
    const store = openSqliteStore({ file: ':memory:' });
    try {
      const docs: SchedulerHeartbeatDoc[] = [
        { _id: 'a', lastBeatAt: T0 + 10 },
        { _id: 'b', lastBeatAt: T0 + 5 },
        { _id: 'c', lastBeatAt: T0 + 10 },
      ];
      for (const doc of docs) await store.schedulerHeartbeats.beat(doc._id, doc.lastBeatAt);
      const newest = (d: SchedulerHeartbeatDoc[]) => (find(d, {}).sort(NEWEST_BEAT_SORT as SortSpec).limit(1).all() as SchedulerHeartbeatDoc[])[0];
      // A tie goes to the first node by name on both.
      expect(newest(docs)).toEqual({ _id: 'a', lastBeatAt: T0 + 10 });
      expect(await store.schedulerHeartbeats.newest()).toEqual({ node: 'a', lastBeatAt: T0 + 10 });
      updateOne(docs, { _id: 'a' }, beatUpdate(T0 + 1) as never);
      await store.schedulerHeartbeats.beat('a', T0 + 1);
      expect(docs[0]!.lastBeatAt).toBe(T0 + 10);
      updateOne(docs, { _id: 'b' }, beatUpdate(T0 + 20) as never);
      await store.schedulerHeartbeats.beat('b', T0 + 20);
      expect(newest(docs)).toEqual({ _id: 'b', lastBeatAt: T0 + 20 });
      expect(await store.schedulerHeartbeats.newest()).toEqual({ node: 'b', lastBeatAt: T0 + 20 });
    } finally {
      await store.close();
    }
  });
});

describe('change-stream documents of schedules and runs become feed events', () => {
  const ns = (coll: string) => ({ db: 'jobcenter', coll });
  const change = (coll: string, operationType: string, extra: object) =>
    toChangeEvent({ _id: { _data: 'x' }, operationType, ns: ns(coll), documentKey: { _id: 'id-1' }, ...extra } as never);
  const updateDescription = { updatedFields: { nextRunAt: 5 }, removedFields: [] };

  test('a schedule: created, updated (replace or update) with the whole schedule, deleted with the pre-image’s org', () => {
    const schedule = schedules[1]!;
    const doc = scheduleDoc(schedule);
    expect(change(COLLECTIONS.schedules, 'insert', { fullDocument: doc })).toEqual({ kind: 'schedule.created', schedule });
    expect(change(COLLECTIONS.schedules, 'replace', { fullDocument: doc })).toEqual({ kind: 'schedule.updated', schedule });
    expect(change(COLLECTIONS.schedules, 'update', { fullDocument: doc, updateDescription })).toEqual({ kind: 'schedule.updated', schedule });
    // Deleted before the lookup: its delete event speaks for it.
    expect(change(COLLECTIONS.schedules, 'update', { fullDocument: null, updateDescription })).toBeUndefined();
    expect(change(COLLECTIONS.schedules, 'delete', { fullDocumentBeforeChange: doc })).toEqual({
      kind: 'schedule.deleted',
      scheduleId: 'id-1',
      orgId: schedule.orgId,
    });
    // Without the pre-image the org is unknown: nobody may see it.
    expect(change(COLLECTIONS.schedules, 'delete', {})).toBeUndefined();
  });

  test('a run: created and updated with the whole run; deletes and vanished documents are not announced', () => {
    const run = runs[3]!;
    const doc = toDoc(run) as ScheduleRunDoc;
    expect(change(COLLECTIONS.scheduleRuns, 'insert', { fullDocument: doc })).toEqual({ kind: 'run.created', run });
    expect(change(COLLECTIONS.scheduleRuns, 'update', { fullDocument: doc, updateDescription })).toEqual({ kind: 'run.updated', run });
    expect(change(COLLECTIONS.scheduleRuns, 'replace', { fullDocument: doc })).toEqual({ kind: 'run.updated', run });
    expect(change(COLLECTIONS.scheduleRuns, 'update', { fullDocument: null, updateDescription })).toBeUndefined();
    expect(change(COLLECTIONS.scheduleRuns, 'delete', { fullDocumentBeforeChange: doc })).toBeUndefined();
  });

  test('an alert: raised (insert) and closed (update) with the whole alert; vanished documents are not announced', () => {
    const alert = alerts[0]!;
    const doc = toDoc(alert) as AlertDoc;
    expect(change(COLLECTIONS.alerts, 'insert', { fullDocument: doc })).toEqual({ kind: 'alert.raised', alert: docToAlert(doc) });
    expect(change(COLLECTIONS.alerts, 'update', { fullDocument: doc, updateDescription })).toEqual({ kind: 'alert.updated', alert: docToAlert(doc) });
    expect(change(COLLECTIONS.alerts, 'update', { fullDocument: null, updateDescription })).toBeUndefined();
    expect(change(COLLECTIONS.alerts, 'delete', { fullDocumentBeforeChange: doc })).toBeUndefined();
  });
});

describe('index definitions', () => {
  const keys = (collection: string) => Object.fromEntries(INDEXES.filter((i) => i.collection === collection).map((i) => [i.options.name, i.key]));

  test('a run key is unique: a slot fires at most once, across processes', () => {
    const runKey = INDEXES.find((i) => i.collection === COLLECTIONS.scheduleRuns && i.options.name === 'run_key')!;
    expect(runKey.key).toEqual({ runKey: 1 });
    expect(runKey.options.unique).toBe(true);
    expect(runKey.options.partialFilterExpression).toBeUndefined();
  });

  test('schedules, runs and alerts are indexed for their list orders, due, a job’s run and active runs', () => {
    expect(keys(COLLECTIONS.schedules)).toEqual({ org_name: { orgId: 1, name: 1, _id: 1 }, due: { enabled: 1, nextRunAt: 1, _id: 1 } });
    expect(keys(COLLECTIONS.scheduleRuns)).toEqual({
      run_key: { runKey: 1 },
      org_scheduled: { orgId: 1, scheduledFor: -1, _id: -1 },
      org_schedule_scheduled: { orgId: 1, scheduleId: 1, scheduledFor: -1, _id: -1 },
      job: { jobId: 1 },
      schedule_status: { scheduleId: 1, status: 1 },
      status_id: { status: 1, _id: 1 },
    });
    expect(keys(COLLECTIONS.alerts)).toEqual({
      org_raised: { orgId: 1, raisedAt: -1, _id: -1 },
      org_schedule_raised: { orgId: 1, scheduleId: 1, raisedAt: -1, _id: -1 },
      org_dedupe: { orgId: 1, dedupeKey: 1 },
    });
    expect(keys(COLLECTIONS.schedulerHeartbeats)).toEqual({ newest: { lastBeatAt: -1 } });
  });

  test('a dedupe key is unique per org among the alerts that hold one (acknowledging unsets it)', () => {
    const dedupe = INDEXES.find((i) => i.collection === COLLECTIONS.alerts && i.options.name === 'org_dedupe')!;
    expect(dedupe.options.unique).toBe(true);
    expect(dedupe.options.partialFilterExpression).toEqual({ dedupeKey: { $type: 'string' } });
  });
});
