/**
 * No N+1: a page of jobs with nested usage, schedule, run, parent and retryOf costs a fixed number of
 * store reads, whatever the page size; so do runs with their job, schedule and retryOf, and model calls
 * with their parent job. The reads are counted through the app's real store, its repositories wrapped
 * by counting proxies here. Rows of another org named by ids stay invisible inside a batch.
 */
import { beforeAll, expect, test } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import type { Schedule, ScheduleRun } from '../../src/engine/domain/schedule.js';
import type { NewJob } from '../../src/engine/domain/types.js';
import { countStoreReads } from '../helpers/store-reads.js';
import { useTestApp } from './helpers.js';

const api = useTestApp();
const ORG = 'n1-org';
const OTHER = 'n1-other';
const FAR = Date.now() + 2_000_000_000;
const REPOS = ['jobs', 'schedules', 'scheduleRuns', 'llmCalls', 'logs', 'alerts'] as const;

/** What the executor and scheduler call on their own, not for a request. */
const BACKGROUND = new Set(['nextRunAt', 'claim', 'heartbeat', 'finishAttempts', 'recoverLeases', 'due', 'nextDueAt', 'countDue', 'activeOrgs', 'allActive', 'purgeFinished', 'purge']);

let counted: ReturnType<typeof countStoreReads>;

async function readsOf(query: string, variables: Record<string, unknown>, token: string): Promise<{ data: any; reads: Record<string, number> }> {
  return counted(() => api().data(query, variables, token));
}

const schedule = (orgId: string, name: string): Schedule => ({
  id: newId(),
  orgId,
  name,
  taskType: 'sleep',
  payload: { ms: 0, steps: 1 },
  trigger: { kind: 'INTERVAL', intervalSeconds: 3600, timezone: 'UTC' },
  enabled: false,
  consecutiveFailures: 0,
  skippedRuns: 0,
  overlapPolicy: 'SKIP',
  maxConcurrentRuns: 1,
  misfirePolicy: 'SKIP',
  catchUpWindowSeconds: 0,
  retryPolicy: { maxRetries: 0, backoffSeconds: [] },
  pauseOnAlert: false,
  createdAt: 1,
  updatedAt: 1,
  anchorAt: 1,
});

const run = (s: Schedule, n: number, extra: Partial<ScheduleRun> = {}): ScheduleRun => ({
  id: newId(),
  orgId: s.orgId,
  scheduleId: s.id,
  runKey: `${s.id}:${n}`,
  trigger: 'MANUAL',
  attempt: 1,
  status: 'SUCCEEDED',
  scheduledFor: n,
  createdAt: n,
  updatedAt: n,
  ...extra,
});

const job = (orgId: string, n: number, extra: Partial<NewJob> = {}): NewJob => ({
  id: newId(),
  orgId,
  type: 'sleep',
  priority: 0,
  payload: { ms: 0, steps: 1 },
  maxAttempts: 1,
  runAt: FAR,
  createdAt: 1_000 + n,
  ...extra,
});

let token: string;
let foreignJobId: string;
let foreignScheduleId: string;

beforeAll(async () => {
  const store = api().app.store;
  token = await api().token(ORG, ['jobs:read', 'schedules:read', 'llm:read']);
  const mine = [schedule(ORG, 'a'), schedule(ORG, 'b')];
  const theirs = schedule(OTHER, 'x');
  for (const s of [...mine, theirs]) await store.schedules.insert(s);
  foreignScheduleId = theirs.id;
  const runs = [run(mine[0]!, 1), run(mine[1]!, 2)];
  runs.push(run(mine[0]!, 3, { retryOfRunId: runs[0]!.id }));
  for (const r of runs) await store.scheduleRuns.insert(r);
  const parents = [job(ORG, 0), job(ORG, 1, { scheduleId: mine[1]!.id })];
  const [foreign] = [job(OTHER, 0)];
  await store.jobs.insert([...parents, foreign!]);
  foreignJobId = foreign!.id;
  // 120 children: parents and schedules of this org, and every tenth names the other org's job and
  // schedule (written straight to the store: the API would refuse them).
  const children = Array.from({ length: 120 }, (_, i) =>
    job(ORG, 10 + i, {
      parentId: i % 10 === 0 ? foreign!.id : parents[i % 2]!.id,
      retryOfId: parents[(i + 1) % 2]!.id,
      scheduleId: i % 10 === 0 ? theirs.id : mine[i % 2]!.id,
      scheduleRunId: runs[i % 3]!.id,
    }),
  );
  await store.jobs.insert(children);
  for (const [i, child] of children.entries()) {
    if (i % 3 !== 0) continue;
    await store.llmCalls.insert({
      id: newId(),
      orgId: ORG,
      provider: 'demo',
      model: 'echo',
      source: 'sleep',
      status: 'SUCCEEDED',
      parentJobId: child.id,
      messages: [{ role: 'user', content: 'hi' }],
      output: [],
      usage: { inputTokens: i, outputTokens: 1, cachedTokens: 0, totalTokens: i + 1 },
      queuedAt: 1_000 + i,
      retries: 0,
      updatedAt: 1_000 + i,
    });
  }
  await store.llmCalls.insert({
    id: newId(), orgId: OTHER, provider: 'demo', model: 'echo', source: 'sleep', status: 'SUCCEEDED', parentJobId: children[3]!.id,
    messages: [], output: [], usage: { inputTokens: 1000, outputTokens: 0, cachedTokens: 0, totalTokens: 1000 }, queuedAt: 1, retries: 0, updatedAt: 1,
  });
  counted = countStoreReads(store, REPOS, BACKGROUND);
});

const JOBS = `query($first: Int) { jobs(first: $first, orderBy: CREATED_ASC, filter: { createdAfter: "1970-01-01T00:00:01.010Z" }) { edges { node {
  id usage { totalTokens } schedule { id name } scheduleRun { id retryOf { id } } retryOf { id } parent { id schedule { id } }
} } } }`;

/**
 * At most one read per kind of row and level of nesting, whatever the page size: parent and retryOf
 * share the job loader at one level; schedule is read at two levels (the job's and its parent's), the
 * run at two (the job's run and its retryOf). Two levels may go out as one batch when their asks
 * meet in time, so these are upper bounds.
 */
const JOB_PAGE_READS: Record<string, number> = {
  'jobs.list': 1,
  'jobs.getMany': 1,
  'schedules.getMany': 2,
  'scheduleRuns.getMany': 2,
  'llmCalls.usageOfJobs': 1,
};

test('a page of jobs with nested rows costs the same few reads for 10 jobs as for 100', async () => {
  for (const first of [10, 100]) {
    const { data, reads } = await readsOf(JOBS, { first }, token);
    expect(data.jobs.edges).toHaveLength(first);
    expect(Object.keys(reads).sort(), `reads of a page of ${first}`).toEqual(Object.keys(JOB_PAGE_READS).sort());
    for (const [method, count] of Object.entries(reads)) expect(count, `${method}, page of ${first}`).toBeLessThanOrEqual(JOB_PAGE_READS[method]!);
    expect(reads['jobs.list']).toBe(1);
  }
});

test("another org's ids in a batch stay invisible: null parent and schedule, no foreign usage", async () => {
  const { data } = await readsOf(JOBS, { first: 100 }, token);
  const nodes = data.jobs.edges.map((e: { node: any }) => e.node);
  const pointingAway = nodes.filter((_: unknown, i: number) => i % 10 === 0);
  expect(pointingAway.length).toBe(10);
  for (const node of pointingAway) {
    expect(node.parent).toBeNull();
    expect(node.schedule).toBeNull();
  }
  for (const node of nodes.filter((_: unknown, i: number) => i % 10 !== 0)) {
    expect(node.parent).not.toBeNull();
    expect(node.schedule).not.toBeNull();
    expect(node.parent.id).not.toBe(foreignJobId);
    expect(node.schedule.id).not.toBe(foreignScheduleId);
  }
  // Calls of this org only: child 3's usage is its own call (3 + 1), not the other org's 1,000.
  expect(nodes[3].usage.totalTokens).toBe(4);
  expect(nodes[1].usage.totalTokens).toBe(0);
  expect(nodes.filter((n: any) => n.scheduleRun?.retryOf).length).toBeGreaterThan(0);
});

test('model calls with their parent job, and runs with their job, schedule and retryOf, batch the same way', async () => {
  const CALLS = `query($first: Int) { llmCalls(first: $first) { edges { node { id parentJob { id schedule { id } } } } } }`;
  const small = await readsOf(CALLS, { first: 5 }, token);
  const large = await readsOf(CALLS, { first: 40 }, token);
  expect(large.data.llmCalls.edges).toHaveLength(40);
  expect(large.data.llmCalls.edges.every((e: any) => e.node.parentJob !== null)).toBe(true);
  expect(large.reads).toEqual(small.reads);
  expect(large.reads['jobs.get']).toBeUndefined();
  expect(large.reads['jobs.getMany']).toBe(1);

  const ALERTS_AND_RUNS = `{ schedules(first: 10) { edges { node { runs(first: 10) { edges { node { id schedule { id } retryOf { id } } } } } } } }`;
  const runs = await readsOf(ALERTS_AND_RUNS, {}, token);
  const nodes = runs.data.schedules.edges.flatMap((e: any) => e.node.runs.edges.map((r: any) => r.node));
  expect(nodes).toHaveLength(3);
  expect(nodes.every((n: any) => n.schedule !== null)).toBe(true);
  expect(runs.reads['schedules.get']).toBeUndefined();
  expect(runs.reads['scheduleRuns.get']).toBeUndefined();
  expect(runs.reads['schedules.getMany']).toBe(1);
});
