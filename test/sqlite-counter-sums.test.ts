/**
 * Counts from the job counters on SQLite are kept between reads until the counters move
 * (store/sqlite/job-counts.ts countsVersion): every write that moves a job is seen by the next count,
 * and a write that rolls back leaves the counts as they were.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import { newId } from '../src/engine/domain/ids.js';
import type { NewJob } from '../src/engine/domain/types.js';
import type { Store } from '../src/engine/store/port.js';
import { openSqliteStore } from '../src/engine/store/sqlite/index.js';
import { useTempDirs } from './helpers/tmp.js';

const tmp = useTempDirs('jobcenter-counter-sums-');
const T0 = 1_700_000_000_000;
let store: Store;

beforeEach(() => {
  store = openSqliteStore({ file: tmp.file() });
});
afterEach(async () => {
  await store.close();
});

const job = (type: string, orgId = 'org-a'): NewJob => ({
  id: newId(),
  orgId,
  type,
  priority: 0,
  payload: {},
  maxAttempts: 1,
  runAt: T0,
  createdAt: T0,
});

/** The counts a list page shows, read twice so a kept sum is read too. */
async function counts(orgId = 'org-a') {
  const read = async () => ({
    all: (await store.jobs.countUpTo(orgId, {}, 1_000)).count,
    queued: await store.jobs.count(orgId, { status: ['QUEUED'] }),
    running: await store.jobs.count(orgId, { status: ['RUNNING'] }),
    alphaQueued: (await store.jobs.countUpTo(orgId, { status: ['QUEUED'], type: ['alpha'] }, 1_000)).count,
  });
  const first = await read();
  expect(await read()).toEqual(first);
  return first;
}

test('every move is counted at once: inserts, a claim, a cancel, and another org apart', async () => {
  expect(await counts()).toEqual({ all: 0, queued: 0, running: 0, alphaQueued: 0 });
  await store.jobs.insert([job('alpha'), job('alpha'), job('beta')]);
  expect(await counts()).toEqual({ all: 3, queued: 3, running: 0, alphaQueued: 2 });

  await store.jobs.insert([job('alpha', 'org-b')]);
  expect(await counts()).toEqual({ all: 3, queued: 3, running: 0, alphaQueued: 2 });
  expect(await counts('org-b')).toEqual({ all: 1, queued: 1, running: 0, alphaQueued: 1 });

  const [claimed] = await store.jobs.claim({ workerId: 'w1', limit: 1, now: T0, leaseMs: 30_000, types: ['alpha'], typeLimits: {} });
  expect(claimed?.type).toBe('alpha');
  expect(await counts()).toEqual({ all: 3, queued: 2, running: 1, alphaQueued: 1 });

  const queuedBeta = (await store.jobs.list({ orgId: 'org-a', filter: { type: ['beta'] }, orderBy: 'CREATED_DESC', page: { first: 1 } })).items[0]!.node;
  await store.jobs.requestCancel(queuedBeta.id, 'org-a', T0 + 1);
  expect(await counts()).toEqual({ all: 3, queued: 1, running: 1, alphaQueued: 1 });
});

test('a write that rolls back leaves the counts it moved as they were', async () => {
  await store.jobs.insert([job('alpha')]);
  expect(await counts()).toEqual({ all: 1, queued: 1, running: 0, alphaQueued: 1 });
  // The audit entries are written after the rows and their counts, in the same transaction.
  const failing = () => {
    throw new Error('audit refused');
  };
  await expect(store.jobs.insert([job('alpha'), job('alpha')], failing)).rejects.toThrow('audit refused');
  expect(await counts()).toEqual({ all: 1, queued: 1, running: 0, alphaQueued: 1 });
  await store.jobs.insert([job('alpha')]);
  expect(await counts()).toEqual({ all: 2, queued: 2, running: 0, alphaQueued: 2 });
});
