/**
 * Concurrency slots on MongoDB, through the jobs repository (claim, heartbeat, finish, recovery)
 * over an in-memory collection evaluated by mingo: what frees a slot, what does not, and limits
 * that other processes configured.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import type { ClaimRequest } from '../../src/engine/domain/claim-sharing.js';
import type { JobDoc, JobLogDoc } from '../../src/engine/store/mongo/documents.js';
import { MongoJobRepository } from '../../src/engine/store/mongo/jobs.js';
import { effectiveLimits, limitsToPublish, Slots, type LimitsDoc, type SlotDoc } from '../../src/engine/store/mongo/limits.js';
import { JobCounters, type JobCountDoc } from '../../src/engine/store/mongo/job-counts.js';
import { JobLeases, type JobLeaseDoc } from '../../src/engine/store/mongo/leases.js';
import { MingoCollection } from './mingo-collection.js';

const T0 = 1_700_000_000_000;
const LEASE = 1000;

let jobs: MingoCollection<JobDoc>;
let slots: MingoCollection<SlotDoc>;
let meta: MingoCollection<LimitsDoc>;
let leases: MingoCollection<JobLeaseDoc>;
/** One repository per process: each has its own slot and limit caches, as processes do. */
const process = () =>
  new MongoJobRepository({
    transact: (fn) => fn(undefined),
    jobs: jobs.collection,
    logs: new MingoCollection<JobLogDoc>().collection,
    logCounters: new MingoCollection<{ _id: string; seq: number }>().collection,
    slots: new Slots(slots.collection, jobs.collection, meta.collection),
    leases: new JobLeases(leases.collection),
    counts: new JobCounters(new MingoCollection<JobCountDoc>().collection),
  });

const request = (workerId: string, now: number, typeLimits: Record<string, number> = { a: 1 }, extra: Partial<ClaimRequest> = {}): ClaimRequest => ({
  workerId,
  limit: 5,
  now,
  leaseMs: LEASE,
  types: ['a'],
  typeLimits,
  ...extra,
});

async function enqueue(repo: MongoJobRepository, n: number, orgId = 'acme') {
  const made = Array.from({ length: n }, (_, i) => ({ id: newId(), orgId, type: 'a', priority: 0, payload: { i }, maxAttempts: 3, runAt: T0, createdAt: T0 + i }));
  await repo.insert(made);
  return made.map((j) => j.id);
}

const held = () => slots.docs.filter((s) => s.holder !== null).length;

beforeEach(() => {
  jobs = new MingoCollection();
  slots = new MingoCollection();
  meta = new MingoCollection();
  leases = new MingoCollection();
});

describe('slots are freed only when their job has left RUNNING', () => {
  test('an expired slot whose job is still RUNNING is not taken by another claim; lease recovery frees it', async () => {
    const [a, b] = [process(), process()];
    await enqueue(a, 2);
    expect(await a.claim(request('w1', T0))).toHaveLength(1);
    // Past the slot's expiry, the first job still RUNNING (its worker is slow, not dead yet).
    expect(await b.claim(request('w2', T0 + 5 * LEASE))).toHaveLength(0);
    expect(jobs.docs.filter((d) => d.status === 'RUNNING')).toHaveLength(1);
    // Lease recovery re-queues the job, and only then is its slot free.
    expect(await b.recoverLeases(T0 + 5 * LEASE)).toHaveLength(1);
    expect(held()).toBe(0);
    expect(await b.claim(request('w2', T0 + 5 * LEASE + 1))).toHaveLength(1);
    expect(jobs.docs.filter((d) => d.status === 'RUNNING')).toHaveLength(1);
  });

  test('finishing frees the slot after the job is finished', async () => {
    const repo = process();
    const [first] = await enqueue(repo, 2);
    const [claimed] = await repo.claim(request('w1', T0));
    expect(claimed!.id).toBe(first);
    expect(await repo.claim(request('w1', T0 + 1))).toHaveLength(0); // the limit of 1 holds
    await repo.finishAttempts([{ jobId: first!, workerId: 'w1', outcome: { kind: 'succeeded', result: 1 }, now: T0 + 2 }]);
    expect(held()).toBe(0);
    expect(await repo.claim(request('w1', T0 + 3))).toHaveLength(1);
  });

  test('a slot whose holder has no running job (a worker died between slot and job) is swept once expired', async () => {
    const repo = process();
    await enqueue(repo, 1);
    const s = new Slots(slots.collection, jobs.collection, meta.collection);
    expect(await s.take('type:a', 1, `${newId()}@dead#1`, T0, T0 + LEASE)).toBe(true);
    expect(await repo.claim(request('w1', T0 + 1))).toHaveLength(0); // not expired yet: taken
    expect(await repo.claim(request('w1', T0 + LEASE + 1))).toHaveLength(1);
  });
});

describe('a lost slot is a lost lease', () => {
  test('a heartbeat does not extend a job whose slot another claim holds, and the worker learns it lost the job', async () => {
    const repo = process();
    const [id] = await enqueue(repo, 1);
    await repo.claim(request('w1', T0));
    expect((await repo.heartbeat('w1', [id!], T0 + 2 * LEASE)).map((h) => h.id)).toEqual([id]);
    expect(leases.docs[0]!.expiresAt).toBe(T0 + 2 * LEASE);
    // The slot is taken from under it (an older process, or one that swept it by mistake).
    slots.docs[0]!.holder = 'someone-else';
    expect(await repo.heartbeat('w1', [id!], T0 + 3 * LEASE)).toEqual([]);
    expect(leases.docs[0]!.expiresAt).toBe(T0 + 2 * LEASE); // not extended: recovery will re-queue it
  });

  test('with a type and an org slot, losing either one is losing the job', async () => {
    const repo = process();
    const [id] = await enqueue(repo, 1);
    await repo.claim(request('w1', T0, { a: 2 }, { orgLimit: 2 }));
    expect(held()).toBe(2);
    slots.docs.find((s) => s.key === 'org:acme' && s.holder !== null)!.holder = null;
    expect(await repo.heartbeat('w1', [id!], T0 + 2 * LEASE)).toEqual([]);
  });
});

describe('limits other processes configured', () => {
  test('a worker that configures no limit holds to the one another published', async () => {
    const [configured, bare] = [process(), process()];
    await enqueue(configured, 3);
    expect(await configured.claim(request('w1', T0, { a: 1 }))).toHaveLength(1);
    expect(meta.docs[0]).toMatchObject({ types: { a: 1 } });
    // Without its own limit it used to claim freely; now the published limit of 1 is full.
    expect(await bare.claim(request('w2', T0 + 1, {}))).toHaveLength(0);
    expect(jobs.docs.filter((d) => d.status === 'RUNNING')).toHaveLength(1);
  });

  test('the merge: own limits win, published ones fill the gaps; only differences are published', () => {
    const req = request('w', T0, { a: 3 }, { types: ['a', 'b', 'c'] });
    const published = { _id: 'x', types: { a: 1, b: 2 }, org: 7 };
    expect(effectiveLimits(req, published)).toMatchObject({ typeLimits: { a: 3, b: 2 }, orgLimit: 7 });
    expect(effectiveLimits(req, null)).toMatchObject({ typeLimits: { a: 3 } });
    expect(effectiveLimits(req, null)).not.toHaveProperty('orgLimit');
    expect(limitsToPublish(req, published)).toEqual({ 'types.a': 3 });
    expect(limitsToPublish({ ...req, orgLimit: 7, typeLimits: { a: 1 } }, published)).toEqual({});
  });
});
