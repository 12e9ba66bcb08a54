/**
 * The store contract for `JobFilter.search`, its meaning written once: the whole id, or a substring of
 * the type, of the payload's JSON or of the errors' JSON, in any case (beyond ASCII too); `%`, `_` and
 * quotes mean themselves. The in-memory filter live events use (domain/job-filter.ts) agrees.
 */
import { describe, expect, test } from 'vitest';
import { jobMatchesFilter } from '../../src/engine/domain/job-filter.js';
import type { Job } from '../../src/engine/domain/types.js';
import { T0, ORG, OTHER, ids, sorted, error, type StoreHarness } from './harness.js';

export function defineJobsSearchContract(harness: StoreHarness): void {
  const { store, makeJob, insert, claim, jobIn } = harness;

  async function searched(search: string, orgId = ORG): Promise<string[]> {
    const page = await store.jobs.list({ orgId, filter: { search }, orderBy: 'CREATED_DESC', page: { first: 100 } });
    expect(page.hasNextPage).toBe(false);
    expect(await store.jobs.count(orgId, { search }), `count of "${search}"`).toBe(page.items.length);
    expect(await store.jobs.countUpTo(orgId, { search }, 1000), `countUpTo of "${search}"`).toEqual({ count: page.items.length, exact: true });
    return sorted(page.items.map((i) => i.node.id));
  }

  describe('search', () => {
    test('means the same on every store and in memory', async () => {
      const jobs: Record<string, Job> = {
        needle: (await insert(makeJob({ payload: { note: 'A Needle in the hay' } })))[0]!,
        percent: (await insert(makeJob({ payload: { note: '50% off' } })))[0]!,
        fifty: (await insert(makeJob({ payload: { note: '50 off' } })))[0]!,
        underscore: (await insert(makeJob({ payload: { code: 'a_b' } })))[0]!,
        axb: (await insert(makeJob({ payload: { code: 'axb' } })))[0]!,
        accents: (await insert(makeJob({ payload: { city: 'ÉCOLE Zürich' } })))[0]!,
        summarize: (await insert(makeJob({ type: 'summarize-long', payload: {} })))[0]!,
        failed: await jobIn('FAILED', { payload: { step: 3 } }, { errorMessage: 'boom 123457' }),
      };
      await insert(makeJob({ orgId: OTHER, payload: { note: 'needle elsewhere' } }));
      const all = Object.values(jobs);
      const cases: Array<[string, Job[]]> = [
        ['needle', [jobs.needle!]],
        ['NEEDLE IN', [jobs.needle!]],
        ['50%', [jobs.percent!]],
        ['50', [jobs.percent!, jobs.fifty!]],
        ['a_b', [jobs.underscore!]],
        ['école', [jobs.accents!]],
        ['zürich', [jobs.accents!]],
        ['"note":"50', [jobs.percent!, jobs.fifty!]],
        ['summarize', [jobs.summarize!]],
        ['boom 123457', [jobs.failed!]],
        ['boom 12345', [jobs.failed!]],
        ['boom 123458', []],
        ['  needle  ', [jobs.needle!]],
        [jobs.axb!.id, [jobs.axb!]],
        // Two characters: no trigram, read row by row, same meaning.
        ['Xb', [jobs.axb!]],
        ['zebra', []],
      ];
      for (const [search, want] of cases) {
        expect(await searched(search), `search "${search}"`).toEqual(sorted(ids(want)));
        expect(sorted(ids(all.filter((j) => jobMatchesFilter(j, { search })))), `in memory "${search}"`).toEqual(sorted(ids(want)));
      }
      // A part of an id is not a search by id.
      expect(await searched(jobs.axb!.id.slice(-12))).toEqual([]);
      expect(await searched('needle', OTHER)).toHaveLength(1);
    });

    test('follows a job’s errors as they are added, and forgets a deleted job', async () => {
      const [job] = await insert(makeJob({ runAt: T0 - 1, maxAttempts: 3 }));
      expect(await searched('quota exhausted')).toEqual([]);
      await claim({ now: T0 });
      await store.jobs.finishAttempts([{ jobId: job!.id, workerId: 'w1', now: T0 + 1, outcome: { kind: 'retry', error: error('Quota exhausted for gpt-x'), runAt: T0 + 2 } }]);
      expect(await searched('quota exhausted')).toEqual([job!.id]);
      await claim({ now: T0 + 2 });
      await store.jobs.finishAttempts([{ jobId: job!.id, workerId: 'w1', now: T0 + 3, outcome: { kind: 'failed', error: error('bad gateway', 2, { retryable: false }) } }]);
      expect(await searched('quota exhausted')).toEqual([job!.id]);
      expect(await searched('bad gateway')).toEqual([job!.id]);
      expect(await store.jobs.deleteFinished(ORG, [job!.id])).toEqual([job!.id]);
      expect(await searched('bad gateway')).toEqual([]);
      expect(await searched('quota exhausted')).toEqual([]);
    });
  });
}
