/**
 * Job lists on SQLite are planned (store/sqlite/job-list.ts) so that no statement reads more than a
 * page or a chunk: a status or a type in created order is one index range, several statuses (or none)
 * a merge of ranges (at most a page of keys each), and anything else a scan in chunks with the event
 * loop free between them.
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { newId } from '../src/engine/domain/ids.js';
import { JOB_ORDERS, type JobFilter, type JobOrder, type NewJob } from '../src/engine/domain/types.js';
import type { Store } from '../src/engine/store/port.js';
import { openSqliteStore } from '../src/engine/store/sqlite/index.js';
import { listStatement, narrowWalk, planJobList, SCAN_CHUNK } from '../src/engine/store/sqlite/job-list.js';
import { keyBound } from '../src/engine/store/sqlite/job-query.js';
import { walkPages } from './store-contract/harness.js';
import { useTempDirs } from './helpers/tmp.js';

const tmp = useTempDirs('jobcenter-list-plans-');
const T0 = 1_700_000_000_000;
const TOTAL = SCAN_CHUNK * 2 + 300;
/** The rare FAILED jobs: on both sides of each chunk boundary (by creation and by finish time). */
const RARE = [5, SCAN_CHUNK - 1, SCAN_CHUNK, SCAN_CHUNK * 2 + 1, TOTAL - 1];

let file: string;
let store: Store;
let failedIds: string[];

beforeEach(async () => {
  file = tmp.file();
  store = openSqliteStore({ file });
  const jobs: NewJob[] = Array.from({ length: TOTAL }, (_, i) => ({
    id: newId(),
    orgId: 'org-a',
    type: i % 2 ? 'alpha' : 'beta',
    priority: 0,
    payload: { i },
    maxAttempts: 1,
    runAt: T0,
    createdAt: T0 + i * 10,
  }));
  await store.jobs.insert(jobs);
  // The org's jobs all QUEUED except a few FAILED ones (a finished status is the rare one here).
  const db = new Database(file);
  const fail = db.prepare(`UPDATE jobs SET status = 'FAILED', finished_at = ? WHERE id = ?`);
  for (const i of RARE) fail.run(T0 + 1_000_000 - i, jobs[i]!.id);
  db.close();
  failedIds = RARE.map((i) => jobs[i]!.id);
});
afterEach(() => store.close());

function plan(file: string, filter: JobFilter, order: JobOrder): string {
  const planned = planJobList(filter, order);
  if (planned.kind !== 'index' && planned.kind !== 'merge') throw new Error(`${order} ${JSON.stringify(filter)} is walked, not one statement`);
  const statement = listStatement('org-a', filter, order, undefined, planned, 21);
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`EXPLAIN QUERY PLAN ${statement.sql}`).all(...statement.params) as Array<{ detail: string }>).map((r) => r.detail).join(' | ');
  } finally {
    db.close();
  }
}

test('one status or one type in created order reads its own index range; several statuses merge ranges', () => {
  expect(planJobList({ status: ['FAILED'] }, 'CREATED_DESC')).toEqual({ kind: 'index' });
  expect(plan(file, { status: ['FAILED'] }, 'CREATED_DESC')).toMatch(/^SEARCH jobs USING (COVERING )?INDEX jobs_org_status_created \(org_id=\? AND status=\?\)$/);
  expect(plan(file, { type: ['alpha'] }, 'CREATED_ASC')).toMatch(/^SEARCH jobs USING (COVERING )?INDEX jobs_org_type_created \(org_id=\? AND type=\?\)$/);
  const merged = plan(file, { status: ['FAILED', 'CANCELLED', 'SUCCEEDED'] }, 'CREATED_DESC');
  expect(merged).toContain('UNION ALL');
  expect(merged.match(/SEARCH jobs USING (COVERING )?INDEX jobs_org_status_created \(org_id=\? AND status=\?\)/g)).toHaveLength(3);
  expect(merged).not.toMatch(/SCAN jobs/);
  // No status or type in created order: every status's range of the status index, merged (there
  // is no created-order index over the org: one index write less per enqueue).
  expect(planJobList({}, 'CREATED_DESC')).toEqual({ kind: 'merge', field: 'status', values: expect.arrayContaining(['QUEUED', 'SUCCEEDED', 'WAITING']) });
  const everyStatus = plan(file, {}, 'CREATED_DESC');
  expect(everyStatus).toContain('UNION ALL');
  expect(everyStatus.match(/SEARCH jobs USING COVERING INDEX jobs_org_status_created \(org_id=\? AND status=\?\)/g)).toHaveLength(6);
  expect(everyStatus).not.toMatch(/SCAN jobs/);
  // What no index range answers is scanned in chunks.
  expect(planJobList({ status: ['FAILED'] }, 'FINISHED_DESC')).toEqual({ kind: 'scan' });
  expect(planJobList({ status: ['FAILED'], type: ['alpha'] }, 'CREATED_DESC')).toEqual({ kind: 'scan' });
});

test('a rare status in every order: the right jobs, in order, across chunk boundaries, paged', async () => {
  for (const order of JOB_ORDERS) {
    const walked = await walkPages((page) => store.jobs.list({ orgId: 'org-a', filter: { status: ['FAILED'] }, orderBy: order, page }), 2);
    const expected = order === 'CREATED_ASC' ? failedIds : order === 'CREATED_DESC' || order === 'PRIORITY_DESC' ? [...failedIds].reverse() : failedIds;
    expect(walked.map((j) => j.id), order).toEqual(expected);
  }
  // With a creation bound the counters do not answer: the count scans, capped.
  const counted = { status: ['FAILED' as const], type: ['alpha', 'beta'], createdAfter: T0 - 1 };
  expect(await store.jobs.countUpTo('org-a', counted, 100)).toEqual({ count: RARE.length, exact: true });
  expect(await store.jobs.countUpTo('org-a', counted, 3)).toEqual({ count: 3, exact: false });
  expect(await store.jobs.findIds('org-a', { status: ['FAILED'], type: ['alpha', 'beta'] }, 3)).toEqual(failedIds.slice(0, 3));
});

test('a scan lets the event loop run between chunks, and an abandoned one stops after the chunk under way', async () => {
  const seen: string[] = [];
  setImmediate(() => seen.push('other work'));
  // No job has this type: the walk reads every range to its end, chunk by chunk.
  await store.jobs.list({ orgId: 'org-a', filter: { type: ['gamma'] }, orderBy: 'PRIORITY_DESC', page: { first: 20 } });
  seen.push('list done');
  expect(seen).toEqual(['other work', 'list done']);

  // Newest first in the zero-priority band: an abandoned walk answers what its first chunk held.
  const filter: JobFilter = { type: ['alpha'] };
  const whole = await store.jobs.list({ orgId: 'org-a', filter, orderBy: 'PRIORITY_DESC', page: { first: TOTAL } });
  const abandoned = await store.jobs.list({ orgId: 'org-a', filter, orderBy: 'PRIORITY_DESC', page: { first: TOTAL }, signal: AbortSignal.abort() });
  expect(abandoned.items.length).toBeGreaterThan(0);
  expect(abandoned.items.length).toBeLessThan(whole.items.length);
  expect(abandoned.items.map((i) => i.node.id)).toEqual(whole.items.slice(0, abandoned.items.length).map((i) => i.node.id));
});

test('status and type together in created order walk the smaller of the two ranges, not the org', async () => {
  const counts = { status: 5, type: 2_150 };
  const countOf = (column: 'status' | 'type') => counts[column];
  expect(narrowWalk({ status: ['FAILED'], type: ['alpha'] }, 'CREATED_DESC', countOf)).toEqual({ index: 'jobs_org_status_created', column: 'status', value: 'FAILED' });
  expect(narrowWalk({ status: ['QUEUED'], type: ['alpha'] }, 'CREATED_ASC', () => 0)).toMatchObject({ column: 'status' });
  expect(narrowWalk({ status: ['QUEUED'], type: ['alpha'] }, 'CREATED_ASC', (column) => (column === 'type' ? 1 : 2))).toMatchObject({ column: 'type', value: 'alpha' });
  expect(narrowWalk({ status: ['QUEUED', 'FAILED'], type: ['alpha'] }, 'CREATED_DESC', countOf)).toMatchObject({ column: 'type' });
  expect(narrowWalk({ status: ['QUEUED', 'FAILED'], type: ['alpha', 'beta'] }, 'CREATED_DESC', countOf)).toBeUndefined();
  expect(narrowWalk({ status: ['FAILED'], type: ['alpha'] }, 'PRIORITY_DESC', countOf)).toBeUndefined();

  // The rare FAILED alphas, newest first, paged; and the count and ids the same.
  const alphas = RARE.filter((i) => i % 2 === 1).map((i) => failedIds[RARE.indexOf(i)]!);
  const filter: JobFilter = { status: ['FAILED'], type: ['alpha'] };
  const walked = await walkPages((page) => store.jobs.list({ orgId: 'org-a', filter, orderBy: 'CREATED_DESC', page }), 3);
  expect(walked.map((j) => j.id)).toEqual([...alphas].reverse());
  expect(await store.jobs.findIds('org-a', filter, 10)).toEqual(alphas);
  expect(await store.jobs.countUpTo('org-a', { ...filter, createdAfter: T0 - 1 }, 100)).toEqual({ count: alphas.length, exact: true });
  // One chunk of the FAILED range holds them all: an abandoned list still answers every one, where
  // a walk over the org's newest 2,000 jobs would have found only those created in the last chunk.
  const abandoned = await store.jobs.list({ orgId: 'org-a', filter, orderBy: 'CREATED_DESC', page: { first: 20 }, signal: AbortSignal.abort() });
  expect(abandoned.items.map((i) => i.node.id)).toEqual([...alphas].reverse());
});

test('created order over every status: pages, counts and scans side by side across the status ranges', async () => {
  const all = await walkPages((page) => store.jobs.list({ orgId: 'org-a', filter: {}, orderBy: 'CREATED_DESC', page }), 700);
  const byCreation = all.map((j) => j.id);
  expect(byCreation).toHaveLength(TOTAL);
  expect([...all].sort((a, b) => b.createdAt - a.createdAt).map((j) => j.id)).toEqual(byCreation);
  const ascending = await walkPages((page) => store.jobs.list({ orgId: 'org-a', filter: {}, orderBy: 'CREATED_ASC', page }), 900);
  expect(ascending.map((j) => j.id)).toEqual([...byCreation].reverse());

  // A creation range without a status: each status counted on its own range.
  const since = { createdAfter: T0 + 10 * 100 };
  expect(await store.jobs.count('org-a', since)).toBe(TOTAL - 100);
  expect(await store.jobs.countUpTo('org-a', since, 50)).toEqual({ count: 50, exact: false });
  expect(await store.jobs.countUpTo('org-a', { createdAfter: T0 + 10 * (TOTAL - 3) }, 50)).toEqual({ count: 3, exact: true });

  // Several statuses and several types: no one range holds them, so the QUEUED and FAILED ranges are
  // walked side by side (the QUEUED one nearly all of each chunk), merged in created order.
  const filter: JobFilter = { status: ['FAILED', 'QUEUED'], type: ['alpha', 'beta'] };
  expect(planJobList(filter, 'CREATED_DESC')).toEqual({ kind: 'scan' });
  const scanned = await walkPages((page) => store.jobs.list({ orgId: 'org-a', filter, orderBy: 'CREATED_DESC', page }), 333);
  expect(scanned.map((j) => j.id)).toEqual(byCreation);
  expect(await store.jobs.findIds('org-a', filter, 5)).toEqual([...byCreation].reverse().slice(0, 5));
  // An abandoned scan answers the first chunk: SCAN_CHUNK jobs, not an even share of each status's.
  const abandoned = await store.jobs.list({ orgId: 'org-a', filter, orderBy: 'CREATED_DESC', page: { first: SCAN_CHUNK + 100 }, signal: AbortSignal.abort() });
  expect(abandoned.items.length).toBeGreaterThanOrEqual(SCAN_CHUNK - RARE.length);
  expect(abandoned.items.map((i) => i.node.id)).toEqual(byCreation.slice(0, abandoned.items.length));
});

test('finish order: the finished jobs on their own index, then the unfinished ones by creation, paged across both and across chunks', async () => {
  // The finish-order index holds the finished jobs only: an enqueue does not write it.
  const db = new Database(file, { readonly: true });
  const indexed = db.prepare('SELECT COUNT(*) AS n FROM jobs INDEXED BY jobs_org_finished WHERE finished_at IS NOT NULL').get() as { n: number };
  db.close();
  expect(indexed.n).toBe(RARE.length);

  expect(planJobList({}, 'FINISHED_DESC')).toEqual({ kind: 'ranges' });
  const all = await store.jobs.list({ orgId: 'org-a', filter: {}, orderBy: 'CREATED_DESC', page: { first: TOTAL } });
  const queuedNewestFirst = all.items.map((i) => i.node).filter((j) => j.status === 'QUEUED').map((j) => j.id);
  // FAILED job RARE[k] finished at T0 + 1,000,000 - RARE[k]: the first of RARE finished last.
  const expected = [...failedIds, ...queuedNewestFirst];
  for (const size of [25, 700]) {
    const walked = await walkPages((page) => store.jobs.list({ orgId: 'org-a', filter: {}, orderBy: 'FINISHED_DESC', page }), size);
    expect(walked.map((j) => j.id)).toEqual(expected);
  }
  // A filter over both parts: the FAILED range of the finished jobs and the QUEUED range, one walk.
  const filter: JobFilter = { status: ['FAILED', 'QUEUED'], type: ['alpha'] };
  const alphas = await walkPages((page) => store.jobs.list({ orgId: 'org-a', filter, orderBy: 'FINISHED_DESC', page }), 250);
  expect(alphas.map((j) => j.id)).toEqual(expected.filter((id) => all.items.find((i) => i.node.id === id)!.node.type === 'alpha'));
});

test('a key bound over a range whose key has a constant term keeps to the columns (an index range) or decides alone', () => {
  const finished = ['finished_key', 0, 'id'];
  const open = [0, 'created_at', 'id'];
  // After a finished job's key: the finished jobs below it by (time, id); every unfinished job.
  expect(keyBound(finished, [500, 0, 'b'], '<')).toEqual({ sql: '(finished_key, id) < (?, ?)', params: [500, 'b'] });
  expect(keyBound(open, [500, 0, 'b'], '<')).toEqual({ sql: '1', params: [] });
  // After an unfinished job's key: no finished job; the unfinished ones below it by (creation, id).
  expect(keyBound(finished, [0, 90, 'b'], '<')).toEqual({ sql: '(finished_key) <= (?)', params: [0] });
  expect(keyBound(open, [0, 90, 'b'], '<')).toEqual({ sql: '(created_at, id) < (?, ?)', params: [90, 'b'] });
  // Up to a finished job's key: no unfinished job.
  expect(keyBound(open, [500, 0, 'b'], '>=')).toEqual({ sql: '0', params: [] });
  expect(keyBound(finished, [500, 0, 'b'], '>=')).toEqual({ sql: '(finished_key, id) >= (?, ?)', params: [500, 'b'] });
  // A made-up key (a time and a creation time both) is still a bound of the same order.
  expect(keyBound(finished, [500, 7, 'b'], '<')).toEqual({ sql: '(finished_key) <= (?)', params: [500] });
  expect(keyBound(finished, [500, -7, 'b'], '<')).toEqual({ sql: '(finished_key) < (?)', params: [500] });
});

test('priority order: the non-zero priorities on their own index, the zero band by creation from the status ranges, paged across both', async () => {
  const all = (await store.jobs.list({ orgId: 'org-a', filter: {}, orderBy: 'CREATED_ASC', page: { first: TOTAL } })).items.map((i) => i.node);
  // A few jobs above and below the zero band, on both sides of the chunk boundaries by creation.
  const db = new Database(file);
  const set = db.prepare('UPDATE jobs SET priority = ? WHERE id = ?');
  const raised = new Map<string, number>();
  for (const [i, priority] of [[3, 5], [SCAN_CHUNK + 1, 5], [10, 2], [TOTAL - 2, -1], [7, -4]] as const) {
    set.run(priority, all[i]!.id);
    raised.set(all[i]!.id, priority);
  }
  const indexed = db.prepare('SELECT COUNT(*) AS n FROM jobs INDEXED BY jobs_org_priority WHERE priority <> 0').get() as { n: number };
  db.close();
  // The priority index holds the jobs of non-zero priority only: an enqueue of priority 0 does not write it.
  expect(indexed.n).toBe(raised.size);

  // Its zero band tests each row: a scan, held to the org's cap on searches at once.
  expect(planJobList({}, 'PRIORITY_DESC')).toEqual({ kind: 'scan' });
  expect(store.jobs.scans?.({}, 'PRIORITY_DESC')).toBe(true);
  expect(store.jobs.scans?.({}, 'FINISHED_DESC')).toBe(false);
  const key = (j: { id: string; createdAt: number }) => [raised.get(j.id) ?? 0, j.createdAt, j.id] as const;
  const expected = [...all].sort((x, y) => {
    const [a, b] = [key(x), key(y)];
    return b[0] - a[0] || b[1] - a[1] || (a[2] < b[2] ? 1 : -1);
  });
  for (const size of [250, 1000]) {
    const walked = await walkPages((page) => store.jobs.list({ orgId: 'org-a', filter: {}, orderBy: 'PRIORITY_DESC', page }), size);
    expect(walked.map((j) => j.id)).toEqual(expected.map((j) => j.id));
  }
  // With a status: that status's range in the zero band, and the non-zero jobs of that status.
  const failed = await walkPages((page) => store.jobs.list({ orgId: 'org-a', filter: { status: ['FAILED'] }, orderBy: 'PRIORITY_DESC', page }), 2);
  expect(failed.map((j) => j.id)).toEqual(expected.filter((j) => failedIds.includes(j.id)).map((j) => j.id));
});
