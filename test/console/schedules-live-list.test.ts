/** Schedule filters from the URL, and live events applied to the open page of the list. */
import { describe, expect, test } from 'vitest';
import { rowMatches, toScheduleFilter } from '../../client/src/pages/schedules/filters.js';
import type { LivePage } from '../../client/src/lib/live-page.js';
import { applyScheduleEvent, type LiveRow } from '../../client/src/pages/schedules/live-list.js';

const row = (id: string, patch: Partial<LiveRow> = {}): LiveRow => ({ id, name: id, taskType: 'sleep', enabled: true, lastRunStatus: null, description: null, ...patch });

describe('filters', () => {
  test('URL values become the API filter; unknown statuses and blank search are dropped', () => {
    expect(toScheduleFilter({ enabled: false, type: ['sleep'], last: ['FAILED', 'NOPE'], q: '  digest ' })).toEqual({
      enabled: false,
      taskType: ['sleep'],
      lastRunStatus: ['FAILED'],
      search: 'digest',
    });
    expect(toScheduleFilter({ q: '  ' })).toEqual({});
  });

  test('a row matches as the server would decide', () => {
    expect(rowMatches(row('a', { description: 'Morning DIGEST' }), { search: 'digest' })).toBe(true);
    expect(rowMatches(row('a'), { search: 'digest' })).toBe(false);
    expect(rowMatches(row('a', { enabled: false }), { enabled: true })).toBe(false);
    expect(rowMatches(row('a', { lastRunStatus: 'FAILED' }), { lastRunStatus: ['FAILED', 'TIMED_OUT'] })).toBe(true);
    expect(rowMatches(row('a'), { lastRunStatus: ['FAILED'] })).toBe(false);
  });
});

describe('applyScheduleEvent', () => {
  const page: LivePage<LiveRow> = { rows: [row('a'), row('b'), row('c')], totalCount: 3, pending: 0 };
  const ids = (change: { page?: LivePage<LiveRow> }) => change.page?.rows.map((r) => r.id);

  test('a change keeps its place; a rename asks for the page again (order by name)', () => {
    const changed = applyScheduleEvent(page, { kind: 'RUN', scheduleId: 'b', schedule: row('b', { lastRunStatus: 'SUCCEEDED' }) }, {});
    expect(changed.refetch).toBe(false);
    expect(changed.page?.rows[1]).toMatchObject({ id: 'b', lastRunStatus: 'SUCCEEDED' });
    expect(applyScheduleEvent(page, { kind: 'UPDATED', scheduleId: 'b', schedule: row('b', { name: 'z' }) }, {}).refetch).toBe(true);
  });

  test('a row that leaves the filter goes, and the page is asked for again', () => {
    const result = applyScheduleEvent(page, { kind: 'UPDATED', scheduleId: 'a', schedule: row('a', { enabled: false }) }, { enabled: true });
    expect(ids(result)).toEqual(['b', 'c']);
    expect(result.refetch).toBe(true);
  });

  test('created and deleted schedules ask for the page again; other orgs never come', () => {
    expect(applyScheduleEvent(page, { kind: 'CREATED', scheduleId: 'd', schedule: row('d') }, {})).toEqual({ refetch: true });
    expect(applyScheduleEvent(page, { kind: 'CREATED', scheduleId: 'd', schedule: row('d', { enabled: false }) }, { enabled: true }).refetch).toBe(false);
    const deleted = applyScheduleEvent(page, { kind: 'DELETED', scheduleId: 'a', schedule: null }, {});
    expect(ids(deleted)).toEqual(['b', 'c']);
    expect(deleted.refetch).toBe(true);
    expect(applyScheduleEvent(page, { kind: 'DELETED', scheduleId: 'x', schedule: null }, {})).toEqual({ refetch: true });
  });

  test('a change to a schedule on another page is ignored unless it may have entered the filter', () => {
    expect(applyScheduleEvent(page, { kind: 'RUN', scheduleId: 'x', schedule: row('x') }, {})).toEqual({ refetch: false });
    expect(applyScheduleEvent(page, { kind: 'RUN', scheduleId: 'x', schedule: row('x', { lastRunStatus: 'FAILED' }) }, { lastRunStatus: ['FAILED'] }).refetch).toBe(true);
  });
});
