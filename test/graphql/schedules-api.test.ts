/**
 * The schedules API over real HTTP and graphql-ws: create (with every validation error and nothing
 * saved), trigger previews, list filters and pagination, update with an audited diff, enable /
 * disable, run now and follow the run's job, slots that fire on their own exactly once, schedules
 * from jobs, delete, permissions, org isolation and live schedule events. Every test works in its
 * own org, so counts are exact even though the app is shared.
 */
import { expect, test } from 'vitest';
import type { Permission } from '../../src/engine/domain/types.js';
import { codeOf, issuePaths, poll, useTestApp, type TokenArg } from './helpers.js';

const api = useTestApp({ env: { JOBCENTER_CONCURRENCY: '4' } });

const ALL: Permission[] = ['jobs:read', 'jobs:write', 'schedules:read', 'schedules:write', 'schedules:run', 'schedules:delete', 'audit:read'];
const orgToken = (org: string, permissions: Permission[] = ALL, user?: string) => api().token(org, permissions, user);

const QUICK = { ms: 0, steps: 1 };
/** Never due while the tests run: 03:00 every day in Shanghai (19:00 UTC). */
const DAILY = { kind: 'CRON', cron: '0 3 * * *', timezone: 'Asia/Shanghai' };

const RUN_FIELDS = `id runKey trigger attempt status scheduledFor startedAt finishedAt durationMs error jobId
  schedule { id } retryOf { id }`;
const SCHEDULE_FIELDS = `id name description taskType payload enabled nextRunAt lastRunAt lastRunStatus consecutiveFailures
  overlapPolicy maxConcurrentRuns misfirePolicy catchUpWindowSeconds pauseOnAlert alertAfterFailures createdBy createdAt updatedAt
  trigger { kind cron intervalSeconds at timezone } retryPolicy { maxRetries backoffSeconds }`;

const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { ${SCHEDULE_FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateScheduleInput!) { updateSchedule(id: $id, input: $input) { ${SCHEDULE_FIELDS} } }`;
const GET = `query($id: ID!) { schedule(id: $id) { ${SCHEDULE_FIELDS} } }`;
const RUNS = `query($id: ID!, $status: [RunStatus!]) { schedule(id: $id) { runs(first: 100, status: $status) { totalCount edges { node { ${RUN_FIELDS} } } } } }`;
const GET_RUN = `query($id: ID!) { scheduleRun(id: $id) { ${RUN_FIELDS} job { id status type payload } } }`;
const RUN_NOW = `mutation($id: ID!) { runScheduleNow(id: $id) { ${RUN_FIELDS} job { id status } } }`;
const DELETE = `mutation($id: ID!) { deleteSchedule(id: $id) }`;
const ENABLE = `mutation($id: ID!) { enableSchedule(id: $id) { id enabled nextRunAt } }`;
const DISABLE = `mutation($id: ID!) { disableSchedule(id: $id) { id enabled nextRunAt } }`;
const COUNT = `query($filter: ScheduleFilter) { schedules(filter: $filter, first: 0) { totalCount } }`;
const PREVIEW = `query($trigger: TriggerInput!, $count: Int, $from: DateTime) { previewTrigger(trigger: $trigger, count: $count, from: $from) }`;

type Schedule = Record<string, any> & { id: string; name: string; nextRunAt: string | null; enabled: boolean };
type Run = Record<string, any> & { id: string; status: string; runKey: string; trigger: string; attempt: number };

const create = async (token: TokenArg, input: Record<string, unknown>): Promise<Schedule> =>
  (await api().data(CREATE, { input: { taskType: 'sleep', payload: QUICK, trigger: DAILY, ...input } }, token)).createSchedule;
const getSchedule = async (token: TokenArg, id: string): Promise<Schedule | null> => (await api().data(GET, { id }, token)).schedule;
const runsOf = async (token: TokenArg, id: string, status?: string[]): Promise<Run[]> =>
  ((await api().data(RUNS, { id, status }, token)).schedule?.runs.edges ?? []).map((e: any) => e.node);
const count = async (token: TokenArg, filter: Record<string, unknown> = {}): Promise<number> =>
  (await api().data(COUNT, { filter }, token)).schedules.totalCount;
const waitForRun = (token: TokenArg, id: string, statuses: string[]): Promise<Run & { job: any }> =>
  poll(
    async () => {
      const run = (await api().data(GET_RUN, { id }, token)).scheduleRun;
      return run && statuses.includes(run.status) ? run : undefined;
    },
    { timeoutMs: 20_000, label: `run ${id} to be ${statuses.join('/')}` },
  );
const auditOf = async (token: TokenArg, filter: Record<string, unknown>) =>
  (
    await api().data(
      `query($filter: AuditFilter) { auditLog(filter: $filter, first: 100) { totalCount edges { node { id at actor action targetType targetId details } } } }`,
      { filter },
      token,
    )
  ).auditLog;

test('create with a cron in a time zone: nextRunAt is the first instant previewTrigger gives, defaults filled in', async () => {
  const token = await orgToken('create', ALL, 'carol');
  const schedule = await create(token, { name: '  Nightly report ', description: 'every night' });
  expect(schedule).toMatchObject({
    name: 'Nightly report',
    description: 'every night',
    taskType: 'sleep',
    payload: { ms: 0, steps: 1, failTimes: 0, fatal: false },
    enabled: true,
    trigger: { kind: 'CRON', cron: '0 3 * * *', intervalSeconds: null, at: null, timezone: 'Asia/Shanghai' },
    overlapPolicy: 'SKIP',
    misfirePolicy: 'SKIP',
    maxConcurrentRuns: 1,
    catchUpWindowSeconds: 3600,
    pauseOnAlert: false,
    alertAfterFailures: null,
    retryPolicy: { maxRetries: 3, backoffSeconds: [30, 60, 300, 900, 3600] },
    consecutiveFailures: 0,
    lastRunAt: null,
    lastRunStatus: null,
    createdBy: 'carol',
  });
  // 03:00 in Shanghai (UTC+8, no DST) is 19:00 UTC.
  const next = new Date(schedule.nextRunAt!);
  expect([next.getUTCHours(), next.getUTCMinutes(), next.getUTCSeconds()]).toEqual([19, 0, 0]);
  expect(next.getTime()).toBeGreaterThan(Date.parse(schedule.createdAt));

  const { previewTrigger } = await api().data(PREVIEW, { trigger: DAILY, count: 3, from: schedule.createdAt }, token);
  expect(previewTrigger).toHaveLength(3);
  expect(previewTrigger[0]).toBe(schedule.nextRunAt);
  expect(Date.parse(previewTrigger[1]) - Date.parse(previewTrigger[0])).toBe(24 * 3600_000);
  expect(Date.parse(previewTrigger[2]) - Date.parse(previewTrigger[1])).toBe(24 * 3600_000);
  // The default count is 5; an interval counts from `from`.
  expect((await api().data(PREVIEW, { trigger: DAILY }, token)).previewTrigger).toHaveLength(5);
  const from = '2026-01-01T00:00:00.000Z';
  expect((await api().data(PREVIEW, { trigger: { kind: 'INTERVAL', intervalSeconds: 90 }, count: 2, from }, token)).previewTrigger).toEqual([
    '2026-01-01T00:01:30.000Z',
    '2026-01-01T00:03:00.000Z',
  ]);

  expect(await getSchedule(token, schedule.id)).toEqual(schedule);
  const audit = await auditOf(token, { action: ['schedule.create'] });
  expect(audit.edges.map((e: any) => e.node)).toEqual([
    expect.objectContaining({ actor: 'carol', targetType: 'schedule', targetId: schedule.id, details: { after: expect.objectContaining({ name: 'Nightly report' }) } }),
  ]);
});

test('invalid cron, unknown zone, interval 0, ONCE in the past, unknown task type, bad payload: BAD_USER_INPUT with paths, nothing saved', async () => {
  const token = await orgToken('invalid');
  await create(token, { name: 'the only one' });
  const cases: Array<[Record<string, unknown>, string[]]> = [
    [{ trigger: { kind: 'CRON', cron: 'not a cron at all' } }, ['trigger.cron']],
    [{ trigger: { kind: 'CRON', cron: '61 * * * *' } }, ['trigger.cron']],
    [{ trigger: { kind: 'CRON', cron: '0 3 * * *', timezone: 'Mars/Olympus_Mons' } }, ['trigger.timezone']],
    [{ trigger: { kind: 'INTERVAL', intervalSeconds: 0 } }, ['trigger.intervalSeconds']],
    [{ trigger: { kind: 'INTERVAL' } }, ['trigger.intervalSeconds']],
    [{ trigger: { kind: 'ONCE', at: new Date(Date.now() - 60_000).toISOString() } }, ['trigger.at']],
    [{ trigger: { kind: 'INTERVAL', intervalSeconds: 60, cron: '* * * * *' } }, ['trigger.cron']],
    [{ taskType: 'no-such-task' }, ['taskType']],
    [{ payload: { ms: -5 } }, ['payload.ms']],
    [{ payload: { steps: 2 } }, ['payload.ms']],
    [{ name: '   ', trigger: { kind: 'CRON', cron: 'nope' }, maxConcurrentRuns: 0 }, ['name', 'trigger.cron', 'maxConcurrentRuns']],
    [{ retryPolicy: { maxRetries: -1, backoffSeconds: [-3] } }, ['retryPolicy.maxRetries', 'retryPolicy.backoffSeconds']],
    [{ alertAfterFailures: 0, catchUpWindowSeconds: -1 }, ['catchUpWindowSeconds', 'alertAfterFailures']],
  ];
  for (const [input, paths] of cases) {
    const result = await api().gql(CREATE, { input: { name: 'bad', taskType: 'sleep', payload: QUICK, trigger: DAILY, ...input } }, token);
    expect(codeOf(result), JSON.stringify(input)).toBe('BAD_USER_INPUT');
    expect(issuePaths(result).sort(), JSON.stringify(input)).toEqual([...paths].sort());
    expect(result.data).toBeNull();
  }
  expect(await count(token)).toBe(1);
  expect((await auditOf(token, { action: ['schedule.create'] })).totalCount).toBe(1);

  // previewTrigger checks the same way, and its count.
  const preview = await api().gql(PREVIEW, { trigger: { kind: 'CRON', cron: '* * *' } }, token);
  expect(codeOf(preview)).toBe('BAD_USER_INPUT');
  expect(issuePaths(preview)).toEqual(['trigger.cron']);
  expect(issuePaths(await api().gql(PREVIEW, { trigger: { kind: 'CRON', cron: '0 * * * *', timezone: 'Nowhere/City' } }, token))).toEqual(['trigger.timezone']);
  expect(issuePaths(await api().gql(PREVIEW, { trigger: DAILY, count: 0 }, token))).toEqual(['count']);
  expect(issuePaths(await api().gql(PREVIEW, { trigger: DAILY, count: 101 }, token))).toEqual(['count']);
});

test('schedules: filters by enabled, taskType, search and lastRunStatus; pagination walks every schedule once, by name', async () => {
  const token = await orgToken('lists');
  const alpha = await create(token, { name: 'alpha', description: 'Contains the NEEDLE word' });
  const bravo = await create(token, { name: 'bravo', enabled: false });
  const charlie = await create(token, { name: 'charlie', payload: { ...QUICK, fatal: true }, retryPolicy: { maxRetries: 0 } });
  const delta = await create(token, { name: 'delta', taskType: 'http-request', payload: { url: 'http://example.invalid/' } });
  const echo = await create(token, { name: 'echo needle' });
  expect(bravo).toMatchObject({ enabled: false, nextRunAt: null });

  const ok = (await api().data(RUN_NOW, { id: alpha.id }, token)).runScheduleNow as Run;
  const bad = (await api().data(RUN_NOW, { id: charlie.id }, token)).runScheduleNow as Run;
  await waitForRun(token, ok.id, ['SUCCEEDED']);
  await waitForRun(token, bad.id, ['FAILED']);
  await poll(async () => (await getSchedule(token, alpha.id))?.lastRunStatus === 'SUCCEEDED', { label: 'alpha to note its success' });
  await poll(async () => (await getSchedule(token, charlie.id))?.lastRunStatus === 'FAILED', { label: 'charlie to note its failure' });

  expect(await count(token)).toBe(5);
  expect(await count(token, { enabled: true })).toBe(4);
  expect(await count(token, { enabled: false })).toBe(1);
  expect(await count(token, { taskType: ['http-request'] })).toBe(1);
  expect(await count(token, { taskType: ['sleep', 'http-request'], enabled: true })).toBe(4);
  expect(await count(token, { search: 'needle' })).toBe(2);
  expect(await count(token, { search: 'no such text' })).toBe(0);
  expect(await count(token, { lastRunStatus: ['SUCCEEDED'] })).toBe(1);
  expect(await count(token, { lastRunStatus: ['SUCCEEDED', 'FAILED'] })).toBe(2);
  const failed = await api().data(`{ schedules(filter: { lastRunStatus: [FAILED] }) { edges { node { id lastRunStatus consecutiveFailures } } } }`, undefined, token);
  expect(failed.schedules.edges.map((e: any) => e.node)).toEqual([{ id: charlie.id, lastRunStatus: 'FAILED', consecutiveFailures: 1 }]);

  const names: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 10; page++) {
    const { schedules } = (await api().data(
      `query($after: String) { schedules(first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id name } } } }`,
      { after },
      token,
    )) as any;
    expect(schedules.totalCount).toBe(5);
    expect(schedules.edges.length).toBeLessThanOrEqual(2);
    if (schedules.edges.length) expect(schedules.pageInfo.endCursor).toBe(schedules.edges.at(-1).cursor);
    names.push(...schedules.edges.map((e: any) => e.node.name));
    if (!schedules.pageInfo.hasNextPage) break;
    after = schedules.pageInfo.endCursor;
  }
  expect(names).toEqual(['alpha', 'bravo', 'charlie', 'delta', 'echo needle']);
  expect(delta.taskType).toBe('http-request');
  expect(echo.enabled).toBe(true);
  expect(codeOf(await api().gql(`{ schedules(first: 1000) { totalCount } }`, undefined, token))).toBe('BAD_USER_INPUT');
});

test('updateSchedule changes the trigger and is audited with a diff; enable and disable', async () => {
  const token = await orgToken('update', ALL, 'uma');
  const schedule = await create(token, { name: 'hourly', description: 'to be cleared', alertAfterFailures: 3, retryPolicy: { maxRetries: 2, backoffSeconds: [5, 10] } });
  const updated = (
    await api().data(UPDATE, { id: schedule.id, input: { name: 'every two minutes', trigger: { kind: 'INTERVAL', intervalSeconds: 120, timezone: 'Europe/London' } } }, token)
  ).updateSchedule as Schedule;
  expect(updated).toMatchObject({
    id: schedule.id,
    name: 'every two minutes',
    description: 'to be cleared',
    trigger: { kind: 'INTERVAL', intervalSeconds: 120, cron: null, timezone: 'Europe/London' },
    alertAfterFailures: 3,
    createdAt: schedule.createdAt,
  });
  const next = Date.parse(updated.nextRunAt!);
  expect(next).toBeGreaterThan(Date.parse(updated.updatedAt));
  expect(next - Date.parse(updated.updatedAt)).toBeLessThanOrEqual(120_000);
  expect(await getSchedule(token, schedule.id)).toEqual(updated);

  const entries = (await auditOf(token, { action: ['schedule.update'], targetId: schedule.id })).edges.map((e: any) => e.node);
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ actor: 'uma', targetType: 'schedule', targetId: schedule.id });
  expect(entries[0].details.diff).toEqual({
    name: { from: 'hourly', to: 'every two minutes' },
    trigger: { from: DAILY, to: { kind: 'INTERVAL', intervalSeconds: 120, timezone: 'Europe/London' } },
  });

  // A partial retry policy keeps the rest; explicit nulls clear the optional fields; other nulls keep.
  const partial = (
    await api().data(UPDATE, { id: schedule.id, input: { retryPolicy: { maxRetries: 5 }, description: null, alertAfterFailures: null, name: null, pauseOnAlert: true } }, token)
  ).updateSchedule as Schedule;
  expect(partial).toMatchObject({ name: 'every two minutes', description: null, alertAfterFailures: null, pauseOnAlert: true, retryPolicy: { maxRetries: 5, backoffSeconds: [5, 10] } });

  // An invalid update changes nothing and writes no entry.
  const bad = await api().gql(UPDATE, { id: schedule.id, input: { trigger: { kind: 'CRON', cron: '* * * * * * *' }, maxConcurrentRuns: 500 } }, token);
  expect(codeOf(bad)).toBe('BAD_USER_INPUT');
  expect(issuePaths(bad).sort()).toEqual(['maxConcurrentRuns', 'trigger.cron']);
  expect(await getSchedule(token, schedule.id)).toEqual(partial);
  expect((await auditOf(token, { action: ['schedule.update'] })).totalCount).toBe(2);

  const disabled = (await api().data(DISABLE, { id: schedule.id }, token)).disableSchedule;
  expect(disabled).toEqual({ id: schedule.id, enabled: false, nextRunAt: null });
  expect(await count(token, { enabled: false })).toBe(1);
  // Again: no change.
  expect((await api().data(DISABLE, { id: schedule.id }, token)).disableSchedule).toEqual(disabled);
  const enabled = (await api().data(ENABLE, { id: schedule.id }, token)).enableSchedule;
  expect(enabled.enabled).toBe(true);
  expect(Date.parse(enabled.nextRunAt)).toBeGreaterThan(Date.now() - 1000);
  expect(await count(token, { enabled: true })).toBe(1);
  const actions = (await auditOf(token, { targetId: schedule.id })).edges.map((e: any) => e.node.action);
  expect(actions).toEqual(['schedule.enable', 'schedule.disable', 'schedule.update', 'schedule.update', 'schedule.create']);
});

test('runScheduleNow makes a MANUAL run whose job succeeds; the run, the job and the schedule link up', async () => {
  const token = await orgToken('run-now');
  const schedule = await create(token, { name: 'manual', payload: { ms: 20, steps: 2 }, enabled: false });
  const run = (await api().data(RUN_NOW, { id: schedule.id }, token)).runScheduleNow as Run & { job: any };
  expect(run).toMatchObject({ trigger: 'MANUAL', attempt: 1, schedule: { id: schedule.id }, retryOf: null });
  expect(['QUEUED', 'RUNNING']).toContain(run.status);
  expect(run.runKey.startsWith(`${schedule.id}@manual:`)).toBe(true);
  expect(run.job).toMatchObject({ id: run.jobId });

  const done = await waitForRun(token, run.id, ['SUCCEEDED', 'FAILED']);
  expect(done).toMatchObject({ status: 'SUCCEEDED', error: null, job: { id: run.jobId, status: 'SUCCEEDED', type: 'sleep', payload: { ms: 20, steps: 2 } } });
  expect(done.durationMs).toBeGreaterThanOrEqual(0);
  expect(Date.parse(done.finishedAt)).toBeGreaterThanOrEqual(Date.parse(done.startedAt));

  const { job } = await api().data(`query($id: ID!) { job(id: $id) { id schedule { id name } scheduleRun { id status trigger } } }`, { id: run.jobId }, token);
  expect(job).toEqual({ id: run.jobId, schedule: { id: schedule.id, name: 'manual' }, scheduleRun: { id: run.id, status: 'SUCCEEDED', trigger: 'MANUAL' } });
  expect((await api().data(`query($f: JobFilter) { jobs(filter: $f) { totalCount } }`, { f: { scheduleId: schedule.id } }, token)).jobs.totalCount).toBe(1);
  const after = await poll(async () => {
    const s = await getSchedule(token, schedule.id);
    return s?.lastRunStatus === 'SUCCEEDED' ? s : undefined;
  });
  expect(after).toMatchObject({ consecutiveFailures: 0, lastRunAt: null, enabled: false });
  expect((await runsOf(token, schedule.id)).map((r) => r.id)).toEqual([run.id]);
  expect(await runsOf(token, schedule.id, ['FAILED'])).toEqual([]);
  expect((await auditOf(token, { action: ['schedule.runNow'] })).edges[0].node).toMatchObject({ targetId: schedule.id, details: { runId: run.id } });
});

test('an INTERVAL schedule of 1 s fires on its own; a slot never makes two runs', async () => {
  const token = await orgToken('interval');
  const schedule = await create(token, { name: 'every second', trigger: { kind: 'INTERVAL', intervalSeconds: 1 } });
  const runs = await poll(
    async () => {
      const list = await runsOf(token, schedule.id);
      return list.filter((r) => r.status === 'SUCCEEDED').length >= 3 ? list : undefined;
    },
    { timeoutMs: 20_000, label: 'three successful scheduled runs' },
  );
  await api().data(DISABLE, { id: schedule.id }, token);
  const all = await runsOf(token, schedule.id);
  expect(all.length).toBeGreaterThanOrEqual(runs.length);
  expect(all.every((r) => r.trigger === 'SCHEDULED' && r.attempt === 1)).toBe(true);
  expect(new Set(all.map((r) => r.runKey)).size).toBe(all.length);
  expect(new Set(all.map((r) => r.scheduledFor)).size).toBe(all.length);
  // Slots lie on a one-second grid from the schedule's creation; runs are listed newest first.
  const slots = all.map((r) => Date.parse(r.scheduledFor));
  expect(slots).toEqual([...slots].sort((a, b) => b - a));
  for (const slot of slots) expect((slot - Date.parse(schedule.createdAt)) % 1000).toBe(0);
  for (const run of all) expect(run.runKey).toBe(`${schedule.id}@${run.scheduledFor}`);
  const fired = await getSchedule(token, schedule.id);
  expect(fired!.lastRunAt).not.toBeNull();
  expect(fired).toMatchObject({ enabled: false, nextRunAt: null });
});

test('a ONCE schedule fires once, then disables itself and can still be renamed', async () => {
  const token = await orgToken('once');
  const at = new Date(Date.now() + 1500).toISOString();
  const schedule = await create(token, { name: 'once', trigger: { kind: 'ONCE', at } });
  expect(schedule).toMatchObject({ nextRunAt: at, trigger: { kind: 'ONCE', at, timezone: 'UTC' } });
  const [run] = await poll(async () => {
    const runs = await runsOf(token, schedule.id, ['SUCCEEDED']);
    return runs.length ? runs : undefined;
  });
  expect(run).toMatchObject({ trigger: 'SCHEDULED', scheduledFor: at });
  const fired = await poll(async () => {
    const s = await getSchedule(token, schedule.id);
    return s && !s.enabled ? s : undefined;
  });
  expect(fired).toMatchObject({ nextRunAt: null, lastRunAt: at });
  const renamed = (await api().data(UPDATE, { id: schedule.id, input: { name: 'once, done' } }, token)).updateSchedule;
  expect(renamed).toMatchObject({ name: 'once, done', trigger: { kind: 'ONCE', at }, nextRunAt: null });
  expect(await runsOf(token, schedule.id)).toHaveLength(1);
});

test('createScheduleFromJob prefills type and payload from a SUCCEEDED job only', async () => {
  const token = await orgToken('from-job');
  const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id status } }`;
  const FROM_JOB = `mutation($jobId: ID!, $name: String!, $trigger: TriggerInput!) {
    createScheduleFromJob(jobId: $jobId, name: $name, trigger: $trigger) { ${SCHEDULE_FIELDS} } }`;
  const job = (await api().data(ENQUEUE, { input: { type: 'sleep', payload: { ms: 5, steps: 1 } } }, token)).enqueueJob;
  const queued = (await api().data(ENQUEUE, { input: { type: 'sleep', payload: QUICK, delayMs: 2_000_000_000 } }, token)).enqueueJob;
  await poll(async () => (await api().data(`query($id: ID!) { job(id: $id) { status } }`, { id: job.id }, token)).job.status === 'SUCCEEDED');

  const schedule = (await api().data(FROM_JOB, { jobId: job.id, name: 'from a job', trigger: DAILY }, token)).createScheduleFromJob;
  expect(schedule).toMatchObject({ name: 'from a job', taskType: 'sleep', payload: { ms: 5, steps: 1, failTimes: 0, fatal: false }, enabled: true, trigger: DAILY });
  expect(codeOf(await api().gql(FROM_JOB, { jobId: queued.id, name: 'x', trigger: DAILY }, token))).toBe('CONFLICT');
  const badTrigger = await api().gql(FROM_JOB, { jobId: job.id, name: 'x', trigger: { kind: 'INTERVAL', intervalSeconds: 0 } }, token);
  expect(issuePaths(badTrigger)).toEqual(['trigger.intervalSeconds']);
  expect(codeOf(await api().gql(FROM_JOB, { jobId: job.id, name: 'x', trigger: DAILY }, await orgToken('from-job-other')))).toBe('NOT_FOUND');
  // It copies the job's payload, so it needs jobs:read as well as schedules:write.
  const writer = await orgToken('from-job', ['schedules:read', 'schedules:write']);
  expect(codeOf(await api().gql(FROM_JOB, { jobId: job.id, name: 'x', trigger: DAILY }, writer))).toBe('FORBIDDEN');
  expect(await count(token)).toBe(1);
});

test('deleteSchedule removes the schedule and its runs', async () => {
  const token = await orgToken('delete');
  const schedule = await create(token, { name: 'doomed' });
  const run = (await api().data(RUN_NOW, { id: schedule.id }, token)).runScheduleNow as Run;
  const done = await waitForRun(token, run.id, ['SUCCEEDED']);
  expect((await api().data(DELETE, { id: schedule.id }, token)).deleteSchedule).toBe(schedule.id);
  expect(await getSchedule(token, schedule.id)).toBeNull();
  expect((await api().data(GET_RUN, { id: run.id }, token)).scheduleRun).toBeNull();
  expect(await api().app.store.scheduleRuns.count('delete', { scheduleId: schedule.id })).toBe(0);
  expect(await count(token)).toBe(0);
  // The job stays, without its schedule.
  const { job } = await api().data(`query($id: ID!) { job(id: $id) { id status schedule { id } scheduleRun { id } } }`, { id: done.jobId }, token);
  expect(job).toEqual({ id: done.jobId, status: 'SUCCEEDED', schedule: null, scheduleRun: null });
  expect(codeOf(await api().gql(DELETE, { id: schedule.id }, token))).toBe('NOT_FOUND');
  expect((await auditOf(token, { action: ['schedule.delete'] })).edges.map((e: any) => e.node.targetId)).toEqual([schedule.id]);
});

test('permissions: FORBIDDEN without schedules:write, schedules:run, schedules:delete, schedules:read or audit:read', async () => {
  const owner = await orgToken('perms');
  const schedule = await create(owner, { name: 'guarded' });
  const run = (await api().data(RUN_NOW, { id: schedule.id }, owner)).runScheduleNow as Run;
  await waitForRun(owner, run.id, ['SUCCEEDED']);
  const reader = await orgToken('perms', ['schedules:read', 'jobs:read']);
  const input = { name: 'x', taskType: 'sleep', payload: QUICK, trigger: DAILY };

  expect(codeOf(await api().gql(CREATE, { input }, reader))).toBe('FORBIDDEN');
  expect(codeOf(await api().gql(UPDATE, { id: schedule.id, input: { name: 'y' } }, reader))).toBe('FORBIDDEN');
  expect(codeOf(await api().gql(ENABLE, { id: schedule.id }, reader))).toBe('FORBIDDEN');
  expect(codeOf(await api().gql(DISABLE, { id: schedule.id }, reader))).toBe('FORBIDDEN');
  expect(codeOf(await api().gql(RUN_NOW, { id: schedule.id }, reader))).toBe('FORBIDDEN');
  expect(codeOf(await api().gql(`mutation($id: ID!) { retryScheduleRun(id: $id) { id } }`, { id: run.id }, reader))).toBe('FORBIDDEN');
  expect(codeOf(await api().gql(DELETE, { id: schedule.id }, reader))).toBe('FORBIDDEN');
  expect(codeOf(await api().gql(`{ auditLog { totalCount } }`, undefined, reader))).toBe('FORBIDDEN');
  // Each permission alone opens its own door only.
  const writer = await orgToken('perms', ['schedules:write']);
  expect(codeOf(await api().gql(RUN_NOW, { id: schedule.id }, writer))).toBe('FORBIDDEN');
  expect(codeOf(await api().gql(DELETE, { id: schedule.id }, writer))).toBe('FORBIDDEN');
  expect((await api().data(`mutation($id: ID!) { disableSchedule(id: $id) { enabled } }`, { id: schedule.id }, writer)).disableSchedule.enabled).toBe(false);
  const deleter = await orgToken('perms', ['schedules:delete']);
  expect(codeOf(await api().gql(UPDATE, { id: schedule.id, input: { name: 'y' } }, deleter))).toBe('FORBIDDEN');

  // Without schedules:read: the queries are FORBIDDEN, and on a job only its schedule fields are null.
  const jobsOnly = await orgToken('perms', ['jobs:read']);
  for (const query of [`{ schedules { totalCount } }`, `{ alerts { totalCount } }`, `{ previewTrigger(trigger: { kind: ONCE, at: "2999-01-01T00:00:00Z" }) }`]) {
    expect(codeOf(await api().gql(query, undefined, jobsOnly)), query).toBe('FORBIDDEN');
  }
  expect(codeOf(await api().gql(GET, { id: schedule.id }, jobsOnly))).toBe('FORBIDDEN');
  const partial = await api().gql(`query($id: ID!) { job(id: $id) { id status schedule { id } scheduleRun { id } } }`, { id: run.jobId }, jobsOnly);
  expect(partial.data).toEqual({ job: { id: run.jobId, status: 'SUCCEEDED', schedule: null, scheduleRun: null } });
  expect(partial.errors?.map((e) => [e.extensions?.code, e.path?.join('.')]).sort()).toEqual([
    ['FORBIDDEN', 'job.schedule'],
    ['FORBIDDEN', 'job.scheduleRun'],
  ]);
  // A run's job needs jobs:read; without it only that field is null.
  const schedOnly = await orgToken('perms', ['schedules:read']);
  const runRead = await api().gql(`query($id: ID!) { scheduleRun(id: $id) { id jobId job { id } } }`, { id: run.id }, schedOnly);
  expect(runRead.data).toEqual({ scheduleRun: { id: run.id, jobId: run.jobId, job: null } });
  expect(codeOf(runRead)).toBe('FORBIDDEN');
  expect(await getSchedule(owner, schedule.id)).toMatchObject({ name: 'guarded' });
});

test("org isolation: another org's schedule and runs are null to queries, NOT_FOUND to mutations, never listed", async () => {
  const mine = await orgToken('iso-a');
  const theirs = await orgToken('iso-b');
  const schedule = await create(mine, { name: 'private', payload: { ...QUICK, fatal: true }, retryPolicy: { maxRetries: 0 } });
  const run = (await api().data(RUN_NOW, { id: schedule.id }, mine)).runScheduleNow as Run;
  await waitForRun(mine, run.id, ['FAILED']);

  expect(await getSchedule(theirs, schedule.id)).toBeNull();
  expect((await api().data(GET_RUN, { id: run.id }, theirs)).scheduleRun).toBeNull();
  expect(await count(theirs)).toBe(0);
  expect(await count(theirs, { search: 'private' })).toBe(0);
  const mutations: Array<[string, Record<string, unknown>]> = [
    [UPDATE, { id: schedule.id, input: { name: 'stolen' } }],
    [ENABLE, { id: schedule.id }],
    [DISABLE, { id: schedule.id }],
    [RUN_NOW, { id: schedule.id }],
    [`mutation($id: ID!) { retryScheduleRun(id: $id) { id } }`, { id: run.id }],
    [DELETE, { id: schedule.id }],
  ];
  for (const [query, variables] of mutations) expect(codeOf(await api().gql(query, variables, theirs)), query).toBe('NOT_FOUND');
  expect(await getSchedule(mine, schedule.id)).toMatchObject({ name: 'private', enabled: true });
  expect(await runsOf(mine, schedule.id)).toHaveLength(1);
  expect((await auditOf(theirs, {})).totalCount).toBe(0);
  expect((await auditOf(theirs, { targetId: schedule.id })).totalCount).toBe(0);
});

test('scheduleEvents delivers CREATED, RUN and DELETED of your org only, filtered by scheduleId', async () => {
  const mine = await orgToken('events-a');
  const theirs = await orgToken('events-b');
  const EVENTS = `subscription($scheduleId: ID) { scheduleEvents(scheduleId: $scheduleId) {
    kind scheduleId at schedule { id name } run { id status trigger scheduleId } } }`;
  const sub = api().subscribe(EVENTS, {}, mine);
  const foreignSub = api().subscribe(EVENTS, {}, theirs);
  await sub.live();
  await foreignSub.live();

  const schedule = await create(mine, { name: 'watched' });
  const other = await create(mine, { name: 'other' });
  const oneSub = api().subscribe(EVENTS, { scheduleId: other.id }, mine);
  await oneSub.live();
  const run = (await api().data(RUN_NOW, { id: schedule.id }, mine)).runScheduleNow as Run;
  await waitForRun(mine, run.id, ['SUCCEEDED']);
  await api().data(DELETE, { id: schedule.id }, mine);
  const events = (await sub.until((evs) => evs.some((e) => e.scheduleEvents.kind === 'DELETED'))).map((e) => e.scheduleEvents);

  expect(events[0]).toMatchObject({ kind: 'CREATED', scheduleId: schedule.id, schedule: { id: schedule.id, name: 'watched' }, run: null });
  expect(events.some((e) => e.kind === 'CREATED' && e.scheduleId === other.id)).toBe(true);
  const runEvents = events.filter((e) => e.kind === 'RUN');
  expect(runEvents.length).toBeGreaterThanOrEqual(2);
  expect(runEvents.every((e) => e.scheduleId === schedule.id && e.run.id === run.id && e.run.scheduleId === schedule.id)).toBe(true);
  expect(runEvents[0].run.trigger).toBe('MANUAL');
  expect(runEvents.at(-1)!.run.status).toBe('SUCCEEDED');
  expect(events.at(-1)).toEqual({ kind: 'DELETED', scheduleId: schedule.id, at: expect.any(String), schedule: null, run: null });
  expect(events.filter((e) => e.kind === 'UPDATED').every((e) => e.schedule.id === e.scheduleId)).toBe(true);

  // The other org sees only its own schedule; the filtered subscription only `other`.
  const marker = await create(theirs, { name: 'theirs' });
  const foreign = (await foreignSub.until((evs) => evs.some((e) => e.scheduleEvents.scheduleId === marker.id))).map((e) => e.scheduleEvents);
  expect(foreign.every((e) => e.scheduleId === marker.id)).toBe(true);
  await api().data(UPDATE, { id: other.id, input: { name: 'other, renamed' } }, mine);
  const filtered = (await oneSub.until((evs) => evs.some((e) => e.scheduleEvents.schedule?.name === 'other, renamed'))).map((e) => e.scheduleEvents);
  expect(filtered.every((e) => e.scheduleId === other.id)).toBe(true);
  expect(filtered.at(-1)).toMatchObject({ kind: 'UPDATED', scheduleId: other.id });
  await sub.close();
  await foreignSub.close();
  await oneSub.close();

  // Without schedules:read the subscription is refused.
  const refused = api().subscribe(EVENTS, {}, await orgToken('events-a', ['jobs:read']));
  await refused.ended();
  expect(refused.events).toEqual([]);
  expect(refused.results[0]!.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  await refused.close();
});
