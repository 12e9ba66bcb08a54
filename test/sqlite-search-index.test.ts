/**
 * The SQLite job search index and the background indexer that keeps it (runtime/search-indexer.ts):
 * once it has caught up a search reads the index (a row taken out of it by hand is no longer found),
 * deleted jobs leave it as the indexer sweeps, and the indexer lets the loop run between chunks.
 * That a search finds the same at every step is the store contract's (jobs-search-index.ts).
 */
import Database from 'better-sqlite3';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { newId } from '../src/engine/domain/ids.js';
import type { NewJob } from '../src/engine/domain/types.js';
import { silentLogger } from '../src/engine/runtime/logger.js';
import { SearchIndexer } from '../src/engine/runtime/search-indexer.js';
import type { Store } from '../src/engine/store/port.js';
import { openSqliteStore } from '../src/engine/store/sqlite/index.js';
import { MAX_COUNT_CANDIDATES, MAX_PAGE_CANDIDATES } from '../src/engine/store/sqlite/job-search.js';
import { useTempDirs } from './helpers/tmp.js';

const tmp = useTempDirs('jobcenter-search-index-');
const T0 = 1_700_000_000_000;
const TOTAL = 2_500;
const ZEBRAS = [7, 1_200, 2_400];

let file: string;
let store: Store;
let ids: string[];

beforeEach(async () => {
  file = tmp.file();
  store = openSqliteStore({ file });
  const jobs: NewJob[] = Array.from({ length: TOTAL }, (_, i) => ({
    id: newId(),
    orgId: 'org-a',
    type: 'alpha',
    priority: 0,
    payload: { note: ZEBRAS.includes(i) ? `the Zebra-${i}` : `plain ${i}` },
    maxAttempts: 1,
    runAt: T0,
    createdAt: T0 + i,
  }));
  await store.jobs.insert(jobs);
  ids = jobs.map((j) => j.id);
});
afterEach(() => store.close());

const zebras = async () =>
  (await store.jobs.list({ orgId: 'org-a', filter: { search: 'zebra' }, orderBy: 'CREATED_ASC', page: { first: 100 } })).items.map((i) => i.node.id);

/** A second connection to the store's file, for looking at (or tampering with) the index tables. */
function raw<T>(work: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return work(db);
  } finally {
    db.close();
  }
}

test('once caught up, a search is answered from the index', async () => {
  expect(await zebras()).toEqual(ZEBRAS.map((i) => ids[i]));
  const indexer = new SearchIndexer(store, silentLogger);
  expect(await indexer.catchUp()).toBe(TOTAL);
  expect(raw((db) => db.prepare('SELECT indexed_to AS at FROM job_search_mark').get())).toEqual({ at: TOTAL });
  expect(await zebras()).toEqual(ZEBRAS.map((i) => ids[i]));
  // Taken out of the index by hand: an indexed job is found through the index alone.
  raw((db) => db.prepare('DELETE FROM job_search_head WHERE rowid = (SELECT rowid FROM jobs WHERE id = ?)').run(ids[1_200]));
  expect(await zebras()).toEqual([ids[7], ids[2_400]]);
  expect(await indexer.catchUp()).toBe(0);
});

test('deleted jobs leave the index as the indexer sweeps it', async () => {
  const indexer = new SearchIndexer(store, silentLogger);
  await indexer.catchUp();
  const gone = [ids[7]!, ids[1_200]!];
  expect(await store.jobs.requestCancelMany(gone, 'org-a', T0 + 5)).toHaveLength(2);
  expect(await store.jobs.deleteFinished('org-a', gone)).toEqual(gone);
  expect(await zebras()).toEqual([ids[2_400]]);
  // A step of 100 jobs sweeps 1,000 docs, going on from where the last step left off: from anywhere,
  // four steps pass over all 2,500 (the rest of a round, then a whole one).
  for (let i = 0; i < 4; i++) await store.jobSearchIndex!.step(100);
  expect(raw((db) => db.prepare('SELECT COUNT(*) AS n FROM job_search_docs').get())).toEqual({ n: TOTAL - 2 });
  expect(raw((db) => db.prepare(`SELECT COUNT(*) AS n FROM job_search_head WHERE job_search_head MATCH '"zebra"'`).get())).toEqual({ n: 1 });
  expect(await zebras()).toEqual([ids[2_400]]);
});

test('pending docs settle as their jobs finish: each walk reads the jobs finished since the last, org by org, not every pending doc', async () => {
  const other: NewJob = { id: newId(), orgId: 'org-b', type: 'alpha', priority: 0, payload: {}, maxAttempts: 1, runAt: T0, createdAt: T0 };
  await store.jobs.insert([other]);
  const indexer = new SearchIndexer(store, silentLogger);
  await indexer.catchUp();
  const pending = () => (raw((db) => db.prepare('SELECT COUNT(*) AS n FROM job_search_docs WHERE pending = 1').get()) as { n: number }).n;
  const quaggas = () => raw((db) => db.prepare(`SELECT COUNT(*) AS n FROM job_search_errors WHERE job_search_errors MATCH '"quagga"'`).get());
  const steps = async () => {
    let n = 0;
    for (let done = false; !done; n++) ({ done } = await store.jobSearchIndex!.step(100));
    return n;
  };
  expect(pending()).toBe(TOTAL + 1);
  await store.jobs.claim({ workerId: 'w', limit: TOTAL + 1, now: T0, leaseMs: 60_000, types: ['alpha'], typeLimits: {} });
  const fail = (jobIds: string[], at: number, word = 'Quagga') =>
    store.jobs.finishAttempts(jobIds.map((jobId, k) => ({ jobId, workerId: 'w', now: at, outcome: { kind: 'failed' as const, error: { message: `${word} number ${k}`, retryable: false, attempt: 1, at } } })));
  const succeed = (jobIds: string[], at: number) =>
    store.jobs.finishAttempts(jobIds.map((jobId) => ({ jobId, workerId: 'w', now: at, outcome: { kind: 'succeeded' as const, result: null } })));

  // 1,500 succeed and three fail, one of them in another org: a step of 100 walks 1,000 finished jobs.
  await succeed(ids.slice(1_000), T0 + 10);
  await fail([ids[5]!, ids[600]!, other.id], T0 + 10);
  expect(await steps()).toBe(2);
  expect(pending()).toBe(TOTAL + 1 - 1_503);
  expect(quaggas()).toEqual({ n: 3 });

  // Each walk starts 30 s before the latest finish the last one saw (an outcome committed late may
  // carry an earlier time): the next one reads those 1,503 again with one more, ...
  await fail([ids[7]!], T0 + 60_000, 'Quagga-late');
  expect(await steps()).toBe(2);
  expect(pending()).toBe(TOTAL + 1 - 1_504);
  expect(quaggas()).toEqual({ n: 4 });
  // ... and the one after that reads only what finished since: one step, no walk over the 996 docs
  // still pending.
  await fail([ids[9]!], T0 + 120_000, 'Quagga-later');
  expect(await steps()).toBe(1);
  expect(pending()).toBe(TOTAL + 1 - 1_505);
  expect(quaggas()).toEqual({ n: 5 });
  const found = await store.jobs.list({ orgId: 'org-a', filter: { search: 'quagga' }, orderBy: 'CREATED_ASC', page: { first: 10 } });
  expect(found.items.map((i) => i.node.id)).toEqual([ids[5], ids[7], ids[9], ids[600]]);

  // The walk's end is stored with the index: a restarted process goes on from there (one step), where
  // a first walk over every finished job takes two.
  store.close();
  store = openSqliteStore({ file });
  await fail([ids[11]!], T0 + 180_000, 'Quagga-restarted');
  expect(await steps()).toBe(1);
  expect(pending()).toBe(TOTAL + 1 - 1_506);
  expect(quaggas()).toEqual({ n: 6 });
  raw((db) => db.prepare('UPDATE job_search_mark SET settled_through = 0').run());
  expect(await steps()).toBe(2);
});

test('the indexer lets the loop run between its chunks, and stops between them', async () => {
  const indexer = new SearchIndexer(store, silentLogger);
  const order: string[] = [];
  setImmediate(() => order.push('other work'));
  const indexing = indexer.catchUp().then((n) => order.push(`indexed ${n}`));
  await indexing;
  expect(order).toEqual(['other work', `indexed ${TOTAL}`]);

  await store.jobs.insert(Array.from({ length: 2_500 }, (_, i) => ({ id: newId(), orgId: 'org-a', type: 'alpha', priority: 0, payload: { i }, maxAttempts: 1, runAt: T0, createdAt: T0 + TOTAL + i })));
  indexer.start();
  await indexer.stop();
  // Started and stopped at once: the first chunk was indexed (its size follows how long the last chunks
  // took, at most 1,000), not the rest.
  const { at } = raw((db) => db.prepare('SELECT indexed_to AS at FROM job_search_mark').get()) as { at: number };
  expect(at).toBeGreaterThan(TOTAL);
  expect(at).toBeLessThanOrEqual(TOTAL + 1_000);
});

test('a term with more candidates than a page or a count takes (here another org\'s jobs) answers as row by row', async () => {
  // Past MAX_COUNT_CANDIDATES in org-b; in org-a two old jobs, below 2,500 that do not match.
  const inB: NewJob[] = Array.from({ length: MAX_COUNT_CANDIDATES + 500 }, (_, i) => ({
    id: newId(),
    orgId: 'org-b',
    type: i % 5 === 0 ? 'beta' : 'alpha',
    priority: 0,
    payload: { note: `common ${i}` },
    maxAttempts: 1,
    runAt: T0,
    createdAt: T0 + i,
  }));
  const inA: NewJob[] = [1, 2].map((i) => ({ id: newId(), orgId: 'org-a', type: 'alpha', priority: 0, payload: { note: `common ${i}` }, maxAttempts: 1, runAt: T0, createdAt: T0 - i }));
  await store.jobs.insert([...inB, ...inA]);
  await new SearchIndexer(store, silentLogger).catchUp();
  expect(MAX_COUNT_CANDIDATES).toBeGreaterThan(MAX_PAGE_CANDIDATES);

  const filter = { search: 'common' };
  const page = await store.jobs.list({ orgId: 'org-a', filter, orderBy: 'CREATED_DESC', page: { first: 20 } });
  expect(page.items.map((i) => i.node.id)).toEqual(inA.map((j) => j.id));
  expect(await store.jobs.count('org-a', filter)).toBe(2);
  expect(await store.jobs.countUpTo('org-a', filter, 10_000)).toEqual({ count: 2, exact: true });
  // In org-b: a type in one job of five, counted exactly and capped.
  const betas = inB.filter((j) => j.type === 'beta');
  expect(await store.jobs.count('org-b', { ...filter, type: ['beta'] })).toBe(betas.length);
  expect(await store.jobs.countUpTo('org-b', { ...filter, type: ['beta'] }, 10_000)).toEqual({ count: betas.length, exact: true });
  expect(await store.jobs.countUpTo('org-b', { ...filter, type: ['beta'] }, 1_000)).toEqual({ count: 1_000, exact: false });
  expect(await store.jobs.countUpTo('org-b', filter, 10_000)).toEqual({ count: 10_000, exact: false });
});
