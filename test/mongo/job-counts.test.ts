/**
 * Job counters on MongoDB (job_counts): moves summed per key, a removal counted once when two
 * processes delete the same jobs, the rebuild from the jobs that repairs drift, and the rebuild at
 * upgrade. Over in-memory collections evaluated by mingo; the contract's counts cases run over the
 * same store in jobs-contract.test.ts.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import type { NewJob } from '../../src/engine/domain/types.js';
import type { Store } from '../../src/engine/store/port.js';
import type { JobDoc } from '../../src/engine/store/mongo/documents.js';
import { countDeltas, countKey, JobCounters, type JobCountDoc } from '../../src/engine/store/mongo/job-counts.js';
import { MingoCollection } from './mingo-collection.js';
import { openMingoStore } from './mingo-store.js';

const T0 = 1_700_000_000_000;
const ORG = 'acme';

let jobs: MingoCollection<JobDoc>;
let counts: MingoCollection<JobCountDoc>;
/** A process: its own repositories over the shared collections. */
const open = (): Store => openMingoStore({ jobs, leases: new MingoCollection(), slots: new MingoCollection(), counts });

beforeEach(() => {
  jobs = new MingoCollection();
  counts = new MingoCollection();
});

const newJob = (overrides: Partial<NewJob> = {}): NewJob => ({
  id: newId(),
  orgId: ORG,
  type: 'a',
  priority: 0,
  payload: {},
  maxAttempts: 1,
  runAt: T0,
  createdAt: T0,
  ...overrides,
});

const counter = (status: string, type = 'a', orgId = ORG) => counts.docs.find((d) => d._id === countKey(orgId, status, type))?.n ?? 0;

describe('moves', () => {
  test('are summed per org, status and type; keys they leave unchanged are not written', () => {
    const deltas = countDeltas([
      { orgId: ORG, type: 'a', to: 'QUEUED' },
      { orgId: ORG, type: 'a', to: 'QUEUED' },
      { orgId: ORG, type: 'a', from: 'QUEUED', to: 'RUNNING' },
      { orgId: ORG, type: 'a', from: 'RUNNING', to: 'RUNNING' },
      { orgId: ORG, type: 'b', from: 'SUCCEEDED' },
      { orgId: 'other', type: 'a', from: 'RUNNING', to: 'QUEUED' },
      { orgId: 'other', type: 'a', from: 'QUEUED', to: 'RUNNING' },
    ]);
    expect(deltas.map((d) => [d.orgId, d.status, d.type, d.n]).sort()).toEqual(
      [
        [ORG, 'QUEUED', 'a', 1],
        [ORG, 'RUNNING', 'a', 1],
        [ORG, 'SUCCEEDED', 'b', -1],
      ].sort(),
    );
  });
});

describe('deletes', () => {
  test('two processes purging the same finished jobs at once count each removal once', async () => {
    const [a, b] = [open(), open()];
    await a.jobs.insert(Array.from({ length: 6 }, () => newJob()));
    for (const job of await a.jobs.claim({ workerId: 'w', limit: 6, now: T0, leaseMs: 1000, types: ['a'], typeLimits: {} })) {
      await a.jobs.finishAttempts([{ jobId: job.id, workerId: 'w', now: T0 + 1, outcome: { kind: 'succeeded', result: 1 } }]);
    }
    expect(counter('SUCCEEDED')).toBe(6);
    const [x, y] = await Promise.all([a.jobs.purgeFinished(T0 + 10, 100), b.jobs.purgeFinished(T0 + 10, 100)]);
    expect(x + y).toBe(6);
    expect(jobs.docs).toHaveLength(0);
    expect(counter('SUCCEEDED')).toBe(0);
    expect(await a.jobs.countUpTo(ORG, {}, 100)).toEqual({ count: 0, exact: true });
  });
});

describe('rebuilding from the jobs', () => {
  test('repairs a counter a crash left off (a write whose $inc never came), and removes counters of keys with no job', async () => {
    const store = open();
    await store.jobs.insert([newJob(), newJob(), newJob({ type: 'b' })]);
    // A claim whose process died after the job's write, before its counter's.
    jobs.docs[0]!.status = 'RUNNING';
    counts.docs.push({ _id: countKey(ORG, 'FAILED', 'gone'), orgId: ORG, status: 'FAILED', type: 'gone', n: 3 });
    expect(await store.jobs.countUpTo(ORG, { status: ['RUNNING'] }, 100)).toEqual({ count: 0, exact: true }); // the drift

    await new JobCounters(counts.collection).recount(jobs.collection);
    expect(await store.jobs.countUpTo(ORG, { status: ['RUNNING'] }, 100)).toEqual({ count: 1, exact: true });
    expect(await store.jobs.countUpTo(ORG, { status: ['QUEUED'], type: ['a'] }, 100)).toEqual({ count: 1, exact: true });
    expect((await store.jobs.queueCounts(ORG)).counts).toEqual([
      { status: 'QUEUED', type: 'a', count: 1 },
      { status: 'RUNNING', type: 'a', count: 1 },
      { status: 'QUEUED', type: 'b', count: 1 },
    ]);
    expect(counter('FAILED', 'gone')).toBe(0);
  });

  test('a second rebuild (another process opening at the same time) writes the same values', async () => {
    await open().jobs.insert([newJob(), newJob({ orgId: 'other' })]);
    const counters = new JobCounters(counts.collection);
    await counters.recount(jobs.collection);
    const first = structuredClone(counts.docs).sort((p, q) => p._id.localeCompare(q._id));
    await counters.recount(jobs.collection);
    expect([...counts.docs].sort((p, q) => p._id.localeCompare(q._id))).toEqual(first);
    expect(await counters.byStatusAndType()).toEqual([{ status: 'QUEUED', type: 'a', count: 2 }]);
  });
});
