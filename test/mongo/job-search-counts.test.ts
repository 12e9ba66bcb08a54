/**
 * The MongoDB jobs repository's search and capped counts without a server (mingo collections): the
 * search cases of the store contract (test/store-contract/jobs-search.ts) find the same jobs, and a
 * count is exact up to its cap and a lower bound past it.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { ClientSession } from 'mongodb';
import { newId } from '../../src/engine/domain/ids.js';
import type { Job, NewJob } from '../../src/engine/domain/types.js';
import type { JobDoc, JobLogDoc } from '../../src/engine/store/mongo/documents.js';
import { MongoJobRepository } from '../../src/engine/store/mongo/jobs.js';
import { Slots, type LimitsDoc, type SlotDoc } from '../../src/engine/store/mongo/limits.js';
import { JobCounters, type JobCountDoc } from '../../src/engine/store/mongo/job-counts.js';
import { JobLeases, type JobLeaseDoc } from '../../src/engine/store/mongo/leases.js';
import { FAILED_MESSAGE, SEARCH_JOBS, searchCases } from '../store-contract/jobs-search.js';
import { MingoCollection } from './mingo-collection.js';

const T0 = 1_700_000_000_000;
const ORG = 'org-a';
let repo: MongoJobRepository;

beforeEach(() => {
  const jobs = new MingoCollection<JobDoc>();
  const transact = async <T,>(fn: (session: ClientSession | undefined) => Promise<T>): Promise<T> => fn(undefined);
  repo = new MongoJobRepository({
    transact,
    jobs: jobs.collection,
    logs: new MingoCollection<JobLogDoc>().collection,
    logCounters: new MingoCollection<{ _id: string; seq: number }>().collection,
    slots: new Slots(new MingoCollection<SlotDoc>().collection, jobs.collection, new MingoCollection<LimitsDoc>().collection),
    leases: new JobLeases(new MingoCollection<JobLeaseDoc>().collection),
    counts: new JobCounters(new MingoCollection<JobCountDoc>().collection),
  });
});

let runAt = T0 - 1_000_000;
const newJob = (overrides: Partial<NewJob> = {}): NewJob => ({
  id: newId(),
  orgId: ORG,
  type: 'alpha',
  priority: 0,
  payload: {},
  maxAttempts: 1,
  runAt: runAt++,
  createdAt: T0,
  ...overrides,
});

async function searched(search: string): Promise<string[]> {
  const page = await repo.list({ orgId: ORG, filter: { search }, orderBy: 'CREATED_DESC', page: { first: 100 } });
  expect(await repo.countUpTo(ORG, { search }, 1000)).toEqual({ count: page.items.length, exact: true });
  return page.items.map((i) => i.node.id).sort();
}

describe('mongo (mingo): search and capped counts', () => {
  test('the contract’s search cases find the same jobs', async () => {
    const jobs: Record<string, Job> = {};
    // The job to fail first: the claim takes the earliest due job.
    const entries = Object.entries(SEARCH_JOBS).sort(([a], [b]) => Number(b === 'failed') - Number(a === 'failed'));
    for (const [name, overrides] of entries) {
      const job = (await repo.insert([newJob(overrides)]))[0]!.job;
      jobs[name] = job;
      if (name === 'failed') {
        const [claimed] = await repo.claim({ workerId: 'w', limit: 1, now: job.runAt, leaseMs: 1000, types: [job.type], typeLimits: {} });
        expect(claimed?.id).toBe(job.id);
        const error = { message: FAILED_MESSAGE, retryable: false, attempt: 1, at: T0 };
        const [failed] = await repo.finishAttempts([{ jobId: job.id, workerId: 'w', now: T0, outcome: { kind: 'failed', error } }]);
        jobs[name] = failed!;
      }
    }
    for (const [search, want] of searchCases(jobs)) {
      expect(await searched(search), `search "${search}"`).toEqual(want.map((name) => jobs[name]!.id).sort());
    }
  });

  test('a count is exact up to its cap and the cap past it', async () => {
    await repo.insert(Array.from({ length: 5 }, (_, i) => newJob({ payload: { note: `needle ${i}` } })));
    expect(await repo.countUpTo(ORG, { search: 'needle' }, 5)).toEqual({ count: 5, exact: true });
    expect(await repo.countUpTo(ORG, { search: 'needle' }, 4)).toEqual({ count: 4, exact: false });
    // A filter on status and type only is answered by the counters: exact, whatever the cap.
    expect(await repo.countUpTo(ORG, { status: ['QUEUED'] }, 2)).toEqual({ count: 5, exact: true });
    expect(await repo.countUpTo(ORG, {}, 10)).toEqual({ count: 5, exact: true });
  });
});
