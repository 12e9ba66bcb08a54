/**
 * Metrics from per-minute rollups (domain/metrics-rollup.ts) on the real SQLite store: after rolling,
 * the service answers from rolled minutes plus the jobs not rolled yet, and its figures are the ones
 * read job by job (counts and queue depth equal, p95 durations within 5 %).
 */
import { describe, expect, test } from 'vitest';
import { computeMetrics, type JobMetrics } from '../src/engine/domain/metrics.js';
import { ceilMinute, MINUTE_MS } from '../src/engine/domain/metrics-rollup.js';
import { MetricsService } from '../src/engine/services/metrics-service.js';
import type { AttemptOutcome } from '../src/engine/store/port.js';
import { openSqliteStore } from '../src/engine/store/sqlite/index.js';
import { MongoMetricsRollupRepository } from '../src/engine/store/mongo/metrics-rollups.js';
import { MingoCollection } from './mongo/mingo-collection.js';
import { useTempDirs } from './helpers/tmp.js';
import { error, ORG, OTHER, T0, useStoreHarness } from './store-contract/harness.js';

const tmp = useTempDirs('jobcenter-rollups-');
const B = ceilMinute(T0);
const MIN = MINUTE_MS;

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('metrics from rollups (sqlite)', () => {
  const h = useStoreHarness(() => openSqliteStore({ file: tmp.file() }));
  const service = () => new MetricsService(h.store);

  /** A job run through the port with explicit times (alone in its queue, so the claim takes it). */
  async function ran(type: string, createdAt: number, startedAt: number, finishedAt: number | undefined, ok: boolean, extra = {}) {
    const [job] = await h.insert(h.makeJob({ type, createdAt, runAt: startedAt, maxAttempts: 1, ...extra }));
    const claimed = await h.claim({ limit: 1, now: startedAt, types: [type] });
    expect(claimed.map((j) => j.id)).toEqual([job!.id]);
    if (finishedAt === undefined) return;
    const outcome: AttemptOutcome = ok ? { kind: 'succeeded', result: null } : { kind: 'failed', error: error('no', 1, { retryable: false }) };
    await h.finish(job!.id, outcome, finishedAt, 'w1');
  }

  /** ~250 jobs over [B - 30 min, B + 2 h]: mixed types, schedules, outcomes, some still queued or running. */
  async function seed(orgId = ORG) {
    const next = random(7);
    const pick = <T>(xs: T[]) => xs[Math.floor(next() * xs.length)]!;
    for (let i = 0; i < 220; i++) {
      const created = B - 30 * MIN + Math.floor(next() * 150 * MIN);
      const started = created + Math.floor(next() * 20 * MIN);
      const finished = started + Math.floor(next() * (next() < 0.5 ? 200 : 5 * MIN));
      const schedule = pick([undefined, 's1', 's2']);
      await ran(pick(['alpha', 'beta', 'gamma']), created, started, finished, next() < 0.8, {
        orgId,
        ...(schedule && { scheduleId: schedule }),
      });
    }
    // Ten jobs finishing in the same millisecond: more than a rolling chunk.
    for (let i = 0; i < 10; i++) await ran('beta', B + 40 * MIN, B + 41 * MIN, B + 45 * MIN, true, { orgId });
    for (let i = 0; i < 6; i++) {
      await ran('alpha', B + i * 7 * MIN + i * 997, B + i * 9 * MIN + 13, undefined, true, { orgId, ...(i % 2 === 0 && { scheduleId: 's1' }) }); // running
    }
    for (let i = 0; i < 8; i++) {
      const scheduled = i % 3 === 0 ? { scheduleId: 's3' } : {};
      await h.insert(h.makeJob({ orgId, type: 'gamma', createdAt: B + i * 11 * MIN + i * 1_001, runAt: B + 1e12, ...scheduled })); // queued
    }
  }

  const exact = async (since: number, until: number, bucketMs: number) =>
    computeMetrics(await h.store.jobs.metricsTimes(ORG, since, until), since, until, bucketMs);
  const viaService = (since: number, until: number, bucketMs: number) =>
    service().jobs({ orgId: ORG, userId: 'u' }, { since, until, bucketSeconds: bucketMs / 1000 });

  /** Counts and depth equal; p95 durations within 5 % below the exact ones. */
  function expectSame(got: JobMetrics, want: JobMetrics) {
    expect(got.finished).toEqual(want.finished);
    expect(got.failed).toEqual(want.failed);
    expect(got.queueDepth).toEqual(want.queueDepth);
    const rows = <T extends { p95DurationMs?: number }>(xs: T[]) => xs.map(({ p95DurationMs: _p, ...rest }) => rest);
    expect(rows(got.byType)).toEqual(rows(want.byType));
    expect(rows(got.bySchedule)).toEqual(rows(want.bySchedule));
    for (const [g, w] of [...got.byType.map((g, i) => [g, want.byType[i]!]), ...got.bySchedule.map((g, i) => [g, want.bySchedule[i]!])]) {
      if (w!.p95DurationMs === undefined) expect(g!.p95DurationMs).toBeUndefined();
      else {
        expect(g!.p95DurationMs).toBeLessThanOrEqual(w!.p95DurationMs);
        expect(g!.p95DurationMs).toBeGreaterThanOrEqual(Math.floor(w!.p95DurationMs * 0.95));
      }
    }
  }

  test('rolled in small chunks, each job once: windows answer as read job by job', async () => {
    await seed();
    await seed(OTHER);
    const rollups = h.store.metricsRollups!;
    const upTo = B + 70 * MIN + 1234;
    let rolled = 0;
    for (;;) {
      const step = await rollups.roll(ORG, upTo, 7);
      rolled += step.rolled;
      if (step.done) break;
    }
    expect(rolled).toBe(await exactFinishedBefore(upTo));
    expect(await rollups.roll(ORG, upTo, 7)).toEqual({ rolled: 0, done: true });

    const windows: Array<[number, number, number]> = [
      [B - 60 * MIN, B + 180 * MIN, 10 * MIN],
      [B, B + 97 * MIN + 12_345, MIN], // ends mid-minute, after the mark
      [B + 5 * MIN, B + 65 * MIN, 5 * MIN], // ends before the mark, on a whole minute
      [B + 20 * MIN, B + 21 * MIN, MIN],
    ];
    for (const [since, until, bucketMs] of windows) {
      const read = await rollups.window(ORG, since, until);
      const all = await h.store.jobs.metricsTimes(ORG, since, until);
      expect(read.jobs.length).toBeLessThan(all.length); // the rolled jobs are not read again
      expectSame(await viaService(since, until, bucketMs), await exact(since, until, bucketMs));
    }
    // Windows rollups cannot answer are read job by job, with the same result.
    expectSame(await viaService(B + 5 * MIN, B + 65 * MIN - 1, 5 * MIN), await exact(B + 5 * MIN, B + 65 * MIN - 1, 5 * MIN));
    expectSame(await viaService(B, B + 90 * MIN, 90_000), await exact(B, B + 90 * MIN, 90_000));
    expect((await viaService(B - 60 * MIN, B + 180 * MIN, 10 * MIN)).byType.length).toBeGreaterThan(0);
  });

  test('jobs finishing after the mark are read one by one and counted once; other orgs stay apart', async () => {
    await seed();
    const rollups = h.store.metricsRollups!;
    while (!(await rollups.roll(ORG, B + 30 * MIN, 50)).done);
    await ran('delta', B + 100 * MIN, B + 101 * MIN, B + 102 * MIN, true);
    await ran('delta', B + 10 * MIN, B + 12 * MIN, B + 13 * MIN, true, { orgId: OTHER });
    while (!(await rollups.roll(OTHER, B + 200 * MIN, 50)).done);
    const got = await viaService(B, B + 180 * MIN, 60 * MIN);
    expectSame(got, await exact(B, B + 180 * MIN, 60 * MIN));
    expect(got.byType.find((t) => t.type === 'delta')).toMatchObject({ succeeded: 1 });
    // Rolling the rest changes nothing.
    while (!(await rollups.roll(ORG, B + 200 * MIN, 50)).done);
    expectSame(await viaService(B, B + 180 * MIN, 60 * MIN), got);
  });

  test('purging old minutes keeps the queue depth of later windows right', async () => {
    await seed();
    const rollups = h.store.metricsRollups!;
    while (!(await rollups.roll(ORG, B + 200 * MIN, 100)).done);
    const before = await viaService(B + 40 * MIN, B + 160 * MIN, 10 * MIN);
    expect(before.queueDepth.some((p) => p.value > 0)).toBe(true);
    await rollups.purge(B + 40 * MIN);
    const after = await viaService(B + 40 * MIN, B + 160 * MIN, 10 * MIN);
    expect(after.queueDepth).toEqual(before.queueDepth);
    expect(after.finished).toEqual(before.finished);
    // Minutes before the cut are gone from the rollups.
    expect((await rollups.window(ORG, B - 60 * MIN, B + 40 * MIN)).rolled.types).toEqual([]);
  });

  test('the MongoDB adapter rolls and reads alike (its queries run by mingo over the same jobs)', async () => {
    await seed();
    await seed(OTHER);
    const jobs = new MingoCollection();
    let n = 0;
    for (const orgId of [ORG, OTHER]) {
      for (const t of await h.store.jobs.metricsTimes(orgId, 0, B + 1e12)) await jobs.insertOne({ _id: `j${n++}`, orgId, ...t });
    }
    const mongo = new MongoMetricsRollupRepository({
      transact: (fn) => fn(undefined),
      jobs: jobs.collection as never,
      marks: new MingoCollection().collection as never,
      minutes: new MingoCollection().collection as never,
    });
    expect((await mongo.orgs()).sort()).toEqual([ORG, OTHER].sort());
    const upTo = B + 70 * MIN + 1234;
    let rolled = 0;
    for (;;) {
      const step = await mongo.roll(ORG, upTo, 7);
      rolled += step.rolled;
      if (step.done) break;
    }
    expect(rolled).toBe(await exactFinishedBefore(upTo));
    for (const [since, until, bucketMs] of [
      [B - 60 * MIN, B + 180 * MIN, 10 * MIN],
      [B, B + 97 * MIN + 12_345, MIN],
      [B + 5 * MIN, B + 65 * MIN, 5 * MIN],
    ] as const) {
      const { rolled: r, jobs: read } = await mongo.window(ORG, since, until);
      expect(r.types.length).toBeGreaterThan(0);
      expectSame(computeMetrics(read, since, until, bucketMs, r), await exact(since, until, bucketMs));
    }
    await mongo.purge(B + 40 * MIN);
    const { rolled: r, jobs: read } = await mongo.window(ORG, B + 40 * MIN, B + 160 * MIN);
    expectSame(computeMetrics(read, B + 40 * MIN, B + 160 * MIN, 10 * MIN, r), await exact(B + 40 * MIN, B + 160 * MIN, 10 * MIN));
  });

  async function exactFinishedBefore(upTo: number) {
    return (await h.store.jobs.metricsTimes(ORG, 0, upTo)).filter((j) => j.finishedAt !== undefined && j.finishedAt < upTo).length;
  }
});
