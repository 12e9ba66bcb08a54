/**
 * The MongoDB adapter's schedules (src/engine/store/mongo/schedules.ts): filters, list order and
 * cursors, due and next-due queries, active orgs and the scheduler's patches mean what the SQLite
 * adapter's mean. Checked without a server (see schedules-fixtures.ts).
 */
import { find, updateOne } from 'mingo';
import { describe, expect, test } from 'vitest';
import { ValidationError } from '../../src/engine/domain/errors.js';
import { newId } from '../../src/engine/domain/ids.js';
import { scheduleCursor } from '../../src/engine/domain/list-orders.js';
import type { Schedule, ScheduleFilter, SchedulePatch } from '../../src/engine/domain/schedule.js';
import { docToSchedule, scheduleDoc, type ScheduleDoc } from '../../src/engine/store/mongo/documents.js';
import { DUE_SORT, NEXT_DUE_QUERY, nextDueAfterQuery, SCHEDULE_SORT, dueQuery, scheduleAfter, schedulePatchFilter, schedulePatchUpdate, scheduleQuery } from '../../src/engine/store/mongo/schedules.js';
import { ORG, T0, encode, mongoIds, scheduleDocs, schedules, sqlite, useStoreFixtures, walk } from './schedules-fixtures.js';

useStoreFixtures();

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
        // countDue counts what due reads (the adapter counts dueQuery with this limit).
        expect(Math.min(max, mongoIds(scheduleDocs, dueQuery(now), DUE_SORT).length), `count ${now} ${max}`).toBe(await sqlite.schedules.countDue(now, max));
      }
    }
    expect(mongoIds(scheduleDocs, dueQuery(T0 + 5000), DUE_SORT).length).toBeGreaterThan(10);
    const [next] = find(scheduleDocs, NEXT_DUE_QUERY).sort({ nextRunAt: 1 }).limit(1).all() as ScheduleDoc[];
    expect(next?.nextRunAt).toBe(await sqlite.schedules.nextDueAt());
    for (const after of [T0 - 2000, T0 - 1000, T0, T0 + 5000, T0 + 10_000_000]) {
      const [later] = find(scheduleDocs, nextDueAfterQuery(after)).sort({ nextRunAt: 1 }).limit(1).all() as ScheduleDoc[];
      expect(later?.nextRunAt, `after ${after}`).toBe(await sqlite.schedules.nextDueAt(after));
    }
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
