/**
 * The MongoDB adapter's job-metrics query, checked without a server: mingo evaluates it over the
 * documents of jobs driven through the SQLite adapter, and the metrics computed from what it selects
 * must equal the SQLite adapter's answer for several windows. The job counters built from the same
 * documents give SQLite's queue depth.
 */
import { find } from 'mingo';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import { computeMetrics } from '../../src/engine/domain/metrics.js';
import type { JobDoc } from '../../src/engine/store/mongo/documents.js';
import { METRICS_PROJECTION, docToMetricsTimes, metricsQuery } from '../../src/engine/store/mongo/metrics.js';
import { JobCounters, type JobCountDoc } from '../../src/engine/store/mongo/job-counts.js';
import { MingoCollection } from './mingo-collection.js';
import type { Store } from '../../src/engine/store/port.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import type { Job } from '../../src/engine/domain/types.js';

const T0 = 1_700_000_000_000;
const ORG = 'org-a';

let sqlite: Store;
let docs: JobDoc[];

/** Jobs in every state with varied times, two orgs, some from schedules. */
beforeAll(async () => {
  sqlite = openSqliteStore({ file: ':memory:' });
  const jobs: Job[] = [];
  for (let i = 0; i < 60; i++) {
    const type = ['alpha', 'beta', 'gamma'][i % 3]!;
    const createdAt = T0 - 5_000 + ((i * 733) % 20_000);
    const startedAt = createdAt + 50 + ((i * 97) % 3_000);
    const finishedAt = startedAt + 10 + ((i * 211) % 4_000);
    const [inserted] = await sqlite.jobs.insert([
      {
        id: newId(),
        orgId: i % 7 === 0 ? 'org-b' : ORG,
        type,
        priority: 1_000_000,
        payload: { i },
        maxAttempts: 1,
        runAt: i % 6 === 5 ? T0 + 1e9 : startedAt,
        createdAt,
        ...(i % 4 === 1 && { scheduleId: `s${i % 3}` }),
      },
    ]);
    const job = inserted!.job;
    const mode = i % 6; // 0, 1: succeeded; 2, 3: failed; 4: running; 5: queued
    if (mode < 5) {
      const [claimed] = await sqlite.jobs.claim({ workerId: 'w', limit: 1, now: startedAt, leaseMs: 1e9, types: [type], typeLimits: {} });
      expect(claimed?.id).toBe(job.id);
      if (mode < 4) {
        const outcome =
          mode < 2
            ? ({ kind: 'succeeded', result: null } as const)
            : ({ kind: 'failed', error: { message: 'no', retryable: false, attempt: 1, at: finishedAt } } as const);
        await sqlite.jobs.finishAttempts([{ jobId: job.id, workerId: 'w', outcome, now: finishedAt }]);
      }
    }
    jobs.push((await sqlite.jobs.get(job.id, job.orgId))!);
  }
  docs = jobs.map(({ id, ...rest }) => ({ ...rest, _id: id, payloadText: JSON.stringify(rest.payload) }) as JobDoc);
});
afterAll(async () => sqlite.close());

const windows: Array<[string, number, number, number]> = [
  ['the whole range in 1 s buckets', T0 - 6_000, T0 + 30_000, 1_000],
  ['a window in the middle, uneven last bucket', T0, T0 + 7_500, 2_000],
  ['one bucket', T0 + 3_000, T0 + 4_000, 60_000],
  ['before anything', T0 - 100_000, T0 - 90_000, 1_000],
];

test.each(windows)('%s: the mingo selection gives the SQLite answer', async (_name, since, until, bucketMs) => {
  const selected = find(docs, metricsQuery(ORG, since, until), METRICS_PROJECTION).all() as Array<Partial<JobDoc>>;
  const fromMongo = computeMetrics(selected.map(docToMetricsTimes), since, until, bucketMs);
  const fromSqlite = computeMetrics(await sqlite.jobs.metricsTimes(ORG, since, until), since, until, bucketMs);
  expect(fromMongo).toEqual(fromSqlite);
});

test('the figures are not trivial over the whole range', async () => {
  const m = computeMetrics(await sqlite.jobs.metricsTimes(ORG, T0 - 6_000, T0 + 30_000), T0 - 6_000, T0 + 30_000, 1_000);
  const sum = (points: Array<{ value: number }>) => points.reduce((a, p) => a + p.value, 0);
  expect(sum(m.finished)).toBeGreaterThan(0);
  expect(sum(m.failed)).toBeGreaterThan(0);
  expect(sum(m.queueDepth)).toBeGreaterThan(0);
  expect(m.byType.map((t) => t.type)).toEqual(['alpha', 'beta', 'gamma']);
  expect(m.bySchedule.length).toBeGreaterThan(0);
});

test('the selection keeps only the org and the window rule', () => {
  const since = T0;
  const until = T0 + 5_000;
  const selected = new Set((find(docs, metricsQuery(ORG, since, until)).all() as JobDoc[]).map((d) => d._id));
  for (const d of docs) {
    const expected = d.orgId === ORG && d.createdAt <= until && (d.finishedAt === undefined || d.finishedAt >= since);
    expect(selected.has(d._id), d._id).toBe(expected);
  }
});

test('the job counters give the SQLite answer: every org, by status and type, ordered', async () => {
  const jobs = new MingoCollection<JobDoc>();
  await jobs.insertMany(docs);
  const counters = new JobCounters(new MingoCollection<JobCountDoc>().collection);
  await counters.recount(jobs.collection);
  const fromMongo = await counters.byStatusAndType();
  const fromSqlite = await sqlite.jobs.countByStatusAndType();
  expect(fromMongo).toEqual(fromSqlite);
  expect(fromSqlite.reduce((sum, row) => sum + row.count, 0)).toBe(docs.length);
  expect(new Set(fromSqlite.map((row) => row.status))).toEqual(new Set(['QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED']));
});
