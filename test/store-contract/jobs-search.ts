/**
 * The store contract for `JobFilter.search`, its meaning written once: the whole id, or a substring of
 * the type, of the payload's JSON or of the errors' JSON, in any case (beyond ASCII too); `%`, `_` and
 * quotes mean themselves. The in-memory filter live events use (domain/job-filter.ts) agrees.
 */
import { describe, expect, test } from 'vitest';
import { jobMatchesFilter } from '../../src/engine/domain/job-filter.js';
import type { Job, NewJob } from '../../src/engine/domain/types.js';
import { T0, ORG, OTHER, ids, sorted, error, type StoreHarness } from './harness.js';

/** The jobs the search cases run over (the one named `failed` FAILED with FAILED_MESSAGE). */
export const SEARCH_JOBS: Record<string, Partial<NewJob>> = {
  needle: { payload: { note: 'A Needle in the hay' } },
  percent: { payload: { note: '50% off' } },
  fifty: { payload: { note: '50 off' } },
  underscore: { payload: { code: 'a_b' } },
  axb: { payload: { code: 'axb' } },
  accents: { payload: { city: 'ÉCOLE Zürich' } },
  summarize: { type: 'summarize-long', payload: {} },
  failed: { payload: { step: 3 } },
};
export const FAILED_MESSAGE = 'boom 123457';

/** Each search and the names of the jobs it finds, given the stored jobs (for their ids). */
export function searchCases(jobs: Record<string, Job>): Array<[string, string[]]> {
  return [
    ['needle', ['needle']],
    ['NEEDLE IN', ['needle']],
    ['50%', ['percent']],
    ['50', ['percent', 'fifty']],
    ['a_b', ['underscore']],
    ['école', ['accents']],
    ['zürich', ['accents']],
    ['"note":"50', ['percent', 'fifty']],
    ['summarize', ['summarize']],
    ['boom 123457', ['failed']],
    ['boom 12345', ['failed']],
    ['boom 123458', []],
    ['  needle  ', ['needle']],
    [jobs.axb!.id, ['axb']],
    // Two characters: no trigram on SQLite, read row by row, same meaning.
    ['Xb', ['axb']],
    ['zebra', []],
    // A part of an id is not a search by id.
    [jobs.axb!.id.slice(-12), []],
  ];
}

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
      const jobs: Record<string, Job> = {};
      for (const [name, overrides] of Object.entries(SEARCH_JOBS)) {
        jobs[name] = name === 'failed' ? await jobIn('FAILED', overrides, { errorMessage: FAILED_MESSAGE }) : (await insert(makeJob(overrides)))[0]!;
      }
      await insert(makeJob({ orgId: OTHER, payload: { note: 'needle elsewhere' } }));
      const all = Object.values(jobs);
      for (const [search, want] of searchCases(jobs)) {
        const wanted = sorted(want.map((name) => jobs[name]!.id));
        expect(await searched(search), `search "${search}"`).toEqual(wanted);
        expect(sorted(ids(all.filter((j) => jobMatchesFilter(j, { search })))), `in memory "${search}"`).toEqual(wanted);
      }
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
