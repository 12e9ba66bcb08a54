/**
 * The store contract for reads of many rows at once (what a request's loaders use) and for the audit
 * entries an insert writes with its jobs: org scoping holds across a batch that mixes orgs, unknown
 * ids are left out, and a repeated id or idempotency key within one call counts once.
 */
import { describe, expect, test } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import type { AuditEntry } from '../../src/engine/domain/types.js';
import { makeCall, ORG, OTHER, T0, sorted, ids, type StoreHarness } from './harness.js';

export function defineReadsManyContract(harness: StoreHarness): void {
  const { store, makeJob, insert, makeSchedule, makeRun, insertRun } = harness;

  describe('reads of many ids', () => {
    test('jobs.getMany returns the org\'s jobs among the ids; other orgs, unknown and repeated ids do not add rows', async () => {
      const mine = await insert(makeJob(), makeJob(), makeJob());
      const [theirs] = await insert(makeJob({ orgId: OTHER }));
      const asked = [mine[0]!.id, theirs!.id, 'no-such-job', mine[2]!.id, mine[0]!.id];
      expect(sorted(ids(await store.jobs.getMany(asked, ORG)))).toEqual(sorted([mine[0]!.id, mine[2]!.id]));
      expect(ids(await store.jobs.getMany(asked, OTHER))).toEqual([theirs!.id]);
      expect(await store.jobs.getMany([], ORG)).toEqual([]);
      const [one] = await store.jobs.getMany([mine[1]!.id], ORG);
      expect(one).toEqual(await store.jobs.get(mine[1]!.id, ORG));
    });

    test('schedules.getMany and scheduleRuns.getMany are scoped to the org the same way', async () => {
      const a = makeSchedule();
      const b = makeSchedule({ orgId: OTHER });
      await store.schedules.insert(a);
      await store.schedules.insert(b);
      expect(await store.schedules.getMany([a.id, b.id, 'nope', a.id], ORG)).toEqual([await store.schedules.get(a.id, ORG)]);
      expect(ids(await store.schedules.getMany([a.id, b.id], OTHER))).toEqual([b.id]);
      expect(await store.schedules.getMany([], ORG)).toEqual([]);

      const run = await insertRun(makeRun(a));
      const foreign = await insertRun(makeRun(b));
      expect(await store.scheduleRuns.getMany([run.id, foreign.id, 'nope', run.id], ORG)).toEqual([run]);
      expect(ids(await store.scheduleRuns.getMany([run.id, foreign.id], OTHER))).toEqual([foreign.id]);
      expect(await store.scheduleRuns.getMany([], ORG)).toEqual([]);
    });

    test('llmCalls.usageOfJobs sums per job what usageOfJob sums, for the org\'s calls only', async () => {
      const usage = (n: number) => ({ inputTokens: n, outputTokens: 2 * n, cachedTokens: 0, totalTokens: 3 * n });
      for (const call of [
        makeCall({ parentJobId: 'job-1', usage: usage(1) }),
        makeCall({ parentJobId: 'job-1', usage: usage(10) }),
        makeCall({ parentJobId: 'job-2', usage: usage(100) }),
        makeCall({ parentJobId: 'job-1', orgId: OTHER, usage: usage(1000) }),
        makeCall({ usage: usage(5) }),
      ]) {
        await store.llmCalls.insert(call);
      }
      const rows = await store.llmCalls.usageOfJobs(ORG, ['job-1', 'job-2', 'job-3', 'job-1']);
      const byJob = Object.fromEntries(rows.map((r) => [r.jobId, r.usage]));
      expect(Object.keys(byJob).sort()).toEqual(['job-1', 'job-2']);
      expect(byJob['job-1']).toEqual(await store.llmCalls.usageOfJob(ORG, 'job-1'));
      expect(byJob['job-1']).toEqual(usage(11));
      expect(byJob['job-2']).toEqual(usage(100));
      expect((await store.llmCalls.usageOfJobs(OTHER, ['job-1']))[0]!.usage).toEqual(usage(1000));
      expect(await store.llmCalls.usageOfJobs(ORG, [])).toEqual([]);
    });
  });

  describe('insert with audit entries', () => {
    const entry = (orgId: string, details: unknown): AuditEntry => ({
      id: newId(),
      orgId,
      at: T0,
      actor: 'user-1',
      action: 'job.enqueueMany',
      targetType: 'job',
      targetId: '*',
      details,
    });

    test('the entries made from the results are stored; a key repeated within the call stores the first job only', async () => {
      const [existing] = await insert(makeJob({ idempotencyKey: 'k-old' }));
      const batch = [
        makeJob({ idempotencyKey: 'k-old' }),
        makeJob({ idempotencyKey: 'k-new' }),
        makeJob({ idempotencyKey: 'k-new' }),
        makeJob(),
      ];
      let seen: Array<{ id: string; created: boolean }> = [];
      const results = await store.jobs.insert(batch, (stored) => {
        seen = stored.map((r) => ({ id: r.job.id, created: r.created }));
        return [entry(ORG, { jobs: stored.filter((r) => r.created).map((r) => r.job.id) })];
      });
      expect(results.map((r) => r.created)).toEqual([false, true, false, true]);
      expect(results[0]!.job).toEqual(existing);
      expect(results[2]!.job).toEqual(results[1]!.job);
      expect(results[1]!.job.id).toBe(batch[1]!.id);
      expect(seen).toEqual(results.map((r) => ({ id: r.job.id, created: r.created })));
      expect(await store.jobs.get(batch[2]!.id, ORG)).toBeUndefined();
      expect(await store.jobs.count(ORG, {})).toBe(3);
      const audit = (await store.audit.list(ORG, {}, { first: 10 })).items.map((i) => i.node);
      expect(audit).toHaveLength(1);
      expect(audit[0]!.details).toEqual({ jobs: [batch[1]!.id, batch[3]!.id] });
    });

    test('an insert without an audit builder writes no entry', async () => {
      await insert(makeJob(), makeJob());
      expect(await store.audit.count(ORG, {})).toBe(0);
    });
  });
}
