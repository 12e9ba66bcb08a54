/**
 * The store contract for counting jobs: stats by status and type, and metrics over time buckets.
 */
import { computeMetrics, metricsBuckets } from '../../src/engine/domain/metrics.js';
import { foldQueueStats } from '../../src/engine/domain/queue-stats.js';
import { describe, expect, test } from 'vitest';
import { ValidationError } from '../../src/engine/domain/errors.js';
import type { AttemptOutcome } from '../../src/engine/store/port.js';
import type { Job, NewJob, QueueStats } from '../../src/engine/domain/types.js';
import { T0, ORG, OTHER, error, type StoreHarness } from './harness.js';

export function defineJobsMetricsContract(harness: StoreHarness): void {
  const { store, makeJob, insert, claim, finish, jobIn } = harness;

  /** The figures as the services compute them from what the store reads (the window checked first). */
  async function metrics(orgId: string, since: number, until: number, bucketMs: number) {
    metricsBuckets(since, until, bucketMs);
    return computeMetrics(await store.jobs.metricsTimes(orgId, since, until), since, until, bucketMs);
  }
  async function queueStats(orgId: string) {
    const { counts, oldestQueuedAt } = await store.jobs.queueCounts(orgId);
    return foldQueueStats(counts, oldestQueuedAt);
  }

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

      const stats = await queueStats(ORG);
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

      const empty = await queueStats('org-nobody');
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

      const m = await metrics(ORG, T0, T0 + 3000, 1000);
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
      const short = await metrics(ORG, T0, T0 + 1500, 1000);
      expect(short.queueDepth).toEqual([
        { at: T0, value: 3 },
        { at: T0 + 1000, value: 2 },
      ]);
    });

    test('an empty org has every bucket at zero; the window is checked', async () => {
      const m = await metrics('org-nobody', T0, T0 + 10_000 * 60_000, 60_000);
      expect(m.finished).toHaveLength(10_000);
      expect(m.finished.every((p) => p.value === 0)).toBe(true);
      expect(m.byType).toEqual([]);
      expect(m.bySchedule).toEqual([]);
      await expect(metrics(ORG, T0, T0 + 10_001 * 1000, 1000)).rejects.toBeInstanceOf(ValidationError);
      await expect(metrics(ORG, T0, T0, 1000)).rejects.toBeInstanceOf(ValidationError);
    });
  });
}
