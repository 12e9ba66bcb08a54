/**
 * The schedules API over real HTTP: create (with every validation error and nothing saved), trigger
 * previews, list filters and pagination, update with an audited diff, enable / disable, schedules
 * from jobs and delete. Running schedules is in schedules-api-runs.test.ts; permissions, org
 * isolation and live schedule events in schedules-api-access.test.ts.
 */
import { expect, test } from 'vitest';
import { codeOf, issuePaths, poll } from './helpers.js';
import { ALL, CREATE, DAILY, DELETE, DISABLE, ENABLE, GET_RUN, PREVIEW, QUICK, RUN_NOW, SCHEDULE_FIELDS, UPDATE, useScheduleApi, type Run, type Schedule } from './schedules-fixtures.js';

const { api, orgToken, create, getSchedule, count, waitForRun, auditOf } = useScheduleApi();

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
