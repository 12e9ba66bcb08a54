/**
 * The store contract for inserting and reading jobs: the stored shape of a job, org scoping, children,
 * and idempotency keys.
 */
import { describe, expect, test } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import type { Job } from '../../src/engine/domain/types.js';
import { T0, ORG, OTHER, type StoreHarness } from './harness.js';

export function defineJobsInsertContract(harness: StoreHarness): void {
  const { store, makeJob, insert, jobIn } = harness;

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
      expect(await store.jobs.get(full.id, full.orgId)).toEqual(job);
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
      expect(await store.jobs.get(newId(), ORG)).toBeUndefined();
    });

    test('children lists a parent’s children with their status', async () => {
      const parent = await jobIn('RUNNING');
      const a = await jobIn('SUCCEEDED', { parentId: parent.id });
      const b = await jobIn('QUEUED', { parentId: parent.id });
      await jobIn('QUEUED');
      const children = await store.jobs.children(parent.orgId, parent.id);
      expect(children.map((c) => ({ id: c.id, status: c.status })).sort((x, y) => x.id.localeCompare(y.id))).toEqual(
        [
          { id: a.id, status: 'SUCCEEDED' },
          { id: b.id, status: 'QUEUED' },
        ].sort((x, y) => x.id.localeCompare(y.id)),
      );
      expect(await store.jobs.children(b.orgId, b.id)).toEqual([]);
      expect(await store.jobs.children(OTHER, parent.id)).toEqual([]);
    });
  });

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
      expect(await store.jobs.get(again.id, again.orgId)).toBeUndefined();
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
}
