/**
 * Job leases on MongoDB live in `job_leases`, not in the job documents: a heartbeat writes nothing to
 * `jobs` (so it stores no change-stream image and is announced nowhere), finishing removes the row,
 * an expired row is recovered, and a RUNNING job whose row is missing is recovered by its first lease.
 * Through the jobs repository over in-memory collections evaluated by mingo.
 */
import { aggregate } from 'mingo';
import { beforeEach, describe, expect, test } from 'vitest';
import type { Document } from 'mongodb';
import { newId } from '../../src/engine/domain/ids.js';
import type { Job, NewJob } from '../../src/engine/domain/types.js';
import type { AttemptOutcome, Store } from '../../src/engine/store/port.js';
import type { JobDoc } from '../../src/engine/store/mongo/documents.js';
import type { JobLeaseDoc } from '../../src/engine/store/mongo/leases.js';
import { MISSING_LEASE_CHECK_MS } from '../../src/engine/store/mongo/lease-recovery.js';
import { ANNOUNCED_COLLECTIONS, changeStreamPipeline } from '../../src/engine/store/mongo/change-stream.js';
import { COLLECTIONS, INDEXES } from '../../src/engine/store/mongo/indexes.js';
import { MingoCollection } from './mingo-collection.js';
import { openMingoStore } from './mingo-store.js';

const T0 = 1_700_000_000_000;
const LEASE = 10_000;
const ORG = 'acme';

/** A jobs collection that counts the writes made to it. */
class CountingJobs extends MingoCollection<JobDoc> {
  writes: string[] = [];
}
for (const method of ['insertMany', 'insertOne', 'updateOne', 'updateMany', 'findOneAndUpdate', 'deleteOne', 'deleteMany', 'bulkWrite'] as const) {
  const original = MingoCollection.prototype[method] as (...args: unknown[]) => unknown;
  Object.defineProperty(CountingJobs.prototype, method, {
    value(this: CountingJobs, ...args: unknown[]) {
      this.writes.push(method);
      return original.apply(this, args);
    },
  });
}

let jobs: CountingJobs;
let leases: MingoCollection<JobLeaseDoc>;
let store: Store;

beforeEach(() => {
  jobs = new CountingJobs();
  leases = new MingoCollection();
  store = openMingoStore({ jobs, leases, slots: new MingoCollection() });
});

const newJob = (overrides: Partial<NewJob> = {}): NewJob => ({
  id: newId(),
  orgId: ORG,
  type: 'a',
  priority: 0,
  payload: {},
  maxAttempts: 3,
  runAt: T0,
  createdAt: T0,
  ...overrides,
});

async function claimOne(workerId = 'w1', now = T0): Promise<Job> {
  await store.jobs.insert([newJob()]);
  const [job] = await store.jobs.claim({ workerId, limit: 1, now, leaseMs: LEASE, types: ['a'], typeLimits: {} });
  return job!;
}

const finish = (jobId: string, outcome: AttemptOutcome, workerId = 'w1') => store.jobs.finishAttempts([{ jobId, workerId, outcome, now: T0 + 5 }]);

describe('heartbeats', () => {
  test('a claim writes the lease row; a heartbeat moves only the row and writes nothing to jobs', async () => {
    const job = await claimOne();
    expect(leases.docs).toEqual([{ _id: job.id, orgId: ORG, owner: 'w1', claimedAt: T0, expiresAt: T0 + LEASE }]);
    const before = structuredClone(jobs.docs);
    jobs.writes = [];

    expect(await store.jobs.heartbeat('w1', [job.id], T0 + 3 * LEASE)).toEqual([{ id: job.id, cancelRequested: false }]);
    expect(jobs.writes).toEqual([]);
    expect(jobs.docs).toEqual(before); // the claim's lease stays in the document
    expect(leases.docs[0]!.expiresAt).toBe(T0 + 3 * LEASE);
    // Reads show the row's expiry.
    expect((await store.jobs.get(job.id, ORG))!.leaseExpiresAt).toBe(T0 + 3 * LEASE);
    expect((await store.jobs.getMany([job.id], ORG))[0]!.leaseExpiresAt).toBe(T0 + 3 * LEASE);
  });

  test('another worker’s heartbeat moves nothing', async () => {
    const job = await claimOne('w1');
    expect(await store.jobs.heartbeat('w2', [job.id], T0 + 3 * LEASE)).toEqual([]);
    expect(leases.docs[0]!.expiresAt).toBe(T0 + LEASE);
  });

  test('a worker whose row a recovery took (between its read of the job and its write) learns it lost the job', async () => {
    const job = await claimOne();
    leases.docs.splice(0); // taken by a recovery that has not re-queued the job yet
    expect(await store.jobs.heartbeat('w1', [job.id], T0 + 3 * LEASE)).toEqual([]);
    expect(leases.docs).toEqual([]); // and no row is made again
  });
});

describe('finishing removes the lease row', () => {
  const outcomes: Array<[string, AttemptOutcome]> = [
    ['succeeded', { kind: 'succeeded', result: 1 }],
    ['failed', { kind: 'failed', error: { message: 'x', retryable: false, attempt: 1, at: T0 } }],
    ['retry', { kind: 'retry', error: { message: 'x', retryable: true, attempt: 1, at: T0 }, runAt: T0 + 10 }],
    ['released', { kind: 'released' }],
    ['cancelled', { kind: 'cancelled' }],
    ['waiting', { kind: 'waiting', waitId: 'w', wakeAt: T0 + 100 }],
  ];
  test.each(outcomes)('%s', async (_, outcome) => {
    const job = await claimOne();
    expect(leases.docs).toHaveLength(1);
    expect(await finish(job.id, outcome)).toHaveLength(1);
    expect(leases.docs).toEqual([]);
  });

  test('a report from a worker that lost the job removes nobody else’s row', async () => {
    const job = await claimOne('w1');
    expect(await finish(job.id, { kind: 'succeeded', result: 1 }, 'w2')).toEqual([]);
    expect(leases.docs).toHaveLength(1);
  });
});

describe('recovery', () => {
  test('an expired row recovers its job and is removed; a live row (heartbeats past the first lease) keeps it', async () => {
    const job = await claimOne();
    await store.jobs.heartbeat('w1', [job.id], T0 + 3 * LEASE);
    // Past the claim's first lease, but the row is alive: nothing to recover.
    expect(await store.jobs.recoverLeases(T0 + 2 * LEASE)).toEqual([]);
    const [recovered] = await store.jobs.recoverLeases(T0 + 3 * LEASE + 1);
    expect(recovered).toMatchObject({ id: job.id, status: 'QUEUED', attempt: 1 });
    expect(recovered!.errors.at(-1)?.code).toBe('LEASE_EXPIRED');
    expect(leases.docs).toEqual([]);
    expect(await store.jobs.heartbeat('w1', [job.id], T0 + 5 * LEASE)).toEqual([]);
  });

  test('a RUNNING job whose row is missing (its claim died before writing it) is recovered once its first lease passed', async () => {
    const job = await claimOne();
    leases.docs.splice(0);
    // The first check comes before the first lease ends: nothing yet.
    expect(await store.jobs.recoverLeases(T0 + LEASE - 1)).toEqual([]);
    // Checked at most once per MISSING_LEASE_CHECK_MS.
    expect(await store.jobs.recoverLeases(T0 + LEASE + 1)).toEqual([]);
    const [recovered] = await store.jobs.recoverLeases(T0 + LEASE - 1 + MISSING_LEASE_CHECK_MS);
    expect(recovered).toMatchObject({ id: job.id, status: 'QUEUED' });
    expect(recovered!.errors.at(-1)?.code).toBe('LEASE_EXPIRED');
  });

  test('a row left by an earlier claim of the job is not the current claim’s lease', async () => {
    const job = await claimOne('w1');
    // The current claim's row never came; one from an earlier claim (same worker) is still there.
    leases.docs[0]!.claimedAt = T0 - 50_000;
    leases.docs[0]!.expiresAt = T0 + 100 * LEASE;
    const [recovered] = await store.jobs.recoverLeases(T0 + LEASE + 1);
    expect(recovered).toMatchObject({ id: job.id, status: 'QUEUED' });
  });

  test('an expired row left by an earlier claim does not recover the job’s current claim (whose row is on its way)', async () => {
    const job = await claimOne('w1');
    Object.assign(leases.docs[0]!, { claimedAt: T0 - 50_000, expiresAt: T0 - 40_000 });
    expect(await store.jobs.recoverLeases(T0 + 1)).toEqual([]);
    expect(leases.docs).toEqual([]); // the stale row is removed
    expect((await store.jobs.get(job.id, ORG))!.status).toBe('RUNNING');
  });

  test('an expired row whose job has left RUNNING is removed without touching the job', async () => {
    const job = await claimOne();
    await finish(job.id, { kind: 'succeeded', result: 1 });
    await leases.insertOne({ _id: job.id, orgId: ORG, owner: 'w1', claimedAt: T0, expiresAt: T0 + LEASE }); // its removal failed
    jobs.writes = [];
    expect(await store.jobs.recoverLeases(T0 + LEASE + 1)).toEqual([]);
    expect(leases.docs).toEqual([]);
    expect(jobs.writes).toEqual([]);
    expect((await store.jobs.get(job.id, ORG))!.status).toBe('SUCCEEDED');
  });

  test('a job claimed again takes its row over: the earlier claim’s worker can neither extend nor recover it', async () => {
    const job = await claimOne('w1');
    await store.jobs.recoverLeases(T0 + LEASE + 1);
    const [again] = await store.jobs.claim({ workerId: 'w2', limit: 1, now: T0 + LEASE + 2, leaseMs: LEASE, types: ['a'], typeLimits: {} });
    expect(again!.id).toBe(job.id);
    expect(leases.docs).toEqual([{ _id: job.id, orgId: ORG, owner: 'w2', claimedAt: T0 + LEASE + 2, expiresAt: T0 + 2 * LEASE + 2 }]);
    expect(await store.jobs.heartbeat('w1', [job.id], T0 + 9 * LEASE)).toEqual([]);
    expect(leases.docs[0]!.expiresAt).toBe(T0 + 2 * LEASE + 2);
  });
});

describe('job_leases stays out of the change stream', () => {
  const change = (operationType: string, extra: Document = {}) => ({
    _id: { _data: 'x' },
    operationType,
    ns: { db: 'jobcenter', coll: COLLECTIONS.jobLeases },
    documentKey: { _id: 'j1' },
    ...extra,
  });

  test('the pipeline drops every write to job_leases on the server', () => {
    const lease = { _id: 'j1', orgId: ORG, owner: 'w1', claimedAt: T0, expiresAt: T0 + LEASE };
    const events = [
      change('insert', { fullDocument: lease }),
      change('update', { updateDescription: { updatedFields: { expiresAt: T0 + 2 * LEASE }, removedFields: [] }, fullDocument: lease }),
      change('delete'),
    ];
    expect(aggregate(events, changeStreamPipeline())).toEqual([]);
  });

  test('job_leases is created without change-stream images, and its rows are found by expiry', () => {
    expect(ANNOUNCED_COLLECTIONS).not.toContain(COLLECTIONS.jobLeases);
    expect(INDEXES.find((i) => i.collection === COLLECTIONS.jobLeases)).toMatchObject({ key: { expiresAt: 1 } });
  });
});
