/**
 * The store contract for claiming jobs and holding their leases: atomic claims under concurrency, the
 * priority and runAt order, type and org limits, and heartbeats.
 */
import { describe, expect, test } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import { T0, ORG, OTHER, LEASE, ids, sorted, error, type StoreHarness } from './harness.js';

export function defineJobsClaimContract(harness: StoreHarness): void {
  const { store, makeJob, insert, claim, finish, get, jobIn } = harness;

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
}
