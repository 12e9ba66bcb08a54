/**
 * The LLM-call API over real HTTP and graphql-ws: calls a task makes through ctx.llm (the local `demo`
 * provider) read back on the job, by id and in filtered, paged lists; usage sums; live call events
 * and scheduler status; org isolation and the llm:read permission. Every test works in its own org.
 */
import { expect, test } from 'vitest';
import { definePlugin, defineTask, z, type TaskContext } from '../../src/tasks/plugin-api.js';
import { codeOf, poll, useTestApp, type TokenArg } from './helpers.js';

const CHAT = 'test-llm-chat';
const SUMMARIZE = 'test-llm-summarize';

const input = z.object({
  n: z.number().int(),
  /** Calls made one after another. */
  calls: z.number().int().min(1).default(1),
  model: z.string().default('demo-model'),
  /** Shortens the demo answer (to this many words), so a call is quick. */
  maxTokens: z.number().int().optional(),
});

/** Asks the model `calls` times; returns the answers. */
async function run(ctx: TaskContext<z.output<typeof input>>) {
  const answers: string[] = [];
  for (let i = 0; i < ctx.input.calls; i++) {
    const response = await ctx.llm.chat({
      model: ctx.input.model,
      messages: [
        { role: 'system', content: 'be brief' },
        { role: 'user', content: 'hello ' + ctx.input.n },
      ],
      ...(ctx.input.maxTokens !== undefined && { max_tokens: ctx.input.maxTokens }),
    });
    answers.push(response.content);
  }
  return { answers };
}

const llmPlugin = definePlugin({
  name: 'test-llm',
  version: '0.0.1',
  tasks: [
    defineTask({ type: CHAT, input, retry: { maxAttempts: 1 }, run }),
    defineTask({ type: SUMMARIZE, input, retry: { maxAttempts: 1 }, run }),
  ],
});

const api = useTestApp({ plugins: [llmPlugin] });

const ALL = ['jobs:read', 'jobs:write', 'llm:read'] as const;
const orgToken = (org: string) => api().token(org, [...ALL]);

const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id status } }`;
const JOB_STATUS = `query($id: ID!) { job(id: $id) { id status result error { message } } }`;

const enqueue = async (token: TokenArg, type: string, payload: Record<string, unknown>): Promise<string> =>
  (await api().data<{ enqueueJob: { id: string } }>(ENQUEUE, { input: { type, payload } }, token)).enqueueJob.id;

const succeeded = (token: TokenArg, id: string) =>
  poll(
    async () => {
      const { job } = await api().data(JOB_STATUS, { id }, token);
      if (job?.status === 'FAILED' || job?.status === 'CANCELLED') throw new Error(`job ${id} ended ${job.status}: ${JSON.stringify(job.error)}`);
      return job?.status === 'SUCCEEDED' ? job : undefined;
    },
    { timeoutMs: 20_000, label: `job ${id} to succeed` },
  );

/** Enqueues a job and waits for it to succeed. */
const runJob = async (token: TokenArg, type: string, payload: Record<string, unknown>): Promise<string> => {
  const id = await enqueue(token, type, payload);
  await succeeded(token, id);
  return id;
};

const CALL_FIELDS = `id status provider model source requestedBy params messages { role content name } output { role content }
  error { message code } parentJob { id } queuedAt startedAt firstTokenAt finishedAt waitMs ttftMs durationMs retries
  usage { inputTokens outputTokens cachedTokens totalTokens }`;

const LIST = `query($filter: LlmCallFilter, $first: Int, $after: String) {
  llmCalls(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { id status source model queuedAt parentJob { id } } } } }`;

const count = async (token: TokenArg, filter: Record<string, unknown>): Promise<number> =>
  (await api().data(LIST, { filter, first: 0 }, token)).llmCalls.totalCount;

const USAGE = `query($since: DateTime, $until: DateTime) { llmUsage(since: $since, until: $until) { since until
  byModel { key calls failed p95DurationMs p95TtftMs usage { inputTokens outputTokens cachedTokens totalTokens } }
  bySource { key calls failed p95DurationMs p95TtftMs usage { inputTokens outputTokens cachedTokens totalTokens } } } }`;

const sumUsage = (calls: Array<{ usage: Record<string, number> }>) =>
  calls.reduce(
    (sum, c) => ({
      inputTokens: sum.inputTokens + c.usage.inputTokens!,
      outputTokens: sum.outputTokens + c.usage.outputTokens!,
      cachedTokens: sum.cachedTokens + c.usage.cachedTokens!,
      totalTokens: sum.totalTokens + c.usage.totalTokens!,
    }),
    { inputTokens: 0, outputTokens: 0, cachedTokens: 0, totalTokens: 0 },
  );

test("a task's call reads back on its job, by id and in the list, with its timeline and usage", async () => {
  const token = await orgToken('llm-read');
  const jobId = await runJob(token, CHAT, { n: 1 });

  const JOB = `query($id: ID!) { job(id: $id) { id usage { inputTokens outputTokens cachedTokens totalTokens }
    llmCalls { totalCount pageInfo { hasNextPage } edges { node { ${CALL_FIELDS} } } } } }`;
  const { job } = await api().data(JOB, { id: jobId }, token);
  expect(job.llmCalls.totalCount).toBe(1);
  expect(job.llmCalls.pageInfo.hasNextPage).toBe(false);
  const call = job.llmCalls.edges[0].node;
  expect(call).toMatchObject({
    status: 'SUCCEEDED',
    provider: 'demo',
    model: 'demo-model',
    source: CHAT,
    requestedBy: 'user-llm-read',
    params: null,
    error: null,
    retries: 0,
    parentJob: { id: jobId },
    messages: [
      { role: 'system', content: 'be brief', name: null },
      { role: 'user', content: 'hello 1', name: null },
    ],
  });
  expect(call.output).toHaveLength(1);
  expect(call.output[0].role).toBe('assistant');
  expect(call.output[0].content.length).toBeGreaterThan(0);
  // The task returned what the call answered.
  const { job: finished } = await api().data(JOB_STATUS, { id: jobId }, token);
  expect(finished.result).toEqual({ answers: [call.output[0].content] });

  // The timeline and the spans derived from it.
  const at = (s: string) => Date.parse(s);
  expect(at(call.queuedAt)).toBeLessThanOrEqual(at(call.startedAt));
  expect(at(call.startedAt)).toBeLessThanOrEqual(at(call.firstTokenAt));
  expect(at(call.firstTokenAt)).toBeLessThanOrEqual(at(call.finishedAt));
  expect(call.waitMs).toBe(at(call.startedAt) - at(call.queuedAt));
  expect(call.ttftMs).toBe(at(call.firstTokenAt) - at(call.startedAt));
  expect(call.durationMs).toBe(at(call.finishedAt) - at(call.startedAt));
  expect(call.ttftMs).toBeGreaterThanOrEqual(0);
  expect(call.durationMs).toBeGreaterThanOrEqual(0);

  // Usage: the call's own, and the job's sum over its (one) call.
  expect(call.usage.inputTokens).toBeGreaterThan(0);
  expect(call.usage.outputTokens).toBeGreaterThan(0);
  expect(call.usage.totalTokens).toBe(call.usage.inputTokens + call.usage.outputTokens);
  expect(job.usage).toEqual(call.usage);

  // By id and in the list, the same call.
  const byId = (await api().data(`query($id: ID!) { llmCall(id: $id) { ${CALL_FIELDS} } }`, { id: call.id }, token)).llmCall;
  expect(byId).toEqual(call);
  const list = (await api().data(LIST, { filter: { parentJobId: jobId } }, token)).llmCalls;
  expect(list.totalCount).toBe(1);
  expect(list.edges.map((e: any) => e.node.id)).toEqual([call.id]);
  expect((await api().data(`query($id: ID!) { llmCall(id: $id) { id } }`, { id: 'no-such-call' }, token)).llmCall).toBeNull();

  // A job that made no call has zero usage and no calls.
  const quiet = (await api().data(ENQUEUE, { input: { type: 'sleep', payload: { ms: 0, steps: 1 } } }, token)).enqueueJob.id;
  await succeeded(token, quiet);
  const none = (await api().data(`query($id: ID!) { job(id: $id) { usage { totalTokens inputTokens } llmCalls { totalCount edges { cursor } } } }`, { id: quiet }, token)).job;
  expect(none).toEqual({ usage: { totalTokens: 0, inputTokens: 0 }, llmCalls: { totalCount: 0, edges: [] } });
});

test('llmCalls filters by job, status, source, model, provider, requester and time, and pages newest first', async () => {
  const token = await orgToken('llm-list');
  const [chatJob, summarizeJob] = await Promise.all([
    runJob(token, CHAT, { n: 1, calls: 3, maxTokens: 2 }),
    runJob(token, SUMMARIZE, { n: 2, calls: 2, maxTokens: 2, model: 'demo-model-2' }),
  ]);

  expect(await count(token, {})).toBe(5);
  expect(await count(token, { parentJobId: chatJob })).toBe(3);
  expect(await count(token, { parentJobId: summarizeJob })).toBe(2);
  expect(await count(token, { status: ['SUCCEEDED'] })).toBe(5);
  expect(await count(token, { status: ['FAILED', 'CANCELLED', 'QUEUED', 'RUNNING'] })).toBe(0);
  expect(await count(token, { source: [SUMMARIZE] })).toBe(2);
  expect(await count(token, { source: [CHAT, SUMMARIZE] })).toBe(5);
  expect(await count(token, { model: ['demo-model-2'] })).toBe(2);
  expect(await count(token, { model: ['demo-model'], source: [CHAT] })).toBe(3);
  expect(await count(token, { model: ['demo-model'], source: [SUMMARIZE] })).toBe(0);
  expect(await count(token, { provider: ['demo'] })).toBe(5);
  expect(await count(token, { provider: ['openai'] })).toBe(0);
  expect(await count(token, { requestedBy: ['user-llm-list'] })).toBe(5);
  expect(await count(token, { requestedBy: ['someone-else'] })).toBe(0);

  // Listed nodes match their filter.
  const bySource = (await api().data(LIST, { filter: { source: [SUMMARIZE] } }, token)).llmCalls;
  expect(bySource.edges.every((e: any) => e.node.source === SUMMARIZE && e.node.model === 'demo-model-2' && e.node.parentJob.id === summarizeJob)).toBe(true);

  // Walking every page of two agrees with totalCount, never repeats, and runs newest first.
  const seen: Array<{ id: string; queuedAt: string }> = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const page: any = (await api().data(LIST, { first: 2, after }, token)).llmCalls;
    expect(page.totalCount).toBe(5);
    expect(page.edges.length).toBeLessThanOrEqual(2);
    seen.push(...page.edges.map((e: any) => e.node));
    pages++;
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  expect(pages).toBe(3);
  expect(new Set(seen.map((c) => c.id)).size).toBe(5);
  const times = seen.map((c) => Date.parse(c.queuedAt));
  expect(times).toEqual([...times].sort((a, b) => b - a));

  // since is inclusive, until exclusive, on queuedAt.
  const oldest = seen.at(-1)!.queuedAt;
  const newest = seen[0]!.queuedAt;
  expect(await count(token, { since: oldest })).toBe(5);
  expect(await count(token, { until: oldest })).toBe(0);
  expect(await count(token, { since: new Date(Date.parse(newest) + 1).toISOString() })).toBe(0);
  expect(await count(token, { until: new Date(Date.parse(newest) + 1).toISOString() })).toBe(5);

  // A bad page size or cursor is the caller's error.
  expect(codeOf(await api().gql(LIST, { first: 1000 }, token))).toBe('BAD_USER_INPUT');
  expect(codeOf(await api().gql(LIST, { after: 'not-a-cursor' }, token))).toBe('BAD_USER_INPUT');
});

test('llmUsage sums calls and tokens per model and per source over a window', async () => {
  const token = await orgToken('llm-usage');
  await Promise.all([
    runJob(token, CHAT, { n: 3, calls: 2, maxTokens: 3 }),
    runJob(token, SUMMARIZE, { n: 4, calls: 1, maxTokens: 3, model: 'demo-model-2' }),
  ]);
  const calls = (await api().data(`{ llmCalls(first: 100) { edges { node { source model usage { inputTokens outputTokens cachedTokens totalTokens } } } } }`, {}, token)).llmCalls.edges.map((e: any) => e.node);
  expect(calls).toHaveLength(3);

  const usage = (await api().data(USAGE, {}, token)).llmUsage;
  // The default window: the last 24 hours until now.
  expect(Date.parse(usage.until) - Date.parse(usage.since)).toBe(24 * 3_600_000);
  expect(usage.byModel.map((r: any) => r.key)).toEqual(['demo:demo-model', 'demo:demo-model-2']);
  expect(usage.bySource.map((r: any) => r.key)).toEqual([CHAT, SUMMARIZE]);

  const model = usage.byModel.find((r: any) => r.key === 'demo:demo-model');
  expect(model).toMatchObject({ calls: 2, failed: 0, usage: sumUsage(calls.filter((c: any) => c.model === 'demo-model')) });
  expect(model.usage.totalTokens).toBeGreaterThan(0);
  expect(model.p95DurationMs).toBeGreaterThanOrEqual(0);
  expect(model.p95TtftMs).toBeGreaterThanOrEqual(0);
  expect(usage.byModel[1]).toMatchObject({ calls: 1, failed: 0, usage: sumUsage(calls.filter((c: any) => c.model === 'demo-model-2')) });
  expect(usage.bySource.find((r: any) => r.key === CHAT)).toMatchObject({ calls: 2, failed: 0, usage: sumUsage(calls.filter((c: any) => c.source === CHAT)) });
  expect(usage.bySource.find((r: any) => r.key === SUMMARIZE)).toMatchObject({ calls: 1, usage: sumUsage(calls.filter((c: any) => c.source === SUMMARIZE)) });

  // An explicit window is echoed back; one before the calls is empty.
  const since = '2020-01-01T00:00:00.000Z';
  const until = '2020-01-02T00:00:00.000Z';
  expect((await api().data(USAGE, { since, until }, token)).llmUsage).toEqual({ since, until, byModel: [], bySource: [] });
  const wide = (await api().data(USAGE, { since, until: new Date(Date.now() + 60_000).toISOString() }, token)).llmUsage;
  expect(wide.byModel).toEqual(usage.byModel);

  // since must be before until.
  const backwards = await api().gql(USAGE, { since: '2026-01-02T00:00:00Z', until: '2026-01-01T00:00:00Z' }, token);
  expect(codeOf(backwards)).toBe('BAD_USER_INPUT');
  expect(backwards.errors![0]!.extensions!.issues!.map((i) => i.path)).toEqual(['since']);
  expect(codeOf(await api().gql(USAGE, { since: '2026-01-01T00:00:00Z', until: '2026-01-01T00:00:00Z' }, token))).toBe('BAD_USER_INPUT');
});

test('another org sees none of the calls, their usage or their events', async () => {
  const owner = await orgToken('llm-owner');
  const stranger = await orgToken('llm-stranger');
  const strangerEvents = api().subscribe(`subscription { llmCallEvents { kind call { id status parentJob { id } } } }`, undefined, stranger);
  await strangerEvents.live();
  const ownerEvents = api().subscribe(`subscription { llmCallEvents { kind call { id status } } }`, undefined, owner);
  await ownerEvents.live();

  const jobId = await runJob(owner, CHAT, { n: 5, maxTokens: 2 });
  const events = await ownerEvents.until((evs) => evs.some((e) => e.llmCallEvents.call.status === 'SUCCEEDED'));
  const callId = events[0].llmCallEvents.call.id;
  await ownerEvents.close();

  expect((await api().data(`query($id: ID!) { llmCall(id: $id) { id } }`, { id: callId }, stranger)).llmCall).toBeNull();
  const list = (await api().data(LIST, {}, stranger)).llmCalls;
  expect(list).toMatchObject({ totalCount: 0, edges: [] });
  expect(await count(stranger, { parentJobId: jobId })).toBe(0);
  expect((await api().data(USAGE, {}, stranger)).llmUsage).toMatchObject({ byModel: [], bySource: [] });
  // The owner's job is not reachable either, so neither are its calls or usage.
  expect((await api().data(`query($id: ID!) { job(id: $id) { usage { totalTokens } } }`, { id: jobId }, stranger)).job).toBeNull();
  // The stranger's own call comes through its subscription, and nothing came before it: an event of
  // the owner's call would have been sent first (one subscription's events keep the feed's order).
  const ownJob = await enqueue(stranger, CHAT, { n: 9, maxTokens: 2 });
  const seen = await strangerEvents.until((evs) => evs.some((e) => e.llmCallEvents.call.status === 'SUCCEEDED'));
  await strangerEvents.close();
  expect(seen.every((e) => e.llmCallEvents.call.id !== callId)).toBe(true);
  expect(new Set(seen.map((e) => e.llmCallEvents.call.parentJob.id))).toEqual(new Set([ownJob]));

  expect((await api().data(`query($id: ID!) { llmCall(id: $id) { id } }`, { id: callId }, owner)).llmCall).toEqual({ id: callId });
});

test('llm:read guards calls and prompts; Job.usage needs only jobs:read; parentJob needs jobs:read', async () => {
  const owner = await orgToken('llm-perms');
  const jobId = await runJob(owner, CHAT, { n: 6, maxTokens: 2 });
  const callId = (await api().data(LIST, {}, owner)).llmCalls.edges[0].node.id;
  const jobsOnly = await api().token('llm-perms', ['jobs:read', 'jobs:write']);
  const llmOnly = await api().token('llm-perms', ['llm:read']);

  for (const query of [
    `{ llmCalls { totalCount } }`,
    `{ llmCall(id: "${callId}") { id } }`,
    `{ llmUsage { since } }`,
    `{ llmSchedulerStatus { queued } }`,
  ]) {
    const result = await api().gql(query, undefined, jobsOnly);
    expect(codeOf(result), query).toBe('FORBIDDEN');
    expect(result.errors![0]!.message).toContain('llm:read');
  }

  // On the job: llmCalls alone is refused (null with FORBIDDEN); the job and the list around it survive ...
  const calls = await api().gql(`query($id: ID!) { job(id: $id) { id llmCalls { totalCount } } }`, { id: jobId }, jobsOnly);
  expect(codeOf(calls)).toBe('FORBIDDEN');
  expect(calls.errors![0]!.path).toEqual(['job', 'llmCalls']);
  expect(calls.data).toEqual({ job: { id: jobId, llmCalls: null } });
  const list = await api().gql(`{ jobs(first: 5) { totalCount edges { node { id llmCalls { totalCount } } } } }`, undefined, jobsOnly);
  expect(codeOf(list)).toBe('FORBIDDEN');
  expect(list.data.jobs.totalCount).toBeGreaterThan(0);
  expect(list.data.jobs.edges.every((e: any) => e.node.llmCalls === null)).toBe(true);
  // ... while usage (numbers only) reads fine.
  const usage = await api().gql(`query($id: ID!) { job(id: $id) { id usage { totalTokens } } }`, { id: jobId }, jobsOnly);
  expect(usage.errors).toBeUndefined();
  expect(usage.data.job.usage.totalTokens).toBeGreaterThan(0);

  for (const query of [`subscription { llmCallEvents { kind } }`, `subscription { llmSchedulerStatus { queued } }`]) {
    const sub = api().subscribe(query, undefined, jobsOnly);
    await sub.ended();
    expect(sub.events, query).toEqual([]);
    expect(sub.results[0]!.errors![0]!.extensions!.code, query).toBe('FORBIDDEN');
  }

  // llm:read alone reads the call, but not the job behind it.
  const call = await api().gql(`query($id: ID!) { llmCall(id: $id) { id source parentJob { id } } }`, { id: callId }, llmOnly);
  expect(call.data).toEqual({ llmCall: { id: callId, source: CHAT, parentJob: null } });
  expect(codeOf(call)).toBe('FORBIDDEN');
  expect(call.errors![0]!.path).toEqual(['llmCall', 'parentJob']);
});

test('llmCallEvents streams a call made after subscribing from CREATED to SUCCEEDED, filtered', async () => {
  const token = await orgToken('llm-events');
  const CALL_EVENTS = `subscription($filter: LlmCallFilter) { llmCallEvents(filter: $filter) {
    kind call { id status source model parentJob { id } startedAt firstTokenAt finishedAt output { content } usage { totalTokens } } } }`;
  const sub = api().subscribe(CALL_EVENTS, { filter: { source: [CHAT], model: ['demo-model'] } }, token);
  await sub.live();
  const otherModel = api().subscribe(CALL_EVENTS, { filter: { model: ['another-model'] } }, token);
  await otherModel.live();
  const otherSource = api().subscribe(CALL_EVENTS, { filter: { source: [SUMMARIZE] } }, token);
  await otherSource.live();

  const jobId = await enqueue(token, CHAT, { n: 7, maxTokens: 3 });
  const events = (await sub.until((evs) => evs.some((e) => e.llmCallEvents.call.status === 'SUCCEEDED'))).map((e) => e.llmCallEvents);
  await succeeded(token, jobId);
  await sub.close();

  expect(events[0]).toMatchObject({ kind: 'CREATED', call: { status: 'QUEUED', source: CHAT, model: 'demo-model', parentJob: { id: jobId }, startedAt: null } });
  expect(events.slice(1).every((e) => e.kind === 'UPDATED')).toBe(true);
  expect(new Set(events.map((e) => e.call.id)).size).toBe(1);
  const order = ['QUEUED', 'RUNNING', 'SUCCEEDED'];
  const ranks = events.map((e) => order.indexOf(e.call.status));
  expect(ranks.every((r) => r >= 0)).toBe(true);
  expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
  expect(events.some((e) => e.call.status === 'RUNNING')).toBe(true);
  const last = events.at(-1)!;
  expect(last.call.status).toBe('SUCCEEDED');
  expect(last.call.finishedAt).not.toBeNull();
  expect(last.call.firstTokenAt).not.toBeNull();
  expect(last.call.output[0].content.length).toBeGreaterThan(0);
  expect(last.call.usage.totalTokens).toBeGreaterThan(0);

  // Subscriptions whose filter the call did not match heard nothing of it: each hears only the later
  // call that matches it (one subscription's events keep the feed's order, so a stray event would come first).
  const otherModelJob = await enqueue(token, CHAT, { n: 10, maxTokens: 2, model: 'another-model' });
  const otherSourceJob = await enqueue(token, SUMMARIZE, { n: 11, maxTokens: 2 });
  const done = (evs: any[]) => evs.some((e) => e.llmCallEvents.call.status === 'SUCCEEDED');
  for (const [other, job] of [[otherModel, otherModelJob], [otherSource, otherSourceJob]] as const) {
    const heard = await other.until(done);
    expect(heard.every((e) => e.llmCallEvents.call.parentJob.id === job)).toBe(true);
    await other.close();
  }
  await succeeded(token, otherModelJob);
  await succeeded(token, otherSourceJob);
});

test('llmSchedulerStatus yields the status at once, then the demo limiter as calls finish', async () => {
  const token = await orgToken('llm-status');
  const STATUS = `{ queued running updatedAt limiters { key maxConcurrent minTimeMs requestsPerMinute tokensPerMinute queued running done rateLimited callsLastMinute } }`;
  const sub = api().subscribe(`subscription ${STATUS.replace('{', '{ llmSchedulerStatus {')} }`, undefined, token);
  const [first] = await sub.until((evs) => evs.length >= 1);
  const initial = first.llmSchedulerStatus;
  expect(initial).toMatchObject({ queued: expect.any(Number), running: expect.any(Number) });
  expect(Number.isNaN(Date.parse(initial.updatedAt))).toBe(false);
  const doneBefore = initial.limiters.find((l: any) => l.key === 'demo:demo-model')?.done ?? 0;

  await runJob(token, CHAT, { n: 8, maxTokens: 2 });
  const events = await sub.until((evs) =>
    evs.slice(1).some((e) => e.llmSchedulerStatus.limiters.some((l: any) => l.key === 'demo:demo-model' && l.done > doneBefore)),
  );
  await sub.close();
  const later = events
    .slice(1)
    .map((e) => e.llmSchedulerStatus)
    .find((s) => s.limiters.some((l: any) => l.key === 'demo:demo-model' && l.done > doneBefore));
  const limiter = later.limiters.find((l: any) => l.key === 'demo:demo-model');
  expect(limiter.done).toBeGreaterThanOrEqual(1);
  expect(limiter).toMatchObject({ maxConcurrent: 4, requestsPerMinute: 600, rateLimited: 0 });
  expect(limiter.callsLastMinute).toBeGreaterThanOrEqual(1);

  // The query shows the same limiter.
  const now = (await api().data(`{ llmSchedulerStatus ${STATUS} }`, {}, token)).llmSchedulerStatus;
  expect(now.limiters.find((l: any) => l.key === 'demo:demo-model').done).toBeGreaterThanOrEqual(limiter.done);
});
