/**
 * Write permissions never read: a Job, Schedule, ScheduleRun or Alert returned by a mutation shows a
 * caller without the matching read permission only the fields a writer may see (id and what the
 * mutation changed); mutations that change nothing write no audit entry; search text is bounded;
 * workers' host and pid are shown to the system admin only.
 */
import { expect, test } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import { codeOf, poll, useTestApp, type GqlResponse } from './helpers.js';

const api = useTestApp({ env: { JOBCENTER_CONCURRENCY: '2' } });

const SECRET = 'secret-payload-7f3a';
const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id status } }`;
const JOB = `query($id: ID!) { job(id: $id) { id status cancelRequested result } }`;
const CREATE_SCHEDULE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id } }`;
const DAILY = { kind: 'CRON', cron: '0 3 * * *', timezone: 'UTC' };
const AUDIT = `query($filter: AuditFilter) { auditLog(filter: $filter, first: 100) { totalCount edges { node { action targetId details } } } }`;

/** The whole response as text: nothing readable may carry the secret. */
const leaks = (result: GqlResponse) => JSON.stringify(result.data ?? null).includes(SECRET);
const forbidden = (result: GqlResponse) => (result.errors ?? []).some((e) => e.extensions?.code === 'FORBIDDEN');

async function finishedJob(org: string): Promise<string> {
  const admin = await api().token(org, ['admin']);
  const { enqueueJob } = await api().data(ENQUEUE, { input: { type: 'summarize', payload: { text: SECRET } } }, admin);
  await poll(async () => (await api().data(JOB, { id: enqueueJob.id }, admin)).job.status === 'SUCCEEDED', { label: 'the job to succeed' });
  return enqueueJob.id;
}

async function auditActions(org: string, filter: Record<string, unknown>): Promise<string[]> {
  const reader = await api().token(org, ['audit:read']);
  return (await api().data(AUDIT, { filter }, reader)).auditLog.edges.map((e: any) => e.node.action);
}

test('a jobs:write-only token reads no payload or result through cancelJob', async () => {
  const id = await finishedJob('w1');
  const writer = await api().token('w1', ['jobs:write']);
  const sensitive = await api().gql(`mutation($id: ID!) { cancelJob(id: $id) { id payload result checkpoint logs { totalCount } } }`, { id }, writer);
  expect(forbidden(sensitive), JSON.stringify(sensitive.errors)).toBe(true);
  expect(sensitive.errors?.[0]?.message).toMatch(/jobs:read/);
  expect(leaks(sensitive)).toBe(false);
  // What a writer may see: the id and what the mutation changed.
  const allowed = await api().gql(`mutation($id: ID!) { cancelJob(id: $id) { id status cancelRequested } }`, { id }, writer);
  expect(allowed.errors).toBeUndefined();
  expect(allowed.data.cancelJob).toEqual({ id, status: 'SUCCEEDED', cancelRequested: false });
});

test("a jobs:write-only token reads nothing of another job through enqueueJob's parent", async () => {
  const parentId = await finishedJob('w2');
  const writer = await api().token('w2', ['jobs:write']);
  const result = await api().gql(
    `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id parent { id payload result } children { totalCount } } }`,
    { input: { type: 'sleep', payload: { ms: 0, steps: 1 }, parentId } },
    writer,
  );
  expect(forbidden(result), JSON.stringify(result.errors)).toBe(true);
  expect(leaks(result)).toBe(false);
  expect(JSON.stringify(result.data ?? null)).not.toContain(parentId);
});

test('a schedules:write-only token reads no schedule or runs through updateSchedule; a schedules:run-only token none through runScheduleNow', async () => {
  const admin = await api().token('w3', ['admin']);
  const { createSchedule } = await api().data(
    CREATE_SCHEDULE,
    { input: { name: 'nightly', taskType: 'summarize', payload: { text: SECRET }, trigger: DAILY } },
    admin,
  );
  const writer = await api().token('w3', ['schedules:write']);
  const update = await api().gql(
    `mutation($id: ID!) { updateSchedule(id: $id, input: {}) { id payload name runs { totalCount } } }`,
    { id: createSchedule.id },
    writer,
  );
  expect(forbidden(update), JSON.stringify(update.errors)).toBe(true);
  expect(update.errors?.[0]?.message).toMatch(/schedules:read/);
  expect(leaks(update)).toBe(false);
  const allowed = await api().gql(`mutation($id: ID!) { disableSchedule(id: $id) { id enabled } }`, { id: createSchedule.id }, writer);
  expect(allowed.errors).toBeUndefined();
  expect(allowed.data.disableSchedule).toEqual({ id: createSchedule.id, enabled: false });

  const runner = await api().token('w3', ['schedules:run']);
  const run = await api().gql(`mutation($id: ID!) { runScheduleNow(id: $id) { id status schedule { payload } } }`, { id: createSchedule.id }, runner);
  expect(forbidden(run), JSON.stringify(run.errors)).toBe(true);
  expect(leaks(run)).toBe(false);
  const runAllowed = await api().gql(`mutation($id: ID!) { runScheduleNow(id: $id) { id status } }`, { id: createSchedule.id }, runner);
  expect(runAllowed.errors).toBeUndefined();
  expect(runAllowed.data.runScheduleNow.id).toEqual(expect.any(String));
});

test('a schedules:write-only token acknowledges an alert and reads only its id and acknowledgedAt', async () => {
  const admin = await api().token('w5', ['admin']);
  const { createSchedule } = await api().data(
    CREATE_SCHEDULE,
    { input: { name: 'alerting', taskType: 'summarize', payload: { text: SECRET }, trigger: DAILY } },
    admin,
  );
  const alertId = newId();
  await api().app.store.alerts.insert({ id: alertId, orgId: 'w5', kind: 'CONSECUTIVE_FAILURES', scheduleId: createSchedule.id, message: 'failed 3 times', raisedAt: Date.now() });
  const writer = await api().token('w5', ['schedules:write']);
  const sensitive = await api().gql(`mutation($id: ID!) { acknowledgeAlert(id: $id) { id message schedule { payload } } }`, { id: alertId }, writer);
  expect(forbidden(sensitive), JSON.stringify(sensitive.errors)).toBe(true);
  expect(leaks(sensitive)).toBe(false);
  expect(JSON.stringify(sensitive.data ?? null)).not.toContain('failed 3 times');
  const allowed = await api().gql(`mutation($id: ID!) { acknowledgeAlert(id: $id) { id acknowledgedAt } }`, { id: alertId }, writer);
  expect(allowed.errors).toBeUndefined();
  expect(allowed.data.acknowledgeAlert).toEqual({ id: alertId, acknowledgedAt: expect.any(String) });
});

test('read tokens still read everything they could', async () => {
  const id = await finishedJob('w4');
  const reader = await api().token('w4', ['jobs:read']);
  const { job } = await api().data(`query($id: ID!) { job(id: $id) { id payload result logs { totalCount } } }`, { id }, reader);
  expect(job.payload.text).toBe(SECRET);
  expect(job.result).not.toBeNull();
});

test('mutations that change nothing write no audit entry', async () => {
  const org = 'noop';
  const id = await finishedJob(org);
  const writer = await api().token(org, ['jobs:write', 'schedules:write']);
  // A finished job: cancel changes nothing.
  await api().data(`mutation($id: ID!) { cancelJob(id: $id) { id } }`, { id }, writer);
  // A running job asked to stop twice: one entry.
  const admin = await api().token(org, ['admin']);
  const { enqueueJob: long } = await api().data(ENQUEUE, { input: { type: 'sleep', payload: { ms: 60_000, steps: 600 } } }, admin);
  await poll(async () => (await api().data(JOB, { id: long.id }, admin)).job.status === 'RUNNING', { label: 'the job to run' });
  await api().data(`mutation($id: ID!) { cancelJob(id: $id) { id } }`, { id: long.id }, writer);
  await api().data(`mutation($id: ID!) { cancelJob(id: $id) { id } }`, { id: long.id }, writer);
  // A bulk cancel that matches nothing.
  expect((await api().data(`mutation { cancelJobs(filter: { type: ["no-such-type"] }) }`, undefined, writer)).cancelJobs).toBe(0);
  expect((await api().data(`mutation { deleteJobs(filter: { type: ["no-such-type"] }) }`, undefined, writer)).deleteJobs).toBe(0);
  expect((await api().data(`mutation { retryJobs(filter: { type: ["no-such-type"] }) }`, undefined, writer)).retryJobs).toBe(0);
  expect(await auditActions(org, { targetType: 'job' })).toEqual(['job.cancel', 'job.enqueue', 'job.enqueue']);

  // An empty update and an update to the current values: no entry; a real change: one, with its diff.
  const { createSchedule } = await api().data(
    CREATE_SCHEDULE,
    { input: { name: 'same', taskType: 'sleep', payload: { ms: 0, steps: 1 }, trigger: DAILY, retryPolicy: { maxRetries: 2 } } },
    admin,
  );
  const UPDATE = `mutation($id: ID!, $input: UpdateScheduleInput!) { updateSchedule(id: $id, input: $input) { id } }`;
  await api().data(UPDATE, { id: createSchedule.id, input: {} }, writer);
  await api().data(UPDATE, { id: createSchedule.id, input: { name: 'same', payload: { ms: 0, steps: 1 }, trigger: DAILY, retryPolicy: { maxRetries: 2 } } }, writer);
  await api().data(`mutation($id: ID!) { enableSchedule(id: $id) { id } }`, { id: createSchedule.id }, writer);
  await api().data(UPDATE, { id: createSchedule.id, input: { name: 'renamed' } }, writer);
  const reader = await api().token(org, ['audit:read']);
  const entries = (await api().data(AUDIT, { filter: { targetType: 'schedule' } }, reader)).auditLog.edges.map((e: any) => e.node);
  expect(entries.map((e: any) => e.action)).toEqual(['schedule.update', 'schedule.create']);
  expect(entries[0].details).toEqual({ diff: { name: { from: 'same', to: 'renamed' } } });
});

test('search text is bounded and may not hold control characters', async () => {
  const reader = await api().token('search', ['jobs:read', 'schedules:read']);
  const cases: Array<[string, string]> = [
    ['query($s: String) { jobs(filter: { search: $s }) { totalCount } }', 'filter.search'],
    ['query($s: String) { schedules(filter: { search: $s }) { totalCount } }', 'filter.search'],
  ];
  for (const [query, path] of cases) {
    for (const bad of ['a\u0000', 'line\nbreak', 'x'.repeat(201), 'y'.repeat(500_000)]) {
      const result = await api().gql(query, { s: bad }, reader);
      expect(codeOf(result), `${query} ${JSON.stringify(bad.slice(0, 10))}`).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.extensions?.issues?.[0]?.path).toBe(path);
      expect(result.errors?.[0]?.message).toMatch(/search/);
    }
    const ok = await api().gql(query, { s: 'z'.repeat(200) }, reader);
    expect(ok.errors).toBeUndefined();
  }
  // The same bound holds where a filter writes: a bulk mutation refuses it before touching a job.
  const writer = await api().token('search', ['jobs:write']);
  const bulk = await api().gql(`mutation { cancelJobs(filter: { search: "\\u0000" }) }`, undefined, writer);
  expect(codeOf(bulk)).toBe('BAD_USER_INPUT');
});

test("workers' host and pid are shown to the system admin only", async () => {
  const QUEUE = `{ queueStats { workers { id host pid running concurrency } } }`;
  const system = (await api().data(QUEUE)).queueStats.workers;
  expect(system.length).toBeGreaterThan(0);
  expect(system[0]).toMatchObject({ host: expect.any(String), pid: process.pid, concurrency: 2 });

  const orgAdmin = await api().token('tenant', ['admin']);
  const tenant = (await api().data(QUEUE, undefined, orgAdmin)).queueStats.workers;
  expect(tenant).toHaveLength(system.length);
  expect(tenant[0]).toMatchObject({ host: null, pid: null, concurrency: 2, running: expect.any(Number) });
  expect(tenant[0].id).not.toContain(String(process.pid));
  expect(tenant[0].id).not.toBe(system[0].id);

  // A job's lease owner names the worker the same way.
  const { enqueueJob } = await api().data(ENQUEUE, { input: { type: 'sleep', payload: { ms: 60_000, steps: 600 } } }, orgAdmin);
  const running = await poll(
    async () => {
      const { job } = await api().data(`query($id: ID!) { job(id: $id) { status leaseOwner } }`, { id: enqueueJob.id }, orgAdmin);
      return job.status === 'RUNNING' && job.leaseOwner ? job : undefined;
    },
    { label: 'the job to run' },
  );
  expect(running.leaseOwner).toBe(tenant[0].id);
  await api().data(`mutation($id: ID!) { cancelJob(id: $id) { id } }`, { id: enqueueJob.id }, orgAdmin);
});
