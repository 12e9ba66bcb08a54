/**
 * The store contract for durable steps and waits: steps under the lease, WAITING and its due-time
 * index, waits resolved once (by a signal, an event or a timeout), signals kept for a wait to come,
 * events matched by org, name and key, and what a crash while resuming leaves.
 */
import { describe, expect, test } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import { EVENT_KEEP_MS, type NewJobWait, type WaitEvent } from '../../src/engine/domain/job-wait.js';
import type { Job } from '../../src/engine/domain/types.js';
import { suspensionOf } from '../../src/engine/runtime/executor/durable.js';
import { T0, ORG, OTHER, LEASE, makeCall, type StoreHarness } from './harness.js';

/**
 * How an adapter's test makes the write that resumes a job fail, as a crash between resolving a wait
 * and resuming its job would: `failResumes()` makes every WAITING -> QUEUED write throw until the
 * function it returns is called.
 */
export interface ResumeFaults {
  failResumes(): Promise<() => Promise<void>>;
}

/**
 * Resolving a wait and resuming its job are one write: a crash between them leaves neither, so the
 * job is still waiting on an open wait, and the signal sent again resumes it.
 */
export function defineWaitCrashContract(harness: StoreHarness, faults: ResumeFaults): void {
  const { store, finish, get, jobIn } = harness;

  async function waitingOn(name: string, kind: 'SIGNAL' | 'EVENT' = 'SIGNAL') {
    const running = await jobIn('RUNNING');
    const wait = await store.waits.open(
      { id: newId(), orgId: ORG, jobId: running.id, name, kind, createdAt: T0, ...(kind === 'EVENT' && { eventName: 'crm.reply', eventKey: 'k' }) },
      T0,
      running.createdAt,
    );
    const [job] = await finish(running.id, { kind: 'waiting', waitId: wait.id }, T0 + 1, 'setup');
    expect(job?.status).toBe('WAITING');
    return { job: job!, wait };
  }

  describe('a crash between resolving a wait and resuming its job', () => {
    test('a signal: neither is written; sent again, it resolves the wait and resumes the job', async () => {
      const { job, wait } = await waitingOn('go');
      const heal = await faults.failResumes();
      await expect(store.waits.signal({ orgId: ORG, jobId: job.id, name: 'go', data: 1, at: T0 + 5 })).rejects.toThrow();
      await expect(store.waits.resolve(wait.id, ORG, { data: 1 }, T0 + 5)).rejects.toThrow();
      await heal();
      expect((await store.waits.get(wait.id, ORG))?.resolvedAt).toBeUndefined();
      expect((await get(job.id)).status).toBe('WAITING');
      const again = await store.waits.signal({ orgId: ORG, jobId: job.id, name: 'go', data: 2, at: T0 + 6 });
      expect(again.resolved?.job).toMatchObject({ id: job.id, status: 'QUEUED', runAt: T0 + 6 });
      expect(await store.waits.get(wait.id, ORG)).toMatchObject({ resolvedAt: T0 + 6, resolution: 2 });
    });

    test('an event: the waits it could not resume stay open; a later event resolves them', async () => {
      const { job, wait } = await waitingOn('reply', 'EVENT');
      const heal = await faults.failResumes();
      await expect(store.waits.sendEvent({ id: newId(), orgId: ORG, name: 'crm.reply', key: 'k', data: 'lost', at: T0 + 5, expiresAt: T0 + 10 })).rejects.toThrow();
      await heal();
      expect((await store.waits.get(wait.id, ORG))?.resolvedAt).toBeUndefined();
      expect((await get(job.id)).status).toBe('WAITING');
      const resolved = await store.waits.sendEvent({ id: newId(), orgId: ORG, name: 'crm.reply', key: 'k', data: 'again', at: T0 + 6, expiresAt: T0 + 10 });
      expect(resolved.map((r) => [r.wait.id, r.job?.status])).toEqual([[wait.id, 'QUEUED']]);
    });
  });
}

export function defineStepsWaitsContract(harness: StoreHarness): void {
  const { store, claim, finish, get, jobIn } = harness;

  const newWait = (job: Pick<Job, 'id' | 'orgId'>, overrides: Partial<NewJobWait> = {}): NewJobWait => ({
    id: newId(),
    orgId: job.orgId,
    jobId: job.id,
    name: 'go',
    kind: 'SIGNAL',
    createdAt: T0,
    ...overrides,
  });
  const newEvent = (overrides: Partial<WaitEvent> = {}): WaitEvent => ({
    id: newId(),
    orgId: ORG,
    name: 'crm.reply',
    data: { text: 'hi' },
    at: T0 + 10,
    expiresAt: T0 + 10 + EVENT_KEEP_MS,
    ...overrides,
  });

  /** A RUNNING job (claimed by "setup") that goes WAITING on a fresh wait. */
  async function waitingJob(overrides: Partial<NewJobWait> = {}, jobOverrides = {}) {
    const running = await jobIn('RUNNING', jobOverrides);
    const wait = await store.waits.open(newWait(running, overrides), T0, running.createdAt);
    const [job] = await finish(running.id, { kind: 'waiting', waitId: wait.id, ...(wait.timeoutAt !== undefined && { wakeAt: wait.timeoutAt }) }, T0 + 1, 'setup');
    return { job: job!, wait };
  }

  describe('steps', () => {
    test('a step starts and ends only under the lease; a SUCCEEDED step is never started again', async () => {
      const job = await jobIn('RUNNING');
      const base = { orgId: ORG, jobId: job.id, attempt: 1 };
      expect(await store.steps.start({ ...base, name: 'a', startedAt: T0 + 1 }, 'someone-else')).toBe(false);
      expect(await store.steps.start({ ...base, name: 'a', startedAt: T0 + 1 }, 'setup')).toBe(true);
      expect(await store.steps.start({ ...base, name: 'b', startedAt: T0 + 2 }, 'setup')).toBe(true);
      expect(await store.steps.finish(job.id, 'a', 'someone-else', { status: 'SUCCEEDED', result: 1, finishedAt: T0 + 3 })).toBe(false);
      expect(await store.steps.finish(job.id, 'a', 'setup', { status: 'SUCCEEDED', result: { n: [1, 2] }, finishedAt: T0 + 3 })).toBe(true);
      const failure = { message: 'nope', retryable: true, attempt: 1, at: T0 + 4 };
      expect(await store.steps.finish(job.id, 'b', 'setup', { status: 'FAILED', error: failure, finishedAt: T0 + 4 })).toBe(true);
      expect(await store.steps.start({ ...base, name: 'a', startedAt: T0 + 5 }, 'setup')).toBe(false);
      // A failed step starts again, in its first place.
      expect(await store.steps.start({ ...base, name: 'b', attempt: 2, startedAt: T0 + 6 }, 'setup')).toBe(true);
      const steps = await store.steps.list(ORG, job.id);
      expect(steps).toEqual([
        { orgId: ORG, jobId: job.id, name: 'a', status: 'SUCCEEDED', attempt: 1, startedAt: T0 + 1, finishedAt: T0 + 3, result: { n: [1, 2] } },
        { orgId: ORG, jobId: job.id, name: 'b', status: 'RUNNING', attempt: 2, startedAt: T0 + 6 },
      ]);
      expect(await store.steps.list(OTHER, job.id)).toEqual([]);
    });

    test('a worker whose lease was recovered writes no step: neither a new one nor the end of one it started', async () => {
      const job = await jobIn('RUNNING');
      const base = { orgId: ORG, jobId: job.id, attempt: 1 };
      expect(await store.steps.start({ ...base, name: 'a', startedAt: T0 + 1 }, 'setup')).toBe(true);
      expect((await store.jobs.recoverLeases(T0 + LEASE * 10)).map((j) => j.id)).toEqual([job.id]);
      expect(await store.steps.finish(job.id, 'a', 'setup', { status: 'SUCCEEDED', result: 1, finishedAt: T0 + 2 })).toBe(false);
      expect(await store.steps.start({ ...base, name: 'b', startedAt: T0 + 3 }, 'setup')).toBe(false);
      expect((await store.steps.list(ORG, job.id)).map((s) => [s.name, s.status])).toEqual([['a', 'RUNNING']]);
    });

    test('an LLM call keeps the step it was made in', async () => {
      const call = makeCall({ parentJobId: 'job-1', step: 'draft' });
      await store.llmCalls.insert(call);
      expect(await store.llmCalls.get(call.id, ORG)).toMatchObject({ step: 'draft', parentJobId: 'job-1' });
    });
  });

  describe('WAITING', () => {
    test('a job waits without a lease, showing the attempt it ran as, and wakes at its wait’s timeout (due-time index), the same attempt going on', async () => {
      const { job } = await waitingJob({ timeoutAt: T0 + 100 });
      expect(job).toMatchObject({ status: 'WAITING', attempt: 1, wakeAt: T0 + 100 });
      // Counted as WAITING, no longer RUNNING (the counters follow every move).
      expect(await store.jobs.count(ORG, { status: ['WAITING'] })).toBe(1);
      expect(await store.jobs.count(ORG, { status: ['RUNNING'] })).toBe(0);
      expect(job.leaseOwner).toBeUndefined();
      expect(await claim({ now: T0 + 1000 })).toEqual([]);
      expect(await store.jobs.nextWakeAt(['alpha'])).toBe(T0 + 100);
      expect(await store.jobs.nextWakeAt(['beta'])).toBeUndefined();
      expect(await store.jobs.wakeDue(T0 + 99, 10)).toEqual([]);
      const woken = await store.jobs.wakeDue(T0 + 100, 10);
      expect(woken.map((j) => j.id)).toEqual([job.id]);
      // Woken, the attempt is given back: its claim counts it again.
      expect(woken[0]).toMatchObject({ status: 'QUEUED', runAt: T0 + 100, attempt: 0 });
      expect(woken[0]!.wakeAt).toBeUndefined();
      expect(await store.jobs.count(ORG, { status: ['WAITING'] })).toBe(0);
      expect(await store.jobs.count(ORG, { status: ['QUEUED'] })).toBe(1);
      expect(await store.jobs.nextWakeAt(['alpha'])).toBeUndefined();
      const [resumed] = await claim({ now: T0 + 100 });
      expect(resumed).toMatchObject({ id: job.id, status: 'RUNNING', attempt: 1 });
    });

    test('a wait without a timeout never wakes by time; resolving it resumes the job once', async () => {
      const { job, wait } = await waitingJob();
      expect(job.wakeAt).toBeUndefined();
      expect(await store.jobs.wakeDue(T0 + 10 ** 12, 10)).toEqual([]);
      // MongoDB announces through its change stream, which the mingo run has not.
      const changes = store.kind === 'mingo' ? undefined : harness.recordChanges();
      const resolved = await store.waits.resolve(wait.id, ORG, { data: { ok: 1 } }, T0 + 5);
      expect(resolved?.wait).toMatchObject({ id: wait.id, resolvedAt: T0 + 5, resolution: { ok: 1 } });
      expect(resolved?.job).toMatchObject({ id: job.id, status: 'QUEUED', runAt: T0 + 5, attempt: 0 });
      expect(await store.jobs.count(ORG, { status: ['WAITING'] })).toBe(0);
      expect(await store.jobs.count(ORG, { status: ['QUEUED'] })).toBe(1);
      // The counters a list's totalCount reads moved with the resume.
      expect(await store.jobs.countUpTo(ORG, { status: ['WAITING'] }, 100)).toEqual({ count: 0, exact: true });
      expect(await store.jobs.countUpTo(ORG, { status: ['QUEUED'] }, 100)).toEqual({ count: 1, exact: true });
      await changes?.waitFor((all) => all.some((e) => e.kind === 'job.updated' && e.job.id === job.id && e.job.status === 'QUEUED'));
      expect(await store.waits.resolve(wait.id, ORG, { data: 2 }, T0 + 6)).toBeUndefined();
      expect(await store.waits.resolve(wait.id, OTHER, { data: 2 }, T0 + 6)).toBeUndefined();
      expect(await store.jobs.resume(job.id, ORG, T0 + 7)).toBeUndefined();
    });

    test('parallel waits: the job wakes at the earliest open timeout, whichever wait was reached last; resolving either resumes it', async () => {
      for (const resolve of ['late', 'early'] as const) {
        const running = await jobIn('RUNNING');
        const late = await store.waits.open(newWait(running, { name: 'late', timeoutAt: T0 + 900 }), T0, running.createdAt);
        const early = await store.waits.open(newWait(running, { name: 'early', timeoutAt: T0 + 300 }), T0, running.createdAt);
        const none = await store.waits.open(newWait(running, { name: 'none' }), T0, running.createdAt);
        const { others, ...suspension } = suspensionOf([late, none, early])!;
        const [job] = await finish(running.id, { kind: 'waiting', ...suspension }, T0 + 1, 'setup');
        expect(job).toMatchObject({ status: 'WAITING', wakeAt: T0 + 300 });
        expect(others).toEqual([none.id, early.id]);
        const resolved = await store.waits.resolve((resolve === 'late' ? late : early).id, ORG, { data: resolve }, T0 + 2);
        expect(resolved?.job).toMatchObject({ id: running.id, status: 'QUEUED' });
        expect(resolved!.job!.wakeAt).toBeUndefined();
      }
    });

    test('concurrent signals resolve a wait once', async () => {
      const { job } = await waitingJob();
      const results = await Promise.all(Array.from({ length: 6 }, (_, i) => store.waits.signal({ orgId: ORG, jobId: job.id, name: 'go', data: i, at: T0 + 10 })));
      expect(results.filter((r) => r.resolved)).toHaveLength(1);
      expect(results.filter((r) => r.kept)).toHaveLength(0);
      const [wait] = await store.waits.list(ORG, job.id);
      expect(results.find((r) => r.resolved)!.resolved!.wait.resolution).toEqual(wait!.resolution);
      expect((await get(job.id)).status).toBe('QUEUED');
    });

    test('a signal that comes before its wait is kept, and the wait takes it when it opens', async () => {
      const job = await jobIn('RUNNING');
      expect(await store.waits.signal({ orgId: ORG, jobId: job.id, name: 'go', data: 'old', at: T0 + 1 })).toEqual({ kept: true });
      expect(await store.waits.signal({ orgId: ORG, jobId: job.id, name: 'go', data: 'new', at: T0 + 2 })).toEqual({ kept: true });
      const wait = await store.waits.open(newWait(job), T0 + 3, job.createdAt);
      expect(wait).toMatchObject({ resolvedAt: T0 + 3, resolution: 'new' });
      // Opened again (a replay), it is the same resolved wait.
      expect(await store.waits.open(newWait(job), T0 + 4, job.createdAt)).toEqual(wait);
      // The job never waited: the suspend write is not needed, and a waiting report would requeue it at once.
      const [after] = await finish(job.id, { kind: 'waiting', waitId: wait.id }, T0 + 5, 'setup');
      expect(after).toMatchObject({ status: 'QUEUED', runAt: T0 + 5, attempt: 0 });
    });

    test('a signal that lands between the handler’s look and its suspend write resumes the job (no lost wake-up)', async () => {
      const job = await jobIn('RUNNING');
      const wait = await store.waits.open(newWait(job, { timeoutAt: T0 + 1000 }), T0, job.createdAt);
      expect(wait.resolvedAt).toBeUndefined();
      const signalled = await store.waits.signal({ orgId: ORG, jobId: job.id, name: 'go', data: 1, at: T0 + 1 });
      expect(signalled.resolved?.job).toBeUndefined(); // the job was RUNNING: nothing to resume yet
      const [after] = await finish(job.id, { kind: 'waiting', waitId: wait.id, wakeAt: T0 + 1000 }, T0 + 2, 'setup');
      expect(after).toMatchObject({ status: 'QUEUED' });
      expect(after!.wakeAt).toBeUndefined();
    });

    test('a crash while resuming: the resumed run’s lease expires, the job is queued again, and its wait stays resolved', async () => {
      const { job, wait } = await waitingJob();
      await store.waits.resolve(wait.id, ORG, { data: 'yes' }, T0 + 10);
      const [resumed] = await claim({ workerId: 'crashed', now: T0 + 10, types: ['alpha'] });
      expect(resumed).toMatchObject({ id: job.id, status: 'RUNNING', attempt: 1 });
      await store.steps.start({ orgId: ORG, jobId: job.id, name: 'after', attempt: 1, startedAt: T0 + 11 }, 'crashed');
      const recovered = await store.jobs.recoverLeases(T0 + 10 + LEASE + 1);
      expect(recovered.map((j) => [j.id, j.status])).toEqual([[job.id, 'QUEUED']]);
      expect((await store.waits.list(ORG, job.id))[0]).toMatchObject({ resolvedAt: T0 + 10, resolution: 'yes' });
      expect((await store.steps.list(ORG, job.id)).map((s) => [s.name, s.status])).toEqual([['after', 'RUNNING']]);
    });

    test('cancelling a waiting job cancels it at once; it wakes no more, and retention may then purge it with its steps and waits', async () => {
      const { job, wait } = await waitingJob({ timeoutAt: T0 + 100 });
      const cancelled = await store.jobs.requestCancel(job.id, ORG, T0 + 50);
      expect(cancelled).toMatchObject({ status: 'CANCELLED', finishedAt: T0 + 50, cancelRequested: true });
      expect(cancelled!.wakeAt).toBeUndefined();
      expect(await store.jobs.count(ORG, { status: ['WAITING'] })).toBe(0);
      expect(await store.jobs.count(ORG, { status: ['CANCELLED'] })).toBe(1);
      expect(await store.jobs.wakeDue(T0 + 1000, 10)).toEqual([]);
      expect(await store.waits.resolve(wait.id, ORG, { data: 1 }, T0 + 60)).toMatchObject({ wait: { id: wait.id } });
      expect((await get(job.id)).status).toBe('CANCELLED');
      expect(await store.jobs.purgeFinished(T0 + 1000, 10)).toBe(1);
      expect(await store.waits.list(ORG, job.id)).toEqual([]);
    });

    test('retention never purges a waiting job', async () => {
      const { job } = await waitingJob();
      expect(await store.jobs.purgeFinished(T0 + 10 ** 12, 100)).toBe(0);
      expect((await get(job.id)).status).toBe('WAITING');
      expect(await store.jobs.countByStatusAndType()).toContainEqual({ status: 'WAITING', type: 'alpha', count: 1 });
    });
  });

  describe('events', () => {
    test('an event resolves the open waits of its org with its name and key, and only those', async () => {
      const a = await waitingJob({ kind: 'EVENT', name: 'reply', eventName: 'crm.reply', eventKey: 't1' });
      const b = await waitingJob({ kind: 'EVENT', name: 'reply', eventName: 'crm.reply', eventKey: 't2' });
      const c = await waitingJob({ kind: 'EVENT', name: 'reply', eventName: 'crm.reply' });
      const d = await waitingJob({ kind: 'EVENT', name: 'reply', eventName: 'crm.reply', eventKey: 't1' }, { orgId: OTHER });
      const resolved = await store.waits.sendEvent(newEvent({ key: 't1' }));
      expect(resolved.map((r) => [r.wait.jobId, r.job?.status])).toEqual([[a.job.id, 'QUEUED']]);
      expect(resolved[0]!.wait).toMatchObject({ resolution: { text: 'hi' } });
      expect((await get(b.job.id)).status).toBe('WAITING');
      expect((await get(c.job.id)).status).toBe('WAITING');
      expect((await store.jobs.get(d.job.id, OTHER))?.status).toBe('WAITING');
      // An event without a key resolves the waits without one.
      const noKey = await store.waits.sendEvent(newEvent({ data: 'plain' }));
      expect(noKey.map((r) => r.wait.jobId)).toEqual([c.job.id]);
    });

    test('an event resolves every wait for it, more than one write’s worth (SQLite lets the loop run in between)', async () => {
      const n = 260;
      for (let i = 0; i < n; i++) await waitingJob({ kind: 'EVENT', name: 'reply', eventName: 'bulk.done', eventKey: 'b' });
      const order: string[] = [];
      setImmediate(() => order.push('other work'));
      const resolved = await store.waits.sendEvent(newEvent({ name: 'bulk.done', key: 'b' }));
      order.push('event sent');
      expect(resolved).toHaveLength(n);
      expect(new Set(resolved.map((r) => r.wait.jobId)).size).toBe(n);
      expect(resolved.every((r) => r.job?.status === 'QUEUED')).toBe(true);
      expect(await store.jobs.count(ORG, { status: ['WAITING'] })).toBe(0);
      if (store.kind === 'sqlite') expect(order).toEqual(['other work', 'event sent']);
    });

    test('an event sent before a wait is taken by it: if sent since the job was made, unexpired, and not taken by the job’s earlier wait', async () => {
      const job = await jobIn('RUNNING', { createdAt: T0 });
      await store.waits.sendEvent(newEvent({ key: 'k', at: T0 - 5, data: 'before the job' }));
      await store.waits.sendEvent(newEvent({ key: 'k', at: T0 + 1, expiresAt: T0 + 2, data: 'expired' }));
      await store.waits.sendEvent(newEvent({ key: 'k', at: T0 + 3, data: 'first' }));
      await store.waits.sendEvent(newEvent({ key: 'k', at: T0 + 4, data: 'second' }));
      await store.waits.sendEvent(newEvent({ key: 'k', orgId: OTHER, at: T0 + 4, data: 'other org' }));
      const open = (name: string) => store.waits.open(newWait(job, { kind: 'EVENT', name, eventName: 'crm.reply', eventKey: 'k' }), T0 + 10, job.createdAt);
      expect(await open('one')).toMatchObject({ resolution: 'first', resolvedAt: T0 + 10 });
      expect(await open('two')).toMatchObject({ resolution: 'second' });
      expect((await open('three')).resolvedAt).toBeUndefined();
      expect(await store.waits.purgeEvents(T0 + 3, 10)).toBe(1);
    });
  });

  describe('reads of many jobs (a page of jobs in one read)', () => {
    test('steps.listMany and waits.listMany: the org’s rows of these jobs, each job’s in order; other orgs and unknown ids add nothing', async () => {
      const [a, b] = [await jobIn('RUNNING'), await jobIn('RUNNING')];
      const theirs = await jobIn('RUNNING', { orgId: OTHER });
      for (const [job, names] of [[b, ['y', 'x']], [a, ['z']], [theirs, ['q']]] as const) {
        for (const [n, name] of names.entries()) await store.steps.start({ orgId: job.orgId, jobId: job.id, name, attempt: 1, startedAt: T0 + n }, 'setup');
        for (const [n, name] of names.entries()) await store.waits.open(newWait(job, { name: `w-${name}`, createdAt: T0 + n }), T0, job.createdAt);
      }
      const asked = [a.id, b.id, theirs.id, 'no-such-job'];
      const steps = await store.steps.listMany(ORG, asked);
      expect(steps.filter((s) => s.jobId === b.id).map((s) => s.name)).toEqual(['y', 'x']);
      expect(steps.filter((s) => s.jobId === a.id)).toEqual(await store.steps.list(ORG, a.id));
      expect(steps).toHaveLength(3);
      const waits = await store.waits.listMany(ORG, asked);
      expect(waits.filter((w) => w.jobId === b.id).map((w) => w.name)).toEqual(['w-y', 'w-x']);
      expect(waits.filter((w) => w.jobId === a.id)).toEqual(await store.waits.list(ORG, a.id));
      expect(waits).toHaveLength(3);
      expect(await store.steps.listMany(ORG, [])).toEqual([]);
      expect(await store.waits.listMany(OTHER, [a.id])).toEqual([]);
    });

    test('llmCalls.ofSteps: calls made inside steps of these jobs, the oldest few of each step, oldest first', async () => {
      const at = (jobId: string, step: string | undefined, queuedAt: number, orgId = ORG) =>
        store.llmCalls.insert(makeCall({ orgId, parentJobId: jobId, queuedAt, ...(step !== undefined && { step }) }));
      for (const t of [5, 1, 3, 4]) await at('job-1', 'draft', T0 + t);
      await at('job-1', 'publish', T0 + 2);
      await at('job-1', undefined, T0);
      await at('job-2', 'draft', T0 + 6);
      await at('job-3', 'draft', T0 + 7);
      await at('job-1', 'draft', T0, OTHER);
      const calls = await store.llmCalls.ofSteps(ORG, ['job-1', 'job-2'], 2);
      expect(calls.map((c) => [c.parentJobId, c.step, c.queuedAt - T0])).toEqual([
        ['job-1', 'draft', 1],
        ['job-1', 'publish', 2],
        ['job-1', 'draft', 3],
        ['job-2', 'draft', 6],
      ]);
      expect(await store.llmCalls.ofSteps(ORG, [], 2)).toEqual([]);
    });
  });

  describe('callback tokens', () => {
    test('a wait is found by its callback token, in any org', async () => {
      const job = await jobIn('RUNNING', { orgId: OTHER });
      const wait = await store.waits.open(newWait(job, { callbackToken: 'tok-123' }), T0, job.createdAt);
      expect(await store.waits.byCallbackToken('tok-123')).toEqual(wait);
      expect(await store.waits.byCallbackToken('nope')).toBeUndefined();
      expect(await store.waits.get(wait.id, ORG)).toBeUndefined();
      expect(await store.waits.get(wait.id, OTHER)).toEqual(wait);
    });
  });
}
