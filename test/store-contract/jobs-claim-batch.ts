/**
 * The store contract for batch claims: orgs take turns within a claim and across claims (a backlog
 * of one org never holds back another), a batch that mixes types with different limits, every
 * claimed job announced, and a batch whose worker died before starting it comes back by lease expiry.
 */
import { describe, expect, test } from 'vitest';
import { T0, ORG, OTHER, LEASE, ids, type StoreHarness } from './harness.js';

export function defineJobsClaimBatchContract(harness: StoreHarness): void {
  const { store, makeJob, insert, claim, recordChanges } = harness;

  describe('batch claims', () => {
    test("orgs take turns: one org's older, higher-priority backlog does not hold back another org", async () => {
      const backlog = Array.from({ length: 60 }, (_, i) => makeJob({ orgId: ORG, priority: 5, runAt: T0 - 10_000 + i }));
      const late = Array.from({ length: 3 }, (_, i) => makeJob({ orgId: OTHER, priority: 0, runAt: T0 - 10 + i }));
      await insert(...backlog, ...late);
      const claimed = await claim({ limit: 10 });
      expect(claimed).toHaveLength(10);
      // All of the other org's due jobs, and the rest from the backlog's front, in its own claim order.
      expect(claimed.filter((j) => j.orgId === OTHER).map((j) => j.id).sort()).toEqual(ids(late).sort());
      expect(ids(claimed.filter((j) => j.orgId === ORG))).toEqual(ids(backlog.slice(0, 7)));
      // Handed out in turns: the first two jobs belong to different orgs.
      expect(new Set(claimed.slice(0, 2).map((j) => j.orgId)).size).toBe(2);
    });

    test('with an equal backlog in two orgs, a claim splits evenly between them', async () => {
      await insert(
        ...Array.from({ length: 20 }, (_, i) => makeJob({ orgId: ORG, runAt: T0 - 1000 + i })),
        ...Array.from({ length: 20 }, (_, i) => makeJob({ orgId: OTHER, runAt: T0 - 500 + i })),
      );
      const claimed = await claim({ limit: 8 });
      expect(claimed.filter((j) => j.orgId === ORG)).toHaveLength(4);
      expect(claimed.filter((j) => j.orgId === OTHER)).toHaveLength(4);
    });

    test('with more orgs than slots, the next claim starts with the orgs the last one left out', async () => {
      const orgs = ['org-1', 'org-2', 'org-3', 'org-4', 'org-5'];
      await insert(...orgs.flatMap((orgId) => Array.from({ length: 3 }, (_, i) => makeJob({ orgId, runAt: T0 - 100 + i }))));
      const served: string[][] = [];
      for (let k = 0; k < 3; k++) {
        const batch = await claim({ limit: 2, workerId: `w${k}` });
        expect(batch).toHaveLength(2);
        expect(new Set(batch.map((j) => j.orgId)).size).toBe(2);
        served.push(batch.map((j) => j.orgId));
      }
      // Three claims of two: every org got a job before any got a second one.
      const firstFive = served.flat().slice(0, 5);
      expect(new Set(firstFive).size).toBe(5);
    });

    test('a batch that mixes types with different limits takes each up to its limit, in claim order', async () => {
      const alpha = Array.from({ length: 6 }, (_, i) => makeJob({ type: 'alpha', priority: 3, runAt: T0 - 300 + i }));
      const beta = Array.from({ length: 6 }, (_, i) => makeJob({ type: 'beta', priority: 2, runAt: T0 - 200 + i }));
      const gamma = Array.from({ length: 6 }, (_, i) => makeJob({ type: 'gamma', orgId: OTHER, runAt: T0 - 100 + i }));
      await insert(...alpha, ...beta, ...gamma);
      const typeLimits = { alpha: 2, beta: 3 };
      const claimed = await claim({ limit: 50, typeLimits, types: ['alpha', 'beta', 'gamma'] });
      expect(ids(claimed.filter((j) => j.type === 'alpha'))).toEqual(ids(alpha.slice(0, 2)));
      expect(ids(claimed.filter((j) => j.type === 'beta'))).toEqual(ids(beta.slice(0, 3)));
      expect(ids(claimed.filter((j) => j.type === 'gamma'))).toEqual(ids(gamma));
      expect(new Set(ids(claimed)).size).toBe(claimed.length);
      // Full types stay full for the next batch; nothing else is due.
      expect(await claim({ limit: 50, typeLimits, types: ['alpha', 'beta', 'gamma'], workerId: 'w2' })).toEqual([]);
    });

    test('every job of a batch is announced RUNNING, as the claim returned it', async (ctx) => {
      // MongoDB announces through its change stream, which the mingo run has not.
      if (store.kind === 'mingo') ctx.skip();
      const jobs = Array.from({ length: 25 }, (_, i) => makeJob({ orgId: i % 2 ? ORG : OTHER, runAt: T0 - 100 + i }));
      await insert(...jobs);
      const events = recordChanges();
      const claimed = await claim({ limit: 25 });
      expect(claimed).toHaveLength(25);
      const announced = await events.waitForCount(25);
      const running = announced.filter((e) => e.kind === 'job.updated' && e.job.status === 'RUNNING');
      expect(running.map((e) => (e.kind === 'job.updated' ? e.job.id : '')).sort()).toEqual(ids(claimed).sort());
    });

    test('a batch claimed by a worker that died before starting it comes back when its lease expires', async () => {
      const jobs = Array.from({ length: 5 }, (_, i) => makeJob({ runAt: T0 - 100 + i, maxAttempts: 3 }));
      await insert(...jobs);
      const batch = await claim({ limit: 5, workerId: 'dead' });
      expect(batch).toHaveLength(5);
      // Before the lease expires, nothing is recovered and nobody else can claim the batch.
      expect(await store.jobs.recoverLeases(T0 + LEASE)).toEqual([]);
      expect(await claim({ workerId: 'w2', now: T0 + 10 })).toEqual([]);
      const recovered = await store.jobs.recoverLeases(T0 + LEASE + 1);
      expect(ids(recovered).sort()).toEqual(ids(jobs).sort());
      for (const job of recovered) {
        expect(job.status).toBe('QUEUED');
        expect(job.errors.at(-1)?.code).toBe('LEASE_EXPIRED');
      }
      const again = await claim({ workerId: 'w2', limit: 5, now: T0 + LEASE + 2 });
      expect(ids(again).sort()).toEqual(ids(jobs).sort());
      expect(again.every((j) => j.attempt === 2 && j.leaseOwner === 'w2')).toBe(true);
    });

    test('leases expire job by job in every org and type: only those past their time come back, a heartbeat keeps the rest', async () => {
      const early = [makeJob({ orgId: ORG, type: 'alpha' }), makeJob({ orgId: ORG, type: 'beta' }), makeJob({ orgId: 'org-3', type: 'gamma' })];
      const late = [makeJob({ orgId: OTHER, type: 'alpha' }), makeJob({ orgId: ORG, type: 'alpha', runAt: T0 + 400 })];
      const kept = makeJob({ orgId: 'org-3', type: 'beta', runAt: T0 + 400 });
      await insert(...early, ...late, kept);
      expect(await claim({ limit: 10, workerId: 'early' })).toHaveLength(4); // the three early ones and OTHER's
      expect(await store.jobs.heartbeat('early', [late[0]!.id], T0 + 500 + LEASE)).toHaveLength(1);
      expect(await claim({ limit: 10, workerId: 'late', now: T0 + 500 })).toHaveLength(2);
      expect(await store.jobs.heartbeat('late', [kept.id], T0 + 5_000 + LEASE)).toHaveLength(1);

      const first = await store.jobs.recoverLeases(T0 + LEASE + 1);
      expect(ids(first).sort()).toEqual(ids(early).sort());
      const second = await store.jobs.recoverLeases(T0 + 500 + LEASE + 1);
      expect(ids(second).sort()).toEqual(ids(late).sort());
      expect(await store.jobs.recoverLeases(T0 + 5_000 + LEASE)).toEqual([]);
      expect((await store.jobs.get(kept.id, 'org-3'))?.status).toBe('RUNNING');
      // A store one process owns takes back every RUNNING job at start, whatever its lease.
      expect(ids(await store.jobs.recoverLeases(T0 + 501, { allRunning: true }))).toEqual([kept.id]);
    });
  });
}
