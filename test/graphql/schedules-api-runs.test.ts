/**
 * The schedules API over real HTTP, running schedules: run now and follow the run's job, and slots
 * (INTERVAL, ONCE) that fire on their own exactly once.
 */
import { expect, test } from 'vitest';
import { poll } from './helpers.js';
import { DISABLE, RUN_NOW, UPDATE, useScheduleApi, type Run } from './schedules-fixtures.js';

const { api, orgToken, create, getSchedule, runsOf, waitForRun, auditOf } = useScheduleApi();

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
