/**
 * An org runs at most JOBCENTER_ORG_MAX_SEARCHES job searches at once (a rare term reads every job of
 * the org): one more is refused with RATE_LIMITED naming the setting, other orgs and lists without a
 * search term are not held, and a slot is free again when its search ends, failed or not.
 */
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Actor } from '../src/engine/domain/actor.js';
import { RateLimitedError } from '../src/engine/domain/errors.js';
import { newId } from '../src/engine/domain/ids.js';
import { JobService } from '../src/engine/services/job-service.js';
import { DEFAULT_QUOTAS, Quotas } from '../src/engine/services/quotas.js';
import type { Store } from '../src/engine/store/port.js';
import { openSqliteStore } from '../src/engine/store/sqlite/index.js';
import { TaskRegistry } from '../src/tasks/registry.js';
import { useTempDirs } from './helpers/tmp.js';

const tmp = useTempDirs('jobcenter-search-quota-');
const a: Actor = { orgId: 'org-a', userId: 'alice' };
const b: Actor = { orgId: 'org-b', userId: 'bob' };
let store: Store;
let jobs: JobService;

beforeEach(async () => {
  store = openSqliteStore({ file: tmp.file() });
  const job = (orgId: string, i: number) => ({ id: newId(), orgId, type: 'alpha', priority: 0, payload: { i }, maxAttempts: 1, runAt: 1, createdAt: 1 + i });
  await store.jobs.insert(Array.from({ length: 5_000 }, (_, i) => job('org-a', i)));
  await store.jobs.insert(Array.from({ length: 10 }, (_, i) => job('org-b', i)));
  jobs = new JobService({ store, catalog: new TaskRegistry(), quotas: new Quotas(store, { ...DEFAULT_QUOTAS, maxSearchesPerOrg: 2 }) });
});
afterEach(() => store.close());

const search = (actor: Actor, term = 'no such term') => jobs.list(actor, { search: term }, 'CREATED_DESC', { first: 20 });

test('one search more than the limit is refused, naming the setting; other orgs and plain lists go on', async () => {
  const running = [search(a), jobs.countUpTo(a, { search: 'no such term' })];
  const refused = await search(a).catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(RateLimitedError);
  expect(refused).toMatchObject({ code: 'RATE_LIMITED', limit: 2, setting: 'JOBCENTER_ORG_MAX_SEARCHES' });
  expect((refused as Error).message).toContain('org-a has 2 job searches running');
  // Bulk actions by a filter with a search term count too.
  await expect(jobs.count(a, { search: 'x' })).rejects.toBeInstanceOf(RateLimitedError);

  expect((await search(b)).items).toEqual([]);
  expect((await jobs.list(a, {}, 'CREATED_DESC', { first: 3 })).items).toHaveLength(3);

  const [page, count] = await Promise.all(running);
  expect(page).toMatchObject({ items: [], hasNextPage: false });
  expect(count).toEqual({ count: 0, exact: true });
  // Both slots are free again.
  expect((await Promise.all([search(a, '"i":4999'), search(a)])).map((p) => p.items.length)).toEqual([1, 0]);
});

test('a list the store reads in a scan (a type in priority order) is held to the same cap; index ranges and counters are not', async () => {
  // No job has this type: each scan reads the org's jobs to the end, chunk by chunk.
  const scan = () => jobs.list(a, { type: ['none-such'] }, 'PRIORITY_DESC', { first: 20 });
  const running = [scan(), scan()];
  const refused = await scan().catch((e: unknown) => e);
  expect(refused).toBeInstanceOf(RateLimitedError);
  expect(refused).toMatchObject({ setting: 'JOBCENTER_ORG_MAX_SEARCHES' });
  // One status in creation order is an index range, and a count by status reads counters: not held.
  expect((await jobs.list(a, { status: ['QUEUED'] }, 'CREATED_DESC', { first: 3 })).items).toHaveLength(3);
  expect(await jobs.countUpTo(a, { status: ['FAILED'], type: ['alpha'] })).toEqual({ count: 0, exact: true });
  // A count the counters cannot answer, with a filter the store scans, is held.
  await expect(jobs.countUpTo(a, { status: ['FAILED'], type: ['alpha'], createdAfter: 0 })).rejects.toBeInstanceOf(RateLimitedError);
  expect((await Promise.all(running)).map((p) => p.items.length)).toEqual([0, 0]);
  expect((await scan()).items).toEqual([]);
});
