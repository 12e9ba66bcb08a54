/**
 * The MongoDB adapter's schedule runs (src/engine/store/mongo/schedule-runs.ts): filters, list order
 * and cursors, active runs, a job's run and updates (with and without a status condition) mean what
 * the SQLite adapter's mean. Checked without a server (see schedules-fixtures.ts).
 */
import { find, updateOne } from 'mingo';
import { describe, expect, test } from 'vitest';
import { ValidationError } from '../../src/engine/domain/errors.js';
import { newId } from '../../src/engine/domain/ids.js';
import { runCursor } from '../../src/engine/domain/list-orders.js';
import { RUN_STATUSES, type RunStatus, type ScheduleRun, type ScheduleRunPatch } from '../../src/engine/domain/schedule.js';
import { docToScheduleRun, toDoc, type ScheduleRunDoc } from '../../src/engine/store/mongo/documents.js';
import { ACTIVE_OF_SORT, ACTIVE_SORT, RUN_SORT, activeRunsOfQuery, activeRunsQuery, endNoteChanges, runAfter, runQuery, runUpdate, runUpdateFilter } from '../../src/engine/store/mongo/schedule-runs.js';
import { ORG, T0, encode, mongoIds, runDocs, runs, sqlite, useStoreFixtures, walk } from './schedules-fixtures.js';

useStoreFixtures();

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

describe('batched firing and following: the filters mean what the SQLite adapter means', () => {
  test('activeRunsOfQuery with ACTIVE_OF_SORT lists the named schedules\' active runs by schedule, each as activeRunsQuery (checked above against SQLite)', () => {
    const perSchedule = ['s-1', 's-2'].flatMap((id) => mongoIds(runDocs, activeRunsQuery(id), ACTIVE_SORT));
    expect(perSchedule.length).toBeGreaterThan(0);
    expect(mongoIds(runDocs, activeRunsOfQuery(['s-2', 's-1', 's-none']), ACTIVE_OF_SORT)).toEqual(perSchedule);
  });

  test('endNoteChanges: a success after a success (streak at 0) matches nothing; any other note, or one that counts, matches', () => {
    const schedules = [
      { _id: 'calm', lastRunStatus: 'SUCCEEDED', consecutiveFailures: 0 },
      { _id: 'streak', lastRunStatus: 'SUCCEEDED', consecutiveFailures: 2 },
      { _id: 'failed', lastRunStatus: 'FAILED', consecutiveFailures: 1 },
      { _id: 'new', consecutiveFailures: 0 },
    ];
    const matching = (patch: Parameters<typeof endNoteChanges>[0]) => find(schedules, endNoteChanges(patch)).all().map((d) => (d as { _id: string })._id);
    expect(matching({ lastRunStatus: 'SUCCEEDED', failures: 'reset' })).toEqual(['streak', 'failed', 'new']);
    expect(matching({ lastRunStatus: 'CANCELLED' })).toEqual(['calm', 'streak', 'failed', 'new']);
    expect(matching({ lastRunStatus: 'FAILED', failures: 'increment' })).toEqual(['calm', 'streak', 'failed', 'new']);
  });
});
