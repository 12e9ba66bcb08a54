/**
 * The MongoDB adapter's alerts and scheduler heartbeats (src/engine/store/mongo/alerts.ts and
 * scheduler-heartbeats.ts): alert filters, list order and cursors, acknowledgement and resolution,
 * and the newest heartbeat, mean what the SQLite adapter's mean. Checked without a server (see
 * schedules-fixtures.ts).
 */
import { find, updateMany, updateOne } from 'mingo';
import { describe, expect, test } from 'vitest';
import { ValidationError } from '../../src/engine/domain/errors.js';
import { newId } from '../../src/engine/domain/ids.js';
import { alertCursor } from '../../src/engine/domain/list-orders.js';
import type { Alert } from '../../src/engine/domain/schedule.js';
import { docToAlert, toDoc, type AlertDoc, type SchedulerHeartbeatDoc } from '../../src/engine/store/mongo/documents.js';
import { ALERT_SORT, acknowledgeFilter, acknowledgeUpdate, alertAfter, alertQuery, resolveFilter } from '../../src/engine/store/mongo/alerts.js';
import { NEWEST_BEAT_SORT, beatUpdate } from '../../src/engine/store/mongo/scheduler-heartbeats.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import { ORG, T0, alertDocs, alerts, encode, mongoIds, sqlite, useStoreFixtures, walk, type SortSpec } from './schedules-fixtures.js';

useStoreFixtures();

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
