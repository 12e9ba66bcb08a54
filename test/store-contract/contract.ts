/**
 * The store contract: what every adapter of src/engine/store/port.ts must do, whatever database is
 * behind it. An adapter's test file calls `defineStoreContract(name, open)` with a function that opens
 * a fresh, empty store for each test. Nothing here knows which database it talks to.
 *
 * Times are passed explicitly (`now`), so no test sleeps. Change events may arrive asynchronously on a
 * networked store, so the feed tests wait for them instead of reading them synchronously.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import type { ChangeEvent } from '../../src/engine/change-feed.js';
import { ValidationError } from '../../src/engine/errors.js';
import { newId } from '../../src/engine/ids.js';
import { LLM_CALL_STATUSES, ZERO_USAGE, type LlmCall, type LlmCallFilter, type LlmCallPatch } from '../../src/engine/llm/types.js';
import {
  RUN_STATUSES,
  type Alert,
  type RunStatus,
  type Schedule,
  type ScheduleFilter,
  type ScheduleRun,
  type ScheduleRunPatch,
} from '../../src/engine/schedules/types.js';
import type { AttemptOutcome, Store } from '../../src/engine/store/port.js';
import {
  JOB_ORDERS,
  type ApiToken,
  type AuditEntry,
  type Job,
  type JobError,
  type JobFilter,
  type JobOrder,
  type JobStatus,
  type NewJob,
  type QueueStats,
  type WorkerInfo,
} from '../../src/engine/types.js';
import { awaitEvent, recordEvents } from '../helpers/events.js';
import {
  LEASE,
  ORG,
  OTHER,
  T0,
  byId,
  encodeKey,
  error,
  ids,
  isRunEvent,
  isScheduleEvent,
  newestBy,
  omit,
  sorted,
  useStoreHarness,
  walkPages,
} from './harness.js';

export function defineStoreContract(name: string, open: () => Promise<Store> | Store): void {
  describe(`store contract: ${name}`, () => {
    const { store, next, makeJob, insert, claim, finish, get, jobIn, walk, makeSchedule, makeRun, insertRun } = useStoreHarness(open);

    // ---------------------------------------------------------------- insert / get

    describe('insert and get', () => {
      test('stores a new job as QUEUED with attempt 0, and get returns it as inserted', async () => {
        const parent = await jobIn('QUEUED');
        const full = makeJob({
          type: 'beta',
          priority: 7,
          payload: { text: 'héllo ✓', nested: { list: [1, 2, { deep: null }] } },
          maxAttempts: 5,
          runAt: T0 + 500,
          createdAt: T0 - 5,
          timeoutMs: 1234,
          checkpoint: { chunk: 31 },
          createdBy: 'user-1',
          idempotencyKey: 'key-1',
          parentId: parent.id,
          retryOfId: 'old-job',
          scheduleId: 'schedule-1',
          scheduleRunId: 'run-1',
        });
        const [{ job, created }] = (await store.jobs.insert([full])) as [{ job: Job; created: boolean }];
        expect(created).toBe(true);
        expect(job).toMatchObject({
          ...full,
          status: 'QUEUED',
          attempt: 0,
          errors: [],
          cancelRequested: false,
          updatedAt: full.createdAt,
        });
        for (const absent of ['result', 'progress', 'startedAt', 'finishedAt', 'leaseOwner', 'leaseExpiresAt'] as const) {
          expect(job[absent], absent).toBeUndefined();
        }
        expect(await store.jobs.get(full.id)).toEqual(job);
        expect(await store.jobs.get(full.id, ORG)).toEqual(job);
      });

      test('optional fields that were not given stay absent', async () => {
        const [job] = await insert(makeJob());
        for (const absent of ['timeoutMs', 'checkpoint', 'createdBy', 'idempotencyKey', 'parentId', 'retryOfId', 'scheduleId'] as const) {
          expect(job![absent], absent).toBeUndefined();
        }
      });

      test('get scoped to another org, or an unknown id, is undefined', async () => {
        const [job] = await insert(makeJob());
        expect(await store.jobs.get(job!.id, OTHER)).toBeUndefined();
        expect(await store.jobs.get(newId())).toBeUndefined();
      });

      test('children lists a parent’s children with their status', async () => {
        const parent = await jobIn('RUNNING');
        const a = await jobIn('SUCCEEDED', { parentId: parent.id });
        const b = await jobIn('QUEUED', { parentId: parent.id });
        await jobIn('QUEUED');
        const children = await store.jobs.children(parent.id);
        expect(children.map((c) => ({ id: c.id, status: c.status })).sort((x, y) => x.id.localeCompare(y.id))).toEqual(
          [
            { id: a.id, status: 'SUCCEEDED' },
            { id: b.id, status: 'QUEUED' },
          ].sort((x, y) => x.id.localeCompare(y.id)),
        );
        expect(await store.jobs.children(b.id)).toEqual([]);
      });
    });

    // ---------------------------------------------------------------- idempotency

    describe('idempotent insert', () => {
      test('an existing (orgId, idempotencyKey) returns the existing job, created: false', async () => {
        const first = makeJob({ idempotencyKey: 'once', payload: { v: 1 } });
        const [one] = await store.jobs.insert([first]);
        expect(one!.created).toBe(true);
        const again = makeJob({ idempotencyKey: 'once', payload: { v: 2 } });
        const [two] = await store.jobs.insert([again]);
        expect(two!.created).toBe(false);
        expect(two!.job.id).toBe(first.id);
        expect(two!.job.payload).toEqual({ v: 1 });
        expect(await store.jobs.get(again.id)).toBeUndefined();
        expect(await store.jobs.count(ORG, {})).toBe(1);
      });

      test('the same key in another org is a different job', async () => {
        const [a] = await store.jobs.insert([makeJob({ idempotencyKey: 'shared' })]);
        const [b] = await store.jobs.insert([makeJob({ orgId: OTHER, idempotencyKey: 'shared' })]);
        expect(a!.created).toBe(true);
        expect(b!.created).toBe(true);
        expect(b!.job.id).not.toBe(a!.job.id);
        expect(b!.job.orgId).toBe(OTHER);
      });

      test('a repeated key inside one batch stores one job', async () => {
        const first = makeJob({ idempotencyKey: 'dup' });
        const results = await store.jobs.insert([first, makeJob({ idempotencyKey: 'dup' }), makeJob()]);
        expect(results.map((r) => r.created)).toEqual([true, false, true]);
        expect(results[1]!.job.id).toBe(first.id);
        expect(await store.jobs.count(ORG, {})).toBe(2);
      });

      test('the key stays taken after the job finished', async () => {
        const done = await jobIn('SUCCEEDED', { idempotencyKey: 'finished-key' });
        const [again] = await store.jobs.insert([makeJob({ idempotencyKey: 'finished-key' })]);
        expect(again!.created).toBe(false);
        expect(again!.job.id).toBe(done.id);
        expect(again!.job.status).toBe('SUCCEEDED');
      });
    });

    // ---------------------------------------------------------------- claim

    describe('claim', () => {
      test('is atomic: concurrent claimers never get the same job, and every job is claimed once', async () => {
        const jobs = Array.from({ length: 200 }, (_, i) => makeJob({ runAt: T0 - 1000 + i, priority: i % 3 }));
        await store.jobs.insert(jobs);
        const owner = new Map<string, string>();
        for (let round = 0; round < 30 && owner.size < jobs.length; round++) {
          const results = await Promise.all(
            Array.from({ length: 20 }, (_, w) => claim({ workerId: `w${w}`, limit: 3, now: T0 })),
          );
          for (const [w, batch] of results.entries()) {
            expect(batch.length).toBeLessThanOrEqual(3);
            for (const job of batch) {
              expect(owner.has(job.id), `job ${job.id} claimed twice`).toBe(false);
              owner.set(job.id, `w${w}`);
              expect(job.status).toBe('RUNNING');
              expect(job.attempt).toBe(1);
              expect(job.leaseOwner).toBe(`w${w}`);
              expect(job.leaseExpiresAt).toBe(T0 + LEASE);
              expect(job.startedAt).toBe(T0);
            }
          }
        }
        expect(sorted([...owner.keys()])).toEqual(sorted(ids(jobs)));
        expect(await claim({ workerId: 'late', now: T0 })).toEqual([]);
        // The store agrees with what each claimer was told.
        for (const job of jobs) {
          const stored = await get(job.id);
          expect(stored.status).toBe('RUNNING');
          expect(stored.attempt).toBe(1);
          expect(stored.leaseOwner).toBe(owner.get(job.id));
        }
        expect(await store.jobs.count(ORG, { status: ['RUNNING'] })).toBe(200);
      });

      test('concurrent claimers together respect type and org limits', async () => {
        await store.jobs.insert([
          ...Array.from({ length: 30 }, () => makeJob({ type: 'alpha' })),
          ...Array.from({ length: 30 }, () => makeJob({ type: 'beta', orgId: OTHER })),
        ]);
        const request = { typeLimits: { alpha: 4 }, orgLimit: 5, limit: 2 };
        const results = await Promise.all(Array.from({ length: 20 }, (_, w) => claim({ ...request, workerId: `w${w}` })));
        const claimed = results.flat();
        expect(new Set(ids(claimed)).size).toBe(claimed.length);
        expect(claimed.filter((j) => j.type === 'alpha').length).toBeLessThanOrEqual(4);
        expect(claimed.filter((j) => j.orgId === OTHER).length).toBeLessThanOrEqual(5);
        // A later claim tops up to the limits, never past them.
        await claim({ ...request, limit: 50, workerId: 'topup' });
        expect(await store.jobs.count(ORG, { status: ['RUNNING'] })).toBe(4);
        expect(await store.jobs.count(OTHER, { status: ['RUNNING'] })).toBe(5);
      });

      test('takes higher priority first, then earlier runAt; skips jobs not yet due', async () => {
        const low = makeJob({ priority: 0, runAt: T0 - 300 });
        const highLate = makeJob({ priority: 5, runAt: T0 - 100 });
        const highEarly = makeJob({ priority: 5, runAt: T0 - 200 });
        const negative = makeJob({ priority: -1, runAt: T0 - 500 });
        const delayed = makeJob({ priority: 10, runAt: T0 + 1000 });
        const later = makeJob({ priority: 0, runAt: T0 + 5000 });
        await insert(later, negative, highLate, delayed, low, highEarly);

        const order: string[] = [];
        for (let i = 0; i < 5; i++) order.push(...ids(await claim({ limit: 1, now: T0 })));
        expect(order).toEqual([highEarly.id, highLate.id, low.id, negative.id]);

        expect(await store.jobs.nextRunAt(T0, ['alpha'])).toBe(T0 + 1000);
        expect(await claim({ now: T0 + 999 })).toEqual([]);
        expect(ids(await claim({ now: T0 + 1000 }))).toEqual([delayed.id]);
        expect(await store.jobs.nextRunAt(T0 + 1000, ['alpha'])).toBe(T0 + 5000);
        expect(ids(await claim({ now: T0 + 6000 }))).toEqual([later.id]);
        expect(await store.jobs.nextRunAt(T0 + 6000, ['alpha'])).toBeUndefined();
      });

      test('with a limit of several, takes the best due jobs', async () => {
        const jobs = [3, 9, 1, 7, 5].map((priority) => makeJob({ priority }));
        await insert(...jobs);
        const claimed = await claim({ limit: 3 });
        expect(sorted(ids(claimed))).toEqual(sorted(ids(jobs.filter((j) => j.priority >= 5))));
      });

      test('nextRunAt looks only at QUEUED jobs of the given types', async () => {
        await insert(makeJob({ type: 'beta', runAt: T0 + 100 }), makeJob({ type: 'alpha', runAt: T0 + 700 }));
        const cancelled = await jobIn('QUEUED', { type: 'alpha', runAt: T0 + 50 });
        await store.jobs.requestCancel(cancelled.id, ORG, T0);
        expect(await store.jobs.nextRunAt(T0, ['alpha'])).toBe(T0 + 700);
        expect(await store.jobs.nextRunAt(T0, ['alpha', 'beta'])).toBe(T0 + 100);
        expect(await store.jobs.nextRunAt(T0, ['gamma'])).toBeUndefined();
      });

      test('claims only the types in the request', async () => {
        const [a, b, c] = await insert(makeJob({ type: 'alpha' }), makeJob({ type: 'beta' }), makeJob({ type: 'gamma' }));
        expect(await claim({ types: [] })).toEqual([]);
        expect(ids(await claim({ types: ['beta'] }))).toEqual([b!.id]);
        expect(await claim({ types: ['unknown'] })).toEqual([]);
        expect(sorted(ids(await claim({ types: ['alpha', 'gamma'] })))).toEqual(sorted([a!.id, c!.id]));
      });

      test('a limit of 0 claims nothing', async () => {
        await insert(makeJob());
        expect(await claim({ limit: 0 })).toEqual([]);
      });

      test('type limits hold across claims while jobs stay RUNNING, and free up when they end', async () => {
        await insert(...Array.from({ length: 6 }, () => makeJob({ type: 'alpha' })), ...Array.from({ length: 4 }, () => makeJob({ type: 'beta' })));
        const typeLimits = { alpha: 3 };
        const first = await claim({ workerId: 'w1', limit: 2, typeLimits, types: ['alpha'] });
        expect(first).toHaveLength(2);
        const second = await claim({ workerId: 'w2', limit: 10, typeLimits });
        expect(second.filter((j) => j.type === 'alpha')).toHaveLength(1);
        expect(second.filter((j) => j.type === 'beta')).toHaveLength(4);
        expect(await claim({ workerId: 'w3', limit: 10, typeLimits })).toEqual([]);

        await finish(first[0]!.id, { kind: 'succeeded', result: null });
        const third = await claim({ workerId: 'w3', limit: 10, typeLimits });
        expect(third.map((j) => j.type)).toEqual(['alpha']);

        // A retry puts the job back in the queue, which frees its slot too.
        await finish(first[1]!.id, { kind: 'retry', error: error('again'), runAt: T0 + 10_000 });
        expect((await claim({ workerId: 'w3', limit: 10, typeLimits })).map((j) => j.type)).toEqual(['alpha']);
        expect(await store.jobs.count(ORG, { status: ['RUNNING'], type: ['alpha'] })).toBe(3);
      });

      test('a full type does not starve other types, even when it fills the front of the queue', async () => {
        await insert(
          ...Array.from({ length: 50 }, (_, i) => makeJob({ type: 'alpha', priority: 10, runAt: T0 - 1000 + i })),
          ...Array.from({ length: 3 }, () => makeJob({ type: 'beta', priority: 0 })),
        );
        const claimed = await claim({ limit: 5, typeLimits: { alpha: 2 } });
        expect(claimed.filter((j) => j.type === 'alpha')).toHaveLength(2);
        expect(claimed.filter((j) => j.type === 'beta')).toHaveLength(3);

        await insert(makeJob({ type: 'gamma', priority: -5 }));
        const next = await claim({ limit: 5, typeLimits: { alpha: 2 } });
        expect(next.map((j) => j.type)).toEqual(['gamma']);
      });

      test('the org limit holds across claims, and a full org does not starve another', async () => {
        await insert(
          ...Array.from({ length: 40 }, (_, i) => makeJob({ orgId: ORG, priority: 10, runAt: T0 - 1000 + i })),
          ...Array.from({ length: 5 }, () => makeJob({ orgId: OTHER, priority: 0 })),
        );
        const first = await claim({ limit: 3, orgLimit: 2, workerId: 'w1' });
        expect(first.filter((j) => j.orgId === ORG)).toHaveLength(2);
        expect(first.filter((j) => j.orgId === OTHER)).toHaveLength(1);
        const second = await claim({ limit: 10, orgLimit: 2, workerId: 'w2' });
        expect(second.map((j) => j.orgId)).toEqual([OTHER]);
        expect(await claim({ limit: 10, orgLimit: 2, workerId: 'w3' })).toEqual([]);

        await finish(first.find((j) => j.orgId === ORG)!.id, { kind: 'failed', error: error('no') });
        expect((await claim({ limit: 10, orgLimit: 2, workerId: 'w3' })).map((j) => j.orgId)).toEqual([ORG]);
      });

      test('a cancelled or finished job is never claimed', async () => {
        const cancelled = await jobIn('CANCELLED');
        const done = await jobIn('SUCCEEDED');
        const claimed = await claim({ now: T0 + 10_000 });
        expect(ids(claimed)).not.toContain(cancelled.id);
        expect(ids(claimed)).not.toContain(done.id);
        expect(claimed).toEqual([]);
      });
    });

    // ---------------------------------------------------------------- heartbeat

    describe('heartbeat', () => {
      test('extends only the leases the worker holds and reports cancel requests', async () => {
        const [a, b, c] = await insert(
          makeJob({ runAt: T0 - 3 }),
          makeJob({ runAt: T0 - 2 }),
          makeJob({ runAt: T0 - 1 }),
        );
        expect(sorted(ids(await claim({ workerId: 'w1', limit: 2 })))).toEqual(sorted([a!.id, b!.id]));
        expect(ids(await claim({ workerId: 'w2', limit: 2 }))).toEqual([c!.id]);

        const held = await store.jobs.heartbeat('w1', [a!.id, b!.id, c!.id, newId()], T0 + 99_000);
        expect(held.map((h) => ({ id: h.id, cancelRequested: h.cancelRequested })).sort((x, y) => x.id.localeCompare(y.id))).toEqual(
          [
            { id: a!.id, cancelRequested: false },
            { id: b!.id, cancelRequested: false },
          ].sort((x, y) => x.id.localeCompare(y.id)),
        );
        expect((await get(a!.id)).leaseExpiresAt).toBe(T0 + 99_000);
        expect((await get(b!.id)).leaseExpiresAt).toBe(T0 + 99_000);
        expect((await get(c!.id)).leaseExpiresAt).toBe(T0 + LEASE);
        expect((await get(c!.id)).leaseOwner).toBe('w2');

        await store.jobs.requestCancel(a!.id, ORG, T0 + 5);
        await finish(b!.id, { kind: 'succeeded', result: 1 });
        const after = await store.jobs.heartbeat('w1', [a!.id, b!.id], T0 + 120_000);
        expect(after).toEqual([{ id: a!.id, cancelRequested: true }]);
        expect((await get(b!.id)).leaseExpiresAt).toBeUndefined();
      });

      test('a heartbeat with no jobs returns nothing', async () => {
        expect(await store.jobs.heartbeat('w1', [], T0)).toEqual([]);
      });
    });

    // ---------------------------------------------------------------- finishAttempts

    describe('finishAttempts', () => {
      test('applies every kind of outcome in one call', async () => {
        const jobs = await insert(...Array.from({ length: 6 }, (_, i) => makeJob({ runAt: T0 - 10 + i })));
        const claimed = await claim({ limit: 6 });
        expect(claimed).toHaveLength(6);
        const [s, f, r, c, c2, rel] = jobs.map((j) => j.id) as [string, string, string, string, string, string];
        const failure = error('bad input', 1, { retryable: false, code: 'FATAL' });
        const transient = error('try later', 1, { code: 'RETRYABLE' });
        const cancel = error('the job was cancelled', 1, { retryable: false, code: 'CANCELLED' });
        const now = T0 + 50;
        const finished = await store.jobs.finishAttempts([
          { jobId: s, workerId: 'w1', now, outcome: { kind: 'succeeded', result: { answer: 42 } } },
          { jobId: f, workerId: 'w1', now, outcome: { kind: 'failed', error: failure } },
          { jobId: r, workerId: 'w1', now, outcome: { kind: 'retry', error: transient, runAt: T0 + 5000 } },
          { jobId: c, workerId: 'w1', now, outcome: { kind: 'cancelled', error: cancel } },
          { jobId: c2, workerId: 'w1', now, outcome: { kind: 'cancelled' } },
          { jobId: rel, workerId: 'w1', now, outcome: { kind: 'released' } },
        ]);
        expect(sorted(ids(finished))).toEqual(sorted([s, f, r, c, c2, rel]));

        const succeeded = await get(s);
        expect(succeeded).toMatchObject({ status: 'SUCCEEDED', result: { answer: 42 }, finishedAt: now, errors: [], attempt: 1 });
        expect(succeeded.leaseOwner).toBeUndefined();
        expect(succeeded.leaseExpiresAt).toBeUndefined();

        expect(await get(f)).toMatchObject({ status: 'FAILED', errors: [failure], finishedAt: now, attempt: 1 });

        const retried = await get(r);
        expect(retried).toMatchObject({ status: 'QUEUED', errors: [transient], runAt: T0 + 5000, attempt: 1 });
        expect(retried.finishedAt).toBeUndefined();
        expect(retried.leaseOwner).toBeUndefined();

        expect(await get(c)).toMatchObject({ status: 'CANCELLED', errors: [cancel], finishedAt: now });
        expect(await get(c2)).toMatchObject({ status: 'CANCELLED', errors: [], finishedAt: now });

        const released = await get(rel);
        expect(released).toMatchObject({ status: 'QUEUED', attempt: 0, errors: [] });
        expect(released.finishedAt).toBeUndefined();
        expect(released.leaseOwner).toBeUndefined();
      });

      test('a retried job keeps every attempt’s error, oldest first, and counts attempts', async () => {
        const [job] = await insert(makeJob({ maxAttempts: 3 }));
        const errors: JobError[] = [];
        for (let attempt = 1; attempt <= 2; attempt++) {
          const now = T0 + attempt * 1000;
          const [claimed] = await claim({ now });
          expect(claimed?.attempt).toBe(attempt);
          errors.push(error(`failure ${attempt}`, attempt));
          await finish(job!.id, { kind: 'retry', error: errors.at(-1)!, runAt: now + 500 }, now);
        }
        expect(await claim({ now: T0 + 2400 })).toEqual([]);
        const [third] = await claim({ now: T0 + 2500 });
        expect(third?.attempt).toBe(3);
        errors.push(error('failure 3', 3, { retryable: false }));
        await finish(job!.id, { kind: 'failed', error: errors.at(-1)! }, T0 + 3000);
        const final = await get(job!.id);
        expect(final.status).toBe('FAILED');
        expect(final.errors).toEqual(errors);
        expect(final.attempt).toBe(3);
      });

      test('a released job can be claimed again as the same attempt', async () => {
        const [job] = await insert(makeJob());
        await claim();
        await finish(job!.id, { kind: 'released' });
        const [again] = await claim({ workerId: 'w2', now: T0 + 10 });
        expect(again?.id).toBe(job!.id);
        expect(again?.attempt).toBe(1);
        expect(again?.leaseOwner).toBe('w2');
      });

      test('ignores reports from a worker that does not hold the lease, and reports on finished jobs', async () => {
        const [a, b] = await insert(makeJob({ runAt: T0 - 2 }), makeJob({ runAt: T0 - 1 }));
        await claim({ workerId: 'w1', limit: 1 });
        await claim({ workerId: 'w2', limit: 1 });
        const before = await get(a!.id);
        expect(before.leaseOwner).toBe('w1');

        expect(await finish(a!.id, { kind: 'succeeded', result: 'stolen' }, T0 + 5, 'w2')).toEqual([]);
        expect(await finish(a!.id, { kind: 'failed', error: error('x') }, T0 + 5, 'w2')).toEqual([]);
        expect(await finish(a!.id, { kind: 'released' }, T0 + 5, 'w2')).toEqual([]);
        expect(await get(a!.id)).toEqual(before);

        // Mixed batch: only the held report applies.
        const applied = await store.jobs.finishAttempts([
          { jobId: a!.id, workerId: 'w1', now: T0 + 6, outcome: { kind: 'succeeded', result: 'mine' } },
          { jobId: b!.id, workerId: 'w1', now: T0 + 6, outcome: { kind: 'succeeded', result: 'not mine' } },
        ]);
        expect(ids(applied)).toEqual([a!.id]);
        expect((await get(b!.id)).status).toBe('RUNNING');

        // A second report on a finished job changes nothing.
        expect(await finish(a!.id, { kind: 'failed', error: error('late') }, T0 + 7, 'w1')).toEqual([]);
        expect(await get(a!.id)).toMatchObject({ status: 'SUCCEEDED', result: 'mine', errors: [] });
      });

      test('progress and checkpoints are saved only by the lease holder', async () => {
        const [job] = await insert(makeJob());
        await claim({ workerId: 'w1' });
        await store.jobs.saveProgress(job!.id, 'w2', { percent: 99, updatedAt: T0 });
        await store.jobs.saveCheckpoint(job!.id, 'w2', { chunk: 99 });
        expect((await get(job!.id)).progress).toBeUndefined();
        expect((await get(job!.id)).checkpoint).toBeUndefined();

        await store.jobs.saveProgress(job!.id, 'w1', { percent: 40, message: 'half way', data: { k: 1 }, updatedAt: T0 + 3 });
        await store.jobs.saveCheckpoint(job!.id, 'w1', { chunk: 31 });
        const saved = await get(job!.id);
        expect(saved.progress).toEqual({ percent: 40, message: 'half way', data: { k: 1 }, updatedAt: T0 + 3 });
        expect(saved.checkpoint).toEqual({ chunk: 31 });

        // The checkpoint survives a retry and comes back with the next claim.
        await finish(job!.id, { kind: 'retry', error: error('again'), runAt: T0 + 100 });
        const [next] = await claim({ now: T0 + 100 });
        expect(next?.checkpoint).toEqual({ chunk: 31 });
      });
    });

    // ---------------------------------------------------------------- recoverLeases

    describe('recoverLeases', () => {
      test('re-queues expired jobs with a LEASE_EXPIRED error, fails exhausted ones, cancels cancel-requested ones', async () => {
        const again = makeJob({ maxAttempts: 3, runAt: T0 - 4 });
        const exhausted = makeJob({ maxAttempts: 1, runAt: T0 - 3 });
        const cancelling = makeJob({ maxAttempts: 3, runAt: T0 - 2 });
        const fresh = makeJob({ maxAttempts: 3, runAt: T0 - 1 });
        await insert(again, exhausted, cancelling, fresh);
        expect(await claim({ workerId: 'dead', limit: 3, leaseMs: 1000 })).toHaveLength(3);
        expect(await claim({ workerId: 'alive', limit: 1, leaseMs: 60_000 })).toHaveLength(1);
        await store.jobs.requestCancel(cancelling.id, ORG, T0 + 10);

        const recovered = await store.jobs.recoverLeases(T0 + 2000);
        expect(sorted(ids(recovered))).toEqual(sorted([again.id, exhausted.id, cancelling.id]));

        const requeued = await get(again.id);
        expect(requeued.status).toBe('QUEUED');
        expect(requeued.attempt).toBe(1);
        expect(requeued.leaseOwner).toBeUndefined();
        expect(requeued.finishedAt).toBeUndefined();
        expect(requeued.errors).toHaveLength(1);
        expect(requeued.errors[0]).toMatchObject({ code: 'LEASE_EXPIRED', attempt: 1, retryable: true, at: T0 + 2000 });

        const failed = await get(exhausted.id);
        expect(failed.status).toBe('FAILED');
        expect(failed.finishedAt).toBe(T0 + 2000);
        expect(failed.errors.map((e) => e.code)).toEqual(['LEASE_EXPIRED']);

        const cancelled = await get(cancelling.id);
        expect(cancelled.status).toBe('CANCELLED');
        expect(cancelled.finishedAt).toBe(T0 + 2000);

        const untouched = await get(fresh.id);
        expect(untouched).toMatchObject({ status: 'RUNNING', leaseOwner: 'alive', errors: [] });

        // The re-queued job is due at once and its next claim is attempt 2.
        const [reclaimed] = await claim({ workerId: 'w9', now: T0 + 2000 });
        expect(reclaimed?.id).toBe(again.id);
        expect(reclaimed?.attempt).toBe(2);

        // Nothing else is expired yet.
        expect(await store.jobs.recoverLeases(T0 + 2001)).toEqual([]);
      });

      test('allRunning recovers leases that have not expired', async () => {
        const [job] = await insert(makeJob());
        await claim({ leaseMs: 3_600_000 });
        expect(await store.jobs.recoverLeases(T0 + 1)).toEqual([]);
        const recovered = await store.jobs.recoverLeases(T0 + 1, { allRunning: true });
        expect(ids(recovered)).toEqual([job!.id]);
        expect(await get(job!.id)).toMatchObject({ status: 'QUEUED', attempt: 1 });
        expect((await get(job!.id)).errors[0]?.code).toBe('LEASE_EXPIRED');
      });

      test('a worker whose lease was recovered can no longer report', async () => {
        const [job] = await insert(makeJob());
        await claim({ workerId: 'slow', leaseMs: 100 });
        await store.jobs.recoverLeases(T0 + 1000);
        await claim({ workerId: 'fast', now: T0 + 1000 });
        expect(await finish(job!.id, { kind: 'succeeded', result: 'slow' }, T0 + 1100, 'slow')).toEqual([]);
        expect(await store.jobs.heartbeat('slow', [job!.id], T0 + 5000)).toEqual([]);
        expect(ids(await finish(job!.id, { kind: 'succeeded', result: 'fast' }, T0 + 1200, 'fast'))).toEqual([job!.id]);
        expect((await get(job!.id)).result).toBe('fast');
      });
    });

    // ---------------------------------------------------------------- requestCancel

    describe('requestCancel', () => {
      test('cancels a QUEUED job at once', async () => {
        const [job] = await insert(makeJob());
        const cancelled = await store.jobs.requestCancel(job!.id, ORG, T0 + 7);
        expect(cancelled).toMatchObject({ id: job!.id, status: 'CANCELLED', finishedAt: T0 + 7 });
        expect(await get(job!.id)).toMatchObject({ status: 'CANCELLED', finishedAt: T0 + 7 });
      });

      test('marks a RUNNING job cancelRequested; the worker then reports it cancelled', async () => {
        const [job] = await insert(makeJob());
        await claim();
        const marked = await store.jobs.requestCancel(job!.id, ORG, T0 + 7);
        expect(marked).toMatchObject({ status: 'RUNNING', cancelRequested: true, leaseOwner: 'w1' });
        expect(await store.jobs.requestCancel(job!.id, ORG, T0 + 8)).toMatchObject({ status: 'RUNNING', cancelRequested: true });
        await finish(job!.id, { kind: 'cancelled' }, T0 + 9);
        expect(await get(job!.id)).toMatchObject({ status: 'CANCELLED', cancelRequested: true, finishedAt: T0 + 9 });
      });

      test('another org, or an unknown id, gets undefined and changes nothing', async () => {
        const [job] = await insert(makeJob());
        expect(await store.jobs.requestCancel(job!.id, OTHER, T0 + 1)).toBeUndefined();
        expect(await store.jobs.requestCancel(newId(), ORG, T0 + 1)).toBeUndefined();
        expect(await get(job!.id)).toMatchObject({ status: 'QUEUED', cancelRequested: false });
      });

      test('a finished job comes back unchanged', async () => {
        const done = await jobIn('SUCCEEDED', {}, { at: T0 + 3 });
        const result = await store.jobs.requestCancel(done.id, ORG, T0 + 100);
        expect(result).toMatchObject({ status: 'SUCCEEDED', finishedAt: T0 + 3 });
        expect(await get(done.id)).toEqual(done);
      });
    });

    // ---------------------------------------------------------------- list and count

    describe('list and count', () => {
      const STATUSES: JobStatus[] = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
      let all: Job[];
      let parent: Job;
      let byIndex: Job[];
      let others: Job[];

      beforeEach(async () => {
        parent = await jobIn('SUCCEEDED', { createdAt: T0 - 100_000 }, { at: T0 + 20_000 });
        byIndex = [];
        for (let i = 0; i < 24; i++) {
          const status = STATUSES[(i * 7) % 5]!;
          byIndex.push(
            await jobIn(
              status,
              {
                type: ['alpha', 'beta', 'gamma'][i % 3]!,
                // Triples share createdAt, and priorities and finish times repeat: ties at page edges.
                createdAt: T0 + Math.floor(i / 3) * 1000,
                priority: (i % 4) - 2,
                payload: { i, text: i === 7 ? 'a needle in the hay' : 'only hay' },
                ...(i >= 10 && i <= 12 && { parentId: parent.id }),
              },
              { at: T0 + 10_000 + (i % 5) * 100, errorMessage: 'boom in step 3' },
            ),
          );
        }
        others = [];
        for (let i = 0; i < 6; i++) {
          others.push(
            await jobIn(STATUSES[i % 5]!, { orgId: OTHER, createdAt: T0 + i * 1000, payload: { text: 'a needle too' } }, { errorMessage: 'boom' }),
          );
        }
        all = await Promise.all([parent, ...byIndex].map((j) => get(j.id)));
      });

      const orderKey: Record<JobOrder, (j: Job) => number[]> = {
        CREATED_DESC: (j) => [-j.createdAt],
        CREATED_ASC: (j) => [j.createdAt],
        PRIORITY_DESC: (j) => [-j.priority, -j.createdAt],
        FINISHED_DESC: (j) => [-(j.finishedAt ?? 0)],
      };
      const compareKeys = (a: number[], b: number[]) => {
        for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
        return 0;
      };

      for (const order of JOB_ORDERS) {
        test(`${order}: pages walk every job once, in order, and agree with count`, async () => {
          for (const pageSize of [4, 7, 100]) {
            const walked = await walk({ orgId: ORG, filter: {}, orderBy: order }, pageSize);
            expect(new Set(ids(walked)).size, 'no duplicates').toBe(walked.length);
            expect(sorted(ids(walked)), 'no gaps').toEqual(sorted(ids(all)));
            for (let k = 1; k < walked.length; k++) {
              expect(compareKeys(orderKey[order](walked[k - 1]!), orderKey[order](walked[k]!))).toBeLessThanOrEqual(0);
            }
          }
          expect(await store.jobs.count(ORG, {})).toBe(all.length);
        });
      }

      test('the last page says there is no next page; an exact fit has none either', async () => {
        const page = await store.jobs.list({ orgId: ORG, filter: {}, orderBy: 'CREATED_ASC', page: { first: all.length } });
        expect(page.items).toHaveLength(all.length);
        expect(page.hasNextPage).toBe(false);
        const short = await store.jobs.list({ orgId: ORG, filter: {}, orderBy: 'CREATED_ASC', page: { first: all.length - 1 } });
        expect(short.hasNextPage).toBe(true);
      });

      const cases: Array<[string, JobFilter, (j: Job, i: number) => boolean]> = [
        ['status QUEUED', { status: ['QUEUED'] }, (j) => j.status === 'QUEUED'],
        ['status SUCCEEDED or FAILED', { status: ['SUCCEEDED', 'FAILED'] }, (j) => j.status === 'SUCCEEDED' || j.status === 'FAILED'],
        ['type beta', { type: ['beta'] }, (j) => j.type === 'beta'],
        ['type alpha or gamma', { type: ['alpha', 'gamma'] }, (j) => j.type === 'alpha' || j.type === 'gamma'],
        ['status and type', { status: ['QUEUED', 'RUNNING'], type: ['alpha'] }, (j) => j.type === 'alpha' && (j.status === 'QUEUED' || j.status === 'RUNNING')],
        [
          'created between',
          { createdAfter: T0 + 2500, createdBefore: T0 + 5500 },
          (j) => j.createdAt > T0 + 2500 && j.createdAt < T0 + 5500,
        ],
        ['created after', { createdAfter: T0 + 6500 }, (j) => j.createdAt > T0 + 6500],
        ['parentId', { parentId: 'PARENT' }, (j) => j.parentId !== undefined],
        ['search in payload', { search: 'needle' }, (j) => (j.payload as { i?: number }).i === 7],
        ['search in errors', { search: 'boom in step' }, (j) => j.status === 'FAILED'],
        ['search by type', { search: 'gamma' }, (j) => j.type === 'gamma'],
        ['search that matches nothing', { search: 'zebra' }, () => false],
      ];

      for (const [label, rawFilter, expected] of cases) {
        test(`filter: ${label}`, async () => {
          const filter = rawFilter.parentId === 'PARENT' ? { ...rawFilter, parentId: parent.id } : rawFilter;
          const want = all.filter((j, i) => expected(j, i));
          if (label !== 'search that matches nothing') expect(want.length, 'the case selects something').toBeGreaterThan(0);
          for (const order of ['CREATED_DESC', 'FINISHED_DESC'] as const) {
            const walked = await walk({ orgId: ORG, filter, orderBy: order }, 3);
            expect(new Set(ids(walked)).size).toBe(walked.length);
            expect(sorted(ids(walked))).toEqual(sorted(ids(want)));
          }
          expect(await store.jobs.count(ORG, filter)).toBe(want.length);
        });
      }

      test('search by id finds exactly that job', async () => {
        const target = byIndex[5]!;
        const found = await walk({ orgId: ORG, filter: { search: target.id }, orderBy: 'CREATED_DESC' }, 10);
        expect(ids(found)).toEqual([target.id]);
      });

      test('parentId filter lists the three children', async () => {
        const children = await walk({ orgId: ORG, filter: { parentId: parent.id }, orderBy: 'CREATED_ASC' }, 2);
        expect(sorted(ids(children))).toEqual(sorted(ids(byIndex.slice(10, 13))));
      });

      test('another org’s jobs never appear, and each org counts its own', async () => {
        for (const order of JOB_ORDERS) {
          const mine = await walk({ orgId: ORG, filter: {}, orderBy: order }, 5);
          expect(mine.every((j) => j.orgId === ORG)).toBe(true);
          const theirs = await walk({ orgId: OTHER, filter: {}, orderBy: order }, 5);
          expect(sorted(ids(theirs))).toEqual(sorted(ids(others)));
        }
        const searched = await walk({ orgId: ORG, filter: { search: 'needle' }, orderBy: 'CREATED_DESC' }, 10);
        expect(ids(searched)).toEqual([byIndex[7]!.id]);
        expect(await store.jobs.count(OTHER, {})).toBe(others.length);
        expect(await store.jobs.count('org-nobody', {})).toBe(0);
        expect(await store.jobs.count(ORG, { search: others[0]!.id })).toBe(0);
      });

      test('ids: only those jobs of the org, AND the other fields; an empty list matches none', async () => {
        const chosen = [byIndex[0]!, byIndex[4]!, byIndex[7]!, byIndex[13]!, byIndex[22]!];
        const filter: JobFilter = { ids: [...ids(chosen), others[0]!.id, 'no-such-job'] };
        for (const order of JOB_ORDERS) {
          const walked = await walk({ orgId: ORG, filter, orderBy: order }, 2);
          expect(sorted(ids(walked))).toEqual(sorted(ids(chosen)));
        }
        expect(await store.jobs.count(ORG, filter)).toBe(chosen.length);
        expect(sorted(await store.jobs.findIds(ORG, filter, 1000))).toEqual(sorted(ids(chosen)));
        // Another org sees only its own id among them.
        expect(await store.jobs.findIds(OTHER, filter, 1000)).toEqual([others[0]!.id]);

        const status: JobStatus[] = ['QUEUED', 'FAILED'];
        const narrowed = { ...filter, status, type: ['alpha', 'beta'] };
        const want = chosen.filter((j) => status.includes(j.status) && j.type !== 'gamma');
        expect(want.length, 'the case selects some but not all').toBeGreaterThan(0);
        expect(want.length).toBeLessThan(chosen.length);
        expect(sorted(ids(await walk({ orgId: ORG, filter: narrowed, orderBy: 'CREATED_DESC' }, 10)))).toEqual(sorted(ids(want)));
        expect(await store.jobs.count(ORG, narrowed)).toBe(want.length);
        expect(await store.jobs.count(ORG, { ...filter, search: 'needle' })).toBe(1);

        expect(await store.jobs.count(ORG, { ids: [] })).toBe(0);
        expect(await walk({ orgId: ORG, filter: { ids: [] }, orderBy: 'CREATED_ASC' }, 5)).toEqual([]);
        expect(await store.jobs.findIds(ORG, { ids: [], status: ['QUEUED'] }, 1000)).toEqual([]);
      });

      test('findIds returns matching ids of the org, capped', async () => {
        const beta = all.filter((j) => j.type === 'beta');
        const capped = await store.jobs.findIds(ORG, { type: ['beta'] }, 3);
        expect(capped).toHaveLength(3);
        expect(capped.every((id) => beta.some((j) => j.id === id))).toBe(true);
        expect(sorted(await store.jobs.findIds(ORG, { type: ['beta'] }, 1000))).toEqual(sorted(ids(beta)));
        expect(await store.jobs.findIds(OTHER, { search: 'needle in the hay' }, 1000)).toEqual([]);
      });

      test('a garbage cursor is a ValidationError', async () => {
        const garbage = ['not a cursor', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[]').toString('base64url')];
        for (const after of garbage) {
          await expect(
            store.jobs.list({ orgId: ORG, filter: {}, orderBy: 'CREATED_DESC', page: { first: 5, after } }),
          ).rejects.toBeInstanceOf(ValidationError);
        }
      });
    });

    // ---------------------------------------------------------------- logs

    describe('job logs', () => {
      test('append numbers lines per job from 1, in order, across calls', async () => {
        const [a, b] = await insert(makeJob(), makeJob());
        const line = (jobId: string, message: string, level: 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' = 'INFO', data?: unknown) => ({
          jobId,
          orgId: ORG,
          at: T0,
          level,
          message,
          ...(data !== undefined && { data }),
        });
        const first = await store.logs.append([
          line(a!.id, 'a1', 'DEBUG'),
          line(b!.id, 'b1'),
          line(a!.id, 'a2', 'INFO', { k: [1, 2] }),
          line(a!.id, 'a3', 'WARN'),
        ]);
        expect(first.map((l) => [l.message, l.seq])).toEqual([
          ['a1', 1],
          ['b1', 1],
          ['a2', 2],
          ['a3', 3],
        ]);
        await store.logs.append([line(a!.id, 'a4', 'ERROR'), line(b!.id, 'b2', 'WARN'), line(a!.id, 'a5')]);

        const listed = await store.logs.list(a!.id, { page: { first: 100 } });
        expect(listed.items.map((i) => [i.node.seq, i.node.message, i.node.level])).toEqual([
          [1, 'a1', 'DEBUG'],
          [2, 'a2', 'INFO'],
          [3, 'a3', 'WARN'],
          [4, 'a4', 'ERROR'],
          [5, 'a5', 'INFO'],
        ]);
        expect(listed.items[1]!.node).toEqual({ jobId: a!.id, orgId: ORG, seq: 2, at: T0, level: 'INFO', message: 'a2', data: { k: [1, 2] } });
        expect(listed.items[0]!.node.data).toBeUndefined();
        expect((await store.logs.list(b!.id, { page: { first: 100 } })).items.map((i) => i.node.seq)).toEqual([1, 2]);
        expect(await store.logs.count(a!.id)).toBe(5);
        expect(await store.logs.count(a!.id, ['WARN', 'ERROR'])).toBe(2);
        expect(await store.logs.count(newId())).toBe(0);
      });

      test('concurrent appends to one job get distinct, gapless numbers', async () => {
        const [job] = await insert(makeJob());
        await Promise.all(
          Array.from({ length: 10 }, (_, k) =>
            store.logs.append([
              { jobId: job!.id, orgId: ORG, at: T0, level: 'INFO', message: `call ${k} line 1` },
              { jobId: job!.id, orgId: ORG, at: T0, level: 'INFO', message: `call ${k} line 2` },
            ]),
          ),
        );
        const page = await store.logs.list(job!.id, { page: { first: 100 } });
        expect(page.items.map((i) => i.node.seq)).toEqual(Array.from({ length: 20 }, (_, k) => k + 1));
        // Lines of one call stay in their order.
        for (let k = 0; k < 10; k++) {
          const one = page.items.findIndex((i) => i.node.message === `call ${k} line 1`);
          const two = page.items.findIndex((i) => i.node.message === `call ${k} line 2`);
          expect(one).toBeLessThan(two);
        }
      });

      test('list pages through lines, with and without a level filter', async () => {
        const [job] = await insert(makeJob());
        const levels = ['DEBUG', 'INFO', 'WARN', 'ERROR'] as const;
        await store.logs.append(
          Array.from({ length: 23 }, (_, k) => ({ jobId: job!.id, orgId: ORG, at: T0 + k, level: levels[k % 4]!, message: `line ${k + 1}` })),
        );
        const walkLogs = async (filter?: Array<(typeof levels)[number]>) => {
          const seqs: number[] = [];
          let after: string | undefined;
          for (;;) {
            const page = await store.logs.list(job!.id, {
              page: { first: 4, ...(after !== undefined && { after }) },
              ...(filter && { levels: filter }),
            });
            seqs.push(...page.items.map((i) => i.node.seq));
            if (filter) expect(page.items.every((i) => filter.includes(i.node.level as never))).toBe(true);
            if (!page.hasNextPage) return seqs;
            after = page.items.at(-1)!.cursor;
          }
        };
        expect(await walkLogs()).toEqual(Array.from({ length: 23 }, (_, k) => k + 1));
        const warnAndError = await walkLogs(['WARN', 'ERROR']);
        expect(warnAndError).toEqual(Array.from({ length: 23 }, (_, k) => k + 1).filter((seq) => (seq - 1) % 4 >= 2));
        expect(await store.logs.count(job!.id, ['WARN', 'ERROR'])).toBe(warnAndError.length);
        await expect(store.logs.list(job!.id, { page: { first: 4, after: 'garbage' } })).rejects.toBeInstanceOf(ValidationError);
      });
    });

    // ---------------------------------------------------------------- deletion and retention

    describe('deleteFinished and purgeFinished', () => {
      test('deleteFinished deletes only finished jobs of that org, with their logs', async () => {
        const s = await jobIn('SUCCEEDED');
        const f = await jobIn('FAILED');
        const c = await jobIn('CANCELLED');
        const q = await jobIn('QUEUED');
        const r = await jobIn('RUNNING');
        const theirs = await jobIn('SUCCEEDED', { orgId: OTHER });
        const log = (jobId: string, orgId = ORG) => ({ jobId, orgId, at: T0, level: 'INFO' as const, message: 'hello' });
        await store.logs.append([log(s.id), log(s.id), log(q.id), log(theirs.id, OTHER)]);

        const deleted = await store.jobs.deleteFinished(ORG, [s.id, f.id, c.id, q.id, r.id, theirs.id, newId()]);
        expect(sorted(deleted)).toEqual(sorted([s.id, f.id, c.id]));
        for (const id of [s.id, f.id, c.id]) expect(await store.jobs.get(id)).toBeUndefined();
        for (const id of [q.id, r.id, theirs.id]) expect(await store.jobs.get(id)).toBeDefined();
        expect(await store.logs.count(s.id)).toBe(0);
        expect(await store.logs.count(q.id)).toBe(1);
        expect(await store.logs.count(theirs.id)).toBe(1);
        expect(await store.jobs.deleteFinished(ORG, [])).toEqual([]);
      });

      test('purgeFinished deletes jobs finished before the cutoff, in every org, at most max', async () => {
        const old1 = await jobIn('SUCCEEDED', {}, { at: T0 + 100 });
        const old2 = await jobIn('FAILED', { orgId: OTHER }, { at: T0 + 200 });
        const old3 = await jobIn('CANCELLED', {}, { at: T0 + 210 });
        const recent = await jobIn('SUCCEEDED', {}, { at: T0 + 300 });
        const queued = await jobIn('QUEUED', { createdAt: T0 - 10_000 });
        const running = await jobIn('RUNNING', { createdAt: T0 - 10_000 });
        await store.logs.append([{ jobId: old1.id, orgId: ORG, at: T0, level: 'INFO', message: 'x' }]);

        expect(await store.jobs.purgeFinished(T0 + 250, 2)).toBe(2);
        expect(await store.jobs.purgeFinished(T0 + 250, 100)).toBe(1);
        expect(await store.jobs.purgeFinished(T0 + 250, 100)).toBe(0);
        for (const job of [old1, old2, old3]) expect(await store.jobs.get(job.id)).toBeUndefined();
        for (const job of [recent, queued, running]) expect(await store.jobs.get(job.id)).toBeDefined();
        expect(await store.logs.count(old1.id)).toBe(0);
      });
    });

    // ---------------------------------------------------------------- stats

    describe('stats', () => {
      test('counts the org’s jobs by status and by type', async () => {
        await jobIn('QUEUED', { type: 'alpha', createdAt: T0 - 50 });
        await jobIn('QUEUED', { type: 'alpha', createdAt: T0 - 70 });
        await jobIn('QUEUED', { type: 'beta', createdAt: T0 - 10 });
        await jobIn('RUNNING', { type: 'beta', createdAt: T0 - 500 });
        await jobIn('SUCCEEDED', { type: 'alpha', createdAt: T0 - 900 });
        await jobIn('FAILED', { type: 'gamma' });
        await jobIn('QUEUED', { type: 'alpha', orgId: OTHER, createdAt: T0 - 10_000 });
        await jobIn('CANCELLED', { type: 'delta', orgId: OTHER });

        const stats = await store.jobs.stats(ORG);
        const asMap = (counts: QueueStats['byStatus']) =>
          Object.fromEntries(counts.filter((c) => c.count > 0).map((c) => [c.status, c.count]));
        expect(asMap(stats.byStatus)).toEqual({ QUEUED: 3, RUNNING: 1, SUCCEEDED: 1, FAILED: 1 });
        const byType = Object.fromEntries(stats.byType.map((t) => [t.type, asMap(t.counts)]));
        expect(byType).toEqual({
          alpha: { QUEUED: 2, SUCCEEDED: 1 },
          beta: { QUEUED: 1, RUNNING: 1 },
          gamma: { FAILED: 1 },
        });
        expect(stats.oldestQueuedAt).toBe(T0 - 70);

        const empty = await store.jobs.stats('org-nobody');
        expect(asMap(empty.byStatus)).toEqual({});
        expect(empty.byType).toEqual([]);
        expect(empty.oldestQueuedAt).toBeUndefined();
      });

      test('countByStatusAndType counts every org’s jobs by status and type, ordered by type then status', async () => {
        expect(await store.jobs.countByStatusAndType()).toEqual([]);
        await jobIn('QUEUED', { type: 'alpha' });
        await jobIn('QUEUED', { type: 'alpha' });
        await jobIn('SUCCEEDED', { type: 'alpha' });
        await jobIn('RUNNING', { type: 'beta' });
        await jobIn('FAILED', { type: 'gamma' });
        await jobIn('QUEUED', { type: 'alpha', orgId: OTHER });
        await jobIn('CANCELLED', { type: 'delta', orgId: OTHER });

        expect(await store.jobs.countByStatusAndType()).toEqual([
          { status: 'QUEUED', type: 'alpha', count: 3 },
          { status: 'SUCCEEDED', type: 'alpha', count: 1 },
          { status: 'RUNNING', type: 'beta', count: 1 },
          { status: 'CANCELLED', type: 'delta', count: 1 },
          { status: 'FAILED', type: 'gamma', count: 1 },
        ]);
      });
    });

    describe('metrics', () => {
      /** A job driven through the port with explicit times: created, claimed at startedAt, finished at finishedAt. */
      async function ran(
        type: string,
        createdAt: number,
        startedAt: number,
        finishedAt: number,
        status: 'SUCCEEDED' | 'FAILED',
        extra: Partial<NewJob> = {},
      ): Promise<Job> {
        const [job] = await insert(makeJob({ type, createdAt, runAt: startedAt, priority: 1_000_000, maxAttempts: 1, ...extra }));
        const claimed = await claim({ workerId: 'm', limit: 1, now: startedAt, types: [type] });
        expect(claimed.map((j) => j.id)).toEqual([job!.id]);
        const outcome: AttemptOutcome =
          status === 'SUCCEEDED' ? { kind: 'succeeded', result: null } : { kind: 'failed', error: error('no', 1, { retryable: false }) };
        const [done] = await finish(job!.id, outcome, finishedAt, 'm');
        expect(done).toMatchObject({ status, startedAt, finishedAt });
        return done!;
      }

      test('buckets, queue depth at bucket ends, per type and per schedule (hand-computed)', async () => {
        // Window [T0, T0 + 3000) in buckets of 1000: ends at T0 + 1000, + 2000, + 3000.
        await ran('alpha', T0 - 500, T0 + 100, T0 + 300, 'SUCCEEDED', { scheduleId: 's1' }); // created before the window
        await ran('alpha', T0 + 50, T0 + 1500, T0 + 1600, 'FAILED', { scheduleId: 's1' });
        await ran('alpha', T0 + 100, T0 + 1200, T0 + 2500, 'SUCCEEDED', { scheduleId: 's1' });
        await ran('beta', T0 + 900, T0 + 2100, T0 + 3000, 'SUCCEEDED', { scheduleId: 's2' }); // finishes at `until`: excluded
        await ran('gamma', T0 - 2000, T0 - 1500, T0 - 1000, 'SUCCEEDED'); // finished before the window
        await ran('alpha', T0 + 10, T0 + 20, T0 + 500, 'SUCCEEDED', { orgId: OTHER }); // another org
        await insert(makeJob({ type: 'beta', createdAt: T0 + 1500, runAt: T0 + 1e9 })); // still queued

        const m = await store.jobs.metrics(ORG, T0, T0 + 3000, 1000);
        const at = [T0, T0 + 1000, T0 + 2000];
        expect(m.finished).toEqual([1, 0, 1].map((value, i) => ({ at: at[i], value })));
        expect(m.failed).toEqual([0, 1, 0].map((value, i) => ({ at: at[i], value })));
        expect(m.queueDepth).toEqual([3, 2, 1].map((value, i) => ({ at: at[i], value })));
        expect(m.byType).toEqual([{ type: 'alpha', succeeded: 2, failed: 1, failureRate: 1 / 3, p95DurationMs: 1300 }]);
        expect(m.bySchedule).toEqual([
          { scheduleId: 's1', triggers: 2, successRate: 0.5, failureRate: 0.5, p95DurationMs: 1300 },
          { scheduleId: 's2', triggers: 1, successRate: 1, failureRate: 0, p95DurationMs: 900 },
        ]);

        // A last bucket cut short by `until`: its depth is measured at `until`.
        const short = await store.jobs.metrics(ORG, T0, T0 + 1500, 1000);
        expect(short.queueDepth).toEqual([
          { at: T0, value: 3 },
          { at: T0 + 1000, value: 2 },
        ]);
      });

      test('an empty org has every bucket at zero; the window is checked', async () => {
        const m = await store.jobs.metrics('org-nobody', T0, T0 + 10_000 * 60_000, 60_000);
        expect(m.finished).toHaveLength(10_000);
        expect(m.finished.every((p) => p.value === 0)).toBe(true);
        expect(m.byType).toEqual([]);
        expect(m.bySchedule).toEqual([]);
        await expect(store.jobs.metrics(ORG, T0, T0 + 10_001 * 1000, 1000)).rejects.toBeInstanceOf(ValidationError);
        await expect(store.jobs.metrics(ORG, T0, T0, 1000)).rejects.toBeInstanceOf(ValidationError);
      });
    });

    // ---------------------------------------------------------------- workers, tokens, audit

    describe('workers', () => {
      const worker = (id: string, lastHeartbeatAt: number, running = 0): WorkerInfo => ({
        id,
        host: 'host-1',
        pid: 1234,
        startedAt: T0 - 100_000,
        lastHeartbeatAt,
        running,
        concurrency: 8,
      });

      test('upsert, list alive since, remove', async () => {
        await store.workers.upsert(worker('w1', T0));
        await store.workers.upsert(worker('w2', T0 - 60_000));
        expect((await store.workers.list(T0 - 30_000)).map((w) => w.id)).toEqual(['w1']);
        expect(await store.workers.list(T0 - 30_000)).toEqual([worker('w1', T0)]);

        await store.workers.upsert(worker('w2', T0 + 5, 3));
        const alive = await store.workers.list(T0 - 30_000);
        expect(alive.map((w) => w.id).sort()).toEqual(['w1', 'w2']);
        expect(alive.find((w) => w.id === 'w2')).toEqual(worker('w2', T0 + 5, 3));

        await store.workers.remove('w1');
        await store.workers.remove('never-there');
        expect((await store.workers.list(0)).map((w) => w.id)).toEqual(['w2']);
      });
    });

    describe('tokens', () => {
      const token = (id: string, orgId: string, permissions: ApiToken['permissions'], extra: Partial<ApiToken> = {}): ApiToken => ({
        id,
        hash: `hash-${id}`,
        orgId,
        userId: `user-${id}`,
        permissions,
        createdAt: T0,
        ...extra,
      });

      test('insert, findByHash, list, touch, revoke, countAdmins', async () => {
        const t1 = token('t1', ORG, ['admin'], { name: 'first admin', expiresAt: T0 + 1_000_000 });
        const t2 = token('t2', ORG, ['jobs:read', 'jobs:write'], { createdAt: T0 + 1 });
        const t3 = token('t3', OTHER, ['admin', 'audit:read'], { createdAt: T0 + 2 });
        for (const t of [t1, t2, t3]) await store.tokens.insert(t);

        expect(await store.tokens.findByHash('hash-t1')).toEqual(t1);
        expect(await store.tokens.findByHash('hash-t2')).toEqual(t2);
        expect(await store.tokens.findByHash('nope')).toBeUndefined();
        expect((await store.tokens.list(ORG)).map((t) => t.id).sort()).toEqual(['t1', 't2']);
        expect((await store.tokens.list()).map((t) => t.id).sort()).toEqual(['t1', 't2', 't3']);
        expect(await store.tokens.countAdmins()).toBe(2);

        await store.tokens.touch('t2', T0 + 50);
        expect((await store.tokens.findByHash('hash-t2'))?.lastUsedAt).toBe(T0 + 50);

        expect(await store.tokens.revoke('t1', T0 + 60)).toBe(true);
        expect(await store.tokens.revoke('t1', T0 + 70)).toBe(false);
        expect(await store.tokens.revoke('missing', T0 + 70)).toBe(false);
        expect((await store.tokens.findByHash('hash-t1'))?.revokedAt).toBe(T0 + 60);
        expect(await store.tokens.countAdmins()).toBe(1);
      });
    });

    describe('audit', () => {
      test('insert and list with filters, newest first, paginated, org-scoped', async () => {
        const entries: AuditEntry[] = [];
        for (let i = 0; i < 13; i++) {
          const entry: AuditEntry = {
            id: newId(),
            orgId: ORG,
            // Pairs share a time: ties at page edges.
            at: T0 + Math.floor(i / 2) * 10,
            actor: i % 3 === 0 ? 'alice' : 'bob',
            action: i % 2 === 0 ? 'job.cancel' : 'job.retry',
            targetType: i < 10 ? 'job' : 'token',
            targetId: `target-${i % 4}`,
            ...(i === 4 && { details: { from: 'QUEUED', nested: [1, { x: true }] } }),
          };
          entries.push(entry);
          await store.audit.insert(entry);
        }
        await store.audit.insert({ id: newId(), orgId: OTHER, at: T0, actor: 'alice', action: 'job.cancel', targetType: 'job', targetId: 'target-0' });

        const walkAudit = async (filter: Parameters<Store['audit']['list']>[1]) => {
          const seen: AuditEntry[] = [];
          let after: string | undefined;
          for (;;) {
            const page = await store.audit.list(ORG, filter, { first: 3, ...(after !== undefined && { after }) });
            seen.push(...page.items.map((i) => i.node));
            if (!page.hasNextPage) break;
            after = page.items.at(-1)!.cursor;
          }
          expect(new Set(seen.map((e) => e.id)).size).toBe(seen.length);
          for (let k = 1; k < seen.length; k++) expect(seen[k - 1]!.at).toBeGreaterThanOrEqual(seen[k]!.at);
          expect(await store.audit.count(ORG, filter)).toBe(seen.length);
          return seen;
        };
        const idsOf = (list: AuditEntry[]) => list.map((e) => e.id).sort();

        const everything = await walkAudit({});
        expect(idsOf(everything)).toEqual(idsOf(entries));
        expect(everything.find((e) => e.id === entries[4]!.id)).toEqual(entries[4]);
        expect(idsOf(await walkAudit({ actor: ['alice'] }))).toEqual(idsOf(entries.filter((e) => e.actor === 'alice')));
        expect(idsOf(await walkAudit({ action: ['job.retry'] }))).toEqual(idsOf(entries.filter((e) => e.action === 'job.retry')));
        expect(idsOf(await walkAudit({ actor: ['alice', 'bob'], action: ['job.cancel'] }))).toEqual(
          idsOf(entries.filter((e) => e.action === 'job.cancel')),
        );
        expect(idsOf(await walkAudit({ targetType: 'token' }))).toEqual(idsOf(entries.filter((e) => e.targetType === 'token')));
        expect(idsOf(await walkAudit({ targetType: 'job', targetId: 'target-1' }))).toEqual(
          idsOf(entries.filter((e) => e.targetType === 'job' && e.targetId === 'target-1')),
        );
        expect(idsOf(await walkAudit({ since: T0 + 15, until: T0 + 45 }))).toEqual(
          idsOf(entries.filter((e) => e.at > T0 + 15 && e.at < T0 + 45)),
        );
        expect(await store.audit.count(OTHER, {})).toBe(1);
        expect(await store.audit.count('org-nobody', {})).toBe(0);
        await expect(store.audit.list(ORG, {}, { first: 3, after: 'garbage' })).rejects.toBeInstanceOf(ValidationError);
      });
    });

    // ---------------------------------------------------------------- llm calls

    describe('llm calls', () => {
      function makeCall(overrides: Partial<LlmCall> = {}): LlmCall {
        return {
          id: newId(),
          orgId: ORG,
          provider: 'openai',
          model: 'gpt-a',
          source: 'console',
          status: 'QUEUED',
          messages: [{ role: 'user', content: 'hello' }],
          output: [],
          usage: { ...ZERO_USAGE },
          queuedAt: T0,
          retries: 0,
          updatedAt: T0,
          ...overrides,
        };
      }

      /** A finished call: started `wait` ms after it was queued, took `duration`, first token after `ttft`. */
      function finishedCall(at: number, duration: number, ttft: number | undefined, overrides: Partial<LlmCall> = {}): LlmCall {
        const startedAt = at + 3;
        return makeCall({
          status: 'SUCCEEDED',
          queuedAt: at,
          startedAt,
          finishedAt: startedAt + duration,
          ...(ttft !== undefined && { firstTokenAt: startedAt + ttft }),
          updatedAt: startedAt + duration,
          ...overrides,
        });
      }

      async function insertCalls(...calls: LlmCall[]): Promise<LlmCall[]> {
        for (const call of calls) await store.llmCalls.insert(call);
        return calls;
      }

      const isCallEvent = (kind: 'llm.created' | 'llm.updated', id: string, match: (call: LlmCall) => boolean = () => true) =>
        (e: ChangeEvent): e is Extract<ChangeEvent, { kind: typeof kind }> =>
          e.kind === kind && e.call.id === id && match(e.call);

      test('insert and get return the call as given; another org or an unknown id gets undefined; announced as llm.created', async () => {
        const full = makeCall({
          provider: 'demo',
          model: 'echo-1',
          source: 'summarize',
          requestedBy: 'user-1',
          parentJobId: 'job-1',
          messages: [
            { role: 'system', content: 'be brief' },
            { role: 'user', content: 'héllo ✓', name: 'ann' },
          ],
          params: { temperature: 0.2, max_tokens: 50, stop: ['\n'], nested: { a: [1, null] } },
          output: [{ role: 'assistant', content: 'hi' }],
          error: { message: 'rate limited', code: 'RATE_LIMIT', httpStatus: 429 },
          usage: { inputTokens: 12, outputTokens: 3, cachedTokens: 4, totalTokens: 15 },
          status: 'FAILED',
          queuedAt: T0 - 50,
          startedAt: T0 - 40,
          firstTokenAt: T0 - 30,
          finishedAt: T0 - 20,
          retries: 2,
          updatedAt: T0 - 20,
        });
        const created = awaitEvent(store.changes, isCallEvent('llm.created', full.id), { label: 'llm.created' });
        await store.llmCalls.insert(full);
        expect((await created).call).toEqual(full);
        expect(await store.llmCalls.get(full.id)).toEqual(full);
        expect(await store.llmCalls.get(full.id, ORG)).toEqual(full);
        expect(await store.llmCalls.get(full.id, OTHER)).toBeUndefined();
        expect(await store.llmCalls.get('no-such-call')).toBeUndefined();

        const [bare] = await insertCalls(makeCall());
        const stored = await store.llmCalls.get(bare!.id);
        expect(stored).toEqual(bare);
        for (const absent of ['requestedBy', 'parentJobId', 'params', 'error', 'startedAt', 'firstTokenAt', 'finishedAt'] as const) {
          expect(stored, absent).not.toHaveProperty(absent);
        }
      });

      test('update applies only the fields in the patch, returns the call after it, and announces it as llm.updated', async () => {
        const [call] = await insertCalls(makeCall({ params: { temperature: 1 } }));
        const id = call!.id;
        const step = async (patch: LlmCallPatch, now: number): Promise<LlmCall> => {
          const announced = awaitEvent(store.changes, isCallEvent('llm.updated', id, (c) => c.updatedAt === now), { label: `llm.updated at ${now}` });
          const after = await store.llmCalls.update(id, patch, now);
          expect(after).toBeDefined();
          expect((await announced).call).toEqual(after);
          expect(await store.llmCalls.get(id)).toEqual(after);
          return after!;
        };

        const running = await step({ status: 'RUNNING', startedAt: T0 + 10 }, T0 + 10);
        expect(running).toEqual({ ...call, status: 'RUNNING', startedAt: T0 + 10, updatedAt: T0 + 10 });
        const streaming = await step({ firstTokenAt: T0 + 25 }, T0 + 25);
        expect(streaming).toEqual({ ...running, firstTokenAt: T0 + 25, updatedAt: T0 + 25 });
        const usage = { inputTokens: 10, outputTokens: 20, cachedTokens: 5, totalTokens: 30 };
        const output = [{ role: 'assistant', content: 'done ✓' }];
        const done = await step({ status: 'SUCCEEDED', output, usage, finishedAt: T0 + 90, retries: 1 }, T0 + 91);
        expect(done).toEqual({ ...streaming, status: 'SUCCEEDED', output, usage, finishedAt: T0 + 90, retries: 1, updatedAt: T0 + 91 });
        const failed = await step({ status: 'FAILED', error: { message: 'late failure', httpStatus: 500 } }, T0 + 95);
        expect(failed).toEqual({ ...done, status: 'FAILED', error: { message: 'late failure', httpStatus: 500 }, updatedAt: T0 + 95 });
        // An empty patch still records the time of the touch.
        expect(await step({}, T0 + 99)).toEqual({ ...failed, updatedAt: T0 + 99 });

        // An unknown call: nothing changes and nothing is announced (the next event is the next real update).
        const recorder = recordEvents(store.changes);
        try {
          expect(await store.llmCalls.update('no-such-call', { status: 'FAILED' }, T0 + 100)).toBeUndefined();
          await store.llmCalls.update(id, { retries: 2 }, T0 + 101);
          const [event] = await recorder.waitForCount(1);
          expect(event).toMatchObject({ kind: 'llm.updated', call: { id, retries: 2, updatedAt: T0 + 101 } });
        } finally {
          recorder.stop();
        }
      });

      describe('list and count', () => {
        let mine: LlmCall[];
        let theirs: LlmCall[];

        beforeEach(async () => {
          mine = [];
          for (let i = 0; i < 20; i++) {
            mine.push(
              makeCall({
                // Pairs share queuedAt: ties at page edges.
                queuedAt: T0 + Math.floor(i / 2) * 10,
                status: LLM_CALL_STATUSES[i % 5]!,
                source: ['console', 'summarize', 'translate'][i % 3]!,
                provider: i % 4 === 0 ? 'demo' : 'openai',
                model: i % 4 === 0 ? 'echo' : ['gpt-a', 'gpt-b'][i % 2]!,
                ...(i % 3 === 1 && { requestedBy: ['alice', 'bob'][i % 2]! }),
                ...(i >= 6 && i < 9 && { parentJobId: 'job-p' }),
              }),
            );
          }
          theirs = [makeCall({ orgId: OTHER }), makeCall({ orgId: OTHER, queuedAt: T0 + 40, parentJobId: 'job-p' })];
          // Inserted out of order: the list order is the store's doing.
          await insertCalls(...[...mine].reverse(), ...theirs);
        });

        /** The list order: newest first, then id descending. */
        const newestFirst = (calls: LlmCall[]) =>
          [...calls].sort((a, b) => b.queuedAt - a.queuedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0)).map((c) => c.id);

        async function walkCalls(orgId: string, filter: LlmCallFilter, pageSize: number): Promise<LlmCall[]> {
          const seen: LlmCall[] = [];
          let after: string | undefined;
          for (let pages = 0; pages < 100; pages++) {
            const page = await store.llmCalls.list(orgId, filter, { first: pageSize, ...(after !== undefined && { after }) });
            expect(page.items.length).toBeLessThanOrEqual(pageSize);
            seen.push(...page.items.map((i) => i.node));
            if (!page.hasNextPage) return seen;
            expect(page.items.length).toBe(pageSize);
            after = page.items.at(-1)!.cursor;
          }
          throw new Error('too many pages');
        }

        test('pages walk every call once, newest first (ties by id), and agree with count', async () => {
          for (const pageSize of [3, 4, 7, 100]) {
            const walked = await walkCalls(ORG, {}, pageSize);
            expect(walked.map((c) => c.id)).toEqual(newestFirst(mine));
          }
          expect((await walkCalls(ORG, {}, 100)).find((c) => c.id === mine[5]!.id)).toEqual(mine[5]);
          expect(await store.llmCalls.count(ORG, {})).toBe(mine.length);
          const exact = await store.llmCalls.list(ORG, {}, { first: mine.length });
          expect(exact.items).toHaveLength(mine.length);
          expect(exact.hasNextPage).toBe(false);
          expect((await store.llmCalls.list(ORG, {}, { first: mine.length - 1 })).hasNextPage).toBe(true);
        });

        const cases: Array<[string, LlmCallFilter, (c: LlmCall) => boolean]> = [
          ['status', { status: ['FAILED', 'CANCELLED'] }, (c) => c.status === 'FAILED' || c.status === 'CANCELLED'],
          ['source', { source: ['translate'] }, (c) => c.source === 'translate'],
          ['requestedBy', { requestedBy: ['alice'] }, (c) => c.requestedBy === 'alice'],
          ['provider', { provider: ['demo'] }, (c) => c.provider === 'demo'],
          ['model', { model: ['gpt-a', 'echo'] }, (c) => c.model === 'gpt-a' || c.model === 'echo'],
          ['parentJobId', { parentJobId: 'job-p' }, (c) => c.parentJobId === 'job-p'],
          // since is inclusive and until exclusive: T0 + 20 and T0 + 60 are queue times of pairs.
          ['since (inclusive)', { since: T0 + 20 }, (c) => c.queuedAt >= T0 + 20],
          ['until (exclusive)', { until: T0 + 60 }, (c) => c.queuedAt < T0 + 60],
          ['since and until', { since: T0 + 20, until: T0 + 60 }, (c) => c.queuedAt >= T0 + 20 && c.queuedAt < T0 + 60],
          ['since = until is empty', { since: T0 + 20, until: T0 + 20 }, () => false],
          ['several at once', { status: ['QUEUED', 'RUNNING', 'SUCCEEDED'], provider: ['openai'], since: T0 + 10 }, (c) =>
            ['QUEUED', 'RUNNING', 'SUCCEEDED'].includes(c.status) && c.provider === 'openai' && c.queuedAt >= T0 + 10],
          ['a value nobody has', { model: ['nope'] }, () => false],
        ];

        for (const [label, filter, expected] of cases) {
          test(`filter: ${label}`, async () => {
            const want = mine.filter(expected);
            if (!label.includes('empty') && !label.includes('nobody')) expect(want.length, 'the case selects something').toBeGreaterThan(0);
            expect(want.length, 'the case leaves something out').toBeLessThan(mine.length);
            for (const pageSize of [2, 100]) expect((await walkCalls(ORG, filter, pageSize)).map((c) => c.id)).toEqual(newestFirst(want));
            expect(await store.llmCalls.count(ORG, filter)).toBe(want.length);
          });
        }

        test('another org’s calls never appear, and each org counts its own', async () => {
          expect((await walkCalls(ORG, { parentJobId: 'job-p' }, 2)).every((c) => c.orgId === ORG)).toBe(true);
          expect((await walkCalls(OTHER, {}, 1)).map((c) => c.id)).toEqual(newestFirst(theirs));
          expect(await store.llmCalls.count(OTHER, {})).toBe(2);
          expect(await store.llmCalls.count(OTHER, { parentJobId: 'job-p' })).toBe(1);
          expect(await store.llmCalls.count('org-nobody', {})).toBe(0);
          expect(await store.llmCalls.get(theirs[0]!.id, ORG)).toBeUndefined();
        });

        test('a garbage cursor is a ValidationError', async () => {
          const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
          // [1, 2, 3] has the shape of another list's cursor; [T0, 5] the right length but not the types.
          const garbage = ['not a cursor', encode({ a: 1 }), encode([]), encode(['x', 'y']), encode([1, 2, 3]), encode([T0, 5])];
          for (const after of garbage) {
            await expect(store.llmCalls.list(ORG, {}, { first: 5, after }), after).rejects.toBeInstanceOf(ValidationError);
          }
        });
      });

      test('usageOfJob sums the tokens of one job’s calls, and is zero for a job without any', async () => {
        await insertCalls(
          makeCall({ parentJobId: 'job-1', usage: { inputTokens: 10, outputTokens: 5, cachedTokens: 2, totalTokens: 15 } }),
          makeCall({ parentJobId: 'job-1', usage: { inputTokens: 7, outputTokens: 1, cachedTokens: 0, totalTokens: 8 }, status: 'FAILED' }),
          makeCall({ parentJobId: 'job-1' }),
          makeCall({ parentJobId: 'job-2', usage: { inputTokens: 100, outputTokens: 100, cachedTokens: 100, totalTokens: 200 } }),
          makeCall({ usage: { inputTokens: 1000, outputTokens: 1000, cachedTokens: 0, totalTokens: 2000 } }),
        );
        expect(await store.llmCalls.usageOfJob('job-1')).toEqual({ inputTokens: 17, outputTokens: 6, cachedTokens: 2, totalTokens: 23 });
        expect(await store.llmCalls.usageOfJob('job-none')).toEqual(ZERO_USAGE);
      });

      test('usage: calls, failures, tokens and p95 (nearest rank) per model and per source, in the window', async () => {
        const since = T0;
        const until = T0 + 100_000;
        const calls: LlmCall[] = [];
        // openai:gpt-a / summarize: 20 finished calls taking 10, 20, ..., 200 ms; the first ten have a
        // first token after 1..10 ms; two of them failed.
        for (let i = 1; i <= 20; i++) {
          calls.push(
            finishedCall(since + i * 100, i * 10, i <= 10 ? i : undefined, {
              source: 'summarize',
              ...(i === 3 || i === 7 ? { status: 'FAILED', error: { message: 'boom' } } : {}),
              usage: { inputTokens: i, outputTokens: 2 * i, cachedTokens: i % 2, totalTokens: 3 * i },
            }),
          );
        }
        // openai:gpt-a / translate: one slow call.
        calls.push(finishedCall(since + 5000, 1000, 400, { source: 'translate', usage: { inputTokens: 50, outputTokens: 50, cachedTokens: 0, totalTokens: 100 } }));
        // demo:echo / console: one finished, one running with a first token (not finished: no timings), one queued.
        calls.push(
          finishedCall(since + 6000, 50, 7, { provider: 'demo', model: 'echo', usage: { inputTokens: 1, outputTokens: 1, cachedTokens: 0, totalTokens: 2 } }),
          makeCall({ provider: 'demo', model: 'echo', status: 'RUNNING', queuedAt: since + 6001, startedAt: since + 6002, firstTokenAt: since + 6003 }),
          makeCall({ provider: 'demo', model: 'echo', queuedAt: since }),
        );
        // openai:gpt-b / summarize: failed before it started, and one still queued at the last moment.
        calls.push(
          makeCall({ model: 'gpt-b', source: 'summarize', status: 'FAILED', queuedAt: since + 7000, finishedAt: since + 7001, error: { message: 'no key' } }),
          makeCall({ model: 'gpt-b', source: 'summarize', queuedAt: until - 1 }),
        );
        await insertCalls(
          ...calls,
          // Outside the window or the org: never counted.
          finishedCall(since - 1, 99_999, 99_999, { status: 'FAILED' }),
          finishedCall(until, 99_999, 99_999, { status: 'FAILED' }),
          finishedCall(since + 10, 99_999, 99_999, { orgId: OTHER, status: 'FAILED' }),
          makeCall({ model: 'gpt-z', queuedAt: until }),
        );

        const gptA = { inputTokens: 210 + 50, outputTokens: 420 + 50, cachedTokens: 10, totalTokens: 630 + 100 };
        const { byModel, bySource } = await store.llmCalls.usage(ORG, since, until);
        expect(byModel).toEqual([
          { key: 'demo:echo', calls: 3, failed: 0, usage: { inputTokens: 1, outputTokens: 1, cachedTokens: 0, totalTokens: 2 }, p95DurationMs: 50, p95TtftMs: 7 },
          // 21 durations (10..200, 1000): rank ceil(0.95 * 21) = 20 -> 200; 11 ttfts (1..10, 400): rank 11 -> 400.
          { key: 'openai:gpt-a', calls: 21, failed: 2, usage: gptA, p95DurationMs: 200, p95TtftMs: 400 },
          { key: 'openai:gpt-b', calls: 2, failed: 1, usage: { ...ZERO_USAGE } },
        ]);
        expect(byModel[2]).not.toHaveProperty('p95DurationMs');
        expect(byModel[2]).not.toHaveProperty('p95TtftMs');
        expect(bySource).toEqual([
          { key: 'console', calls: 3, failed: 0, usage: { inputTokens: 1, outputTokens: 1, cachedTokens: 0, totalTokens: 2 }, p95DurationMs: 50, p95TtftMs: 7 },
          // 20 durations (10..200): rank 19 -> 190; 10 ttfts (1..10): rank 10 -> 10.
          {
            key: 'summarize',
            calls: 22,
            failed: 3,
            usage: { inputTokens: 210, outputTokens: 420, cachedTokens: 10, totalTokens: 630 },
            p95DurationMs: 190,
            p95TtftMs: 10,
          },
          { key: 'translate', calls: 1, failed: 0, usage: { inputTokens: 50, outputTokens: 50, cachedTokens: 0, totalTokens: 100 }, p95DurationMs: 1000, p95TtftMs: 400 },
        ]);

        // A call finished without a first token counts for duration only.
        const noTtft = await store.llmCalls.usage(ORG, since + 1100, since + 2100);
        expect(noTtft.byModel).toEqual([
          { key: 'openai:gpt-a', calls: 10, failed: 0, usage: expect.any(Object), p95DurationMs: 200 },
        ]);
        expect(noTtft.byModel[0]).not.toHaveProperty('p95TtftMs');
        expect(await store.llmCalls.usage(ORG, until + 1, until + 2)).toEqual({ byModel: [], bySource: [] });
        expect(await store.llmCalls.usage('org-nobody', since, until)).toEqual({ byModel: [], bySource: [] });
      });

      test('purge deletes calls queued before the cutoff, in every org, oldest first, at most max', async () => {
        const [a, b, c, d, e] = await insertCalls(
          makeCall({ queuedAt: T0 - 30 }),
          makeCall({ queuedAt: T0 - 20, orgId: OTHER }),
          makeCall({ queuedAt: T0 - 10, status: 'RUNNING' }),
          makeCall({ queuedAt: T0 }),
          makeCall({ queuedAt: T0 + 10 }),
        );
        expect(await store.llmCalls.purge(T0, 2)).toBe(2);
        expect(await store.llmCalls.get(a!.id)).toBeUndefined();
        expect(await store.llmCalls.get(b!.id)).toBeUndefined();
        expect(await store.llmCalls.get(c!.id)).toBeDefined();
        expect(await store.llmCalls.purge(T0, 10)).toBe(1);
        expect(await store.llmCalls.purge(T0, 10)).toBe(0);
        expect(await store.llmCalls.get(c!.id)).toBeUndefined();
        expect((await store.llmCalls.list(ORG, {}, { first: 10 })).items.map((i) => i.node.id)).toEqual([e!.id, d!.id]);
      });
    });

    // ---------------------------------------------------------------- schedules

    describe('schedules', () => {
      test('insert and get return the schedule as given; another org or an unknown id gets undefined; announced as schedule.created', async () => {
        const full = makeSchedule({
          name: 'Nightly résumé ✓',
          description: 'Summarises the day',
          taskType: 'summarize',
          payload: { text: 'héllo', nested: { list: [1, null, { deep: true }] } },
          trigger: { kind: 'CRON', cron: '30 2 * * *', timezone: 'America/New_York' },
          enabled: false,
          nextRunAt: T0 + 5,
          lastRunAt: T0 - 5,
          lastRunStatus: 'FAILED',
          consecutiveFailures: 2,
          overlapPolicy: 'BUFFER_ONE',
          maxConcurrentRuns: 3,
          misfirePolicy: 'SKIP',
          catchUpWindowSeconds: 0,
          retryPolicy: { maxRetries: 0, backoffSeconds: [] },
          alertAfterFailures: 3,
          pauseOnAlert: true,
          createdBy: 'user-1',
          createdAt: T0 - 100,
          updatedAt: T0 - 50,
          anchorAt: T0 - 100,
        });
        const created = awaitEvent(store.changes, isScheduleEvent('schedule.created', full.id), { label: 'schedule.created' });
        await store.schedules.insert(full);
        expect((await created).schedule).toEqual(full);
        expect(await store.schedules.get(full.id)).toEqual(full);
        expect(await store.schedules.get(full.id, ORG)).toEqual(full);
        expect(await store.schedules.get(full.id, OTHER)).toBeUndefined();
        expect(await store.schedules.get('no-such-schedule')).toBeUndefined();

        const bare = makeSchedule({ payload: null, trigger: { kind: 'ONCE', at: T0 + 1, timezone: 'UTC' } });
        delete bare.nextRunAt;
        await store.schedules.insert(bare);
        const stored = await store.schedules.get(bare.id);
        expect(stored).toEqual(bare);
        expect(stored!.payload).toBeNull(); // a null payload is a value, not an absence
        for (const absent of ['description', 'nextRunAt', 'lastRunAt', 'lastRunStatus', 'alertAfterFailures', 'createdBy'] as const) {
          expect(stored, absent).not.toHaveProperty(absent);
        }
      });

      test('save replaces the stored schedule (fields can go away) and announces it; never another org’s or a deleted one', async () => {
        const schedule = makeSchedule({ description: 'old', lastRunStatus: 'SUCCEEDED', lastRunAt: T0 - 1 });
        await store.schedules.insert(schedule);
        const changed: Schedule = {
          ...schedule,
          name: 'renamed',
          payload: { v: 2 },
          trigger: { kind: 'CRON', cron: '*/5 * * * *', timezone: 'Europe/London' },
          enabled: false,
          consecutiveFailures: 4,
          updatedAt: T0 + 10,
        };
        delete changed.description;
        delete changed.nextRunAt;
        const updated = awaitEvent(store.changes, isScheduleEvent('schedule.updated', schedule.id, (s) => s.updatedAt === T0 + 10), {
          label: 'schedule.updated',
        });
        await store.schedules.save(changed);
        expect((await updated).schedule).toEqual(changed);
        const stored = await store.schedules.get(schedule.id);
        expect(stored).toEqual(changed);
        expect(stored).not.toHaveProperty('description');
        expect(stored).not.toHaveProperty('nextRunAt');

        const recorder = recordEvents(store.changes);
        try {
          // The same id in another org, and an unknown schedule: nothing stored, nothing announced.
          await store.schedules.save({ ...changed, orgId: OTHER, name: 'hijacked', updatedAt: T0 + 20 });
          const ghost = makeSchedule();
          await store.schedules.save(ghost);
          expect(await store.schedules.get(schedule.id)).toEqual(changed);
          expect(await store.schedules.get(ghost.id)).toBeUndefined();
          await store.schedules.save({ ...changed, name: 'again', updatedAt: T0 + 30 });
          const events = await recorder.waitForCount(1);
          expect(events.map((e) => e.kind)).toEqual(['schedule.updated']);
          expect(events[0]).toMatchObject({ schedule: { id: schedule.id, name: 'again', updatedAt: T0 + 30 } });
        } finally {
          recorder.stop();
        }
      });

      test('patch writes only the scheduler’s fields: a rename made after the scheduler read the schedule is kept; announced', async () => {
        const schedule = makeSchedule({ nextRunAt: T0 + 60_000 });
        await store.schedules.insert(schedule);
        // The user renames it and changes its payload while the scheduler holds its older copy.
        const renamed = { ...schedule, name: 'renamed', payload: { v: 2 }, updatedAt: T0 + 1 };
        await store.schedules.save(renamed);
        const announced = awaitEvent(store.changes, isScheduleEvent('schedule.updated', schedule.id, (s) => s.updatedAt === T0 + 2), {
          label: 'the patch announced',
        });
        const after = await store.schedules.patch(schedule.id, { nextRunAt: T0 + 120_000, lastRunAt: T0 + 60_000, lastRunStatus: 'QUEUED' }, T0 + 2);
        const want: Schedule = { ...renamed, nextRunAt: T0 + 120_000, lastRunAt: T0 + 60_000, lastRunStatus: 'QUEUED', updatedAt: T0 + 2 };
        expect(after).toEqual(want);
        expect(await store.schedules.get(schedule.id)).toEqual(want);
        expect((await announced).schedule).toEqual(want);

        // null removes the next slot; enabled false; an empty patch still records the time.
        const paused = await store.schedules.patch(schedule.id, { nextRunAt: null, enabled: false }, T0 + 3);
        expect(paused).toEqual({ ...omit(want, 'nextRunAt'), enabled: false, updatedAt: T0 + 3 });
        expect(paused).not.toHaveProperty('nextRunAt');
        expect(await store.schedules.patch(schedule.id, {}, T0 + 4)).toEqual({ ...paused, updatedAt: T0 + 4 });
        expect(await store.schedules.patch('no-such-schedule', { lastRunStatus: 'FAILED' }, T0 + 5)).toBeUndefined();
      });

      test('patch with ifNextRunAt: of concurrent advances of one slot one writes; a disable or a new slot made meanwhile wins', async () => {
        const slot = T0 + 60_000;
        const schedule = makeSchedule({ nextRunAt: slot });
        await store.schedules.insert(schedule);
        const advances = await Promise.all(
          Array.from({ length: 5 }, (_, i) => store.schedules.patch(schedule.id, { nextRunAt: slot + 60_000, lastRunAt: slot }, T0 + 10 + i, slot)),
        );
        expect(advances.filter((a) => a !== undefined)).toHaveLength(1);
        expect(await store.schedules.get(schedule.id)).toMatchObject({ nextRunAt: slot + 60_000, lastRunAt: slot });

        // The user disables it (no next slot) between the scheduler's read and its write: the write misses.
        const disabled = { ...schedule, enabled: false, updatedAt: T0 + 20 };
        delete disabled.nextRunAt;
        await store.schedules.save(disabled);
        expect(await store.schedules.patch(schedule.id, { nextRunAt: slot + 120_000, lastRunAt: slot + 60_000 }, T0 + 21, slot + 60_000)).toBeUndefined();
        expect(await store.schedules.get(schedule.id)).toEqual(disabled);

        // Re-enabled with another slot: a write expecting the old slot misses; the current slot matches.
        await store.schedules.save({ ...disabled, enabled: true, nextRunAt: slot + 999, updatedAt: T0 + 30 });
        expect(await store.schedules.patch(schedule.id, { nextRunAt: slot + 5 }, T0 + 31, slot + 60_000)).toBeUndefined();
        expect(await store.schedules.patch(schedule.id, { nextRunAt: slot + 5 }, T0 + 32, slot + 999)).toMatchObject({ nextRunAt: slot + 5, enabled: true });
      });

      test('patch counts failures atomically: ten increments at once count ten, each sees its own streak; reset sets 0', async () => {
        const schedule = makeSchedule({ consecutiveFailures: 2 });
        await store.schedules.insert(schedule);
        const results = await Promise.all(
          Array.from({ length: 10 }, (_, i) => store.schedules.patch(schedule.id, { lastRunStatus: 'FAILED', failures: 'increment' }, T0 + i)),
        );
        expect(results.map((r) => r!.consecutiveFailures).sort((a, b) => a - b)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
        expect(await store.schedules.get(schedule.id)).toMatchObject({ consecutiveFailures: 12, lastRunStatus: 'FAILED' });
        expect(await store.schedules.patch(schedule.id, { lastRunStatus: 'SUCCEEDED', failures: 'reset' }, T0 + 20)).toMatchObject({
          consecutiveFailures: 0,
          lastRunStatus: 'SUCCEEDED',
        });
        // No `failures`: the streak stays.
        await store.schedules.patch(schedule.id, { failures: 'increment' }, T0 + 21);
        expect(await store.schedules.patch(schedule.id, { lastRunStatus: 'SKIPPED' }, T0 + 22)).toMatchObject({ consecutiveFailures: 1 });
      });

      test('activeOrgs: the orgs with an enabled schedule that has a next slot, each once, in order', async () => {
        expect(await store.schedules.activeOrgs()).toEqual([]);
        const noNext = makeSchedule({ orgId: 'org-c' });
        delete noNext.nextRunAt;
        for (const schedule of [
          makeSchedule({ orgId: OTHER }),
          makeSchedule({ orgId: ORG }),
          makeSchedule({ orgId: ORG }),
          makeSchedule({ orgId: 'org-d', enabled: false }),
          noNext,
        ]) {
          await store.schedules.insert(schedule);
        }
        expect(await store.schedules.activeOrgs()).toEqual([ORG, OTHER]);
      });

      describe('list and count', () => {
        let mine: Schedule[];
        let theirs: Schedule[];

        beforeEach(async () => {
          mine = [
            makeSchedule({ name: 'Backup', description: 'Copies the DATABASE', taskType: 'backup', lastRunStatus: 'SUCCEEDED' }),
            makeSchedule({ name: 'backup', taskType: 'backup', enabled: false, lastRunStatus: 'FAILED' }),
            // Two schedules with one name: the id orders them.
            makeSchedule({ name: 'Report', description: 'weekly numbers', taskType: 'report' }),
            makeSchedule({ name: 'Report', taskType: 'report', lastRunStatus: 'TIMED_OUT' }),
            makeSchedule({ name: 'Résumé du jour', description: 'Résumé ÉCRIT', taskType: 'summarize', lastRunStatus: 'SUCCEEDED' }),
            makeSchedule({ name: 'report_v1 (50%)', taskType: 'report', enabled: false }),
            makeSchedule({ name: 'reportXv1 (50 percent)', taskType: 'report', lastRunStatus: 'SKIPPED' }),
            makeSchedule({ name: 'alpha', description: 'nothing to see', lastRunStatus: 'FAILED' }),
            makeSchedule({ name: 'zeta' }),
            makeSchedule({ name: 'Zeta', enabled: false }),
          ];
          theirs = [makeSchedule({ orgId: OTHER, name: 'Backup', taskType: 'backup' }), makeSchedule({ orgId: OTHER, name: 'other' })];
          // Inserted out of order: the list order is the store's doing.
          for (const s of [...mine].reverse()) await store.schedules.insert(s);
          for (const s of theirs) await store.schedules.insert(s);
        });

        /** By name, then id (byte order: upper case before lower case). */
        const byName = (schedules: Schedule[]) =>
          [...schedules].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : byId(a, b))).map((s) => s.id);

        test('pages walk every schedule once, by name then id, and agree with count', async () => {
          for (const pageSize of [1, 3, 4, 100]) {
            const walked = await walkPages((page) => store.schedules.list(ORG, {}, page), pageSize);
            expect(walked.map((s) => s.id)).toEqual(byName(mine));
          }
          // Byte order, as the databases compare without a collation: upper case first, 'X' before '_'.
          expect((await walkPages((page) => store.schedules.list(ORG, {}, page), 100)).map((s) => s.name)).toEqual([
            'Backup', 'Report', 'Report', 'Résumé du jour', 'Zeta', 'alpha', 'backup', 'reportXv1 (50 percent)', 'report_v1 (50%)', 'zeta',
          ]);
          expect((await walkPages((page) => store.schedules.list(ORG, {}, page), 100)).find((s) => s.id === mine[4]!.id)).toEqual(mine[4]);
          expect(await store.schedules.count(ORG, {})).toBe(mine.length);
          const exact = await store.schedules.list(ORG, {}, { first: mine.length });
          expect(exact.items).toHaveLength(mine.length);
          expect(exact.hasNextPage).toBe(false);
          expect((await store.schedules.list(ORG, {}, { first: mine.length - 1 })).hasNextPage).toBe(true);
        });

        const cases: Array<[string, ScheduleFilter, (s: Schedule) => boolean]> = [
          ['enabled', { enabled: true }, (s) => s.enabled],
          ['disabled', { enabled: false }, (s) => !s.enabled],
          ['taskType', { taskType: ['backup', 'summarize'] }, (s) => s.taskType === 'backup' || s.taskType === 'summarize'],
          ['lastRunStatus', { lastRunStatus: ['FAILED', 'TIMED_OUT'] }, (s) => s.lastRunStatus === 'FAILED' || s.lastRunStatus === 'TIMED_OUT'],
          ['search in the name, any case', { search: 'BACKUP' }, (s) => s.name.toLowerCase() === 'backup'],
          ['search in the description, any case', { search: 'database' }, (s) => s.description === 'Copies the DATABASE'],
          ['search beyond ASCII, any case', { search: 'rÉsumÉ' }, (s) => s.name.startsWith('Résumé')],
          ['search beyond ASCII, stored in upper case', { search: 'écrit' }, (s) => s.description === 'Résumé ÉCRIT'],
          ['search is trimmed', { search: '  weekly  ' }, (s) => s.description === 'weekly numbers'],
          // % and _ are literal (not SQL wildcards), ( and . are literal (not regex).
          ['search with wildcard characters', { search: '_v1 (50%' }, (s) => s.name === 'report_v1 (50%)'],
          ['search for a regex dot', { search: 'e.o' }, () => false],
          ['search in names and descriptions at once', { search: 'umber' }, (s) => /umber/i.test(s.name) || /umber/i.test(s.description ?? '')],
          ['several at once', { enabled: true, taskType: ['report'], search: 'report' }, (s) => s.enabled && s.taskType === 'report'],
          ['a value nobody has', { taskType: ['nope'] }, () => false],
        ];

        for (const [label, filter, expected] of cases) {
          test(`filter: ${label}`, async () => {
            const want = mine.filter(expected);
            if (!label.includes('nobody') && !label.includes('dot')) expect(want.length, 'the case selects something').toBeGreaterThan(0);
            expect(want.length, 'the case leaves something out').toBeLessThan(mine.length);
            for (const pageSize of [2, 100]) {
              expect((await walkPages((page) => store.schedules.list(ORG, filter, page), pageSize)).map((s) => s.id)).toEqual(byName(want));
            }
            expect(await store.schedules.count(ORG, filter)).toBe(want.length);
          });
        }

        test('a blank search is no filter', async () => {
          expect(await store.schedules.count(ORG, { search: '   ' })).toBe(mine.length);
        });

        test('another org’s schedules never appear, and each org counts its own', async () => {
          expect((await walkPages((page) => store.schedules.list(ORG, { taskType: ['backup'] }, page), 1)).every((s) => s.orgId === ORG)).toBe(true);
          expect((await walkPages((page) => store.schedules.list(OTHER, {}, page), 1)).map((s) => s.id)).toEqual(byName(theirs));
          expect(await store.schedules.count(OTHER, {})).toBe(2);
          expect(await store.schedules.count(OTHER, { search: 'backup' })).toBe(1);
          expect(await store.schedules.count('org-nobody', {})).toBe(0);
        });

        test('a garbage cursor is a ValidationError', async () => {
          // [T0, 'x'] and [1, 2, 3] have the shape of other lists' cursors.
          const garbage = ['not a cursor', encodeKey({ a: 1 }), encodeKey([]), encodeKey([T0, 'x']), encodeKey(['x', 5]), encodeKey([1, 2, 3])];
          for (const after of garbage) {
            await expect(store.schedules.list(ORG, {}, { first: 5, after }), after).rejects.toBeInstanceOf(ValidationError);
          }
        });
      });

      test('due: enabled schedules with nextRunAt <= now, in every org, earliest first, at most max; nextDueAt is the earliest', async () => {
        expect(await store.schedules.nextDueAt()).toBeUndefined();
        expect(await store.schedules.due(T0, 10)).toEqual([]);
        // Made latest first, so the id order is not the due order.
        const later = makeSchedule({ nextRunAt: T0 + 10 });
        const onTime = makeSchedule({ nextRunAt: T0 });
        const theirs = makeSchedule({ orgId: OTHER, nextRunAt: T0 - 5 });
        const early = makeSchedule({ nextRunAt: T0 - 10 });
        const disabled = makeSchedule({ nextRunAt: T0 - 100, enabled: false });
        const finished = makeSchedule();
        delete finished.nextRunAt; // no more slots
        for (const s of [later, disabled, onTime, finished, theirs, early]) await store.schedules.insert(s);

        expect(ids(await store.schedules.due(T0, 10))).toEqual([early.id, theirs.id, onTime.id]);
        expect(await store.schedules.due(T0, 10)).toContainEqual(theirs);
        expect(ids(await store.schedules.due(T0, 2))).toEqual([early.id, theirs.id]);
        expect(await store.schedules.due(T0, 0)).toEqual([]);
        expect(ids(await store.schedules.due(T0 - 11, 10))).toEqual([]);
        expect(ids(await store.schedules.due(T0 + 1000, 10))).toEqual([early.id, theirs.id, onTime.id, later.id]);
        expect(await store.schedules.nextDueAt()).toBe(T0 - 10);

        // Disabling the earliest (the scheduler saves it so) moves nextDueAt on.
        await store.schedules.save({ ...early, enabled: false, updatedAt: T0 + 1 });
        await store.schedules.save({ ...theirs, nextRunAt: T0 + 50, updatedAt: T0 + 1 });
        expect(ids(await store.schedules.due(T0, 10))).toEqual([onTime.id]);
        expect(await store.schedules.nextDueAt()).toBe(T0);
      });

      test('delete removes the schedule and its runs, only in its org, and announces schedule.deleted', async () => {
        const schedule = makeSchedule();
        const keep = makeSchedule();
        await store.schedules.insert(schedule);
        await store.schedules.insert(keep);
        const runs = [await insertRun(makeRun(schedule)), await insertRun(makeRun(schedule, { status: 'SUCCEEDED' }))];
        const kept = await insertRun(makeRun(keep));

        expect(await store.schedules.delete(schedule.id, OTHER)).toBe(false);
        expect(await store.schedules.get(schedule.id)).toBeDefined();
        expect(await store.scheduleRuns.count(ORG, { scheduleId: schedule.id })).toBe(2);

        const deleted = awaitEvent(store.changes, (e) => e.kind === 'schedule.deleted' && e.scheduleId === schedule.id, { label: 'schedule.deleted' });
        expect(await store.schedules.delete(schedule.id, ORG)).toBe(true);
        expect(await deleted).toEqual({ kind: 'schedule.deleted', scheduleId: schedule.id, orgId: ORG });
        expect(await store.schedules.get(schedule.id)).toBeUndefined();
        for (const run of runs) expect(await store.scheduleRuns.get(run.id)).toBeUndefined();
        expect(await store.scheduleRuns.count(ORG, { scheduleId: schedule.id })).toBe(0);
        expect(await store.scheduleRuns.get(kept.id)).toEqual(kept);
        expect(await store.schedules.get(keep.id)).toEqual(keep);
        expect(await store.schedules.delete(schedule.id, ORG)).toBe(false);
        expect(await store.schedules.delete('no-such-schedule', ORG)).toBe(false);
      });
    });

    // ---------------------------------------------------------------- schedule runs

    describe('schedule runs', () => {
      const schedule = { id: 'schedule-1', orgId: ORG };
      const other = { id: 'schedule-2', orgId: ORG };

      test('insert and get return the run as given; another org or an unknown id gets undefined; announced as run.created', async () => {
        const full = makeRun(schedule, {
          trigger: 'RETRY',
          attempt: 2,
          status: 'FAILED',
          startedAt: T0 + 1,
          finishedAt: T0 + 2,
          jobId: 'job-1',
          error: 'it broke ✗',
          retryOfRunId: 'run-0',
        });
        const created = awaitEvent(store.changes, isRunEvent('run.created', full.id), { label: 'run.created' });
        expect(await store.scheduleRuns.insert(full)).toEqual({ run: full, created: true });
        expect((await created).run).toEqual(full);
        expect(await store.scheduleRuns.get(full.id)).toEqual(full);
        expect(await store.scheduleRuns.get(full.id, ORG)).toEqual(full);
        expect(await store.scheduleRuns.get(full.id, OTHER)).toBeUndefined();
        expect(await store.scheduleRuns.get('no-such-run')).toBeUndefined();

        const bare = await insertRun(makeRun(schedule));
        const stored = await store.scheduleRuns.get(bare.id);
        expect(stored).toEqual(bare);
        for (const absent of ['startedAt', 'finishedAt', 'jobId', 'error', 'retryOfRunId'] as const) expect(stored, absent).not.toHaveProperty(absent);
      });

      test('a runKey that exists returns the existing run with created: false, and announces nothing', async () => {
        const recorder = recordEvents(store.changes);
        try {
          const first = await insertRun(makeRun(schedule, { runKey: 'slot-1' }));
          const again = makeRun(schedule, { runKey: 'slot-1', trigger: 'MANUAL', status: 'RUNNING' });
          expect(await store.scheduleRuns.insert(again)).toEqual({ run: first, created: false });
          expect(await store.scheduleRuns.get(again.id)).toBeUndefined();
          // The key stays taken after the run finished.
          await store.scheduleRuns.update(first.id, { status: 'SUCCEEDED', finishedAt: T0 + 1 }, T0 + 1);
          const finished = await store.scheduleRuns.insert(makeRun(schedule, { runKey: 'slot-1' }));
          expect(finished.created).toBe(false);
          expect(finished.run).toMatchObject({ id: first.id, status: 'SUCCEEDED' });
          // A later run's event arrives after any event the duplicates could have caused.
          const sentinel = await insertRun(makeRun(schedule, { runKey: 'slot-2' }));
          const events = await recorder.waitForCount(3);
          expect(events.map((e) => (e.kind === 'run.created' ? e.run.id : e.kind))).toEqual([first.id, 'run.updated', sentinel.id]);
          expect(await store.scheduleRuns.count(ORG, {})).toBe(2);
        } finally {
          recorder.stop();
        }
      });

      test('ten concurrent inserts of one runKey store one run; all ten get it back; one run.created', async () => {
        const recorder = recordEvents(store.changes);
        try {
          const attempts = Array.from({ length: 10 }, (_, i) => makeRun(schedule, { runKey: 'contested', attempt: i + 1 }));
          const results = await Promise.all(attempts.map((run) => store.scheduleRuns.insert(run)));
          const winners = results.filter((r) => r.created);
          expect(winners).toHaveLength(1);
          const winner = winners[0]!.run;
          expect(attempts.map((a) => a.id)).toContain(winner.id);
          for (const result of results) expect(result.run).toEqual(winner);
          expect(await store.scheduleRuns.count(ORG, {})).toBe(1);

          const sentinel = await insertRun(makeRun(schedule, { runKey: 'after-the-race' }));
          const events = await recorder.waitForCount(2);
          expect(events.map((e) => (e.kind === 'run.created' ? e.run.id : e.kind))).toEqual([winner.id, sentinel.id]);
        } finally {
          recorder.stop();
        }
      });

      test('update applies only the fields in the patch, returns the run after it, and announces it as run.updated', async () => {
        const run = await insertRun(makeRun(schedule, { scheduledFor: T0 }));
        const step = async (patch: ScheduleRunPatch, now: number): Promise<ScheduleRun> => {
          const announced = awaitEvent(store.changes, isRunEvent('run.updated', run.id, (r) => r.updatedAt === now), { label: `run.updated at ${now}` });
          const after = await store.scheduleRuns.update(run.id, patch, now);
          expect(after).toBeDefined();
          expect((await announced).run).toEqual(after);
          expect(await store.scheduleRuns.get(run.id)).toEqual(after);
          return after!;
        };
        const queued = await step({ jobId: 'job-7' }, T0 + 1);
        expect(queued).toEqual({ ...run, jobId: 'job-7', updatedAt: T0 + 1 });
        const running = await step({ status: 'RUNNING', startedAt: T0 + 2, error: undefined }, T0 + 2);
        expect(running).toEqual({ ...queued, status: 'RUNNING', startedAt: T0 + 2, updatedAt: T0 + 2 });
        const failed = await step({ status: 'FAILED', finishedAt: T0 + 3, error: 'boom' }, T0 + 3);
        expect(failed).toEqual({ ...running, status: 'FAILED', finishedAt: T0 + 3, error: 'boom', updatedAt: T0 + 3 });
        // An empty patch still records the time of the touch.
        expect(await step({}, T0 + 4)).toEqual({ ...failed, updatedAt: T0 + 4 });

        const recorder = recordEvents(store.changes);
        try {
          expect(await store.scheduleRuns.update('no-such-run', { status: 'SUCCEEDED' }, T0 + 5)).toBeUndefined();
          await store.scheduleRuns.update(run.id, { status: 'CANCELLED' }, T0 + 6);
          const [event] = await recorder.waitForCount(1);
          expect(event).toMatchObject({ kind: 'run.updated', run: { id: run.id, status: 'CANCELLED', updatedAt: T0 + 6 } });
        } finally {
          recorder.stop();
        }
      });

      test('update with ifStatus writes only from those statuses: of ten concurrent moves to the end, one wins', async () => {
        const run = await insertRun(makeRun(schedule, { status: 'QUEUED' }));
        const active: RunStatus[] = ['QUEUED', 'RUNNING'];
        expect(await store.scheduleRuns.update(run.id, { status: 'RUNNING', startedAt: T0 + 1 }, T0 + 1, ['QUEUED'])).toMatchObject({ status: 'RUNNING' });
        expect(await store.scheduleRuns.update(run.id, { status: 'RUNNING', startedAt: T0 + 2 }, T0 + 2, ['QUEUED'])).toBeUndefined();
        const moves = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.scheduleRuns.update(run.id, { status: i % 2 ? 'FAILED' : 'SUCCEEDED', finishedAt: T0 + 10 + i, error: `move ${i}` }, T0 + 10 + i, active),
          ),
        );
        const winners = moves.filter((m) => m !== undefined);
        expect(winners).toHaveLength(1);
        expect(await store.scheduleRuns.get(run.id)).toEqual(winners[0]);
        expect(winners[0]).toMatchObject({ startedAt: T0 + 1 });
        expect(await store.scheduleRuns.update('no-such-run', { status: 'FAILED' }, T0 + 30, active)).toBeUndefined();
        // Without ifStatus, an update applies whatever the status.
        expect(await store.scheduleRuns.update(run.id, { error: 'noted' }, T0 + 31)).toMatchObject({ error: 'noted', updatedAt: T0 + 31 });
      });

      test('byJob finds the run that enqueued a job', async () => {
        const run = await insertRun(makeRun(schedule));
        expect(await store.scheduleRuns.byJob('job-9')).toBeUndefined();
        const withJob = await store.scheduleRuns.update(run.id, { jobId: 'job-9' }, T0 + 1);
        await insertRun(makeRun(other, { jobId: 'job-10' }));
        expect(await store.scheduleRuns.byJob('job-9')).toEqual(withJob);
        expect((await store.scheduleRuns.byJob('job-10'))?.scheduleId).toBe(other.id);
      });

      test('active: the schedule’s QUEUED and RUNNING runs only', async () => {
        const runs: ScheduleRun[] = [];
        for (const status of RUN_STATUSES) runs.push(await insertRun(makeRun(schedule, { status })));
        runs.push(await insertRun(makeRun(schedule, { status: 'QUEUED' })));
        await insertRun(makeRun(other, { status: 'RUNNING' }));
        const want = runs.filter((r) => r.status === 'QUEUED' || r.status === 'RUNNING');
        expect(want).toHaveLength(3);
        expect([...(await store.scheduleRuns.active(schedule.id))].sort(byId)).toEqual([...want].sort(byId));
        expect(await store.scheduleRuns.active('schedule-none')).toEqual([]);
      });

      test('allActive: the QUEUED and RUNNING runs of every org, by id, a page at a time after an id', async () => {
        const elsewhere = { id: 'schedule-3', orgId: OTHER };
        const runs: ScheduleRun[] = [];
        for (const status of RUN_STATUSES) runs.push(await insertRun(makeRun(schedule, { status })));
        for (const status of RUN_STATUSES) runs.push(await insertRun(makeRun(elsewhere, { status })));
        runs.push(await insertRun(makeRun(other, { status: 'RUNNING', jobId: 'job-1' })));
        const want = runs.filter((r) => r.status === 'QUEUED' || r.status === 'RUNNING').sort(byId);
        expect(want).toHaveLength(5);
        expect(await store.scheduleRuns.allActive(undefined, 100)).toEqual(want);
        const first = await store.scheduleRuns.allActive(undefined, 2);
        expect(first).toEqual(want.slice(0, 2));
        expect(await store.scheduleRuns.allActive(first[1]!.id, 2)).toEqual(want.slice(2, 4));
        expect(await store.scheduleRuns.allActive(want[3]!.id, 2)).toEqual(want.slice(4));
        expect(await store.scheduleRuns.allActive(want[4]!.id, 2)).toEqual([]);
        expect(await store.scheduleRuns.allActive(undefined, 0)).toEqual([]);
        // A run that ends leaves the list.
        await store.scheduleRuns.update(want[0]!.id, { status: 'SUCCEEDED', finishedAt: T0 + 1 }, T0 + 1, ['QUEUED', 'RUNNING']);
        expect(await store.scheduleRuns.allActive(undefined, 100)).toEqual(want.slice(1));
      });

      describe('list and count', () => {
        let mine: ScheduleRun[];
        let theirs: ScheduleRun[];

        beforeEach(async () => {
          mine = [];
          for (let i = 0; i < 16; i++) {
            mine.push(
              makeRun(i % 3 === 0 ? other : schedule, {
                // Pairs share scheduledFor: ties at page edges.
                scheduledFor: T0 + Math.floor(i / 2) * 10,
                status: RUN_STATUSES[i % RUN_STATUSES.length]!,
              }),
            );
          }
          theirs = [makeRun({ id: schedule.id, orgId: OTHER }), makeRun({ id: 'schedule-3', orgId: OTHER })];
          for (const run of [...mine].reverse()) await insertRun(run);
          for (const run of theirs) await insertRun(run);
        });

        const newestFirst = newestBy<ScheduleRun>((r) => r.scheduledFor);

        test('pages walk every run once, newest first (ties by id), and agree with count', async () => {
          for (const pageSize of [1, 3, 4, 100]) {
            expect((await walkPages((page) => store.scheduleRuns.list(ORG, {}, page), pageSize)).map((r) => r.id)).toEqual(newestFirst(mine));
          }
          expect(await store.scheduleRuns.count(ORG, {})).toBe(mine.length);
          const exact = await store.scheduleRuns.list(ORG, {}, { first: mine.length });
          expect(exact.hasNextPage).toBe(false);
          expect((await store.scheduleRuns.list(ORG, {}, { first: mine.length - 1 })).hasNextPage).toBe(true);
        });

        const cases: Array<[string, { scheduleId?: string; status?: RunStatus[] }, (r: ScheduleRun) => boolean]> = [
          ['scheduleId', { scheduleId: schedule.id }, (r) => r.scheduleId === schedule.id],
          ['status', { status: ['FAILED', 'TIMED_OUT'] }, (r) => r.status === 'FAILED' || r.status === 'TIMED_OUT'],
          ['both', { scheduleId: other.id, status: ['QUEUED', 'SUCCEEDED', 'SKIPPED'] }, (r) =>
            r.scheduleId === other.id && ['QUEUED', 'SUCCEEDED', 'SKIPPED'].includes(r.status)],
          ['an empty status list is no filter', { status: [] }, () => true],
          ['a schedule nobody has', { scheduleId: 'schedule-none' }, () => false],
        ];
        for (const [label, filter, expected] of cases) {
          test(`filter: ${label}`, async () => {
            const want = mine.filter(expected);
            for (const pageSize of [2, 100]) {
              expect((await walkPages((page) => store.scheduleRuns.list(ORG, filter, page), pageSize)).map((r) => r.id)).toEqual(newestFirst(want));
            }
            expect(await store.scheduleRuns.count(ORG, filter)).toBe(want.length);
          });
        }

        test('another org’s runs never appear, even of a schedule id both use', async () => {
          expect(await store.scheduleRuns.count(ORG, { scheduleId: schedule.id })).toBe(mine.filter((r) => r.scheduleId === schedule.id).length);
          expect((await walkPages((page) => store.scheduleRuns.list(OTHER, {}, page), 1)).map((r) => r.id)).toEqual(newestFirst(theirs));
          expect(await store.scheduleRuns.count(OTHER, { scheduleId: schedule.id })).toBe(1);
        });

        test('a garbage cursor is a ValidationError', async () => {
          const garbage = ['not a cursor', encodeKey([]), encodeKey(['x', 'y']), encodeKey([T0, 5]), encodeKey([1, 2, 3])];
          for (const after of garbage) {
            await expect(store.scheduleRuns.list(ORG, {}, { first: 5, after }), after).rejects.toBeInstanceOf(ValidationError);
          }
        });
      });
    });

    // ---------------------------------------------------------------- alerts

    describe('alerts', () => {
      function makeAlert(overrides: Partial<Alert> = {}): Alert {
        const n = next();
        return {
          id: newId(),
          orgId: ORG,
          kind: 'CONSECUTIVE_FAILURES',
          scheduleId: 'schedule-1',
          message: `3 runs in a row failed (${n})`,
          raisedAt: T0 + n,
          ...overrides,
        };
      }

      test('insert and get return the alert as given; another org or an unknown id gets undefined', async () => {
        const full = makeAlert({ acknowledgedAt: T0 + 100, acknowledgedBy: 'user-1' });
        const bare = makeAlert({ kind: 'SCHEDULER_STALLED' });
        delete bare.scheduleId;
        await store.alerts.insert(full);
        await store.alerts.insert(bare);
        expect(await store.alerts.get(full.id)).toEqual(full);
        expect(await store.alerts.get(full.id, ORG)).toEqual(full);
        expect(await store.alerts.get(full.id, OTHER)).toBeUndefined();
        expect(await store.alerts.get('no-such-alert')).toBeUndefined();
        const stored = await store.alerts.get(bare.id);
        expect(stored).toEqual(bare);
        for (const absent of ['scheduleId', 'acknowledgedAt', 'acknowledgedBy'] as const) expect(stored, absent).not.toHaveProperty(absent);
      });

      test('lists are newest first (ties by id), filtered by open and schedule, paged, and agree with count', async () => {
        const mine: Alert[] = [];
        for (let i = 0; i < 12; i++) {
          mine.push(
            makeAlert({
              raisedAt: T0 + Math.floor(i / 2) * 10,
              scheduleId: i % 3 === 0 ? 'schedule-2' : 'schedule-1',
              ...(i % 4 === 1 && { acknowledgedAt: T0 + 500, acknowledgedBy: 'ann' }),
            }),
          );
        }
        const theirs = makeAlert({ orgId: OTHER });
        for (const alert of [...mine].reverse()) await store.alerts.insert(alert);
        await store.alerts.insert(theirs);
        const newestFirst = newestBy<Alert>((a) => a.raisedAt);
        const cases: Array<[{ open?: boolean; scheduleId?: string }, (a: Alert) => boolean]> = [
          [{}, () => true],
          [{ open: true }, (a) => a.acknowledgedAt === undefined],
          [{ open: false }, (a) => a.acknowledgedAt !== undefined],
          [{ scheduleId: 'schedule-2' }, (a) => a.scheduleId === 'schedule-2'],
          [{ open: true, scheduleId: 'schedule-1' }, (a) => a.acknowledgedAt === undefined && a.scheduleId === 'schedule-1'],
        ];
        for (const [filter, expected] of cases) {
          const want = mine.filter(expected);
          expect(want.length, JSON.stringify(filter)).toBeGreaterThan(0);
          for (const pageSize of [1, 5, 100]) {
            const walked = await walkPages((page) => store.alerts.list(ORG, filter, page), pageSize);
            expect(walked.map((a) => a.id), JSON.stringify(filter)).toEqual(newestFirst(want));
          }
          expect(await store.alerts.count(ORG, filter), JSON.stringify(filter)).toBe(want.length);
        }
        expect((await store.alerts.list(OTHER, {}, { first: 10 })).items.map((i) => i.node)).toEqual([theirs]);
        expect(await store.alerts.count('org-nobody', {})).toBe(0);
        for (const after of ['not a cursor', encodeKey(['x', 'y']), encodeKey([T0, 5])]) {
          await expect(store.alerts.list(ORG, {}, { first: 5, after }), after).rejects.toBeInstanceOf(ValidationError);
        }
      });

      test('acknowledge: the first one stands; another org or an unknown id gets undefined', async () => {
        const alert = makeAlert();
        await store.alerts.insert(alert);
        expect(await store.alerts.acknowledge(alert.id, OTHER, 'mallory', T0 + 1)).toBeUndefined();
        expect(await store.alerts.get(alert.id)).toEqual(alert);
        expect(await store.alerts.acknowledge('no-such-alert', ORG, 'ann', T0 + 1)).toBeUndefined();

        const acknowledged = { ...alert, acknowledgedAt: T0 + 2, acknowledgedBy: 'ann' };
        expect(await store.alerts.acknowledge(alert.id, ORG, 'ann', T0 + 2)).toEqual(acknowledged);
        expect(await store.alerts.acknowledge(alert.id, ORG, 'bob', T0 + 3)).toEqual(acknowledged);
        expect(await store.alerts.get(alert.id)).toEqual(acknowledged);
        expect(await store.alerts.count(ORG, { open: true })).toBe(0);
        expect(await store.alerts.count(ORG, { open: false })).toBe(1);
      });

      test('a dedupeKey: one open alert per org and key, even from concurrent inserts; acknowledging releases it', async () => {
        const stalled = (overrides: Partial<Alert> = {}) => {
          const alert = makeAlert({ kind: 'SCHEDULER_STALLED', dedupeKey: 'scheduler-stalled', ...overrides });
          delete alert.scheduleId;
          return alert;
        };
        const attempts = Array.from({ length: 5 }, () => stalled());
        const created = await Promise.all(attempts.map((a) => store.alerts.insert(a)));
        expect(created.filter(Boolean)).toHaveLength(1);
        const winner = attempts[created.indexOf(true)]!;
        expect(await store.alerts.get(winner.id)).toEqual(winner);
        expect(await store.alerts.count(ORG, { open: true })).toBe(1);
        // Another org, another key, no key: each its own.
        expect(await store.alerts.insert(stalled({ orgId: OTHER }))).toBe(true);
        expect(await store.alerts.insert(stalled({ dedupeKey: 'other-key' }))).toBe(true);
        expect(await store.alerts.insert(makeAlert())).toBe(true);
        expect(await store.alerts.insert(makeAlert())).toBe(true);
        expect(await store.alerts.count(ORG, {})).toBe(4);

        const acknowledged = await store.alerts.acknowledge(winner.id, ORG, 'ann', T0 + 100);
        expect(acknowledged).toEqual({ ...omit(winner, 'dedupeKey'), acknowledgedAt: T0 + 100, acknowledgedBy: 'ann' });
        const again = stalled();
        expect(await store.alerts.insert(again)).toBe(true);
        expect(await store.alerts.insert(stalled())).toBe(false);
        // An alert stored acknowledged holds no key.
        const closed = stalled({ dedupeKey: 'closed-key', acknowledgedAt: T0, acknowledgedBy: 'bob' });
        expect(await store.alerts.insert(closed)).toBe(true);
        expect(await store.alerts.get(closed.id)).toEqual(omit(closed, 'dedupeKey'));
        expect(await store.alerts.insert(stalled({ dedupeKey: 'closed-key' }))).toBe(true);
      });

      test('resolve acknowledges every open alert of a kind in every org, releases their keys, and leaves the rest', async () => {
        const open = [
          makeAlert({ kind: 'SCHEDULER_STALLED', dedupeKey: 'scheduler-stalled' }),
          makeAlert({ kind: 'SCHEDULER_STALLED', orgId: OTHER }),
        ];
        const failures = makeAlert();
        const done = makeAlert({ kind: 'SCHEDULER_STALLED', acknowledgedAt: T0, acknowledgedBy: 'ann' });
        for (const alert of [...open, failures, done]) await store.alerts.insert(alert);
        expect(await store.alerts.resolve('SCHEDULER_STALLED', 'system:watchdog', T0 + 50)).toBe(2);
        for (const alert of open) {
          expect(await store.alerts.get(alert.id)).toEqual({ ...omit(alert, 'dedupeKey'), acknowledgedAt: T0 + 50, acknowledgedBy: 'system:watchdog' });
        }
        expect(await store.alerts.get(failures.id)).toEqual(failures);
        expect(await store.alerts.get(done.id)).toEqual(done);
        expect(await store.alerts.resolve('SCHEDULER_STALLED', 'system:watchdog', T0 + 60)).toBe(0);
        expect(await store.alerts.insert(makeAlert({ kind: 'SCHEDULER_STALLED', dedupeKey: 'scheduler-stalled' }))).toBe(true);
      });
    });

    // ---------------------------------------------------------------- scheduler heartbeats

    describe('scheduler heartbeats', () => {
      test('newest is the latest beat of any node; a beat never moves a node back; none at first', async () => {
        expect(await store.schedulerHeartbeats.newest()).toBeUndefined();
        await store.schedulerHeartbeats.beat('node-a', T0);
        await store.schedulerHeartbeats.beat('node-b', T0 + 5);
        expect(await store.schedulerHeartbeats.newest()).toEqual({ node: 'node-b', lastBeatAt: T0 + 5 });
        await store.schedulerHeartbeats.beat('node-a', T0 + 10);
        expect(await store.schedulerHeartbeats.newest()).toEqual({ node: 'node-a', lastBeatAt: T0 + 10 });
        await store.schedulerHeartbeats.beat('node-a', T0 + 1);
        expect(await store.schedulerHeartbeats.newest()).toEqual({ node: 'node-a', lastBeatAt: T0 + 10 });
        await Promise.all(Array.from({ length: 5 }, (_, i) => store.schedulerHeartbeats.beat('node-c', T0 + 20 + i)));
        expect(await store.schedulerHeartbeats.newest()).toEqual({ node: 'node-c', lastBeatAt: T0 + 24 });
      });
    });

    // ---------------------------------------------------------------- change feed

    describe('change feed', () => {
      type Seen = [ChangeEvent['kind'], string, string?];
      const describeEvent = (e: ChangeEvent): Seen => {
        switch (e.kind) {
          case 'job.created':
          case 'job.updated':
          case 'job.progress':
            return [e.kind, e.job.id, e.job.status];
          case 'job.deleted':
            return [e.kind, e.jobId, e.orgId];
          case 'job.log':
            return [e.kind, e.log.jobId, `${e.log.seq}:${e.log.message}`];
          case 'llm.created':
          case 'llm.updated':
            return [e.kind, e.call.id, e.call.status];
          case 'schedule.created':
          case 'schedule.updated':
            return [e.kind, e.schedule.id, e.schedule.name];
          case 'schedule.deleted':
            return [e.kind, e.scheduleId, e.orgId];
          case 'run.created':
          case 'run.updated':
            return [e.kind, e.run.id, e.run.status];
          case 'alert.raised':
          case 'alert.updated':
            return [e.kind, e.alert.id, e.alert.acknowledgedBy];
        }
      };

      test('announces each committed write, in commit order, and nothing for writes that change nothing', async () => {
        const recorder = recordEvents(store.changes);
        try {
          const a = makeJob({ runAt: T0 - 2 });
          const b = makeJob({ runAt: T0 - 1, idempotencyKey: 'feed' });
          await store.jobs.insert([a, b]);
          await store.jobs.insert([makeJob({ idempotencyKey: 'feed' })]); // existing key: nothing new
          await claim({ limit: 1 }); // a
          await finish(a.id, { kind: 'succeeded', result: 1 }, T0 + 1, 'intruder'); // not the holder: ignored
          await finish(a.id, { kind: 'succeeded', result: 1 });
          await store.logs.append([
            { jobId: a.id, orgId: ORG, at: T0, level: 'INFO', message: 'one' },
            { jobId: a.id, orgId: ORG, at: T0, level: 'INFO', message: 'two' },
          ]);
          await store.jobs.requestCancel(b.id, OTHER, T0 + 2); // another org: nothing
          await claim({ limit: 1, leaseMs: 10 }); // b
          await store.jobs.recoverLeases(T0 + 1000); // b back to QUEUED
          await store.jobs.requestCancel(b.id, ORG, T0 + 1001); // b cancelled
          await store.jobs.deleteFinished(ORG, [a.id, b.id]);

          const expected: Seen[] = [
            ['job.created', a.id, 'QUEUED'],
            ['job.created', b.id, 'QUEUED'],
            ['job.updated', a.id, 'RUNNING'],
            ['job.updated', a.id, 'SUCCEEDED'],
            ['job.log', a.id, '1:one'],
            ['job.log', a.id, '2:two'],
            ['job.updated', b.id, 'RUNNING'],
            ['job.updated', b.id, 'QUEUED'],
            ['job.updated', b.id, 'CANCELLED'],
          ];
          const events = await recorder.waitForCount(expected.length + 2);
          const seen = events.map(describeEvent);
          expect(seen.slice(0, expected.length)).toEqual(expected);
          // The two deletions, in either order.
          expect(seen.slice(expected.length).sort()).toEqual(
            ([['job.deleted', a.id, ORG], ['job.deleted', b.id, ORG]] as Seen[]).sort(),
          );
        } finally {
          recorder.stop();
        }
      });

      test('LLM calls are announced with the whole call: created, each stored change, nothing for unknown calls or purges', async () => {
        const call: LlmCall = {
          id: newId(),
          orgId: ORG,
          provider: 'demo',
          model: 'echo',
          source: 'console',
          status: 'QUEUED',
          messages: [{ role: 'user', content: 'hi' }],
          output: [],
          usage: { ...ZERO_USAGE },
          queuedAt: T0,
          retries: 0,
          updatedAt: T0,
        };
        const recorder = recordEvents(store.changes);
        try {
          // Each write waits for its event, so a store that looks the call up later still shows each state.
          await store.llmCalls.insert(call);
          await recorder.waitForCount(1);
          await store.llmCalls.update(call.id, { status: 'RUNNING', startedAt: T0 + 1 }, T0 + 1);
          await recorder.waitForCount(2);
          await store.llmCalls.update(newId(), { status: 'FAILED' }, T0 + 2); // unknown: nothing
          const done = await store.llmCalls.update(call.id, { status: 'SUCCEEDED', finishedAt: T0 + 3 }, T0 + 3);
          await recorder.waitForCount(3);
          expect(await store.llmCalls.purge(T0 + 10, 10)).toBe(1); // not announced
          const [job] = await insert(makeJob());
          const events = await recorder.waitForCount(4);
          expect(events.map(describeEvent)).toEqual([
            ['llm.created', call.id, 'QUEUED'],
            ['llm.updated', call.id, 'RUNNING'],
            ['llm.updated', call.id, 'SUCCEEDED'],
            ['job.created', job!.id, 'QUEUED'],
          ]);
          expect(events[0]).toEqual({ kind: 'llm.created', call });
          expect(events[1]).toEqual({ kind: 'llm.updated', call: { ...call, status: 'RUNNING', startedAt: T0 + 1, updatedAt: T0 + 1 } });
          expect(events[2]).toEqual({ kind: 'llm.updated', call: done });
        } finally {
          recorder.stop();
        }
      });

      test('schedules and runs are announced as stored, in commit order; nothing for duplicates, no-ops or deleted runs', async () => {
        const schedule = makeSchedule({ name: 'feed' });
        const recorder = recordEvents(store.changes);
        try {
          // Each write waits for its event, so a store that looks documents up later still shows each state.
          await store.schedules.insert(schedule);
          await recorder.waitForCount(1);
          const run = await insertRun(makeRun(schedule, { runKey: 'feed-slot' }));
          await recorder.waitForCount(2);
          await store.scheduleRuns.insert(makeRun(schedule, { runKey: 'feed-slot' })); // taken: nothing
          await store.scheduleRuns.update(run.id, { status: 'RUNNING', startedAt: T0 + 1 }, T0 + 1);
          await recorder.waitForCount(3);
          await store.schedules.save({ ...schedule, name: 'feed, renamed', lastRunStatus: 'RUNNING', updatedAt: T0 + 2 });
          await recorder.waitForCount(4);
          await store.schedules.delete(schedule.id, OTHER); // another org: nothing
          await store.schedules.delete(schedule.id, ORG); // its run goes too, unannounced
          const events = await recorder.waitForCount(5);
          expect(events.map(describeEvent)).toEqual([
            ['schedule.created', schedule.id, 'feed'],
            ['run.created', run.id, 'QUEUED'],
            ['run.updated', run.id, 'RUNNING'],
            ['schedule.updated', schedule.id, 'feed, renamed'],
            ['schedule.deleted', schedule.id, ORG],
          ]);
          expect(events[0]).toEqual({ kind: 'schedule.created', schedule });
          expect(events[1]).toEqual({ kind: 'run.created', run });
          expect(events[2]).toEqual({ kind: 'run.updated', run: { ...run, status: 'RUNNING', startedAt: T0 + 1, updatedAt: T0 + 1 } });
          // Anything after the delete would be a stray announcement (a run deleted with its schedule).
          const [sentinel] = await insert(makeJob());
          const all = await recorder.waitForCount(6);
          expect(all.slice(5).map(describeEvent)).toEqual([['job.created', sentinel!.id, 'QUEUED']]);
        } finally {
          recorder.stop();
        }
      });

      test('raised, acknowledged and resolved alerts are announced, once each; a duplicate or a second acknowledgement is not', async () => {
        const recorder = recordEvents(store.changes);
        try {
          const alert = (overrides: Partial<Alert>): Alert => ({ id: newId(), orgId: ORG, kind: 'CONSECUTIVE_FAILURES', scheduleId: 'schedule-1', message: '3 runs in a row failed', raisedAt: T0, ...overrides });
          const one = alert({ dedupeKey: 'feed-key' });
          await store.alerts.insert(one);
          await recorder.waitForCount(1);
          await store.alerts.insert(alert({ dedupeKey: 'feed-key' })); // open under that key: nothing
          await store.alerts.acknowledge(one.id, ORG, 'ann', T0 + 50);
          await recorder.waitForCount(2);
          await store.alerts.acknowledge(one.id, ORG, 'bob', T0 + 51); // the first one stands: nothing
          const stalled = alert({ kind: 'SCHEDULER_STALLED', scheduleId: undefined, dedupeKey: 'stalled-feed' });
          await store.alerts.insert(stalled);
          await recorder.waitForCount(3);
          expect(await store.alerts.resolve('SCHEDULER_STALLED', 'system:watchdog', T0 + 60)).toBeGreaterThanOrEqual(1);
          const events = await recorder.waitForCount(4);
          expect(events.map(describeEvent)).toEqual([
            ['alert.raised', one.id, undefined],
            ['alert.updated', one.id, 'ann'],
            ['alert.raised', stalled.id, undefined],
            ['alert.updated', stalled.id, 'system:watchdog'],
          ]);
          expect(events[0]).toMatchObject({ alert: { id: one.id, orgId: ORG, kind: 'CONSECUTIVE_FAILURES', message: one.message, raisedAt: one.raisedAt } });
          expect(events[1]).toMatchObject({ alert: { acknowledgedAt: T0 + 50 } });
          const [sentinel] = await insert(makeJob());
          const all = await recorder.waitForCount(5);
          expect(all.slice(4).map(describeEvent)).toEqual([['job.created', sentinel!.id, 'QUEUED']]);
        } finally {
          recorder.stop();
        }
      });

      test('a cancel request on a RUNNING job is announced with cancelRequested', async () => {
        const [job] = await insert(makeJob());
        await claim();
        const recorder = recordEvents(store.changes);
        try {
          await store.jobs.requestCancel(job!.id, ORG, T0 + 1);
          const [event] = await recorder.waitForCount(1);
          expect(event).toMatchObject({ kind: 'job.updated', job: { id: job!.id, status: 'RUNNING', cancelRequested: true } });
        } finally {
          recorder.stop();
        }
      });

      test('a retry is announced as QUEUED with its later runAt (so executors can wake when it is due)', async () => {
        const [job] = await insert(makeJob());
        await claim();
        const recorder = recordEvents(store.changes);
        try {
          await finish(job!.id, { kind: 'retry', error: error('later'), runAt: T0 + 777 });
          await finish(job!.id, { kind: 'released' }); // no longer held: ignored
          await store.jobs.purgeFinished(T0 + 10_000, 10); // nothing finished: nothing
          const [event] = await recorder.waitForCount(1);
          expect(event).toMatchObject({ kind: 'job.updated', job: { id: job!.id, status: 'QUEUED', runAt: T0 + 777 } });
          const done = await jobIn('SUCCEEDED', {}, { at: T0 + 5 });
          await store.jobs.purgeFinished(T0 + 10, 10);
          const events = await recorder.waitForCount(5);
          // created, claimed, succeeded (by jobIn), then deleted by the purge.
          expect(events.slice(1).map(describeEvent)).toEqual([
            ['job.created', done.id, 'QUEUED'],
            ['job.updated', done.id, 'RUNNING'],
            ['job.updated', done.id, 'SUCCEEDED'],
            ['job.deleted', done.id, ORG],
          ]);
        } finally {
          recorder.stop();
        }
      });
    });
  });
}
