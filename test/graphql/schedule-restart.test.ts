/**
 * Schedules across a restart of the real server process on the same data dir (SIGTERM, and kill -9):
 * a slot that falls while the process is down fires exactly once after the start, a slot that fired
 * before the stop never fires again, and the misfire policy decides what a long outage leaves behind
 * (RUN_ONCE within its catch-up window: the latest missed slot, once; SKIP or too old: nothing).
 *
 * A long outage (over the scheduler's one-minute misfire threshold) is made offline, between the two
 * processes: the schedule's grid is moved back through the store port, as if the process had been
 * down for ten minutes. The kill -9 case also rewinds the due slot of two schedules to one that already
 * fired, which is the state a crash leaves between storing a slot's run and advancing its schedule.
 * Everything else is the API of the two processes, and conditions are awaited by polling it.
 *
 * And a run follows its job across a stop: a job that finishes in the SIGTERM grace period, or one
 * that the next start's recovery fails (kill -9 on its last attempt), still ends its run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, expect, test } from 'vitest';
import type { Store } from '../../src/engine/store/port.js';
import { openSqliteStore } from '../../src/engine/store/sqlite/index.js';
import { dataAt, PLUGINS_DIR, poll, REPO_ROOT } from './helpers.js';
import { freePort, useProcesses, waitHealthy, type RunningProcess } from './server-process.js';

const ADMIN = 'restart-test-admin-token-0123456789';
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** How far back an outage moves a slot: well past the scheduler's one-minute misfire threshold. */
const OUTAGE_MS = 10 * MINUTE;

/** `hold`: one attempt only, which waits while `holdFile` exists (honouring the signal). */
const HOLD_PLUGIN = `
import fs from 'node:fs';
import { definePlugin, defineTask, z } from ${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'src/tasks/plugin-api.ts')).href)};

export default definePlugin({
  name: 'restart-hold',
  version: '1.0.0',
  tasks: [defineTask({
    type: 'hold',
    input: z.object({ holdFile: z.string() }),
    retry: { maxAttempts: 1 },
    async run(ctx) {
      while (fs.existsSync(ctx.input.holdFile)) {
        await new Promise((resolve) => setTimeout(resolve, 10));
        if (ctx.signal.aborted) throw ctx.signal.reason;
      }
      return { held: true };
    },
  })],
});
`;

const processes = useProcesses();
let work: string;
let dataDir: string;
let holdPlugin: string;

beforeEach(() => {
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'jobcenter-schedule-restart-'));
  dataDir = path.join(work, 'data');
  holdPlugin = path.join(work, 'hold-plugin.ts');
  fs.writeFileSync(holdPlugin, HOLD_PLUGIN);
});
afterEach(() => {
  fs.rmSync(work, { recursive: true, force: true });
});

interface Server {
  proc: RunningProcess;
  data<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

async function startServer(env: Record<string, string> = {}): Promise<Server> {
  const port = await freePort();
  const proc = processes.start(['serve'], {
    PORT: String(port),
    HOST: '127.0.0.1',
    JOBCENTER_DATA_DIR: dataDir,
    JOBCENTER_PLUGINS_DIR: PLUGINS_DIR,
    JOBCENTER_PLUGINS: holdPlugin,
    JOBCENTER_STRICT_PLUGINS: 'true',
    JOBCENTER_ADMIN_TOKEN: ADMIN,
    LOG_LEVEL: 'warn',
    ...env,
  });
  await waitHealthy(proc, port);
  const url = `http://127.0.0.1:${port}/graphql`;
  return { proc, data: (query, variables) => dataAt(url, query, variables, ADMIN) };
}

/** The store of the stopped process, for the offline steps. */
async function offline<T>(fn: (store: Store) => Promise<T>): Promise<T> {
  const store = openSqliteStore({ file: path.join(dataDir, 'jobcenter.db') });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/**
 * Moves an INTERVAL schedule's grid back so that its due slot lies `agoMs` in the past (an outage
 * that long); returns that slot.
 */
async function moveDueSlotBack(store: Store, id: string, agoMs: number): Promise<number> {
  const schedule = (await store.schedules.get(id, 'default'))!;
  const shift = schedule.nextRunAt! - (Date.now() - agoMs);
  await store.schedules.save({ ...schedule, anchorAt: schedule.anchorAt - shift, nextRunAt: schedule.nextRunAt! - shift });
  return schedule.nextRunAt! - shift;
}

/** Makes `slot` (one that already has its run) the schedule's due slot again, as a crash can leave it. */
async function rewindDueSlot(store: Store, id: string, slot: number): Promise<void> {
  const schedule = (await store.schedules.get(id, 'default'))!;
  await store.schedules.save({ ...schedule, enabled: true, nextRunAt: slot });
}

const QUICK = { ms: 0, steps: 1 };
const CREATE = `mutation($input: CreateScheduleInput!) { createSchedule(input: $input) { id nextRunAt createdAt } }`;
const SCHEDULE = `query($id: ID!) { schedule(id: $id) {
  id enabled nextRunAt lastRunAt lastRunStatus
  runs(first: 100) { totalCount edges { node { id runKey trigger attempt status scheduledFor createdAt jobId } } } } }`;
const JOB_COUNT = `query($id: ID!) { jobs(filter: { scheduleId: $id }, first: 0) { totalCount } }`;

interface Run {
  id: string;
  runKey: string;
  trigger: string;
  attempt: number;
  status: string;
  scheduledFor: string;
  createdAt: string;
  jobId: string | null;
}
interface ScheduleState {
  id: string;
  enabled: boolean;
  nextRunAt: string | null;
  lastRunAt: string | null;
  lastRunStatus: string | null;
  runs: Run[];
}

async function create(server: Server, input: Record<string, unknown>): Promise<{ id: string; nextRunAt: string; createdAt: string }> {
  return (await server.data(CREATE, { input: { taskType: 'sleep', payload: QUICK, misfirePolicy: 'RUN_ONCE', ...input } })).createSchedule;
}

async function stateOf(server: Server, id: string): Promise<ScheduleState> {
  const { schedule } = await server.data(SCHEDULE, { id });
  return { ...schedule, runs: schedule.runs.edges.map((e: { node: Run }) => e.node) };
}

const jobCount = async (server: Server, id: string): Promise<number> => (await server.data(JOB_COUNT, { id })).jobs.totalCount;

const iso = (ms: number) => new Date(ms).toISOString();
const finished = (run: Run) => ['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'SKIPPED', 'CANCELLED'].includes(run.status);

test.each([
  ['SIGTERM', 'SIGTERM'],
  ['kill -9', 'SIGKILL'],
] as const)('%s: a slot due while down fires once after the restart, fired slots never again, long misses by the misfire policy', { timeout: 120_000 }, async (_name, signal) => {
  const first = await startServer();
  const schedules = {
    /** Fires before the stop. */
    once: await create(first, { name: 'fired before the stop', trigger: { kind: 'ONCE', at: iso(Date.now() + 1000) } }),
    /** Fires every second, before and after the restart. */
    ticking: await create(first, { name: 'every second', trigger: { kind: 'INTERVAL', intervalSeconds: 1 } }),
    /** Missed by ten minutes (moved offline): RUN_ONCE within its hour-long window fires it once. */
    catchUp: await create(first, { name: 'catch up', trigger: { kind: 'INTERVAL', intervalSeconds: 3600 } }),
    /** Missed by ten minutes: SKIP fires nothing. */
    skip: await create(first, { name: 'skip', misfirePolicy: 'SKIP', trigger: { kind: 'INTERVAL', intervalSeconds: 3600 } }),
    /** Missed by ten minutes: RUN_ONCE with a five-minute window fires nothing. */
    tooOld: await create(first, { name: 'too old', catchUpWindowSeconds: 300, trigger: { kind: 'INTERVAL', intervalSeconds: 3600 } }),
  };
  await poll(
    async () => {
      const once = await stateOf(first, schedules.once.id);
      const ticking = await stateOf(first, schedules.ticking.id);
      return !once.enabled && once.runs.every(finished) && ticking.runs.filter((r) => r.status === 'SUCCEEDED').length >= 2;
    },
    { timeoutMs: 30_000, intervalMs: 100, label: 'the ONCE to fire and the interval to fire twice' },
  );
  // Stop half-way between two ticks, once the last one's run has finished: the stop is then not in
  // the middle of a run (the other tests' case).
  await poll(
    async () => {
      const phase = (Date.now() - Date.parse(schedules.ticking.createdAt)) % 1000;
      return phase >= 300 && phase <= 500 && (await stateOf(first, schedules.ticking.id)).runs.every(finished);
    },
    { timeoutMs: 10_000, intervalMs: 20, label: 'a quiet moment between two ticks' },
  );
  // Its slot comes while the process is down (a few seconds late at the restart: under the one-minute
  // misfire threshold, so it fires as a late slot whatever the misfire policy).
  const dueAt = Date.now() + 3000;
  const due = await create(first, { name: 'due while down', trigger: { kind: 'ONCE', at: iso(dueAt) } });
  expect(due.nextRunAt).toBe(iso(dueAt));
  const exit = await first.proc.kill(signal, 30_000);
  expect(exit, first.proc.stdout + first.proc.stderr).toEqual(signal === 'SIGTERM' ? { code: 0, signal: null } : { code: null, signal: 'SIGKILL' });

  const before = await offline(async (store) => {
    const runsOf = async (id: string) => (await store.scheduleRuns.list('default', { scheduleId: id }, { first: 100 })).items.map((i) => i.node);
    const onceRuns = await runsOf(schedules.once.id);
    const tickingRuns = await runsOf(schedules.ticking.id);
    // The stop came before the slot: nothing of it is stored yet.
    expect(await runsOf(due.id)).toEqual([]);
    expect((await store.schedules.get(due.id, 'default'))!.nextRunAt).toBe(dueAt);
    const slots = {
      catchUp: await moveDueSlotBack(store, schedules.catchUp.id, OUTAGE_MS),
      skip: await moveDueSlotBack(store, schedules.skip.id, OUTAGE_MS),
      tooOld: await moveDueSlotBack(store, schedules.tooOld.id, OUTAGE_MS),
    };
    let tickingDue = (await store.schedules.get(schedules.ticking.id, 'default'))!.nextRunAt!;
    if (signal === 'SIGKILL') {
      // The crash came between storing a slot's run and advancing the schedule: the slot is due again.
      expect(onceRuns).toHaveLength(1);
      await rewindDueSlot(store, schedules.once.id, onceRuns[0]!.scheduledFor);
      tickingDue = Math.max(...tickingRuns.map((r) => r.scheduledFor));
      await rewindDueSlot(store, schedules.ticking.id, tickingDue);
    }
    return { onceRuns, tickingRuns, slots, tickingDue };
  });
  expect(before.onceRuns).toHaveLength(1);
  expect(before.tickingRuns.length).toBeGreaterThanOrEqual(2);

  // Restart once the slot has passed.
  while (Date.now() <= dueAt) await new Promise((resolve) => setTimeout(resolve, dueAt + 20 - Date.now()));
  const restartedAt = Date.now();
  const second = await startServer();

  // Every schedule has been looked at: the ONCE ones are spent, the hourly ones point an hour past their slot.
  const looked = await poll(
    async () => {
      const states = Object.fromEntries(
        await Promise.all(Object.entries({ ...schedules, due }).map(async ([key, s]) => [key, await stateOf(second, s.id)] as const)),
      ) as Record<keyof typeof schedules | 'due', ScheduleState>;
      const newTicks = states.ticking.runs.filter((r) => Date.parse(r.scheduledFor) >= restartedAt);
      const settled =
        !states.due.enabled &&
        !states.once.enabled &&
        states.catchUp.nextRunAt === iso(before.slots.catchUp + HOUR) &&
        states.skip.nextRunAt === iso(before.slots.skip + HOUR) &&
        states.tooOld.nextRunAt === iso(before.slots.tooOld + HOUR) &&
        newTicks.length >= 2;
      return settled ? states : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100, label: 'every schedule to be looked at after the restart' },
  );
  await second.data(`mutation($id: ID!) { disableSchedule(id: $id) { id } }`, { id: schedules.ticking.id });
  const after = await poll(
    async () => {
      const states = {
        ...looked,
        ticking: await stateOf(second, schedules.ticking.id),
        catchUp: await stateOf(second, schedules.catchUp.id),
        due: await stateOf(second, due.id),
      };
      return Object.values(states).every((s) => s.runs.every(finished)) ? states : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100, label: 'every run to finish' },
  );

  // The slot that came while the process was down: one run, for that slot.
  expect(after.due.runs).toEqual([
    expect.objectContaining({ trigger: 'SCHEDULED', attempt: 1, status: 'SUCCEEDED', scheduledFor: iso(dueAt), runKey: `${due.id}@${iso(dueAt)}` }),
  ]);
  expect(after.due).toMatchObject({ enabled: false, nextRunAt: null, lastRunAt: iso(dueAt), lastRunStatus: 'SUCCEEDED' });
  expect(await jobCount(second, due.id)).toBe(1);

  // RUN_ONCE within the window: the missed slot, once. SKIP, or older than the window: none.
  expect(after.catchUp.runs).toEqual([
    expect.objectContaining({ trigger: 'SCHEDULED', status: 'SUCCEEDED', scheduledFor: iso(before.slots.catchUp) }),
  ]);
  expect(after.catchUp).toMatchObject({ enabled: true, lastRunAt: iso(before.slots.catchUp), lastRunStatus: 'SUCCEEDED' });
  expect(after.skip.runs).toEqual([]);
  expect(after.tooOld.runs).toEqual([]);
  expect(after.skip.enabled && after.tooOld.enabled).toBe(true);
  expect(await jobCount(second, schedules.catchUp.id)).toBe(1);
  expect(await jobCount(second, schedules.skip.id)).toBe(0);
  expect(await jobCount(second, schedules.tooOld.id)).toBe(0);

  // The ONCE that fired before the stop (and was due again after the crash) has its one run.
  expect(after.once.runs.map((r) => r.id)).toEqual(before.onceRuns.map((r) => r.id));
  expect(after.once.nextRunAt).toBeNull();
  expect(await jobCount(second, schedules.once.id)).toBe(1);

  // The interval: one run per slot; the slots fired before the stop keep their run and get no other;
  // of the slots missed while down, only the one due at the stop fires (once), unless it had fired.
  const ticks = after.ticking.runs;
  expect(new Set(ticks.map((r) => r.runKey)).size).toBe(ticks.length);
  expect(new Set(ticks.map((r) => r.scheduledFor)).size).toBe(ticks.length);
  expect(ticks.every((r) => r.trigger === 'SCHEDULED' && r.attempt === 1)).toBe(true);
  const lastBefore = Math.max(...before.tickingRuns.map((r) => r.scheduledFor));
  const byId = new Map(ticks.map((r) => [r.id, r]));
  for (const run of before.tickingRuns) expect(byId.get(run.id)?.scheduledFor, `run ${run.id}`).toBe(iso(run.scheduledFor));
  expect(ticks.filter((r) => Date.parse(r.scheduledFor) <= lastBefore)).toHaveLength(before.tickingRuns.length);
  const missed = ticks.filter((r) => Date.parse(r.scheduledFor) > lastBefore && Date.parse(r.scheduledFor) < restartedAt);
  expect(missed.map((r) => r.scheduledFor)).toEqual(before.tickingDue > lastBefore ? [iso(before.tickingDue)] : []);
  expect(await jobCount(second, schedules.ticking.id)).toBe(ticks.filter((r) => r.jobId !== null).length);

  await second.proc.kill('SIGTERM');
});

test('SIGTERM while a scheduled run is running: its job finishes in the grace period and the run follows it', { timeout: 120_000 }, async () => {
  const first = await startServer();
  const schedule = await create(first, { name: 'slow', payload: { ms: 3000, steps: 30 }, trigger: { kind: 'ONCE', at: iso(Date.now() + 1000) } });
  const [running] = await poll(
    async () => {
      const { runs } = await stateOf(first, schedule.id);
      return runs[0]?.status === 'RUNNING' ? runs : undefined;
    },
    { timeoutMs: 30_000, label: 'the run to be RUNNING' },
  );
  const exit = await first.proc.kill('SIGTERM', 30_000);
  expect(exit, first.proc.stdout + first.proc.stderr).toEqual({ code: 0, signal: null });

  const stored = await offline(async (store) => ({
    job: await store.jobs.get(running!.jobId!, 'default'),
    run: await store.scheduleRuns.get(running!.id, 'default'),
    schedule: await store.schedules.get(schedule.id, 'default'),
  }));
  expect(stored.job).toMatchObject({ status: 'SUCCEEDED', attempt: 1 });
  expect(stored.run).toMatchObject({ status: 'SUCCEEDED', jobId: running!.jobId });
  expect(stored.schedule).toMatchObject({ lastRunStatus: 'SUCCEEDED', consecutiveFailures: 0 });

  const second = await startServer();
  const after = await stateOf(second, schedule.id);
  expect(after.runs).toEqual([expect.objectContaining({ id: running!.id, status: 'SUCCEEDED' })]);
  expect(await jobCount(second, schedule.id)).toBe(1);
  await second.proc.kill('SIGTERM');
});

test('kill -9 while a scheduled run is running its last attempt: after the restart the run follows its failed job and is retried', { timeout: 120_000 }, async () => {
  const holdFile = path.join(work, 'hold');
  fs.writeFileSync(holdFile, '');
  const first = await startServer();
  const schedule = await create(first, {
    name: 'held',
    taskType: 'hold',
    payload: { holdFile },
    retryPolicy: { maxRetries: 1, backoffSeconds: [0] },
    trigger: { kind: 'ONCE', at: iso(Date.now() + 1000) },
  });
  const [running] = await poll(
    async () => {
      const { runs } = await stateOf(first, schedule.id);
      return runs[0]?.status === 'RUNNING' ? runs : undefined;
    },
    { timeoutMs: 30_000, label: 'the run to be RUNNING' },
  );
  await first.proc.kill('SIGKILL');
  fs.rmSync(holdFile);

  // The start-up recovery fails the job (its only attempt was spent); the run follows, and its retry succeeds.
  const second = await startServer();
  const after = await poll(
    async () => {
      const state = await stateOf(second, schedule.id);
      return state.lastRunStatus === 'SUCCEEDED' && state.runs.every(finished) ? state : undefined;
    },
    { timeoutMs: 30_000, intervalMs: 100, label: 'the retry to succeed' },
  );
  expect(after.runs).toEqual([
    expect.objectContaining({ trigger: 'RETRY', attempt: 2, status: 'SUCCEEDED' }),
    expect.objectContaining({ id: running!.id, trigger: 'SCHEDULED', attempt: 1, status: 'FAILED' }),
  ]);
  const { job } = await second.data(`query($id: ID!) { job(id: $id) { status error { code } } }`, { id: running!.jobId });
  expect(job).toEqual({ status: 'FAILED', error: { code: 'LEASE_EXPIRED' } });
  expect(await jobCount(second, schedule.id)).toBe(2);
  await second.proc.kill('SIGTERM');
});
