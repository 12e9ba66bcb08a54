/** Keeping a page of calls current with llmCallEvents. */
import { describe, expect, test } from 'vitest';
import type { LivePage } from '../../client/src/lib/live-page.js';
import { applyCallEvent, statusMatches } from '../../client/src/pages/llm/live-calls.js';

type Row = { id: string; status: string; queuedAt: string };
const at = (minute: number) => new Date(Date.UTC(2024, 0, 1, 0, minute)).toISOString();
const row = (id: string, minute: number, status = 'SUCCEEDED'): Row => ({ id, status, queuedAt: at(minute) });
const page = (rows: Row[], totalCount = rows.length): LivePage<Row> => ({ rows, totalCount, pending: 0 });
const FIRST = { firstPage: true, lastPage: false, replay: false, matches: true };

describe('applyCallEvent', () => {
  test('an update replaces its row in place, even when it no longer matches the status filter', () => {
    const rows = [row('b', 2, 'RUNNING'), row('a', 1)];
    const next = applyCallEvent(page(rows), { kind: 'UPDATED', call: row('b', 2, 'FAILED') }, { ...FIRST, matches: false });
    expect(next.rows.map((r) => [r.id, r.status])).toEqual([
      ['b', 'FAILED'],
      ['a', 'SUCCEEDED'],
    ]);
    expect(next.totalCount).toBe(2);
  });

  test('a new call goes on top of the first page and counts in the total', () => {
    const next = applyCallEvent(page([row('a', 1)], 10), { kind: 'CREATED', call: row('n', 5, 'QUEUED') }, FIRST);
    expect(next.rows.map((r) => r.id)).toEqual(['n', 'a']);
    expect(next).toMatchObject({ totalCount: 11, pending: 0 });
  });

  test('a call entering the status filter by an update takes its place by time', () => {
    const next = applyCallEvent(page([row('c', 3), row('a', 1)]), { kind: 'UPDATED', call: row('b', 2) }, FIRST);
    expect(next.rows.map((r) => r.id)).toEqual(['c', 'b', 'a']);
    expect(next.totalCount).toBe(3);
  });

  test('on a full first page, an update of an older call belongs to a later page', () => {
    const before = page([row('c', 3), row('b', 2)], 40);
    expect(applyCallEvent(before, { kind: 'UPDATED', call: row('a', 1) }, FIRST)).toBe(before);
    // ...unless the list ends here.
    expect(applyCallEvent(before, { kind: 'UPDATED', call: row('a', 1) }, { ...FIRST, lastPage: true }).rows.map((r) => r.id)).toEqual(['c', 'b', 'a']);
  });

  test('on a later page a new call is only counted, so rows do not shift under the reader', () => {
    const next = applyCallEvent(page([row('a', 1)], 30), { kind: 'CREATED', call: row('n', 9) }, { ...FIRST, firstPage: false });
    expect(next.rows.map((r) => r.id)).toEqual(['a']);
    expect(next).toMatchObject({ totalCount: 31, pending: 1 });
    const before = page([row('a', 1)], 30);
    expect(applyCallEvent(before, { kind: 'UPDATED', call: row('z', 9) }, { ...FIRST, firstPage: false })).toBe(before);
  });

  test('a call that does not match is not added', () => {
    const before = page([row('a', 1)]);
    expect(applyCallEvent(before, { kind: 'CREATED', call: row('q', 2, 'QUEUED') }, { ...FIRST, matches: false })).toBe(before);
  });

  test('a CREATED event for a row already shown (a late duplicate) is not added twice', () => {
    const next = applyCallEvent(page([row('a', 1, 'QUEUED')]), { kind: 'CREATED', call: row('a', 1, 'QUEUED') }, FIRST);
    expect(next.rows).toHaveLength(1);
    expect(next.totalCount).toBe(1);
  });

  test('statusMatches: an empty filter matches every status', () => {
    expect(statusMatches('FAILED', undefined)).toBe(true);
    expect(statusMatches('FAILED', [])).toBe(true);
    expect(statusMatches('FAILED', ['SUCCEEDED'])).toBe(false);
  });
});
