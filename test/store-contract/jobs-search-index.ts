/**
 * The store contract for a search while a store's search index (port.ts JobSearchIndexRepository)
 * is partly built: whatever the index holds, a search finds what the in-memory rule
 * (domain/job-filter.ts) finds over the org's jobs, in list order, with the same pages and counts.
 * Jobs are made, run, failed, retried, cancelled and deleted at random between partial index steps.
 * A store without an index answers the same: its steps are no-ops here.
 */
import { describe, expect, test } from 'vitest';
import { jobMatchesFilter } from '../../src/engine/domain/job-filter.js';
import { jobCursor } from '../../src/engine/domain/list-orders.js';
import type { Job, JobFilter, JobOrder } from '../../src/engine/domain/types.js';
import { T0, ORG, OTHER, error, walkPages, type StoreHarness } from './harness.js';

/** A small seeded generator (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Words payloads and errors are made of: cases, accents, non-Latin letters, quotes, % and _. */
const WORDS = ['Needle', 'hay', 'ÉCOLE', 'zürich', '50%', 'a_b', 'qu"ote', "it's", 'ΣΊΣΥΦΟΣ', 'İstanbul', 'Straße', 'boom 12', 'x'];
/** Searched after every step: words, parts of them, across JSON punctuation, two characters, none. */
const TERMS = ['needle', 'NEEDLE', 'eed', 'école', 'ZÜRICH', '50%', '0%', 'a_b', '_b', 'qu"ote', '"ote', "t's", 'σίσυφος', 'σύφ',
  'istanbul', 'straße', 'STRASSE', 'boom', 'boom 12', 'oom 1', 'gamma', 'beta', '"note":"hay', 'hay"', 'ha', 'zz', 'nothing here'];

export function defineJobsSearchIndexContract(harness: StoreHarness): void {
  const { store, makeJob, insert, claim, finish } = harness;

  async function step(maxJobs: number): Promise<void> {
    if (maxJobs > 0) await store.jobSearchIndex?.step(maxJobs);
  }

  async function allJobs(orgId: string): Promise<Job[]> {
    return walkPages((page) => store.jobs.list({ orgId, filter: {}, orderBy: 'CREATED_DESC', page }), 500);
  }

  /** Every term's pages, counts and ids found equal the in-memory rule's over the jobs there are. */
  async function expectSameAsInMemory(label: string, terms: string[]): Promise<void> {
    const jobs = await allJobs(ORG);
    for (const search of terms) {
      const filter: JobFilter = { search };
      const want = jobs.filter((j) => jobMatchesFilter(j, filter)).map((j) => j.id);
      const got = await walkPages((page) => store.jobs.list({ orgId: ORG, filter, orderBy: 'CREATED_DESC', page }), 3);
      expect(got.map((j) => j.id), `${label}: search "${search}"`).toEqual(want);
      expect(await store.jobs.count(ORG, filter), `${label}: count "${search}"`).toBe(want.length);
      expect(await store.jobs.countUpTo(ORG, filter, 2), `${label}: countUpTo "${search}"`).toEqual({
        count: Math.min(want.length, 2),
        exact: want.length <= 2,
      });
      // Oldest first, as bulk actions read them.
      expect(await store.jobs.findIds(ORG, filter, 1000), `${label}: findIds "${search}"`).toEqual([...want].reverse());
    }
  }

  describe('search while the index is partly built', () => {
    test('finds what the in-memory rule finds at every step, whatever the index holds', async () => {
      const rand = random(20261204);
      const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
      const text = () => Array.from({ length: 1 + Math.floor(rand() * 3) }, () => pick(WORDS)).join(' ');
      let at = T0;
      for (let round = 0; round < 14; round++) {
        // New jobs, a few in another org with the same words.
        for (let i = 0, n = 1 + Math.floor(rand() * 4); i < n; i++) {
          at += 10;
          const orgId = rand() < 0.2 ? OTHER : ORG;
          await insert(makeJob({ orgId, type: pick(['alpha', 'beta', 'gamma']), payload: { note: text() }, runAt: T0, createdAt: at, maxAttempts: 3 }));
        }
        await step(Math.floor(rand() * 4));
        // Some attempts: retried (an error added, QUEUED again), failed, or succeeded.
        at += 10;
        for (const job of await claim({ now: at, limit: 1 + Math.floor(rand() * 3) })) {
          const roll = rand();
          const outcome =
            roll < 0.4 && job.attempt < job.maxAttempts
              ? { kind: 'retry' as const, error: error(text(), job.attempt), runAt: at }
              : roll < 0.7
                ? { kind: 'failed' as const, error: error(text(), job.attempt, { retryable: false }) }
                : { kind: 'succeeded' as const, result: { ok: true } };
          await finish(job.id, outcome, at, 'w1');
        }
        await step(Math.floor(rand() * 4));
        const jobs = await allJobs(ORG);
        const queued = jobs.filter((j) => j.status === 'QUEUED');
        if (queued.length && rand() < 0.4) await store.jobs.requestCancel(pick(queued).id, ORG, at);
        // A finished job deleted, often the newest: its rowid may be handed to the next new job.
        const finished = jobs.filter((j) => ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(j.status));
        if (finished.length && rand() < 0.5) await store.jobs.deleteFinished(ORG, [rand() < 0.5 ? finished[0]!.id : pick(finished).id]);
        await step(Math.floor(rand() * 3));
        await expectSameAsInMemory(`round ${round}`, rand() < 0.5 ? TERMS : [...TERMS.slice(0, 8), pick(jobs).id]);
      }
      // And once the index has caught up.
      for (let i = 0; i < 50; i++) await step(1000);
      await expectSameAsInMemory('caught up', TERMS);
    });

    test('jobs that take the places of deleted ones, indexed or not, are found and the deleted ones never', async () => {
      const made = await insert(...['old needle 1', 'old needle 2', 'old needle 3'].map((note, i) => makeJob({ payload: { note }, createdAt: T0 + i })));
      for (const job of await claim({ now: T0, limit: 3 })) await finish(job.id, { kind: 'succeeded', result: {} }, T0 + 5);
      await step(1000);
      await expectSameAsInMemory('indexed', ['old needle', 'needle']);
      // Every job deleted: new jobs may get the same rowids as the deleted ones.
      expect(await store.jobs.deleteFinished(ORG, made.map((j) => j.id))).toHaveLength(3);
      await insert(...['new needle 1', 'new hay 2'].map((note, i) => makeJob({ payload: { note }, createdAt: T0 + 10 + i })));
      await expectSameAsInMemory('not indexed', ['old needle', 'new needle', 'needle', 'hay']);
      await step(1);
      await expectSameAsInMemory('one indexed', ['old needle', 'new needle', 'needle', 'hay']);
      await step(1000);
      await expectSameAsInMemory('indexed again', ['old needle', 'new needle', 'needle', 'hay']);
      expect(await store.jobs.count(ORG, { search: 'needle' })).toBe(1);
    });

    test('finds errors of jobs that failed before they were indexed, and of jobs that failed after', async () => {
      const [early] = await insert(makeJob({ payload: { note: 'early' }, createdAt: T0 }));
      await claim({ now: T0, limit: 1 });
      await finish(early!.id, { kind: 'failed', error: error('Upstream Timeout early', 1, { retryable: false }) }, T0 + 1);
      const [late] = await insert(makeJob({ payload: { note: 'late' }, createdAt: T0 + 10 }));
      await step(1000);
      const terms = ['upstream timeout', 'timeout late', 'timeout early', 'retry soon'];
      await expectSameAsInMemory('one failed, one queued', terms);
      await claim({ now: T0 + 20, limit: 1 });
      await finish(late!.id, { kind: 'retry', error: error('retry soon', 1), runAt: T0 + 30 }, T0 + 21);
      await expectSameAsInMemory('retried, not indexed again', terms);
      await step(1000);
      await claim({ now: T0 + 30, limit: 1 });
      await finish(late!.id, { kind: 'failed', error: error('upstream TIMEOUT late', 2, { retryable: false }) }, T0 + 31);
      await expectSameAsInMemory('failed, not indexed again', terms);
      await step(1000);
      await expectSameAsInMemory('failed, indexed again', terms);
      expect(await store.jobs.count(ORG, { search: 'upstream timeout' })).toBe(2);
    });

    test('pages in every order and after a cursor, from the index and without it', async () => {
      for (let i = 0; i < 12; i++) {
        await insert(makeJob({ type: i % 2 ? 'alpha' : 'beta', priority: i % 3, payload: { note: i % 4 ? `needle ${i}` : `hay ${i}` }, createdAt: T0 + i * 7 }));
      }
      for (const job of await claim({ now: T0, limit: 5 })) await finish(job.id, { kind: 'succeeded', result: {} }, T0 + 100 + job.createdAt - T0);
      const orders: JobOrder[] = ['CREATED_DESC', 'CREATED_ASC', 'PRIORITY_DESC', 'FINISHED_DESC'];
      for (const indexed of [false, true]) {
        if (indexed) await step(1000);
        for (const orderBy of orders) {
          const filter: JobFilter = { search: 'needle', status: ['QUEUED', 'SUCCEEDED'] };
          const want = (await walkPages((page) => store.jobs.list({ orgId: ORG, filter: { status: filter.status }, orderBy, page }), 100))
            .filter((j) => jobMatchesFilter(j, filter))
            .map((j) => j.id);
          const got = await walkPages((page) => store.jobs.list({ orgId: ORG, filter, orderBy, page }), 2);
          expect(got.map((j) => j.id), `${orderBy}, indexed: ${indexed}`).toEqual(want);
          // A page that starts after a cursor the list gave.
          const first = await store.jobs.list({ orgId: ORG, filter, orderBy, page: { first: 3 } });
          const after = jobCursor(orderBy, first.items[2]!.node);
          const rest = await store.jobs.list({ orgId: ORG, filter, orderBy, page: { first: 100, after } });
          expect(rest.items.map((i) => i.node.id)).toEqual(want.slice(3));
        }
      }
    });
  });
}
