/**
 * The store contract for how a claimed job goes on and ends: every outcome of finishAttempts, lease
 * recovery, cancel requests, and deleting and purging finished jobs.
 */
import { describe, expect, test } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import type { JobError } from '../../src/engine/domain/types.js';
import { T0, ORG, OTHER, ids, sorted, error, type StoreHarness } from './harness.js';

export function defineJobsLifecycleContract(harness: StoreHarness): void {
  const { store, makeJob, insert, claim, finish, get, jobIn } = harness;

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

    test('the jobs a claim and an outcome return are the jobs a read returns, whatever was written while they ran', async () => {
      const parent = await jobIn('SUCCEEDED');
      const made = [
        makeJob({ runAt: T0 - 9, timeoutMs: 5000, idempotencyKey: 'k-1', createdBy: 'user-1', createdByToken: 'tok-1' }),
        makeJob({ runAt: T0 - 8, checkpoint: { page: 3 }, parentId: parent.id, priority: 2 }),
        makeJob({ runAt: T0 - 7, scheduleId: 'sched-1', scheduleRunId: 'run-1', retryOfId: parent.id }),
        ...Array.from({ length: 6 }, (_, i) => makeJob({ runAt: T0 - 6 + i })),
      ];
      const jobs = await insert(...made);
      for (const job of jobs) expect(await get(job.id)).toEqual(job);
      // Two rounds: the retried job comes back with the error of its first attempt in its list.
      const retriedOnce = jobs[2]!.id;
      const first = await claim({ limit: 9 });
      expect(first).toHaveLength(9);
      for (const job of first) expect(await get(job.id)).toEqual(job);
      const [a, b, c, d, e, f, g, h, i] = first.map((j) => j.id) as [string, string, string, string, string, string, string, string, string];
      // Writes made while they run: progress, a checkpoint, a heartbeat, cancel requests (one, many).
      await store.jobs.saveProgress(a, 'w1', { percent: 40, message: 'reading', updatedAt: T0 + 1 });
      await store.jobs.saveCheckpoint(b, 'w1', { page: 4 });
      await store.jobs.heartbeat('w1', [c, d], T0 + 60_000);
      await store.jobs.requestCancel(e, ORG, T0 + 2);
      await store.jobs.requestCancelMany([f, g], ORG, T0 + 3);
      const now = T0 + 50;
      const outcomes = [
        { jobId: a, outcome: { kind: 'succeeded' as const, result: { answer: 42, list: [1, 'two'] } } },
        { jobId: b, outcome: { kind: 'failed' as const, error: error('bad input', 1, { retryable: false }) } },
        { jobId: c, outcome: { kind: 'retry' as const, error: error('try later', 1), runAt: T0 + 100 } },
        { jobId: d, outcome: { kind: 'waiting' as const, waitId: newId(), wakeAt: T0 + 5000 } },
        { jobId: e, outcome: { kind: 'cancelled' as const, error: error('the job was cancelled', 1, { code: 'CANCELLED' }) } },
        { jobId: f, outcome: { kind: 'cancelled' as const } },
        { jobId: g, outcome: { kind: 'released' as const } },
        { jobId: h, outcome: { kind: 'succeeded' as const, result: null } },
        { jobId: i, outcome: { kind: 'succeeded' as const, result: 'text' } },
      ];
      const finished = await store.jobs.finishAttempts(outcomes.map((o) => ({ ...o, workerId: 'w1', now })));
      expect(sorted(ids(finished))).toEqual(sorted(first.map((j) => j.id)));
      for (const job of finished) expect(await get(job.id)).toEqual(job);
      // Second round for the retried one: a second error appended after the first.
      expect(c).toBe(retriedOnce);
      // The released one is due again too.
      const second = await claim({ now: T0 + 100, limit: 5 });
      expect(sorted(ids(second))).toEqual(sorted([c, g]));
      const again = second.find((j) => j.id === c);
      expect(await get(c)).toEqual(again);
      const [failed] = await store.jobs.finishAttempts([{ jobId: c, workerId: 'w1', now: T0 + 200, outcome: { kind: 'failed', error: error('still failing', 2) } }]);
      expect(failed?.errors.map((x) => x.message)).toEqual(['try later', 'still failing']);
      expect(await get(c)).toEqual(failed);
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
      for (const id of [s.id, f.id, c.id]) expect(await store.jobs.get(id, ORG)).toBeUndefined();
      for (const job of [q, r, theirs]) expect(await store.jobs.get(job.id, job.orgId)).toBeDefined();
      expect(await store.logs.count(ORG, s.id)).toBe(0);
      expect(await store.logs.count(ORG, q.id)).toBe(1);
      expect(await store.logs.count(OTHER, theirs.id)).toBe(1);
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
      for (const job of [old1, old2, old3]) expect(await store.jobs.get(job.id, job.orgId)).toBeUndefined();
      for (const job of [recent, queued, running]) expect(await store.jobs.get(job.id, job.orgId)).toBeDefined();
      expect(await store.logs.count(ORG, old1.id)).toBe(0);
    });
  });
}
