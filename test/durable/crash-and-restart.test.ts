/**
 * Durable steps and waits across real process deaths: `kill -9` between two steps (the first step's
 * model call is not made again after the restart), and a restart while a job waits (the signal sent
 * to the new process resumes it).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { poll, REPO_ROOT } from '../graphql/helpers.js';
import { useProbeServers, type ProbeServer } from '../helpers/probe-server.js';

const ADMIN = 'durable-crash-admin-token-0123456789';

const PROBE_PLUGIN = `
import fs from 'node:fs';
import { definePlugin, defineTask, z } from ${JSON.stringify(pathToFileURL(path.join(REPO_ROOT, 'src/tasks/plugin-api.ts')).href)};

const held = (file, signal) => new Promise((resolve, reject) => {
  const check = () => {
    if (signal.aborted) return reject(signal.reason);
    if (!fs.existsSync(file)) return resolve(undefined);
    setTimeout(check, 10);
  };
  check();
});

export default definePlugin({
  name: 'durable-probe',
  version: '1.0.0',
  tasks: [
    defineTask({
      type: 'two-steps',
      input: z.object({ file: z.string(), holdFile: z.string() }),
      retry: { maxAttempts: 3 },
      async run(ctx) {
        const log = (line) => fs.appendFileSync(ctx.input.file, line + ' ' + ctx.attempt + '\\n');
        const first = await ctx.step('first', async () => {
          const answer = await ctx.llm.chat({ model: 'demo-model', messages: [{ role: 'user', content: 'draft something' }] });
          log('first');
          return answer.content;
        });
        log('between');
        const second = await ctx.step('second', async () => {
          log('second');
          await held(ctx.input.holdFile, ctx.signal);
          return 'second done';
        });
        return { first, second };
      },
    }),
    defineTask({ type: 'wait-signal', input: z.object({}), run: (ctx) => ctx.waitForSignal('go') }),
  ],
});
`;

const { dirs, start: startServer } = useProbeServers({ prefix: 'jobcenter-durable-', pluginFile: 'durable-probe.ts', plugin: PROBE_PLUGIN, adminToken: ADMIN });
type Server = ProbeServer;

const ENQUEUE = `mutation($type: String!, $payload: JSON!) { enqueueJob(input: { type: $type, payload: $payload }) { id } }`;
const JOB = `query($id: ID!) { job(id: $id) { id status attempt result errors { code }
  steps { name status attempt llmCalls { id step } } waits { name kind resolvedAt } } }`;
const probeLines = () => (fs.existsSync(dirs.probeFile) ? fs.readFileSync(dirs.probeFile, 'utf8').split('\n').filter(Boolean) : []);
const untilStatus = (server: Server, id: string, status: string) =>
  poll(
    async () => {
      const { job } = await server.data(JOB, { id });
      return job?.status === status ? job : undefined;
    },
    { timeoutMs: 30_000, label: `job ${id} to be ${status}` },
  );

test('kill -9 between two steps: after a restart the first step (and its model call) is not run again', { timeout: 120_000 }, async () => {
  const hold = path.join(dirs.work, 'hold');
  fs.writeFileSync(hold, '');
  const first = await startServer();
  const { enqueueJob } = await first.data(ENQUEUE, { type: 'two-steps', payload: { file: dirs.probeFile, holdFile: hold } });
  const id: string = enqueueJob.id;
  await poll(() => probeLines().includes('second 1'), { timeoutMs: 30_000, label: 'the second step to start' });
  const before = (await first.data(JOB, { id })).job;
  expect(before.steps.map((s: any) => [s.name, s.status])).toEqual([
    ['first', 'SUCCEEDED'],
    ['second', 'RUNNING'],
  ]);
  expect((await first.proc.kill('SIGKILL')).signal).toBe('SIGKILL');

  const second = await startServer();
  fs.rmSync(hold);
  const done = await untilStatus(second, id, 'SUCCEEDED');
  expect(probeLines()).toEqual(['first 1', 'between 1', 'second 1', 'between 2', 'second 2']);
  expect(done.attempt).toBe(2);
  expect(done.errors.map((e: any) => e.code)).toEqual(['LEASE_EXPIRED']);
  expect(done.result.second).toBe('second done');
  expect(typeof done.result.first).toBe('string');
  expect(done.steps).toEqual([
    { name: 'first', status: 'SUCCEEDED', attempt: 1, llmCalls: [{ id: expect.any(String), step: 'first' }] },
    { name: 'second', status: 'SUCCEEDED', attempt: 2, llmCalls: [] },
  ]);
  const calls = await second.data(`query($id: ID!) { llmCalls(filter: { parentJobId: $id }) { totalCount } }`, { id });
  expect(calls.llmCalls.totalCount).toBe(1);
});

test('a restart while a job waits: it stays WAITING, and a signal to the new process resumes it', { timeout: 120_000 }, async () => {
  const first = await startServer();
  const { enqueueJob } = await first.data(ENQUEUE, { type: 'wait-signal', payload: {} });
  const id: string = enqueueJob.id;
  await untilStatus(first, id, 'WAITING');
  await first.proc.kill('SIGKILL');

  const second = await startServer();
  const after = (await second.data(JOB, { id })).job;
  expect(after).toMatchObject({ status: 'WAITING', attempt: 1, errors: [] });
  expect(after.waits).toEqual([{ name: 'go', kind: 'SIGNAL', resolvedAt: null }]);
  await second.data(`mutation($id: ID!) { signalJob(id: $id, name: "go", data: { resumed: true }) { id } }`, { id });
  const done = await untilStatus(second, id, 'SUCCEEDED');
  expect(done).toMatchObject({ attempt: 1, result: { resumed: true } });
});
