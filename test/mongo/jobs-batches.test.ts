/**
 * The jobs repository's batch writes on MongoDB (insert, finishAttempts) each run as one
 * transaction. Without a server, a transaction is modelled over mingo collections as "keep the
 * documents as they were when any write in it fails"; what is checked is that the repository puts
 * the whole batch in one, and what it answers for idempotency keys.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { ClientSession } from 'mongodb';
import { newId } from '../../src/engine/domain/ids.js';
import type { NewJob } from '../../src/engine/domain/types.js';
import type { JobDoc, JobLogDoc } from '../../src/engine/store/mongo/documents.js';
import { MongoJobRepository } from '../../src/engine/store/mongo/jobs.js';
import { Slots, type LimitsDoc, type SlotDoc } from '../../src/engine/store/mongo/limits.js';
import { JobCounters, type JobCountDoc } from '../../src/engine/store/mongo/job-counts.js';
import { JobLeases, type JobLeaseDoc } from '../../src/engine/store/mongo/leases.js';
import { MingoCollection } from './mingo-collection.js';

const T0 = 1_700_000_000_000;

/** A jobs collection whose n-th findOneAndUpdate from now fails (as a write in a transaction may). */
class FailingJobs extends MingoCollection<JobDoc> {
  failOn: number | undefined;
  #calls = 0;
  failAt(n: number | undefined) {
    this.failOn = n;
    this.#calls = 0;
  }
  override async findOneAndUpdate(...args: Parameters<MingoCollection['findOneAndUpdate']>) {
    if (++this.#calls === this.failOn) throw new Error('write failed');
    return super.findOneAndUpdate(...args);
  }
}

let jobs: FailingJobs;
let slots: MingoCollection<SlotDoc>;
let transactions: number;
let repo: MongoJobRepository;

beforeEach(() => {
  jobs = new FailingJobs();
  slots = new MingoCollection();
  transactions = 0;
  // All or nothing over the documents of both collections, as a transaction is.
  const transact = async <T,>(fn: (session: ClientSession | undefined) => Promise<T>): Promise<T> => {
    transactions++;
    const before = [structuredClone(jobs.docs), structuredClone(slots.docs)] as const;
    try {
      return await fn(undefined);
    } catch (error) {
      jobs.docs.splice(0, jobs.docs.length, ...before[0]);
      slots.docs.splice(0, slots.docs.length, ...before[1]);
      throw error;
    }
  };
  repo = new MongoJobRepository({
    transact,
    jobs: jobs.collection,
    logs: new MingoCollection<JobLogDoc>().collection,
    logCounters: new MingoCollection<{ _id: string; seq: number }>().collection,
    slots: new Slots(slots.collection, jobs.collection, new MingoCollection<LimitsDoc>().collection),
    leases: new JobLeases(new MingoCollection<JobLeaseDoc>().collection),
    counts: new JobCounters(new MingoCollection<JobCountDoc>().collection),
  });
});

const job = (extra: Partial<NewJob> = {}): NewJob => ({ id: newId(), orgId: 'acme', type: 'a', priority: 0, payload: {}, maxAttempts: 3, runAt: T0, createdAt: T0, ...extra });

describe('insert', () => {
  test('a batch of new jobs is stored in one transaction; a key already taken returns its job, not created', async () => {
    const [first] = await repo.insert([job({ idempotencyKey: 'k1' })]);
    const results = await repo.insert([job(), job({ idempotencyKey: 'k1' }), job({ idempotencyKey: 'k2' }), job({ idempotencyKey: 'k2' })]);
    expect(transactions).toBe(1); // the single first job needed none
    expect(results.map((r) => r.created)).toEqual([true, false, true, false]);
    expect(results[1]!.job.id).toBe(first!.job.id);
    // Two jobs with one key in a batch: the second gets the first back.
    expect(results[3]!.job.id).toBe(results[2]!.job.id);
    expect(jobs.docs).toHaveLength(3);
  });

  test('a batch of jobs that are all already there writes nothing', async () => {
    await repo.insert([job({ idempotencyKey: 'k1' })]);
    transactions = 0;
    expect((await repo.insert([job({ idempotencyKey: 'k1' })]))[0]!.created).toBe(false);
    expect(transactions).toBe(0);
  });
});

describe('finishAttempts', () => {
  test('a batch is one transaction: when one write fails, no job of the batch has moved, and each can be written again', async () => {
    await repo.insert([job(), job(), job()]);
    const claimed = await repo.claim({ workerId: 'w', limit: 3, now: T0, leaseMs: 1000, types: ['a'], typeLimits: { a: 3 } });
    expect(claimed).toHaveLength(3);
    const reports = claimed.map((j) => ({ jobId: j.id, workerId: 'w', outcome: { kind: 'succeeded' as const, result: j.id }, now: T0 + 1 }));
    jobs.failAt(2);
    await expect(repo.finishAttempts(reports)).rejects.toThrow('write failed');
    expect(jobs.docs.map((d) => d.status)).toEqual(['RUNNING', 'RUNNING', 'RUNNING']);
    expect(slots.docs.filter((s) => s.holder !== null)).toHaveLength(3);
    jobs.failAt(undefined);
    // Written again one by one (as the report batcher does), none is taken for lost.
    for (const report of reports) expect(await repo.finishAttempts([report])).toHaveLength(1);
    expect(jobs.docs.map((d) => d.status)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(slots.docs.filter((s) => s.holder !== null)).toHaveLength(0);
  });
});
