/** The jobs page's bulk actions (client/src/pages/jobs/bulk.ts): what is sent, in how many calls, and what is said. */
import { describe, expect, test } from 'vitest';
import { applies, bulkFilters, MAX_IDS_PER_CALL, runBulk, skippedNote, summarize, type BulkCallResult, type BulkFilter, type BulkRow } from '../../client/src/pages/jobs/bulk.js';

const row = (id: string, status: BulkRow['status'], cancelRequested = false): BulkRow => ({ id, status, cancelRequested });
const SELECTION = [
  row('q', 'QUEUED'),
  row('r', 'RUNNING'),
  row('w', 'WAITING'),
  row('asked', 'RUNNING', true),
  row('s', 'SUCCEEDED'),
  row('f', 'FAILED'),
  row('c', 'CANCELLED', true),
];

/** A server stand-in that records every filter and acts on every id it is sent. */
function recorder(answer: (filter: BulkFilter) => BulkCallResult = (f) => ({ count: f.ids.length })) {
  const sent: BulkFilter[] = [];
  return { sent, send: async (filter: BulkFilter) => (sent.push(filter), answer(filter)) };
}

describe('which selected jobs an action applies to', () => {
  test('retry: failed or cancelled; cancel: queued, waiting, or running not yet asked; delete: finished', () => {
    const ids = (action: 'retry' | 'cancel' | 'delete') => SELECTION.filter((r) => applies(action, r)).map((r) => r.id);
    expect(ids('retry')).toEqual(['f', 'c']);
    expect(ids('cancel')).toEqual(['q', 'r', 'w']);
    expect(ids('delete')).toEqual(['s', 'f', 'c']);
  });
});

describe('runBulk', () => {
  test('one call per action with the ids it applies to and their statuses; the rest are skipped', async () => {
    for (const [action, ids, status] of [
      ['retry', ['f', 'c'], ['FAILED', 'CANCELLED']],
      ['cancel', ['q', 'r', 'w'], ['QUEUED', 'RUNNING', 'WAITING']],
      ['delete', ['s', 'f', 'c'], ['SUCCEEDED', 'FAILED', 'CANCELLED']],
    ] as const) {
      const server = recorder();
      const result = await runBulk(action, SELECTION, server.send);
      expect(server.sent).toEqual([{ ids, status }]);
      expect(result).toEqual({ action, sent: ids.length, done: ids.length, skipped: SELECTION.length - ids.length });
    }
  });

  test('nothing is sent when the action applies to none', async () => {
    const server = recorder();
    const result = await runBulk('retry', [row('q', 'QUEUED')], server.send);
    expect(server.sent).toEqual([]);
    expect(result).toEqual({ action: 'retry', sent: 0, done: 0, skipped: 1 });
  });

  test('over the API limit of ids, the ids go in several calls and the counts add up', async () => {
    const rows = Array.from({ length: MAX_IDS_PER_CALL * 2 + 5 }, (_, i) => row(`j${i}`, 'FAILED'));
    const server = recorder();
    const result = await runBulk('delete', rows, server.send);
    expect(server.sent.map((f) => f.ids.length)).toEqual([MAX_IDS_PER_CALL, MAX_IDS_PER_CALL, 5]);
    expect(server.sent.flatMap((f) => f.ids)).toEqual(rows.map((r) => r.id));
    expect(result).toMatchObject({ sent: rows.length, done: rows.length, skipped: 0 });
    expect(bulkFilters('cancel', [])).toEqual([]);
  });

  test('an error stops it and is reported with what was done before it', async () => {
    const rows = Array.from({ length: MAX_IDS_PER_CALL + 1 }, (_, i) => row(`j${i}`, 'QUEUED'));
    let calls = 0;
    const server = recorder((f) => (++calls === 1 ? { count: f.ids.length } : { error: 'missing permission: jobs:write' }));
    const result = await runBulk('cancel', rows, server.send);
    expect(result).toEqual({ action: 'cancel', sent: rows.length, done: MAX_IDS_PER_CALL, skipped: 0, error: 'missing permission: jobs:write' });
    const thrown = await runBulk('cancel', rows.slice(0, 1), async () => {
      throw new Error('network down');
    });
    expect(thrown.error).toBe('network down');
  });
});

describe('the message', () => {
  test('done, done with some not acted on, failed; skipped has its own line', () => {
    expect(summarize({ action: 'delete', sent: 2, done: 2, skipped: 1 })).toBe('2 jobs deleted.');
    expect(summarize({ action: 'cancel', sent: 1, done: 1, skipped: 0 })).toBe('1 job cancelled.');
    expect(summarize({ action: 'retry', sent: 3, done: 2, skipped: 0 })).toBe('2 of 3 jobs retried; 1 was not: already retried, or no longer failed or cancelled.');
    expect(summarize({ action: 'cancel', sent: 2, done: 0, skipped: 0, error: 'Unexpected error.' })).toBe('No job cancelled: Unexpected error.');
    expect(summarize({ action: 'delete', sent: 1500, done: 1000, skipped: 0, error: 'x' })).toBe('1000 of 1500 jobs deleted, then: x');
    expect(skippedNote({ action: 'delete', sent: 2, done: 2, skipped: 1 })).toBe('1 skipped: only finished jobs can be deleted.');
    expect(skippedNote({ action: 'retry', sent: 2, done: 2, skipped: 0 })).toBe('');
  });
});
