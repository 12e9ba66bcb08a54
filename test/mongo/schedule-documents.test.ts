/**
 * The MongoDB adapter's schedule, run and alert documents, their change events and their indexes:
 * a trip to a document and back returns what the SQLite adapter returns; a change-stream document
 * becomes the feed event it stands for; the indexes serve the list orders and keep run keys and open
 * alerts' dedupe keys unique. Checked without a server (see schedules-fixtures.ts).
 */
import { describe, expect, test } from 'vitest';
import type { Schedule } from '../../src/engine/domain/schedule.js';
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
} from '../../src/engine/store/mongo/documents.js';
import { COLLECTIONS, INDEXES } from '../../src/engine/store/mongo/indexes.js';
import { alerts, runs, schedules, sqlite, useStoreFixtures } from './schedules-fixtures.js';

useStoreFixtures();

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
    // Without its post-image an update is an error to report, never a silent drop.
    expect(() => change(COLLECTIONS.schedules, 'update', { fullDocument: null, updateDescription })).toThrow(/without its document/);
    expect(change(COLLECTIONS.schedules, 'delete', { fullDocumentBeforeChange: doc })).toEqual({
      kind: 'schedule.deleted',
      scheduleId: 'id-1',
      orgId: schedule.orgId,
    });
    // Without the pre-image the org is unknown: nobody may see it.
    expect(change(COLLECTIONS.schedules, 'delete', {})).toBeUndefined();
  });

  test('a run: created and updated with the whole run; deletes are not announced; an update without its document is reported', () => {
    const run = runs[3]!;
    const doc = toDoc(run) as ScheduleRunDoc;
    expect(change(COLLECTIONS.scheduleRuns, 'insert', { fullDocument: doc })).toEqual({ kind: 'run.created', run });
    expect(change(COLLECTIONS.scheduleRuns, 'update', { fullDocument: doc, updateDescription })).toEqual({ kind: 'run.updated', run });
    expect(change(COLLECTIONS.scheduleRuns, 'replace', { fullDocument: doc })).toEqual({ kind: 'run.updated', run });
    expect(() => change(COLLECTIONS.scheduleRuns, 'update', { fullDocument: null, updateDescription })).toThrow(/without its document/);
    expect(change(COLLECTIONS.scheduleRuns, 'delete', { fullDocumentBeforeChange: doc })).toBeUndefined();
  });

  test('an alert: raised (insert) and closed (update) with the whole alert; an update without its document is reported', () => {
    const alert = alerts[0]!;
    const doc = toDoc(alert) as AlertDoc;
    expect(change(COLLECTIONS.alerts, 'insert', { fullDocument: doc })).toEqual({ kind: 'alert.raised', alert: docToAlert(doc) });
    expect(change(COLLECTIONS.alerts, 'update', { fullDocument: doc, updateDescription })).toEqual({ kind: 'alert.updated', alert: docToAlert(doc) });
    expect(() => change(COLLECTIONS.alerts, 'update', { fullDocument: null, updateDescription })).toThrow(/without its document/);
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
