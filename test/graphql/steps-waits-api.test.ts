/**
 * Steps and waits over the real server: Job.steps (with the LLM calls made in each) and Job.waits,
 * approveJob, signalJob and sendEvent (audited, org-scoped, with clear errors), the one-time callback
 * URL, and WAITING on the live subscriptions and in list filters.
 */
import { expect, test } from 'vitest';
import { definePlugin, defineTask, z } from '../../src/tasks/plugin-api.js';
import { codeOf, poll, useTestApp, type TokenArg } from './helpers.js';

const plugin = definePlugin({
  name: 'test-waits',
  version: '0.0.1',
  tasks: [
    defineTask({
      type: 'test-approval',
      input: z.object({ text: z.string() }),
      async run(ctx) {
        const draft = await ctx.step('draft', async () => (await ctx.llm.chat({ model: 'demo-model', messages: [{ role: 'user', content: ctx.input.text }] })).content);
        const verdict = await ctx.waitForApproval('publish', { prompt: 'Publish this?', data: { draft } });
        return { draft, ...verdict };
      },
    }),
    defineTask({
      type: 'test-signal',
      input: z.object({}),
      run: (ctx) => ctx.waitForSignal('go'),
    }),
    defineTask({
      type: 'test-event',
      input: z.object({ key: z.string() }),
      run: (ctx) => ctx.waitForEvent('crm.reply', { key: ctx.input.key }),
    }),
  ],
});

const api = useTestApp({ plugins: [plugin] });

const JOB = `query($id: ID!) { job(id: $id) { id status result
  steps { name status attempt startedAt finishedAt durationMs result llmCalls { id step } }
  waits { id kind name prompt data timeoutAt resolvedAt resolution timedOut callbackUrl } } }`;
const ENQUEUE = `mutation($type: String!, $payload: JSON!) { enqueueJob(input: { type: $type, payload: $payload }) { id } }`;
const APPROVE = `mutation($id: ID!, $name: String!, $approved: Boolean!, $comment: String) {
  approveJob(id: $id, name: $name, approved: $approved, comment: $comment) { id status } }`;
const SIGNAL = `mutation($id: ID!, $name: String!, $data: JSON) { signalJob(id: $id, name: $name, data: $data) { id status } }`;
const SEND = `mutation($name: String!, $key: String, $data: JSON) { sendEvent(name: $name, key: $key, data: $data) { resumed jobIds } }`;

const tokenOf = (org: string) => api().token(org, ['jobs:read', 'jobs:write', 'llm:read', 'audit:read']);
const enqueue = async (token: TokenArg, type: string, payload: unknown): Promise<string> =>
  (await api().data<{ enqueueJob: { id: string } }>(ENQUEUE, { type, payload }, token)).enqueueJob.id;
const getJob = async (token: TokenArg, id: string) => (await api().data(JOB, { id }, token)).job;
const untilStatus = (token: TokenArg, id: string, status: string) =>
  poll(
    async () => {
      const job = await getJob(token, id);
      return job?.status === status ? job : undefined;
    },
    { label: `job ${id} to be ${status}` },
  );

test('an approval flow: WAITING live, the step with its LLM call, approveJob resumes it; audited', async () => {
  const token = await tokenOf('approvals');
  const id = await enqueue(token, 'test-approval', { text: 'Summarise this, please.' });
  const sub = api().subscribe(`subscription($id: ID!) { jobUpdated(id: $id) { kind job { status } } }`, { id }, token);
  await sub.live();
  const waiting = await untilStatus(token, id, 'WAITING');
  expect(waiting.steps).toHaveLength(1);
  expect(waiting.steps[0]).toMatchObject({ name: 'draft', status: 'SUCCEEDED', attempt: 1 });
  expect(typeof waiting.steps[0].result).toBe('string');
  expect(waiting.steps[0].llmCalls).toEqual([{ id: expect.any(String), step: 'draft' }]);
  expect(waiting.waits).toEqual([
    expect.objectContaining({ kind: 'APPROVAL', name: 'publish', prompt: 'Publish this?', data: { draft: waiting.steps[0].result }, resolvedAt: null, timedOut: false }),
  ]);
  expect(waiting.waits[0].callbackUrl).toMatch(new RegExp(`^${api().origin}/callbacks/waits/[\\w-]{32}$`));
  const listed = await api().data(`{ jobs(filter: { status: [WAITING] }) { totalCount edges { node { id } } } }`, {}, token);
  expect(listed.jobs.edges.map((e: any) => e.node.id)).toEqual([id]);

  expect((await api().data(APPROVE, { id, name: 'publish', approved: true, comment: 'ship it' }, token)).approveJob.id).toBe(id);
  const done = await untilStatus(token, id, 'SUCCEEDED');
  expect(done.result).toMatchObject({ approved: true, comment: 'ship it', draft: waiting.steps[0].result });
  expect(done.result.by).toEqual(expect.any(String));
  expect(done.waits[0]).toMatchObject({ resolution: { approved: true, comment: 'ship it' }, callbackUrl: null });
  // The draft's model call was made once: the resume replayed the step from the store.
  const calls = await api().data(`query($id: ID!) { llmCalls(filter: { parentJobId: $id }) { totalCount } }`, { id }, token);
  expect(calls.llmCalls.totalCount).toBe(1);
  await sub.until((events) => events.some((e: any) => e.jobUpdated.job?.status === 'SUCCEEDED'));
  const statuses = sub.events.map((e: any) => e.jobUpdated.job?.status);
  expect(statuses.indexOf('WAITING')).toBeGreaterThanOrEqual(0);
  expect(statuses.indexOf('WAITING')).toBeLessThan(statuses.lastIndexOf('QUEUED'));
  await sub.close();
  const audit = await api().app.store.audit.list('approvals', { action: ['job.approve'] }, { first: 10 });
  expect(audit.items.map((i) => i.node)).toEqual([expect.objectContaining({ targetId: id, details: { name: 'publish' } })]);
});

test('a callback URL resolves its wait once with the POSTed JSON; then 410; unknown 404; GET 405', async () => {
  const token = await tokenOf('callbacks');
  const id = await enqueue(token, 'test-signal', {});
  const waiting = await untilStatus(token, id, 'WAITING');
  const url: string = waiting.waits[0].callbackUrl;
  // Prometheus counts waiting jobs.
  const exposition = await (await fetch(`${api().origin}/metrics`)).text();
  expect(exposition).toMatch(/^jobcenter_queue_depth\{status="waiting",type="test-signal"\} [1-9]/m);
  expect((await fetch(url)).status).toBe(405);
  expect((await fetch(url, { method: 'POST', body: '{not json' })).status).toBe(400);
  const first = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: 'crm', n: 7 }) });
  expect(first.status).toBe(200);
  expect(await first.json()).toEqual({ status: 'resolved', jobId: id });
  const done = await untilStatus(token, id, 'SUCCEEDED');
  expect(done.result).toEqual({ from: 'crm', n: 7 });
  expect((await fetch(url, { method: 'POST', body: '{}' })).status).toBe(410);
  expect((await fetch(`${api().origin}/callbacks/waits/not-a-token`, { method: 'POST', body: '{}' })).status).toBe(404);
  const audit = await api().app.store.audit.list('callbacks', { action: ['job.callback'] }, { first: 10 });
  expect(audit.items.map((i) => i.node)).toEqual([expect.objectContaining({ actor: 'callback', targetId: id })]);
});

test('signalJob and approveJob: NOT_FOUND in another org, CONFLICT for the wrong kind or a finished job, BAD_USER_INPUT for an empty name', async () => {
  const token = await tokenOf('signals');
  const stranger = await tokenOf('signals-other');
  const id = await enqueue(token, 'test-signal', {});
  await untilStatus(token, id, 'WAITING');
  expect(codeOf(await api().gql(SIGNAL, { id, name: 'go', data: 1 }, stranger))).toBe('NOT_FOUND');
  expect(codeOf(await api().gql(SIGNAL, { id: 'no-such-job', name: 'go' }, token))).toBe('NOT_FOUND');
  expect(codeOf(await api().gql(SIGNAL, { id, name: '', data: 1 }, token))).toBe('BAD_USER_INPUT');
  const wrongKind = await api().gql(APPROVE, { id, name: 'go', approved: true }, token);
  expect(codeOf(wrongKind)).toBe('CONFLICT');
  expect(wrongKind.errors![0]!.message).toMatch(/signalJob/);
  expect((await getJob(token, id)).status).toBe('WAITING');
  await api().data(SIGNAL, { id, name: 'go', data: { ok: true } }, token);
  const done = await untilStatus(token, id, 'SUCCEEDED');
  expect(done.result).toEqual({ ok: true });
  expect(codeOf(await api().gql(SIGNAL, { id, name: 'go', data: 2 }, token))).toBe('CONFLICT');
  // A write-only token can signal, and sees the status it changed, not the job's data.
  const writer = await api().token('signals', ['jobs:write']);
  const other = await enqueue(token, 'test-signal', {});
  await untilStatus(token, other, 'WAITING');
  expect((await api().data(SIGNAL, { id: other, name: 'go' }, writer)).signalJob.id).toBe(other);
  expect(codeOf(await api().gql(SIGNAL, { id: other, name: 'go' }, await api().token('signals', ['jobs:read'])))).toBe('FORBIDDEN');
});

test('sendEvent resumes only the caller org’s jobs waiting for that name and key', async () => {
  const mine = await tokenOf('events-a');
  const theirs = await tokenOf('events-b');
  const a = await enqueue(mine, 'test-event', { key: 'T-1' });
  const b = await enqueue(theirs, 'test-event', { key: 'T-1' });
  const c = await enqueue(mine, 'test-event', { key: 'T-2' });
  for (const [token, id] of [[mine, a], [theirs, b], [mine, c]] as const) await untilStatus(token, id, 'WAITING');
  const sent = await api().data(SEND, { name: 'crm.reply', key: 'T-1', data: { text: 'thanks' } }, mine);
  expect(sent.sendEvent).toEqual({ resumed: 1, jobIds: [a] });
  expect((await untilStatus(mine, a, 'SUCCEEDED')).result).toEqual({ text: 'thanks' });
  expect((await getJob(theirs, b)).status).toBe('WAITING');
  expect((await getJob(mine, c)).status).toBe('WAITING');
  expect(codeOf(await api().gql(SEND, { name: '' }, mine))).toBe('BAD_USER_INPUT');
  const audit = await api().app.store.audit.list('events-a', { action: ['event.send'] }, { first: 10 });
  expect(audit.items).toHaveLength(1);
  // Cancelling a waiting job cancels it at once.
  const cancelled = await api().data(`mutation($id: ID!) { cancelJob(id: $id) { status } }`, { id: c }, mine);
  expect(cancelled.cancelJob.status).toBe('CANCELLED');
});
