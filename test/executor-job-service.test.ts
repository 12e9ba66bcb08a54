/**
 * JobService, the use cases the API and `ctx.spawn` go through: enqueue validation (issues with
 * paths), idempotent enqueue, org scoping, and which jobs can be retried, cancelled and deleted.
 * No executor runs here: jobs are moved through their states with direct store calls.
 */
import { describe, expect, test } from 'vitest';
import type { Actor } from '../src/engine/domain/actor.js';
import { ConflictError, NotFoundError, ValidationError, type Issue } from '../src/engine/domain/errors.js';
import type { Job, JobStatus } from '../src/engine/domain/types.js';
import sleepPlugin from '../plugins/sleep/index.js';
import { useEngines, type Engine } from './helpers/engine.js';

const engines = useEngines();
const other: Actor = { orgId: 'org-other', userId: 'mallory' };

async function setup(): Promise<Engine> {
  return engines.create([sleepPlugin], { start: false });
}

/** The ValidationError's issues, or a failure if the call did not throw one. */
async function issuesOf(call: Promise<unknown>): Promise<Issue[]> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues;
}
const paths = (issues: Issue[]) => issues.map((i) => i.path).sort();

/** Enqueues a sleep job and moves it to `status` (call for QUEUED jobs last: a claim takes the oldest due job). */
async function jobIn(engine: Engine, status: JobStatus, actor: Actor = engine.actor, payload: unknown = { ms: 1 }): Promise<Job> {
  const job = await engine.enqueue('sleep', payload, {}, actor);
  if (status === 'QUEUED') return job;
  if (status === 'CANCELLED') return engine.jobs.cancel(actor, job.id);
  const [claimed] = await engine.store.jobs.claim({ workerId: 'w', limit: 1, now: Date.now(), leaseMs: 60_000, types: ['sleep'], typeLimits: {} });
  expect(claimed?.id).toBe(job.id);
  if (status === 'RUNNING') return claimed!;
  const now = Date.now();
  const [finished] = await engine.store.jobs.finishAttempts([
    {
      jobId: job.id,
      workerId: 'w',
      now,
      outcome:
        status === 'SUCCEEDED'
          ? { kind: 'succeeded', result: 'ok' }
          : { kind: 'failed', error: { message: 'nope', retryable: false, attempt: 1, at: now } },
    },
  ]);
  expect(finished?.status).toBe(status);
  return finished!;
}

describe('enqueue validation', () => {
  test('an unknown type is an issue at "type" that names the known types', async () => {
    const engine = await setup();
    const issues = await issuesOf(engine.jobs.enqueue(engine.actor, { type: 'nope', payload: {} }));
    expect(issues).toEqual([{ path: 'type', message: expect.stringContaining('sleep') }]);
    expect(await engine.jobs.count(engine.actor, {})).toBe(0);
  });

  test('a payload that fails the task’s schema gives issues under "payload."', async () => {
    const engine = await setup();
    expect(paths(await issuesOf(engine.enqueue('sleep', { ms: 'soon' })))).toEqual(['payload.ms']);
    expect(paths(await issuesOf(engine.enqueue('sleep', {})))).toEqual(['payload.ms']);
    expect(paths(await issuesOf(engine.enqueue('sleep', { ms: -1, steps: 0 })))).toEqual(['payload.ms', 'payload.steps']);
    expect(paths(await issuesOf(engine.enqueue('sleep', 'not an object')))).toEqual(['payload']);
  });

  test('a valid payload is stored as the schema parsed it (defaults applied)', async () => {
    const engine = await setup();
    const job = await engine.enqueue('sleep', { ms: 5 });
    expect(job.payload).toEqual({ ms: 5, steps: 10, failTimes: 0, fatal: false });
    expect(job.maxAttempts).toBe(3); // the task's retry policy
    expect(job.createdBy).toBe(engine.actor.userId);
  });

  test('option ranges and combinations', async () => {
    const engine = await setup();
    const bad = async (options: Record<string, unknown>) => paths(await issuesOf(engine.enqueue('sleep', { ms: 1 }, options)));
    expect(await bad({ delayMs: 100, runAt: Date.now() + 100 })).toEqual(['delayMs']);
    expect(await bad({ maxAttempts: 0 })).toEqual(['maxAttempts']);
    expect(await bad({ maxAttempts: 101 })).toEqual(['maxAttempts']);
    expect(await bad({ maxAttempts: 1.5 })).toEqual(['maxAttempts']);
    expect(await bad({ priority: 1_000_001 })).toEqual(['priority']);
    expect(await bad({ delayMs: -1 })).toEqual(['delayMs']);
    expect(await bad({ timeoutMs: 0 })).toEqual(['timeoutMs']);
    expect(await bad({ runAt: Number.NaN })).toEqual(['runAt']);
    expect(await bad({ idempotencyKey: '' })).toEqual(['idempotencyKey']);
    expect(await bad({ idempotencyKey: 'k'.repeat(257) })).toEqual(['idempotencyKey']);
    // Every problem is reported at once.
    expect(paths(await issuesOf(engine.jobs.enqueue(engine.actor, { type: 'nope', payload: {}, maxAttempts: 0, priority: 0.5 })))).toEqual([
      'maxAttempts',
      'priority',
      'type',
    ]);
    // In range is fine.
    const ok = await engine.enqueue('sleep', { ms: 1 }, { maxAttempts: 100, priority: -1_000_000, delayMs: 0, timeoutMs: 1 });
    expect(ok).toMatchObject({ maxAttempts: 100, priority: -1_000_000, timeoutMs: 1 });
    expect(await engine.jobs.count(engine.actor, {})).toBe(1);
  });

  test('parentId must be a job of the caller’s org', async () => {
    const engine = await setup();
    const theirs = await engine.enqueue('sleep', { ms: 1 }, {}, other);
    expect(paths(await issuesOf(engine.enqueue('sleep', { ms: 1 }, { parentId: theirs.id })))).toEqual(['parentId']);
    expect(paths(await issuesOf(engine.enqueue('sleep', { ms: 1 }, { parentId: 'no-such-job' })))).toEqual(['parentId']);
    const mine = await engine.enqueue('sleep', { ms: 1 });
    expect((await engine.enqueue('sleep', { ms: 1 }, { parentId: mine.id })).parentId).toBe(mine.id);
  });

  test('enqueueMany reports every invalid item, prefixed with its index, and stores none of the batch', async () => {
    const engine = await setup();
    const issues = await issuesOf(
      engine.jobs.enqueueMany(engine.actor, [
        { type: 'sleep', payload: { ms: 1 } },
        { type: 'sleep', payload: { ms: 'x' } },
        { type: 'nope', payload: {} },
      ]),
    );
    expect(paths(issues)).toContain('[1].payload.ms');
    expect(paths(issues)).toContain('[2].type');
    expect(issues.every((i) => /^\[\d+\]\./.test(i.path))).toBe(true);
    expect(await engine.jobs.count(engine.actor, {})).toBe(0);
  });

  test('an existing idempotency key returns the existing job and audits one enqueue', async () => {
    const engine = await setup();
    const first = await engine.jobs.enqueue(engine.actor, { type: 'sleep', payload: { ms: 1 }, idempotencyKey: 'order-42' });
    const second = await engine.jobs.enqueue(engine.actor, { type: 'sleep', payload: { ms: 999 }, idempotencyKey: 'order-42' });
    expect(second.id).toBe(first.id);
    expect(second.payload).toEqual(first.payload);
    expect(await engine.jobs.count(engine.actor, {})).toBe(1);
    expect(await engine.store.audit.count(engine.actor.orgId, { action: ['job.enqueue'] })).toBe(1);
    const elsewhere = await engine.jobs.enqueue(other, { type: 'sleep', payload: { ms: 1 }, idempotencyKey: 'order-42' });
    expect(elsewhere.id).not.toBe(first.id);
  });
});

describe('retry, cancel and delete', () => {
  test('only FAILED or CANCELLED jobs can be retried; the retry is a new job linked to the old one', async () => {
    const engine = await setup();
    const failed = await jobIn(engine, 'FAILED', engine.actor, { ms: 7 });
    const cancelled = await jobIn(engine, 'CANCELLED');
    const succeeded = await jobIn(engine, 'SUCCEEDED');
    const running = await jobIn(engine, 'RUNNING');
    const queued = await jobIn(engine, 'QUEUED');

    for (const job of [succeeded, running, queued]) {
      await expect(engine.jobs.retry(engine.actor, job.id)).rejects.toBeInstanceOf(ConflictError);
    }
    const retried = await engine.jobs.retry(engine.actor, failed.id);
    expect(retried).toMatchObject({
      status: 'QUEUED',
      type: 'sleep',
      payload: failed.payload,
      priority: failed.priority,
      maxAttempts: failed.maxAttempts,
      retryOfId: failed.id,
      attempt: 0,
      errors: [],
    });
    expect(retried.id).not.toBe(failed.id);
    expect((await engine.jobs.retry(engine.actor, cancelled.id)).retryOfId).toBe(cancelled.id);
    expect(await engine.get(failed.id)).toMatchObject({ status: 'FAILED' });

    const audit = await engine.store.audit.list(engine.actor.orgId, { action: ['job.retry'], targetId: failed.id }, { first: 10 });
    expect(audit.items.map((i) => i.node.details)).toEqual([{ newJobId: retried.id, fromCheckpoint: false }]);
  });

  test('another org’s job is NOT_FOUND for retry, cancel and delete', async () => {
    const engine = await setup();
    const failed = await jobIn(engine, 'FAILED');
    const queued = await jobIn(engine, 'QUEUED');
    await expect(engine.jobs.retry(other, failed.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(engine.jobs.delete(other, failed.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(engine.jobs.cancel(other, queued.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(engine.jobs.require(other, queued.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await engine.jobs.get(other, queued.id)).toBeUndefined();
    await expect(engine.jobs.retry(engine.actor, 'no-such-job')).rejects.toBeInstanceOf(NotFoundError);
    expect(await engine.get(queued.id)).toMatchObject({ status: 'QUEUED' });
    expect(await engine.get(failed.id)).toMatchObject({ status: 'FAILED' });
  });

  test('only finished jobs can be deleted', async () => {
    const engine = await setup();
    const failed = await jobIn(engine, 'FAILED');
    const running = await jobIn(engine, 'RUNNING');
    const queued = await jobIn(engine, 'QUEUED');
    await expect(engine.jobs.delete(engine.actor, queued.id)).rejects.toBeInstanceOf(ConflictError);
    await expect(engine.jobs.delete(engine.actor, running.id)).rejects.toBeInstanceOf(ConflictError);
    expect(await engine.jobs.delete(engine.actor, failed.id)).toBe(failed.id);
    expect(await engine.store.jobs.get(failed.id, failed.orgId)).toBeUndefined();
    expect(await engine.store.jobs.get(queued.id, queued.orgId)).toBeDefined();
    expect(await engine.store.audit.count(engine.actor.orgId, { action: ['job.delete'] })).toBe(1);
  });

  test('cancel is audited and returns the job in its new state', async () => {
    const engine = await setup();
    const queued = await jobIn(engine, 'QUEUED');
    const cancelled = await engine.jobs.cancel(engine.actor, queued.id);
    expect(cancelled.status).toBe('CANCELLED');
    // Cancelling a finished job changes nothing and audits nothing.
    const succeeded = await jobIn(engine, 'SUCCEEDED');
    expect(await engine.jobs.cancel(engine.actor, succeeded.id)).toMatchObject({ status: 'SUCCEEDED', cancelRequested: false });
    expect((await engine.jobs.cancel(engine.actor, queued.id)).status).toBe('CANCELLED');
    const audit = await engine.store.audit.list(engine.actor.orgId, { action: ['job.cancel'] }, { first: 10 });
    expect(audit.items.map((i) => [i.node.targetId, i.node.actor])).toEqual([[queued.id, engine.actor.userId]]);
  });

  test('retryMany and deleteMany touch only matching jobs of the caller’s org and return counts', async () => {
    const engine = await setup();
    const failed = [await jobIn(engine, 'FAILED'), await jobIn(engine, 'FAILED')];
    const cancelled = await jobIn(engine, 'CANCELLED');
    const succeeded = await jobIn(engine, 'SUCCEEDED');
    const theirs = await jobIn(engine, 'FAILED', other);
    const queued = await jobIn(engine, 'QUEUED');

    expect(await engine.jobs.retryMany(engine.actor, { status: ['SUCCEEDED', 'QUEUED'] })).toBe(0);
    expect(await engine.jobs.retryMany(engine.actor, { status: ['CANCELLED'] })).toBe(1);
    expect(await engine.jobs.count(engine.actor, { retryOfId: cancelled.id })).toBe(1);
    expect(await engine.jobs.retryMany(engine.actor, { status: ['FAILED'] })).toBe(2);
    for (const job of failed) expect(await engine.jobs.count(engine.actor, { retryOfId: job.id })).toBe(1);
    // A second bulk retry finds nothing new: each job is retried once.
    expect(await engine.jobs.retryMany(engine.actor, { status: ['FAILED', 'CANCELLED'] })).toBe(0);
    expect(await engine.jobs.count(engine.actor, { retryOfId: failed[0]!.id })).toBe(1);
    expect(await engine.jobs.count(other, {})).toBe(1);
    expect(await engine.jobs.count(engine.actor, { retryOfId: theirs.id })).toBe(0);

    expect(await engine.jobs.deleteMany(engine.actor, { status: ['QUEUED', 'RUNNING'] })).toBe(0);
    expect(await engine.jobs.deleteMany(engine.actor, {})).toBe(4);
    for (const job of [...failed, cancelled, succeeded]) expect(await engine.store.jobs.get(job.id, job.orgId)).toBeUndefined();
    expect(await engine.store.jobs.get(queued.id, queued.orgId)).toBeDefined();
    expect(await engine.store.jobs.get(theirs.id, theirs.orgId)).toBeDefined();
    // The three retries and the queued job remain.
    expect(await engine.jobs.count(engine.actor, {})).toBe(4);
  });
});
