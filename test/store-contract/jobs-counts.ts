/**
 * The store contract for counting jobs: counts per status and type (count, countUpTo, queueCounts,
 * countByStatusAndType) stay equal to the jobs actually stored through every way a job comes, moves
 * and goes; and a capped count is exact at or below its cap and a true lower bound above it.
 */
import { describe, expect, test } from 'vitest';
import type { StatusTypeCount } from '../../src/engine/domain/queue-stats.js';
import { JOB_STATUSES, type Job, type JobFilter } from '../../src/engine/domain/types.js';
import { T0, ORG, OTHER, LEASE, error, type StoreHarness } from './harness.js';

const key = (c: StatusTypeCount) => `${c.type}/${c.status}`;
const byKey = (a: StatusTypeCount, b: StatusTypeCount) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

export function defineJobsCountsContract(harness: StoreHarness): void {
  const { store, makeJob, insert, claim, finish } = harness;

  /** Every job of the org, read row by row (the truth the counters must agree with). */
  async function stored(orgId: string): Promise<Job[]> {
    const ids = await store.jobs.findIds(orgId, {}, 100_000);
    return store.jobs.getMany(ids, orgId);
  }

  function tally(jobs: Job[]): StatusTypeCount[] {
    const counts = new Map<string, StatusTypeCount>();
    for (const job of jobs) {
      const c = counts.get(`${job.type}/${job.status}`) ?? { status: job.status, type: job.type, count: 0 };
      c.count++;
      counts.set(key(c), c);
    }
    return [...counts.values()].sort(byKey);
  }

  /** Every count the store gives agrees with the stored jobs, in both orgs. */
  async function expectExactCounts(step: string): Promise<void> {
    const all: Job[] = [];
    for (const orgId of [ORG, OTHER]) {
      const jobs = await stored(orgId);
      all.push(...jobs);
      const truth = tally(jobs);
      const { counts } = await store.jobs.queueCounts(orgId);
      expect([...counts].sort(byKey), `${step}: queueCounts of ${orgId}`).toEqual(truth);
      expect(await store.jobs.count(orgId, {}), `${step}: count of ${orgId}`).toBe(jobs.length);
      expect(await store.jobs.countUpTo(orgId, {}, 100_000), `${step}: countUpTo of ${orgId}`).toEqual({ count: jobs.length, exact: true });
      for (const status of JOB_STATUSES) {
        const want = jobs.filter((j) => j.status === status).length;
        expect(await store.jobs.count(orgId, { status: [status] }), `${step}: ${status} in ${orgId}`).toBe(want);
        for (const type of ['alpha', 'beta']) {
          const filter: JobFilter = { status: [status], type: [type] };
          const n = jobs.filter((j) => j.status === status && j.type === type).length;
          expect(await store.jobs.countUpTo(orgId, filter, 100_000), `${step}: ${status} ${type} in ${orgId}`).toEqual({ count: n, exact: true });
        }
      }
    }
    const everywhere = await store.jobs.countByStatusAndType();
    expect([...everywhere].sort(byKey), `${step}: countByStatusAndType`).toEqual(tally(all));
  }

  describe('counts per status and type', () => {
    test('stay exact through enqueue, batch claim, retry, release, cancel, finish, delete, purge and lease recovery', async () => {
      await expectExactCounts('empty');

      // Enqueue, a repeated idempotency key adding nothing.
      const early = T0 - 100;
      const jobs = await insert(
        ...Array.from({ length: 8 }, (_, i) => makeJob({ type: i % 2 ? 'beta' : 'alpha', runAt: early + i, maxAttempts: 2 })),
        makeJob({ orgId: OTHER, runAt: early }),
        makeJob({ idempotencyKey: 'once', runAt: early + 20 }),
      );
      const again = await store.jobs.insert([makeJob({ idempotencyKey: 'once' })]);
      expect(again[0]!.created).toBe(false);
      await expectExactCounts('enqueue');

      // One claim takes several jobs of both types.
      const claimed = await claim({ limit: 6, now: T0, types: ['alpha', 'beta'] });
      expect(claimed.length).toBe(6);
      await expectExactCounts('batch claim');

      const [s, f, r, rel, c, running] = claimed.map((j) => j.id) as [string, string, string, string, string, string];
      await store.jobs.finishAttempts([
        { jobId: s, workerId: 'w1', now: T0 + 10, outcome: { kind: 'succeeded', result: 1 } },
        { jobId: f, workerId: 'w1', now: T0 + 10, outcome: { kind: 'failed', error: error('no', 1, { retryable: false }) } },
        { jobId: r, workerId: 'w1', now: T0 + 10, outcome: { kind: 'retry', error: error('again'), runAt: T0 + 20 } },
        { jobId: rel, workerId: 'w1', now: T0 + 10, outcome: { kind: 'released' } },
      ]);
      await expectExactCounts('finish, retry, release');

      // Cancel: a RUNNING job is asked (no status change) and then ends CANCELLED; a QUEUED one at once.
      await store.jobs.requestCancel(c, ORG, T0 + 11);
      await expectExactCounts('cancel requested');
      await finish(c, { kind: 'cancelled' }, T0 + 12);
      const queued = jobs.find((j) => !claimed.some((x) => x.id === j.id) && j.orgId === ORG)!;
      await store.jobs.requestCancel(queued.id, ORG, T0 + 12);
      await expectExactCounts('cancel');

      // Lease recovery: an expired lease with attempts left goes back to QUEUED; at start, every RUNNING job.
      await store.jobs.recoverLeases(T0 + LEASE + 1);
      await expectExactCounts('lease recovery');
      const reclaimed = await claim({ limit: 3, now: T0 + LEASE + 2, types: ['alpha', 'beta'], workerId: 'w2' });
      expect(reclaimed.length).toBeGreaterThan(0);
      await store.jobs.recoverLeases(T0 + LEASE + 3, { allRunning: true });
      await expectExactCounts('crash recovery');
      expect((await store.jobs.get(running, ORG))?.status).not.toBe('RUNNING');

      // Delete and purge finished jobs.
      expect(await store.jobs.deleteFinished(ORG, [s])).toEqual([s]);
      await expectExactCounts('delete');
      expect(await store.jobs.purgeFinished(T0 + 1_000_000, 100)).toBeGreaterThan(0);
      await expectExactCounts('purge');
    });

    test('a schedule slot’s job counts as any other', async (ctx) => {
      // Firing slots needs a MongoDB transaction, which the mingo run has not.
      if (store.kind === 'mingo') ctx.skip();
      const schedule = harness.makeSchedule();
      await store.schedules.insert(schedule);
      const run = harness.makeRun(schedule);
      const job = makeJob({ scheduleId: schedule.id, scheduleRunId: run.id });
      await store.scheduleRuns.fireSlots([{ scheduleId: schedule.id, run: { ...run, jobId: job.id }, job, patches: [] }], T0);
      expect(await store.jobs.count(ORG, { status: ['QUEUED'] })).toBe(1);
      await expectExactCounts('slot');
    });
  });

  describe('requestCancelMany', () => {
    test('cancels QUEUED jobs, asks RUNNING ones, returns and announces only those it changed, and keeps counts exact', async () => {
      const changes = harness.recordChanges();
      const running = await harness.jobIn('RUNNING');
      const asked = await harness.jobIn('RUNNING');
      await store.jobs.requestCancel(asked.id, ORG, T0 + 1);
      const done = await harness.jobIn('SUCCEEDED');
      const [queued] = await insert(makeJob());
      const [theirs] = await insert(makeJob({ orgId: OTHER }));
      const changed = await store.jobs.requestCancelMany([running.id, asked.id, done.id, queued!.id, theirs!.id, 'no-such-job'], ORG, T0 + 5);
      expect(changed.map((j) => j.id).sort()).toEqual([running.id, queued!.id].sort());
      expect(changed.find((j) => j.id === queued!.id)).toMatchObject({ status: 'CANCELLED', finishedAt: T0 + 5, cancelRequested: true });
      expect(changed.find((j) => j.id === running.id)).toMatchObject({ status: 'RUNNING', cancelRequested: true });
      expect((await store.jobs.get(theirs!.id, OTHER))?.status).toBe('QUEUED');
      // MongoDB announces through its change stream, which the mingo run has not.
      if (store.kind !== 'mingo') {
        await changes.waitFor((events) => events.some((e) => e.kind === 'job.updated' && e.job.id === queued!.id && e.job.status === 'CANCELLED'));
      }
      await expectExactCounts('bulk cancel');
      expect(await store.jobs.requestCancelMany([running.id, queued!.id], ORG, T0 + 6)).toEqual([]);
    });
  });

  describe('capped counts', () => {
    test('are exact at or below the cap, and the cap as a lower bound above it', async () => {
      await insert(...Array.from({ length: 5 }, (_, i) => makeJob({ payload: { note: `needle ${i}` }, runAt: T0 - i })));
      await insert(makeJob({ payload: { note: 'hay' } }));
      const search: JobFilter = { search: 'needle' };
      expect(await store.jobs.countUpTo(ORG, search, 5)).toEqual({ count: 5, exact: true });
      expect(await store.jobs.countUpTo(ORG, search, 10)).toEqual({ count: 5, exact: true });
      expect(await store.jobs.countUpTo(ORG, search, 3)).toEqual({ count: 3, exact: false });
      const range: JobFilter = { createdAfter: T0 - 10, createdBefore: T0 + 10 };
      expect(await store.jobs.countUpTo(ORG, range, 2)).toEqual({ count: 2, exact: false });
      expect(await store.jobs.countUpTo(ORG, range, 6)).toEqual({ count: 6, exact: true });
      // Whatever the adapter answers a status filter from, what it says is true.
      const status = await store.jobs.countUpTo(ORG, { status: ['QUEUED'] }, 4);
      if (status.exact) expect(status.count).toBe(6);
      else expect(status.count).toBe(4);
      expect(await store.jobs.countUpTo(OTHER, search, 3)).toEqual({ count: 0, exact: true });
    });
  });
}
