/**
 * No N+1 for durable steps and waits: a page of jobs with their steps, each step's LLM calls, and
 * their waits costs the same few store reads for 5 jobs as for 40, through the app's real store
 * (its repositories wrapped by counting proxies). Each job sees its own rows only, in their order,
 * and a step lists its oldest calls up to the cap.
 */
import { beforeAll, expect, test } from 'vitest';
import { newId } from '../../src/engine/domain/ids.js';
import type { LlmCall } from '../../src/engine/domain/llm-call.js';
import { STEP_CALLS } from '../../src/schema/loaders.js';
import { countStoreReads } from '../helpers/store-reads.js';
import { useTestApp } from './helpers.js';

const api = useTestApp();
const ORG = 'sw-org';
const OTHER = 'sw-other';
/** A type no worker runs, so the jobs stay as this file leaves them. */
const TYPE = 'nobody-runs-this';
const REPOS = ['jobs', 'steps', 'waits', 'llmCalls'] as const;
const BACKGROUND = new Set(['nextRunAt', 'claim', 'heartbeat', 'finishAttempts', 'recoverLeases', 'wakeDue', 'nextWakeAt', 'purgeFinished', 'purge', 'purgeEvents']);

let counted: ReturnType<typeof countStoreReads>;

async function readsOf(query: string, variables: Record<string, unknown>, token: string): Promise<{ data: any; reads: Record<string, number> }> {
  return counted(() => api().data(query, variables, token));
}

const call = (orgId: string, jobId: string, step: string | undefined, queuedAt: number): LlmCall => ({
  id: newId(),
  orgId,
  provider: 'demo',
  model: 'echo',
  source: TYPE,
  status: 'SUCCEEDED',
  parentJobId: jobId,
  ...(step !== undefined && { step }),
  messages: [],
  output: [],
  usage: { inputTokens: 1, outputTokens: 1, cachedTokens: 0, totalTokens: 2 },
  queuedAt,
  retries: 0,
  updatedAt: queuedAt,
});

let token: string;
let busyJob: string;

beforeAll(async () => {
  const store = api().app.store;
  token = await api().token(ORG, ['jobs:read', 'llm:read']);
  const made = await store.jobs.insert(
    Array.from({ length: 40 }, (_, i) => ({ id: newId(), orgId: ORG, type: TYPE, priority: 0, payload: { i }, maxAttempts: 1, runAt: 1, createdAt: 1_000 + i })),
  );
  const jobs = made.map((r) => r.job);
  const claimed = await store.jobs.claim({ workerId: 'w', limit: 40, now: Date.now(), leaseMs: 3_600_000, types: [TYPE], typeLimits: {} });
  expect(claimed).toHaveLength(40);
  for (const [i, job] of jobs.entries()) {
    for (const [n, name] of ['draft', 'publish'].entries()) {
      const startedAt = 2_000 + i * 10 + n;
      await store.steps.start({ orgId: ORG, jobId: job.id, name, attempt: 1, startedAt }, 'w');
      await store.steps.finish(job.id, name, 'w', { status: 'SUCCEEDED', result: { i, name }, finishedAt: startedAt + 1 });
    }
    await store.waits.open({ id: newId(), orgId: ORG, jobId: job.id, name: 'approve', kind: 'SIGNAL', createdAt: 3_000 + i }, 3_000 + i, job.createdAt);
    await store.llmCalls.insert(call(ORG, job.id, 'draft', 5_000 + i * 10 + 1));
    await store.llmCalls.insert(call(ORG, job.id, 'draft', 5_000 + i * 10));
    await store.llmCalls.insert(call(ORG, job.id, 'publish', 5_000 + i * 10 + 2));
    await store.llmCalls.insert(call(ORG, job.id, undefined, 5_000 + i * 10 + 3)); // outside any step
    await store.llmCalls.insert(call(OTHER, job.id, 'draft', 5_000 + i * 10 + 4)); // another org's, naming this job
  }
  // One job's step made more calls than a step lists: its oldest come.
  busyJob = jobs[0]!.id;
  for (let n = 0; n < STEP_CALLS + 20; n++) await store.llmCalls.insert(call(ORG, busyJob, 'publish', 100_000 - n));
  counted = countStoreReads(store, REPOS, BACKGROUND);
});

const JOBS = `query($first: Int) { jobs(first: $first, orderBy: CREATED_ASC, filter: { type: ["${TYPE}"] }) { edges { node {
  id steps { name result llmCalls { id queuedAt } } waits { name kind resolvedAt }
} } } }`;

test('a page of jobs with steps, their calls and waits costs the same few reads for 5 jobs as for 40', async () => {
  const small = await readsOf(JOBS, { first: 5 }, token);
  const large = await readsOf(JOBS, { first: 40 }, token);
  expect(large.data.jobs.edges).toHaveLength(40);
  expect(large.reads).toEqual(small.reads);
  expect(large.reads).toEqual({ 'jobs.list': 1, 'steps.listMany': 1, 'waits.listMany': 1, 'llmCalls.ofSteps': 1 });
});

test('each job gets its own steps, calls and waits, in order; a step lists its oldest calls up to the cap', async () => {
  const { data } = await readsOf(JOBS, { first: 40 }, token);
  const nodes = data.jobs.edges.map((e: { node: any }) => e.node);
  for (const [i, node] of nodes.entries()) {
    expect(node.steps.map((s: any) => [s.name, s.result])).toEqual([
      ['draft', { i, name: 'draft' }],
      ['publish', { i, name: 'publish' }],
    ]);
    expect(node.waits).toEqual([{ name: 'approve', kind: 'SIGNAL', resolvedAt: null }]);
    const draft = node.steps[0].llmCalls.map((c: any) => Date.parse(c.queuedAt));
    expect(draft).toEqual([5_000 + i * 10, 5_000 + i * 10 + 1]);
    if (node.id !== busyJob) expect(node.steps[1].llmCalls.map((c: any) => Date.parse(c.queuedAt))).toEqual([5_000 + i * 10 + 2]);
  }
  const busy = nodes.find((n: any) => n.id === busyJob).steps[1].llmCalls.map((c: any) => Date.parse(c.queuedAt));
  expect(busy).toHaveLength(STEP_CALLS);
  expect(busy[0]).toBe(5_002);
  expect(busy).toEqual([...busy].sort((a, b) => a - b));
  // 5,002, then the oldest of the 120 made at 100,000 - n (99,881 and up): 99 of them.
  expect(busy.at(-1)).toBe(99_881 + STEP_CALLS - 2);
});
