/**
 * Per-org and per-token quotas over the real server and store, with small limits: each refuses the
 * one past its limit with QUOTA_EXCEEDED or RATE_LIMITED naming the limit and its setting, and
 * another org is not held back. A SKIP-overlap schedule's skips are counted on the schedule, not
 * stored as one run each.
 */
import { describe, expect, test } from 'vitest';
import type { Permission } from '../../src/engine/domain/types.js';
import { poll, useTestApp, type GqlError } from './helpers.js';

const api = useTestApp({
  env: {
    JOBCENTER_ORG_MAX_SCHEDULES: '3',
    JOBCENTER_ORG_MAX_SUBMINUTE_SCHEDULES: '2',
    JOBCENTER_ORG_MAX_QUEUED_JOBS: '8',
    JOBCENTER_TOKEN_ENQUEUE_RATE: '1',
    JOBCENTER_TOKEN_ENQUEUE_BURST: '10',
  },
});

const ALL: Permission[] = ['jobs:read', 'jobs:write', 'schedules:read', 'schedules:write', 'schedules:run', 'schedules:delete'];
const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id status } }`;
const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateScheduleInput!) { updateSchedule(id: $id, input: $input) { id } }`;
const JOB = `query($id: ID!) { job(id: $id) { status } }`;
const ENABLE = `mutation($id: ID!) { enableSchedule(id: $id) { id enabled } }`;
const DAILY = { kind: 'CRON', cron: '0 3 * * *', timezone: 'UTC' };
const EVERY_SECOND = { kind: 'INTERVAL', intervalSeconds: 1 };
/** Delayed an hour: it stays QUEUED. */
const waiting = { type: 'sleep', payload: { ms: 0, steps: 1 }, delayMs: 3_600_000 };

const enqueue = (token: string, input: Record<string, unknown> = waiting) => api().gql(ENQUEUE, { input }, token);
const createSchedule = (token: string, input: Record<string, unknown>) =>
  api().gql(CREATE, { input: { name: 'quota', taskType: 'sleep', payload: { ms: 0, steps: 1 }, trigger: DAILY, ...input } }, token);
const only = (errors: GqlError[] | undefined): GqlError => {
  expect(errors).toHaveLength(1);
  return errors![0]!;
};

test('queued jobs per org: the one past the limit is refused with QUOTA_EXCEEDED; another org still enqueues', async () => {
  const token = await api().token('queue-org', ALL);
  for (let i = 0; i < 8; i++) expect((await enqueue(token)).errors).toBeUndefined();
  const refused = only((await enqueue(token)).errors);
  expect(refused.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 8, setting: 'JOBCENTER_ORG_MAX_QUEUED_JOBS' });
  expect(refused.message).toContain('queued jobs');
  // Another token of the same org is refused too: the limit is the org's.
  const second = await api().token('queue-org', ALL);
  expect(only((await enqueue(second)).errors).extensions?.code).toBe('QUOTA_EXCEEDED');
  const other = await api().token('other-org', ALL);
  expect((await enqueue(other)).data?.enqueueJob.status).toBe('QUEUED');
});

test('enqueue rate per token: past the burst, enqueues are refused with RATE_LIMITED; another token is not', async () => {
  const token = await api().token('rate-org', ALL, 'fast');
  // Fourteen at once against a burst of ten at one a second: at least the last ones are refused.
  const results = await Promise.all(Array.from({ length: 14 }, () => enqueue(token, { type: 'sleep', payload: { ms: 0, steps: 1 } })));
  const refused = results.filter((r) => r.errors).map((r) => only(r.errors));
  expect(refused.length).toBeGreaterThanOrEqual(1);
  expect(results.filter((r) => r.data?.enqueueJob).length).toBeGreaterThanOrEqual(10);
  for (const error of refused) {
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', limit: 1, setting: 'JOBCENTER_TOKEN_ENQUEUE_RATE' });
    expect(error.extensions?.retryAfterMs).toBeGreaterThan(0);
  }
  const slow = await api().token('rate-org', ALL, 'slow');
  expect((await enqueue(slow, { type: 'sleep', payload: { ms: 0, steps: 1 } })).errors).toBeUndefined();
});

test('schedules per org, and schedules firing more often than once a minute: each limit refuses the one past it', async () => {
  const token = await api().token('schedule-org', ALL);
  const first = await createSchedule(token, { name: 'every second 1', trigger: EVERY_SECOND, payload: { ms: 0, steps: 1 } });
  expect(first.errors).toBeUndefined();
  const daily = await createSchedule(token, { name: 'daily' });
  expect(daily.errors).toBeUndefined();
  // A cron with a seconds field that names several seconds fires more often than once a minute too.
  expect((await createSchedule(token, { name: 'every 5 s', trigger: { kind: 'CRON', cron: '*/5 * * * * *', timezone: 'UTC' } })).errors).toBeUndefined();
  // Two sub-minute schedules, the limit: a daily one made sub-minute is refused.
  const id = daily.data.createSchedule.id;
  const edited = only((await api().gql(UPDATE, { id, input: { trigger: { kind: 'INTERVAL', intervalSeconds: 30 } } }, token)).errors);
  expect(edited.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 2, setting: 'JOBCENTER_ORG_MAX_SUBMINUTE_SCHEDULES' });
  expect(edited.message).toContain('more often than once a minute');
  // Once a minute is allowed.
  expect((await api().gql(UPDATE, { id, input: { trigger: { kind: 'INTERVAL', intervalSeconds: 60 } } }, token)).errors).toBeUndefined();
  // The org has three schedules, its limit.
  const fourth = only((await createSchedule(token, { name: 'one too many' })).errors);
  expect(fourth.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 3, setting: 'JOBCENTER_ORG_MAX_SCHEDULES' });
  // Another org is not held back.
  const other = await api().token('schedule-org-2', ALL);
  expect((await createSchedule(other, { name: 'theirs', trigger: EVERY_SECOND, enabled: false })).errors).toBeUndefined();
});

test('sub-minute schedules: a third enabled one is refused; a disabled one is not counted, and enabling it is refused', async () => {
  const token = await api().token('enable-org', ALL);
  for (const name of ['a', 'b']) expect((await createSchedule(token, { name, trigger: EVERY_SECOND, payload: { ms: 0, steps: 1 } })).errors).toBeUndefined();
  const third = only((await createSchedule(token, { name: 'c', trigger: EVERY_SECOND })).errors);
  expect(third.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 2, setting: 'JOBCENTER_ORG_MAX_SUBMINUTE_SCHEDULES' });
  const off = await createSchedule(token, { name: 'c', trigger: EVERY_SECOND, enabled: false });
  expect(off.errors).toBeUndefined();
  const refused = only((await api().gql(ENABLE, { id: off.data.createSchedule.id }, token)).errors);
  expect(refused.extensions).toMatchObject({ code: 'QUOTA_EXCEEDED', limit: 2, setting: 'JOBCENTER_ORG_MAX_SUBMINUTE_SCHEDULES' });
});

test('SKIP overlap: slots skipped behind a long run are counted on the schedule; one SKIPPED run per streak', async () => {
  const token = await api().token('skip-org', ALL);
  const created = await createSchedule(token, { name: 'long', trigger: EVERY_SECOND, payload: { ms: 6000, steps: 6 } });
  expect(created.errors).toBeUndefined();
  const id = created.data.createSchedule.id;
  const SCHEDULE = `query($id: ID!) { schedule(id: $id) { skippedRuns lastSkippedAt runs(first: 50) { totalCount edges { node { status } } } } }`;
  const schedule = await poll(
    async () => {
      const s = (await api().data(SCHEDULE, { id }, token)).schedule;
      return s.skippedRuns >= 3 ? s : undefined;
    },
    { timeoutMs: 20_000, label: 'three skipped slots' },
  );
  const statuses: string[] = schedule.runs.edges.map((e: { node: { status: string } }) => e.node.status);
  // The long run, and one SKIPPED run for the streak behind it: not one run per skipped slot.
  expect(statuses.filter((s) => s === 'SKIPPED')).toHaveLength(1);
  expect(schedule.runs.totalCount).toBe(2);
  expect(schedule.lastSkippedAt).not.toBeNull();
});

describe('a bulk retry', () => {
  const small = useTestApp({ env: { JOBCENTER_TOKEN_ENQUEUE_RATE: '1', JOBCENTER_TOKEN_ENQUEUE_BURST: '3' } });

  test('is not held to the enqueue burst: each failed job is retried once at most', async () => {
    const first = await small().token('bulk-org', ALL, 'first');
    const second = await small().token('bulk-org', ALL, 'second');
    const failing = { type: 'sleep', payload: { ms: 0, steps: 1, fatal: true }, maxAttempts: 1 };
    const ids: string[] = [];
    for (const token of [first, first, first, second, second]) ids.push((await small().data(ENQUEUE, { input: failing }, token)).enqueueJob.id);
    // The first token's burst is spent.
    expect(only((await small().gql(ENQUEUE, { input: failing }, first)).errors).extensions?.code).toBe('RATE_LIMITED');
    for (const id of ids) await poll(async () => (await small().data(JOB, { id }, first)).job.status === 'FAILED', { label: `job ${id} to fail` });
    const retried = await small().gql(`mutation($ids: [ID!]!) { retryJobs(filter: { ids: $ids }) }`, { ids }, first);
    expect(retried.errors).toBeUndefined();
    expect(retried.data.retryJobs).toBe(5);
  });
});
