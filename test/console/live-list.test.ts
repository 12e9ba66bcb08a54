/**
 * What every live list shares (client/src/lib): the cursor stack behind Previous / Next, the events
 * replayed over a page fetched while they arrived, and when the page is asked for again.
 */
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { afterOf, firstPage, nextPage, pageIndex, previousPage, stackFor } from '../../client/src/lib/cursor-stack.js';
import { ReplayWindow, replayOver, type LivePage, type LiveUpdate } from '../../client/src/lib/live-page.js';
import { createRefetchTimer } from '../../client/src/lib/refetch-timer.js';

describe('cursor stack', () => {
  test('Next goes after the end cursor of the open page; Previous comes back page by page', () => {
    let stack = firstPage('{}');
    expect([afterOf(stack), pageIndex(stack)]).toEqual([undefined, 0]);
    stack = nextPage(stack, 'c50');
    stack = nextPage(stack, 'c100');
    expect([afterOf(stack), pageIndex(stack)]).toEqual(['c100', 2]);
    stack = previousPage(stack);
    expect([afterOf(stack), pageIndex(stack)]).toEqual(['c50', 1]);
    stack = previousPage(stack);
    expect([afterOf(stack), pageIndex(stack)]).toEqual([undefined, 0]);
  });

  test('without an end cursor there is no next page; before the first there is none either', () => {
    const first = firstPage('{}');
    expect(nextPage(first, null)).toBe(first);
    expect(nextPage(first, undefined)).toBe(first);
    expect(previousPage(first)).toBe(first);
  });

  test('other list arguments start again at the first page', () => {
    const deep = nextPage(nextPage(firstPage('{"status":["FAILED"]}'), 'a'), 'b');
    expect(stackFor(deep, '{"status":["FAILED"]}')).toBe(deep);
    const other = stackFor(deep, '{}');
    expect([other.key, afterOf(other), pageIndex(other)]).toEqual(['{}', undefined, 0]);
    // Next from there belongs to the new arguments.
    expect(nextPage(other, 'z')).toEqual({ key: '{}', cursors: ['z'] });
  });
});

type Row = { id: string; v: number };
const page = (rows: Row[], totalCount = rows.length): LivePage<Row> => ({ rows, totalCount, pending: 0 });
const FIRST = { firstPage: true, lastPage: true };

describe('replay window', () => {
  test('keeps what arrived in the window, oldest first, and forgets the rest', () => {
    const window = new ReplayWindow<string>(1000);
    window.push('a', 0);
    window.push('b', 600);
    window.push('c', 1200);
    expect(window.items(1200)).toEqual(['b', 'c']);
    expect(window.items(1700)).toEqual(['c']);
    window.clear();
    expect(window.items(1700)).toEqual([]);
  });

  test('a list that replays nothing keeps nothing', () => {
    const window = new ReplayWindow<string>(0);
    window.push('a', 0);
    expect(window.items(0)).toEqual([]);
  });
});

describe('replayOver', () => {
  test('applies the kept updates in order, marked as replays, and ignores their refetch asks', () => {
    const seen: boolean[] = [];
    const set = (id: string, v: number): LiveUpdate<Row> => (p, at) => {
      seen.push(at.replay);
      return { page: { ...p, rows: p.rows.map((r) => (r.id === id ? { id, v } : r)) }, refetch: true };
    };
    const result = replayOver(page([{ id: 'a', v: 0 }, { id: 'b', v: 0 }]), [set('a', 1), set('a', 2), set('b', 3)], FIRST);
    expect(result.rows).toEqual([{ id: 'a', v: 2 }, { id: 'b', v: 3 }]);
    expect(seen).toEqual([true, true, true]);
    expect(result).not.toHaveProperty('refetch');
  });

  test('an update that changes nothing leaves the fresh page as it is', () => {
    const fresh = page([{ id: 'a', v: 0 }], 7);
    expect(replayOver(fresh, [() => ({ refetch: true })], FIRST)).toBe(fresh);
  });
});

describe('refetch timer', () => {
  beforeEach(() => void vi.useFakeTimers({ now: 10_000 }));
  afterEach(() => void vi.useRealTimers());

  test('soon(): at once, then at most once per interval; a burst ends with one more', () => {
    const refetch = vi.fn();
    const timer = createRefetchTimer(refetch, { intervalMs: 1000 });
    timer.soon();
    expect(refetch).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 5; i++) {
      vi.advanceTimersByTime(100);
      timer.soon();
    }
    expect(refetch).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(500);
    expect(refetch).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(5000);
    expect(refetch).toHaveBeenCalledTimes(2);
    timer.soon();
    expect(refetch).toHaveBeenCalledTimes(3);
  });

  test('settle(): one refetch once the subscription has surely started, counted from the last call', () => {
    const refetch = vi.fn();
    const timer = createRefetchTimer(refetch, { settleMs: 1500 });
    timer.settle();
    vi.advanceTimersByTime(1000);
    timer.settle();
    vi.advanceTimersByTime(1000);
    expect(refetch).not.toHaveBeenCalled();
    vi.advanceTimersByTime(500);
    expect(refetch).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(10_000);
    expect(refetch).toHaveBeenCalledTimes(1);
  });

  test('nothing runs after dispose()', () => {
    const refetch = vi.fn();
    const timer = createRefetchTimer(refetch, { intervalMs: 1000, settleMs: 1500 });
    timer.soon();
    timer.soon();
    timer.settle();
    timer.dispose();
    vi.advanceTimersByTime(10_000);
    expect(refetch).toHaveBeenCalledTimes(1);
  });
});
