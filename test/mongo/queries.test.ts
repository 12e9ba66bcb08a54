/**
 * The MongoDB adapter's query, sort and update documents, checked without a server: mingo (a
 * JavaScript implementation of MongoDB's query language) evaluates them over documents, and the
 * answers are compared with the SQLite adapter's over the same jobs.
 */
import { find, updateOne } from 'mingo';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import { docToJob, newJobDoc, type JobDoc } from '../../src/engine/store/mongo/documents.js';
import {
  CLAIM_SORT,
  claimAfter,
  claimFilter,
  claimUpdate,
  FINISHED_SORT,
  finishedParts,
  jobAfter,
  jobFilterQuery,
  jobSort,
  OPEN_SORT,
  outcomeUpdate,
  recoveryUpdate,
} from '../../src/engine/store/mongo/queries.js';
import { jobCursor } from '../../src/engine/domain/list-orders.js';
import type { Store } from '../../src/engine/store/port.js';
import type { ClaimRequest } from '../../src/engine/domain/claim-sharing.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import { JOB_ORDERS, type JobFilter, type JobOrder, type NewJob } from '../../src/engine/domain/types.js';
import { ValidationError } from '../../src/engine/domain/errors.js';

const T0 = 1_700_000_000_000;
const ORG = 'org-a';

/** A varied set of jobs: ties on createdAt and priority, finished and unfinished, two orgs. */
function makeJobs(): NewJob[] {
  const jobs: NewJob[] = [];
  for (let i = 0; i < 40; i++) {
    jobs.push({
      id: newId(),
      orgId: i % 7 === 0 ? 'org-b' : ORG,
      type: ['alpha', 'beta', 'gamma'][i % 3]!,
      priority: [0, 5, -1][i % 3]!,
      payload: { n: i, text: i % 5 === 0 ? 'Needle in payload' : 'hay' },
      maxAttempts: 3,
      runAt: T0 + (i % 4) * 1000,
      createdAt: T0 + Math.floor(i / 3) * 10, // three jobs share each createdAt
      ...(i % 6 === 0 && { parentId: 'parent-1' }),
    });
  }
  return jobs;
}

let sqlite: Store;
let docs: JobDoc[];

beforeAll(async () => {
  sqlite = openSqliteStore({ file: ':memory:' });
  const jobs = makeJobs();
  await sqlite.jobs.insert(jobs);
  docs = jobs.map(newJobDoc);
  // Finish some jobs, the same way on both sides.
  for (const [i, doc] of docs.entries()) {
    if (i % 4 !== 0) continue;
    const finishedAt = T0 + 100_000 + (i % 8) * 10; // ties on finishedAt too
    doc.status = i % 8 === 0 ? 'SUCCEEDED' : 'FAILED';
    doc.finishedAt = finishedAt;
    if (doc.status === 'FAILED') doc.errors = [{ message: 'Boom: upstream timeout', retryable: true, attempt: 1, at: finishedAt }];
  }
  // SQLite gets the same states through its own port: claim everything, then finish the same ones.
  const claimed = await sqlite.jobs.claim({ workerId: 'w', limit: 100, now: T0 + 10_000, leaseMs: 1000, types: ['alpha', 'beta', 'gamma'], typeLimits: {} });
  expect(claimed).toHaveLength(40);
  await sqlite.jobs.finishAttempts(
    docs.map((doc) => {
      const now = doc.finishedAt ?? 0;
      if (doc.status === 'SUCCEEDED') return { jobId: doc._id, workerId: 'w', now, outcome: { kind: 'succeeded' as const, result: null } };
      if (doc.status === 'FAILED') return { jobId: doc._id, workerId: 'w', now, outcome: { kind: 'failed' as const, error: doc.errors[0]! } };
      return { jobId: doc._id, workerId: 'w', now: T0, outcome: { kind: 'released' as const } };
    }),
  );
});
afterAll(async () => sqlite.close());

const ids = (list: JobDoc[]) => list.map((d) => d._id);

describe('filters mean what the SQLite adapter means', () => {
  const filters: Array<[string, JobFilter]> = [
    ['no filter', {}],
    ['status', { status: ['FAILED', 'SUCCEEDED'] }],
    ['type', { type: ['beta'] }],
    ['status and type', { status: ['QUEUED'], type: ['alpha', 'gamma'] }],
    ['created range (after inclusive, before exclusive)', { createdAfter: T0 + 30, createdBefore: T0 + 80 }],
    ['parent', { parentId: 'parent-1' }],
    ['search in payload, any case', { search: 'needle' }],
    ['search in errors', { search: 'UPSTREAM' }],
    ['search by id', { search: '' }],
    ['regex characters are literal', { search: 'hay.*' }],
  ];
  test.each(filters)('%s', async (_name, filter) => {
    const f = filter.search === '' ? { search: docs[3]!._id } : filter;
    const fromMongo = ids(find(docs, jobFilterQuery(ORG, f)).sort({ createdAt: 1, _id: 1 }).all() as JobDoc[]);
    const fromSqlite = await sqlite.jobs.findIds(ORG, f, 1000);
    expect(fromMongo).toEqual(fromSqlite);
  });

  test('ids: alone, AND the other fields, ids of another org or of no job, an empty list', async () => {
    // Every third job (some of them org-b's) and an id no job has.
    const chosen = [...docs.filter((_d, i) => i % 3 === 1).map((d) => d._id), 'no-such-job'];
    const filters: JobFilter[] = [
      { ids: chosen },
      { ids: chosen, status: ['FAILED', 'SUCCEEDED'] },
      { ids: chosen, type: ['alpha', 'beta'], search: 'needle' },
      { ids: chosen, createdAfter: T0 + 30, parentId: 'parent-1' },
      { ids: [docs[0]!._id], search: docs[0]!._id },
      { ids: [] },
      { ids: [], status: ['QUEUED'] },
    ];
    for (const [org, filter] of [ORG, 'org-b'].flatMap((org) => filters.map((f) => [org, f] as const))) {
      const fromMongo = ids(find(docs, jobFilterQuery(org, filter)).sort({ createdAt: 1, _id: 1 }).all() as JobDoc[]);
      const fromSqlite = await sqlite.jobs.findIds(org, filter, 1000);
      expect(fromMongo, JSON.stringify({ org, filter })).toEqual(fromSqlite);
    }
    const mine = await sqlite.jobs.findIds(ORG, { ids: chosen }, 1000);
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.length).toBeLessThan(chosen.length - 1);
    expect(await sqlite.jobs.findIds(ORG, { ids: chosen, status: ['FAILED', 'SUCCEEDED'] }, 1000)).not.toEqual([]);
  });
});

describe('keyset pagination walks every order without gaps or repeats, in the SQLite order', () => {
  const sorted = (query: object, sort: unknown, limit = 1000) => find(docs, query).sort(sort as Record<string, 1 | -1>).limit(limit).all() as JobDoc[];
  /** A page of four as the adapter reads it: finish order in its two parts (finishedParts). */
  const pageOf = (order: JobOrder, cursor: string | undefined): JobDoc[] => {
    const org = jobFilterQuery(ORG, {});
    if (order !== 'FINISHED_DESC') return sorted(cursor === undefined ? org : { $and: [org, jobAfter(order, cursor)] }, jobSort(order), 4);
    const parts = finishedParts(cursor);
    const finished = parts.finished ? sorted({ $and: [org, parts.finished] }, FINISHED_SORT, 4) : [];
    return [...finished, ...(parts.open && finished.length < 4 ? sorted({ $and: [org, parts.open] }, OPEN_SORT, 4 - finished.length) : [])];
  };

  test.each(JOB_ORDERS.map((o) => [o]))('%s', async (order) => {
    const org = jobFilterQuery(ORG, {});
    // The whole order: in finish order the finished jobs, then the others newest created first.
    const whole =
      order === 'FINISHED_DESC'
        ? [...sorted({ $and: [org, { finishedAt: { $exists: true } }] }, FINISHED_SORT), ...sorted({ $and: [org, { finishedAt: { $exists: false } }] }, OPEN_SORT)]
        : sorted(org, jobSort(order));
    const all = ids(whole);
    expect(all.length).toBeGreaterThan(8);
    const walked: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 50; page++) {
      const batch = pageOf(order, cursor);
      if (batch.length === 0) break;
      walked.push(...ids(batch));
      cursor = jobCursor(order, docToJob(batch.at(-1)!));
    }
    expect(walked).toEqual(all);
    const sqliteOrder = (await sqlite.jobs.list({ orgId: ORG, filter: {}, orderBy: order, page: { first: 100 } })).items.map((i) => i.node.id);
    expect(all).toEqual(sqliteOrder);
  });

  test('a cursor from another order or garbage is an input error', () => {
    expect(() => jobAfter('PRIORITY_DESC', jobCursor('CREATED_DESC', docToJob(docs[0]!)))).toThrow(ValidationError);
    expect(() => jobAfter('CREATED_DESC', 'not a cursor')).toThrow(ValidationError);
  });
});

describe('claims', () => {
  const request = (overrides: Partial<ClaimRequest> = {}): ClaimRequest => ({
    workerId: 'w2',
    limit: 1,
    now: T0 + 1500,
    leaseMs: 30_000,
    types: ['alpha', 'beta', 'gamma'],
    typeLimits: {},
    ...overrides,
  });
  const queued = () => docs.filter((d) => d.status === 'QUEUED');

  test('the claim filter and sort pick due jobs by priority, then runAt', () => {
    const picked = find(queued(), claimFilter(request(), ['alpha', 'beta', 'gamma'], [])).sort(CLAIM_SORT as Record<string, 1 | -1>).all() as JobDoc[];
    expect(picked.length).toBeGreaterThan(0);
    expect(picked.every((d) => d.runAt <= T0 + 1500)).toBe(true);
    const keys = picked.map((d) => [-d.priority, d.runAt, d._id] as const);
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : 1));
    expect(keys).toEqual(sorted);
  });

  test("an org's next candidates resume right after the last one read, in claim order", () => {
    const all = find(queued(), { ...claimFilter(request(), ['alpha', 'beta', 'gamma'], []), orgId: ORG }).sort(CLAIM_SORT as Record<string, 1 | -1>).all() as JobDoc[];
    expect(all.length).toBeGreaterThan(4);
    for (const at of [0, 2, all.length - 2]) {
      const key = { id: all[at]!._id, priority: all[at]!.priority, runAt: all[at]!.runAt };
      const rest = find(queued(), { ...claimFilter(request(), ['alpha', 'beta', 'gamma'], []), orgId: ORG, ...claimAfter(key) })
        .sort(CLAIM_SORT as Record<string, 1 | -1>)
        .all() as JobDoc[];
      expect(rest.map((d) => d._id)).toEqual(all.slice(at + 1).map((d) => d._id));
    }
  });

  test('types not asked for and full orgs are skipped', () => {
    const picked = find(queued(), claimFilter(request(), ['beta'], ['org-b'])).all() as JobDoc[];
    expect(picked.length).toBeGreaterThan(0);
    expect(picked.every((d) => d.type === 'beta' && d.orgId !== 'org-b')).toBe(true);
  });

  test('the claim update starts an attempt and takes the lease', () => {
    const doc = structuredClone(queued()[0]!);
    updateOne([doc], { _id: doc._id }, claimUpdate(request(), { holder: 'holder-1', count: 2 }) as never);
    expect(doc).toMatchObject({ status: 'RUNNING', attempt: 1, leaseOwner: 'w2', leaseExpiresAt: T0 + 31_500, startedAt: T0 + 1500, slotHolder: 'holder-1', slotCount: 2 });
  });
});

describe('attempt outcomes and lease recovery update the document like the SQLite adapter', () => {
  const running = (): JobDoc => {
    const doc = structuredClone(newJobDoc({ id: newId(), orgId: ORG, type: 'alpha', priority: 0, payload: {}, maxAttempts: 2, runAt: T0, createdAt: T0 }));
    updateOne([doc], { _id: doc._id }, claimUpdate({ workerId: 'w', limit: 1, now: T0, leaseMs: 1000, types: [], typeLimits: {} }, { holder: 'h', count: 1 }) as never);
    return doc;
  };
  const apply = (doc: JobDoc, update: object) => {
    updateOne([doc], { _id: doc._id }, update as never);
    return docToJob(doc);
  };
  const error = { message: 'nope', retryable: true, attempt: 1, at: T0 + 5 };

  test('succeeded', () => {
    const job = apply(running(), outcomeUpdate({ kind: 'succeeded', result: { ok: 1 } }, T0 + 5));
    expect(job).toMatchObject({ status: 'SUCCEEDED', result: { ok: 1 }, finishedAt: T0 + 5, attempt: 1 });
    expect(job.leaseOwner).toBeUndefined();
    expect(job.leaseExpiresAt).toBeUndefined();
  });
  test('retry keeps the error and waits', () => {
    const job = apply(running(), outcomeUpdate({ kind: 'retry', error, runAt: T0 + 900 }, T0 + 5));
    expect(job).toMatchObject({ status: 'QUEUED', runAt: T0 + 900, errors: [error], attempt: 1 });
    expect(job.finishedAt).toBeUndefined();
  });
  test('failed, cancelled with and without an error', () => {
    expect(apply(running(), outcomeUpdate({ kind: 'failed', error }, T0 + 5))).toMatchObject({ status: 'FAILED', errors: [error], finishedAt: T0 + 5 });
    expect(apply(running(), outcomeUpdate({ kind: 'cancelled', error }, T0 + 5))).toMatchObject({ status: 'CANCELLED', errors: [error] });
    expect(apply(running(), outcomeUpdate({ kind: 'cancelled' }, T0 + 5))).toMatchObject({ status: 'CANCELLED', errors: [] });
  });
  test('released gives the attempt back', () => {
    const job = apply(running(), outcomeUpdate({ kind: 'released' }, T0 + 5));
    expect(job).toMatchObject({ status: 'QUEUED', attempt: 0, errors: [] });
    expect(job.leaseOwner).toBeUndefined();
  });
  test('recovery re-queues, fails when attempts are spent, cancels when cancel was asked', () => {
    const doc = running();
    const requeued = apply(doc, recoveryUpdate(doc, T0 + 2000));
    expect(requeued).toMatchObject({ status: 'QUEUED', runAt: T0 + 2000, errors: [{ code: 'LEASE_EXPIRED', retryable: true, attempt: 1 }] });
    const spent = running();
    spent.attempt = 2;
    expect(apply(spent, recoveryUpdate(spent, T0 + 2000))).toMatchObject({ status: 'FAILED', finishedAt: T0 + 2000 });
    const asked = running();
    asked.cancelRequested = true;
    expect(apply(asked, recoveryUpdate(asked, T0 + 2000))).toMatchObject({ status: 'CANCELLED' });
  });
});
