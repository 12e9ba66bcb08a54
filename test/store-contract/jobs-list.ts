/**
 * The store contract for listing and counting jobs: the pages of every order, filters, search, ids, org
 * scoping and cursors.
 */
import { beforeEach, describe, expect, test } from 'vitest';
import { ValidationError } from '../../src/engine/domain/errors.js';
import type { JobListQuery } from '../../src/engine/store/port.js';
import { JOB_ORDERS, type Job, type JobFilter, type JobOrder, type JobStatus } from '../../src/engine/domain/types.js';
import { T0, ORG, OTHER, ids, sorted, walkPages, type StoreHarness } from './harness.js';

export function defineJobsListContract(harness: StoreHarness): void {
  const { store, get, jobIn } = harness;
  /** Every page of a job list. */
  const walk = (query: Omit<JobListQuery, 'page'>, pageSize: number): Promise<Job[]> =>
    walkPages((page) => store.jobs.list({ ...query, page }), pageSize);

  describe('list and count', () => {
    const STATUSES: JobStatus[] = ['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
    let all: Job[];
    let parent: Job;
    let byIndex: Job[];
    let others: Job[];

    beforeEach(async () => {
      parent = await jobIn('SUCCEEDED', { createdAt: T0 - 100_000 }, { at: T0 + 20_000 });
      byIndex = [];
      for (let i = 0; i < 24; i++) {
        const status = STATUSES[(i * 7) % 5]!;
        byIndex.push(
          await jobIn(
            status,
            {
              type: ['alpha', 'beta', 'gamma'][i % 3]!,
              // Triples share createdAt, and priorities and finish times repeat: ties at page edges.
              createdAt: T0 + Math.floor(i / 3) * 1000,
              priority: (i % 4) - 2,
              payload: { i, text: i === 7 ? 'a needle in the hay' : 'only hay' },
              ...(i >= 10 && i <= 12 && { parentId: parent.id }),
            },
            { at: T0 + 10_000 + (i % 5) * 100, errorMessage: 'boom in step 3' },
          ),
        );
      }
      others = [];
      for (let i = 0; i < 6; i++) {
        others.push(
          await jobIn(STATUSES[i % 5]!, { orgId: OTHER, createdAt: T0 + i * 1000, payload: { text: 'a needle too' } }, { errorMessage: 'boom' }),
        );
      }
      all = await Promise.all([parent, ...byIndex].map((j) => get(j.id)));
    });

    const orderKey: Record<JobOrder, (j: Job) => number[]> = {
      CREATED_DESC: (j) => [-j.createdAt],
      CREATED_ASC: (j) => [j.createdAt],
      PRIORITY_DESC: (j) => [-j.priority, -j.createdAt],
      // Finished jobs newest finish first, then the unfinished ones newest created first.
      FINISHED_DESC: (j) => (j.finishedAt === undefined ? [0, -j.createdAt] : [-j.finishedAt, 0]),
    };
    const compareKeys = (a: number[], b: number[]) => {
      for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! - b[k]!;
      return 0;
    };

    for (const order of JOB_ORDERS) {
      test(`${order}: pages walk every job once, in order, and agree with count`, async () => {
        for (const pageSize of [4, 7, 100]) {
          const walked = await walk({ orgId: ORG, filter: {}, orderBy: order }, pageSize);
          expect(new Set(ids(walked)).size, 'no duplicates').toBe(walked.length);
          expect(sorted(ids(walked)), 'no gaps').toEqual(sorted(ids(all)));
          for (let k = 1; k < walked.length; k++) {
            expect(compareKeys(orderKey[order](walked[k - 1]!), orderKey[order](walked[k]!))).toBeLessThanOrEqual(0);
          }
        }
        expect(await store.jobs.count(ORG, {})).toBe(all.length);
      });
    }

    test('the last page says there is no next page; an exact fit has none either', async () => {
      const page = await store.jobs.list({ orgId: ORG, filter: {}, orderBy: 'CREATED_ASC', page: { first: all.length } });
      expect(page.items).toHaveLength(all.length);
      expect(page.hasNextPage).toBe(false);
      const short = await store.jobs.list({ orgId: ORG, filter: {}, orderBy: 'CREATED_ASC', page: { first: all.length - 1 } });
      expect(short.hasNextPage).toBe(true);
    });

    const cases: Array<[string, JobFilter, (j: Job, i: number) => boolean]> = [
      ['status QUEUED', { status: ['QUEUED'] }, (j) => j.status === 'QUEUED'],
      ['status SUCCEEDED or FAILED', { status: ['SUCCEEDED', 'FAILED'] }, (j) => j.status === 'SUCCEEDED' || j.status === 'FAILED'],
      ['type beta', { type: ['beta'] }, (j) => j.type === 'beta'],
      ['type alpha or gamma', { type: ['alpha', 'gamma'] }, (j) => j.type === 'alpha' || j.type === 'gamma'],
      ['status and type', { status: ['QUEUED', 'RUNNING'], type: ['alpha'] }, (j) => j.type === 'alpha' && (j.status === 'QUEUED' || j.status === 'RUNNING')],
      [
        'created between',
        { createdAfter: T0 + 2500, createdBefore: T0 + 5500 },
        (j) => j.createdAt > T0 + 2500 && j.createdAt < T0 + 5500,
      ],
      ['created after', { createdAfter: T0 + 6500 }, (j) => j.createdAt > T0 + 6500],
      ['parentId', { parentId: 'PARENT' }, (j) => j.parentId !== undefined],
      ['search in payload', { search: 'needle' }, (j) => (j.payload as { i?: number }).i === 7],
      ['search in errors', { search: 'boom in step' }, (j) => j.status === 'FAILED'],
      ['search by type', { search: 'gamma' }, (j) => j.type === 'gamma'],
      ['search that matches nothing', { search: 'zebra' }, () => false],
    ];

    for (const [label, rawFilter, expected] of cases) {
      test(`filter: ${label}`, async () => {
        const filter = rawFilter.parentId === 'PARENT' ? { ...rawFilter, parentId: parent.id } : rawFilter;
        const want = all.filter((j, i) => expected(j, i));
        if (label !== 'search that matches nothing') expect(want.length, 'the case selects something').toBeGreaterThan(0);
        // Every order: on SQLite some are one index range, some a merge of ranges, some a scan.
        for (const order of JOB_ORDERS) {
          const walked = await walk({ orgId: ORG, filter, orderBy: order }, 3);
          expect(new Set(ids(walked)).size).toBe(walked.length);
          expect(sorted(ids(walked))).toEqual(sorted(ids(want)));
          for (let k = 1; k < walked.length; k++) {
            expect(compareKeys(orderKey[order](walked[k - 1]!), orderKey[order](walked[k]!))).toBeLessThanOrEqual(0);
          }
        }
        expect(await store.jobs.count(ORG, filter)).toBe(want.length);
        // Capped at 2, unless counters answer exactly.
        const capped = await store.jobs.countUpTo(ORG, filter, 2);
        expect(capped).toEqual(capped.exact ? { count: want.length, exact: true } : { count: 2, exact: false });
        if (!capped.exact) expect(want.length).toBeGreaterThan(2);
        // Bulk actions pick the oldest first.
        const oldest = await store.jobs.findIds(ORG, filter, 2);
        expect(oldest).toHaveLength(Math.min(2, want.length));
        for (const id of oldest) expect(ids(want)).toContain(id);
        const newestOfPicked = Math.max(...oldest.map((id) => all.find((j) => j.id === id)!.createdAt));
        for (const j of want) if (!oldest.includes(j.id)) expect(j.createdAt).toBeGreaterThanOrEqual(newestOfPicked);
      });
    }

    test('search by id finds exactly that job', async () => {
      const target = byIndex[5]!;
      const found = await walk({ orgId: ORG, filter: { search: target.id }, orderBy: 'CREATED_DESC' }, 10);
      expect(ids(found)).toEqual([target.id]);
    });

    test('parentId filter lists the three children', async () => {
      const children = await walk({ orgId: ORG, filter: { parentId: parent.id }, orderBy: 'CREATED_ASC' }, 2);
      expect(sorted(ids(children))).toEqual(sorted(ids(byIndex.slice(10, 13))));
    });

    test('another org’s jobs never appear, and each org counts its own', async () => {
      for (const order of JOB_ORDERS) {
        const mine = await walk({ orgId: ORG, filter: {}, orderBy: order }, 5);
        expect(mine.every((j) => j.orgId === ORG)).toBe(true);
        const theirs = await walk({ orgId: OTHER, filter: {}, orderBy: order }, 5);
        expect(sorted(ids(theirs))).toEqual(sorted(ids(others)));
      }
      const searched = await walk({ orgId: ORG, filter: { search: 'needle' }, orderBy: 'CREATED_DESC' }, 10);
      expect(ids(searched)).toEqual([byIndex[7]!.id]);
      expect(await store.jobs.count(OTHER, {})).toBe(others.length);
      expect(await store.jobs.count('org-nobody', {})).toBe(0);
      expect(await store.jobs.count(ORG, { search: others[0]!.id })).toBe(0);
    });

    test('ids: only those jobs of the org, AND the other fields; an empty list matches none', async () => {
      const chosen = [byIndex[0]!, byIndex[4]!, byIndex[7]!, byIndex[13]!, byIndex[22]!];
      const filter: JobFilter = { ids: [...ids(chosen), others[0]!.id, 'no-such-job'] };
      for (const order of JOB_ORDERS) {
        const walked = await walk({ orgId: ORG, filter, orderBy: order }, 2);
        expect(sorted(ids(walked))).toEqual(sorted(ids(chosen)));
      }
      expect(await store.jobs.count(ORG, filter)).toBe(chosen.length);
      expect(sorted(await store.jobs.findIds(ORG, filter, 1000))).toEqual(sorted(ids(chosen)));
      // Another org sees only its own id among them.
      expect(await store.jobs.findIds(OTHER, filter, 1000)).toEqual([others[0]!.id]);

      const status: JobStatus[] = ['QUEUED', 'FAILED'];
      const narrowed = { ...filter, status, type: ['alpha', 'beta'] };
      const want = chosen.filter((j) => status.includes(j.status) && j.type !== 'gamma');
      expect(want.length, 'the case selects some but not all').toBeGreaterThan(0);
      expect(want.length).toBeLessThan(chosen.length);
      expect(sorted(ids(await walk({ orgId: ORG, filter: narrowed, orderBy: 'CREATED_DESC' }, 10)))).toEqual(sorted(ids(want)));
      expect(await store.jobs.count(ORG, narrowed)).toBe(want.length);
      expect(await store.jobs.count(ORG, { ...filter, search: 'needle' })).toBe(1);

      expect(await store.jobs.count(ORG, { ids: [] })).toBe(0);
      expect(await walk({ orgId: ORG, filter: { ids: [] }, orderBy: 'CREATED_ASC' }, 5)).toEqual([]);
      expect(await store.jobs.findIds(ORG, { ids: [], status: ['QUEUED'] }, 1000)).toEqual([]);
    });

    test('findIds returns matching ids of the org, capped', async () => {
      const beta = all.filter((j) => j.type === 'beta');
      const capped = await store.jobs.findIds(ORG, { type: ['beta'] }, 3);
      expect(capped).toHaveLength(3);
      expect(capped.every((id) => beta.some((j) => j.id === id))).toBe(true);
      expect(sorted(await store.jobs.findIds(ORG, { type: ['beta'] }, 1000))).toEqual(sorted(ids(beta)));
      expect(await store.jobs.findIds(OTHER, { search: 'needle in the hay' }, 1000)).toEqual([]);
    });

    test('a garbage cursor is a ValidationError', async () => {
      const garbage = ['not a cursor', Buffer.from('{"a":1}').toString('base64url'), Buffer.from('[]').toString('base64url')];
      for (const after of garbage) {
        await expect(
          store.jobs.list({ orgId: ORG, filter: {}, orderBy: 'CREATED_DESC', page: { first: 5, after } }),
        ).rejects.toBeInstanceOf(ValidationError);
      }
      // A key of the wrong length (finish order's cursors had two terms before) or of the wrong types.
      const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
      for (const key of [[T0, 'id'], ['x', 'y', 'z'], [T0, 0, 5]]) {
        await expect(
          store.jobs.list({ orgId: ORG, filter: {}, orderBy: 'FINISHED_DESC', page: { first: 5, after: cursor(key) } }),
        ).rejects.toBeInstanceOf(ValidationError);
      }
    });

    test('finish order after a made-up key (a finish time and a creation time both) reads on as from the nearest real key', async () => {
      const byFinish = await walk({ orgId: ORG, filter: {}, orderBy: 'FINISHED_DESC' }, 100);
      const finished = byFinish.filter((j) => j.finishedAt !== undefined);
      const pivot = finished[Math.floor(finished.length / 2)]!;
      const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
      // (t, 1, z) comes before every job finished at t (their middle term, 0, is below 1): the page
      // starts with them. (t, -1, z) comes after them all: it starts with those finished before t.
      for (const [middle, from] of [[1, (t: number) => t <= pivot.finishedAt!], [-1, (t: number) => t < pivot.finishedAt!]] as const) {
        const page = await store.jobs.list({ orgId: ORG, filter: {}, orderBy: 'FINISHED_DESC', page: { first: 100, after: cursor([pivot.finishedAt, middle, 'z']) } });
        expect(ids(page.items.map((i) => i.node))).toEqual(ids(byFinish.filter((j) => j.finishedAt === undefined || from(j.finishedAt))));
      }
    });
  });
}
