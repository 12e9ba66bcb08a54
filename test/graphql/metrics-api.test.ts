/**
 * The `metrics(since, until, bucketSeconds)` query over real HTTP: jobs that succeed, fail and wait
 * (some of them a schedule's, made by runScheduleNow) show up in the buckets, the queue depth, and the
 * by-type and by-schedule figures; the window and the buckets are checked (BAD_USER_INPUT naming the
 * argument); jobs:read is needed; another org sees none of it. Every test works in its own org.
 */
import { expect, test } from 'vitest';
import type { Permission } from '../../src/engine/domain/types.js';
import { definePlugin, defineTask, z } from '../../src/tasks/plugin-api.js';
import { codeOf, issuePaths, poll, useTestApp, type TokenArg } from './helpers.js';

const ECHO = 'metrics-echo';
const echo = defineTask({
  type: ECHO,
  description: 'Returns its input; a second task type for the by-type figures.',
  input: z.object({ text: z.string() }),
  run: (ctx) => ({ text: ctx.input.text }),
});

const api = useTestApp({ env: { JOBCENTER_CONCURRENCY: '4' }, plugins: [definePlugin({ name: 'metrics-echo', version: '1.0.0', tasks: [echo] })] });

const ALL: Permission[] = ['jobs:read', 'jobs:write', 'schedules:read', 'schedules:write', 'schedules:run'];
const orgToken = (org: string, permissions: Permission[] = ALL) => api().token(org, permissions);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const iso = (ms: number) => new Date(ms).toISOString();
/** Never due while the tests run: 03:00 every day in Shanghai. */
const DAILY = { kind: 'CRON', cron: '0 3 * * *', timezone: 'Asia/Shanghai' };

const METRICS = `query($since: DateTime, $until: DateTime, $bucketSeconds: Int) {
  metrics(since: $since, until: $until, bucketSeconds: $bucketSeconds) {
    since until
    jobsFinished { at value } jobsFailed { at value } queueDepth { at value }
    byType { type succeeded failed failureRate p95DurationMs }
    bySchedule { scheduleId triggers successRate failureRate p95DurationMs }
  } }`;
const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }`;
const CREATE_SCHEDULE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }`;
const RUN_NOW = `mutation($id: ID!) { runScheduleNow(id: $id) { id jobId } }`;
const COUNT = `query($filter: JobFilter) { jobs(filter: $filter, first: 0) { totalCount } }`;

interface Point {
  at: string;
  value: number;
}
interface Metrics {
  since: string;
  until: string;
  jobsFinished: Point[];
  jobsFailed: Point[];
  queueDepth: Point[];
  byType: Array<{ type: string; succeeded: number; failed: number; failureRate: number; p95DurationMs: number | null }>;
  bySchedule: Array<{ scheduleId: string; triggers: number; successRate: number; failureRate: number; p95DurationMs: number | null }>;
}

const metrics = async (token: TokenArg, variables: Record<string, unknown>): Promise<Metrics> => (await api().data(METRICS, variables, token)).metrics;
const enqueue = async (token: TokenArg, input: Record<string, unknown>): Promise<string> => (await api().data(ENQUEUE, { input }, token)).enqueueJob.id;
const count = async (token: TokenArg, filter: Record<string, unknown>): Promise<number> => (await api().data(COUNT, { filter }, token)).jobs.totalCount;
const sum = (points: Point[]) => points.reduce((total, p) => total + p.value, 0);

test('buckets add up to the jobs that finished and failed; queue depth, by type and by schedule; another org sees zeros', async () => {
  const token = await orgToken('metrics');
  const since = Date.now() - 2 * MINUTE;

  for (let i = 0; i < 3; i++) await enqueue(token, { type: ECHO, payload: { text: `hello ${i}` } });
  for (let i = 0; i < 2; i++) await enqueue(token, { type: 'sleep', payload: { ms: 5, steps: 1 } });
  for (let i = 0; i < 2; i++) await enqueue(token, { type: 'sleep', payload: { ms: 0, steps: 1, fatal: true } });
  // Waiting far in the future: the queue depth.
  for (let i = 0; i < 2; i++) await enqueue(token, { type: 'sleep', payload: { ms: 0, steps: 1 }, delayMs: 1_000_000_000 });
  const schedule = async (name: string, payload: Record<string, unknown>) =>
    (await api().data(CREATE_SCHEDULE, { input: { name, taskType: 'sleep', payload, trigger: DAILY, retryPolicy: { maxRetries: 0 } } }, token)).createSchedule.id as string;
  const good = await schedule('good', { ms: 5, steps: 1 });
  const bad = await schedule('bad', { ms: 0, steps: 1, fatal: true });
  for (const id of [good, good, bad]) await api().data(RUN_NOW, { id }, token);

  await poll(async () => (await count(token, { status: ['SUCCEEDED', 'FAILED'] })) === 10, { label: 'ten jobs to finish' });
  expect(await count(token, { status: ['SUCCEEDED'] })).toBe(7);
  expect(await count(token, { status: ['FAILED'] })).toBe(3);
  expect(await count(token, { status: ['QUEUED'] })).toBe(2);

  const until = Date.now() + MINUTE;
  const m = await metrics(token, { since: iso(since), until: iso(until), bucketSeconds: 60 });
  expect(m).toMatchObject({ since: iso(since), until: iso(until) });
  const buckets = Math.ceil((until - since) / MINUTE);
  const starts = Array.from({ length: buckets }, (_, i) => iso(since + i * MINUTE));
  for (const series of [m.jobsFinished, m.jobsFailed, m.queueDepth]) {
    expect(series.map((p) => p.at)).toEqual(starts);
    expect(series.every((p) => Number.isInteger(p.value) && p.value >= 0)).toBe(true);
  }
  expect(sum(m.jobsFinished)).toBe(7);
  expect(sum(m.jobsFailed)).toBe(3);
  // Nothing was waiting a minute before the jobs were made; at the window's end only the delayed two are.
  expect(m.queueDepth[0]!.value).toBe(0);
  expect(m.queueDepth.at(-1)!.value).toBe(2);

  expect(m.byType).toEqual([
    { type: ECHO, succeeded: 3, failed: 0, failureRate: 0, p95DurationMs: expect.any(Number) },
    { type: 'sleep', succeeded: 4, failed: 3, failureRate: 3 / 7, p95DurationMs: expect.any(Number) },
  ]);
  for (const row of m.byType) expect(row.p95DurationMs).toBeGreaterThanOrEqual(0);
  expect(m.bySchedule).toHaveLength(2);
  expect(m.bySchedule).toEqual(
    expect.arrayContaining([
      { scheduleId: good, triggers: 2, successRate: 1, failureRate: 0, p95DurationMs: expect.any(Number) },
      { scheduleId: bad, triggers: 1, successRate: 0, failureRate: 1, p95DurationMs: expect.any(Number) },
    ]),
  );
  expect(m.bySchedule.map((s) => s.scheduleId)).toEqual([good, bad].sort());

  // One bucket over the same window: the same totals.
  const whole = await metrics(token, { since: iso(since), until: iso(until), bucketSeconds: Math.ceil((until - since) / 1000) });
  expect(whole.jobsFinished).toEqual([{ at: iso(since), value: 7 }]);
  expect(whole.jobsFailed).toEqual([{ at: iso(since), value: 3 }]);
  expect(whole.queueDepth).toEqual([{ at: iso(since), value: 2 }]);
  expect(whole.byType).toEqual(m.byType);
  expect(whole.bySchedule).toEqual(m.bySchedule);

  // A window that ends before the jobs: nothing finished, nothing waiting, no rows.
  const earlier = await metrics(token, { since: iso(since - HOUR), until: iso(since), bucketSeconds: 600 });
  expect(earlier.jobsFinished.map((p) => p.value)).toEqual([0, 0, 0, 0, 0, 0]);
  expect(sum(earlier.jobsFailed) + sum(earlier.queueDepth)).toBe(0);
  expect(earlier).toMatchObject({ byType: [], bySchedule: [] });

  // Another org, same window: zeros everywhere.
  const other = await metrics(await orgToken('metrics-other', ['jobs:read']), { since: iso(since), until: iso(until), bucketSeconds: 60 });
  expect(other.jobsFinished.map((p) => p.at)).toEqual(starts);
  expect(sum(other.jobsFinished) + sum(other.jobsFailed) + sum(other.queueDepth)).toBe(0);
  expect(other).toMatchObject({ byType: [], bySchedule: [] });
});

test('defaults: the last 24 hours until now, in hourly buckets', async () => {
  const token = await orgToken('metrics-defaults', ['jobs:read']);
  const before = Date.now();
  const m = await metrics(token, {});
  const after = Date.now();
  const until = Date.parse(m.until);
  expect(until).toBeGreaterThanOrEqual(before);
  expect(until).toBeLessThanOrEqual(after);
  expect(until - Date.parse(m.since)).toBe(24 * HOUR);
  expect(m.jobsFinished).toHaveLength(24);
  expect(m.jobsFinished[1]!.at).toBe(iso(Date.parse(m.since) + HOUR));
  // `until` alone: the 24 hours before it; buckets alone: over the last 24 hours.
  expect((await metrics(token, { until: '2026-01-02T00:00:00.000Z' })).since).toBe('2026-01-01T00:00:00.000Z');
  expect((await metrics(token, { bucketSeconds: 3 * 3600 })).queueDepth).toHaveLength(8);
});

test('invalid windows and buckets: BAD_USER_INPUT naming the argument', async () => {
  const token = await orgToken('metrics-invalid', ['jobs:read']);
  const until = '2026-01-02T00:00:00.000Z';
  const cases: Array<[Record<string, unknown>, string]> = [
    [{ since: '2026-01-02T00:00:01.000Z', until }, 'since'],
    [{ since: until, until }, 'since'],
    // `since` alone, after now.
    [{ since: iso(Date.now() + HOUR) }, 'since'],
    [{ since: '2026-01-01T00:00:00.000Z', until, bucketSeconds: 0 }, 'bucketSeconds'],
    [{ since: '2026-01-01T00:00:00.000Z', until, bucketSeconds: -60 }, 'bucketSeconds'],
    // 86,400 one-second buckets in a day: over the 10,000 allowed.
    [{ since: '2026-01-01T00:00:00.000Z', until, bucketSeconds: 1 }, 'bucketSeconds'],
    [{ bucketSeconds: 1 }, 'bucketSeconds'],
    [{ since: iso(Date.parse(until) - 10_001_000), until, bucketSeconds: 1 }, 'bucketSeconds'],
  ];
  for (const [variables, path] of cases) {
    const result = await api().gql(METRICS, variables, token);
    expect(codeOf(result), JSON.stringify(variables)).toBe('BAD_USER_INPUT');
    expect(issuePaths(result), JSON.stringify(variables)).toEqual([path]);
    expect(result.errors![0]!.message).toContain(path);
    expect(result.data).toBeNull();
  }
  // The most buckets allowed: 10,000.
  const most = await api().data(
    `query($since: DateTime, $until: DateTime) { metrics(since: $since, until: $until, bucketSeconds: 1) { jobsFinished { value } } }`,
    { since: iso(Date.parse(until) - 10_000_000), until },
    token,
  );
  expect(most.metrics.jobsFinished).toHaveLength(10_000);
  // Not a date-time at all: refused before the resolver.
  expect(codeOf(await api().gql(METRICS, { since: 'yesterday' }, token))).toBe('BAD_USER_INPUT');
});

test('permissions: metrics needs jobs:read; no token is UNAUTHENTICATED', async () => {
  const writer = await orgToken('metrics-perms', ['schedules:read', 'schedules:write', 'jobs:write']);
  const refused = await api().gql(METRICS, {}, writer);
  expect(codeOf(refused)).toBe('FORBIDDEN');
  expect(refused.data).toBeNull();
  const anonymous = await api().gql(METRICS, {}, null);
  expect(anonymous.status).toBe(401);
  expect(codeOf(anonymous)).toBe('UNAUTHENTICATED');
  const reader = await orgToken('metrics-perms', ['jobs:read']);
  expect((await metrics(reader, {})).jobsFinished).toHaveLength(24);
});
