/**
 * A job search on SQLite that reads the org's jobs row by row (a term of two characters; no index
 * holds these jobs) does it in chunks (store/sqlite/job-search.ts) and lets the event loop run between
 * them: the results are those of one pass, across chunk boundaries, in list order, with pages, counts
 * and caps as without chunks. A longer term, from the index's candidates, answers the same.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { newId } from '../src/engine/domain/ids.js';
import { jobCursor } from '../src/engine/domain/list-orders.js';
import type { NewJob } from '../src/engine/domain/types.js';
import type { Store } from '../src/engine/store/port.js';
import { SEARCH_CHUNK } from '../src/engine/store/sqlite/job-search.js';
import { openSqliteStore } from '../src/engine/store/sqlite/index.js';
import { useTempDirs } from './helpers/tmp.js';

const tmp = useTempDirs('jobcenter-search-chunks-');
const T0 = 1_700_000_000_000;
const TOTAL = SEARCH_CHUNK * 2 + 500;
/** Jobs whose payload holds the rare term: on both sides of each chunk boundary, and the oldest. */
const NEEDLES = [3, SEARCH_CHUNK - 1, SEARCH_CHUNK, SEARCH_CHUNK + 7, SEARCH_CHUNK * 2 + 1, TOTAL - 1];

let store: Store;
let ids: string[];

beforeEach(async () => {
  store = openSqliteStore({ file: tmp.file() });
  // Job i is the i-th newest: the default order (newest first) meets them by index.
  const jobs: NewJob[] = Array.from({ length: TOTAL }, (_, i) => ({
    id: newId(),
    orgId: 'org-a',
    type: 'alpha',
    priority: 0,
    payload: { note: NEEDLES.includes(i) ? `the Zebra-${i}` : `plain ${i}` },
    maxAttempts: 1,
    runAt: T0,
    createdAt: T0 + (TOTAL - i) * 10,
  }));
  await store.jobs.insert(jobs);
  await store.jobs.insert([{ ...jobs[0]!, id: newId(), orgId: 'org-b', payload: { note: 'zebra elsewhere' } }]);
  ids = jobs.map((j) => j.id);
});
afterEach(() => store.close());

test.each(['ze', 'zebra'])('"%s" matches across chunk boundaries, in list order, paged, counted and capped', async (search) => {
  const filter = { search };
  const want = NEEDLES.map((i) => ids[i]);
  const all = await store.jobs.list({ orgId: 'org-a', filter, orderBy: 'CREATED_DESC', page: { first: 100 } });
  expect(all.items.map((i) => i.node.id)).toEqual(want);
  expect(all.hasNextPage).toBe(false);

  // Two at a time, each page starting after the last one's cursor.
  const seen: string[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await store.jobs.list({ orgId: 'org-a', filter, orderBy: 'CREATED_DESC', page: { first: 2, ...(after && { after }) } });
    seen.push(...page.items.map((i) => i.node.id));
    if (!page.hasNextPage) break;
    after = jobCursor('CREATED_DESC', page.items[page.items.length - 1]!.node);
  }
  expect(seen).toEqual(want);

  expect(await store.jobs.count('org-a', filter)).toBe(NEEDLES.length);
  expect(await store.jobs.countUpTo('org-a', filter, 4)).toEqual({ count: 4, exact: false });
  expect(await store.jobs.countUpTo('org-a', filter, 10)).toEqual({ count: NEEDLES.length, exact: true });
  expect(await store.jobs.findIds('org-a', filter, 3)).toEqual([...want].reverse().slice(0, 3));
  // The whole id matches too, alone.
  expect(await store.jobs.count('org-a', { search: ids[SEARCH_CHUNK + 100]! })).toBe(1);
});

test('the event loop runs between chunks: a callback queued before the search runs before it ends', async () => {
  const order: string[] = [];
  setImmediate(() => order.push('other work'));
  await store.jobs.list({ orgId: 'org-a', filter: { search: 'qx' }, orderBy: 'CREATED_DESC', page: { first: 20 } });
  order.push('search done');
  expect(order).toEqual(['other work', 'search done']);
});

test('an abandoned operation stops the read after the chunk under way', async () => {
  const gone = AbortSignal.abort();
  const firstChunk = NEEDLES.filter((i) => i < SEARCH_CHUNK).map((i) => ids[i]);
  const page = await store.jobs.list({ orgId: 'org-a', filter: { search: 'ze' }, orderBy: 'CREATED_DESC', page: { first: 100 }, signal: gone });
  expect(page.items.map((i) => i.node.id)).toEqual(firstChunk);
  expect(await store.jobs.countUpTo('org-a', { search: 'ze' }, 100, gone)).toEqual({ count: firstChunk.length, exact: true });
});
