/**
 * Cost over time in `metrics`, over the real server: jobs of two task types calling
 * the demo model (its made-up price), read back per bucket by model and by task type, agreeing with
 * llmUsage and the jobs' own costs to the micro-dollar; cost needs llm:read. And the SQLite reads
 * are served by the covering index alone.
 */
import Database from 'better-sqlite3';
import { expect, test } from 'vitest';
import { migrate } from '../../src/engine/store/sqlite/migrations.js';
import { COST_SERIES_SQL } from '../../src/engine/store/sqlite/llm-calls.js';
import { definePlugin, defineTask, z } from '../../src/tasks/plugin-api.js';
import { codeOf, poll, useTestApp, type TokenArg } from '../graphql/helpers.js';

const task = (type: string) =>
  defineTask({
    type,
    input: z.object({ calls: z.number().int().default(1) }),
    async run(ctx) {
      for (let i = 0; i < ctx.input.calls; i++) {
        await ctx.llm.chat({ model: 'demo-model', messages: [{ role: 'user', content: `${type} says hello ${i}` }], max_tokens: 8 });
      }
      return { ok: true };
    },
  });
const plugin = definePlugin({ name: 'test-cost-metrics', version: '0.0.1', tasks: [task('cm-summarize'), task('cm-translate')] });
const api = useTestApp({ plugins: [plugin], env: { JOBCENTER_CONCURRENCY: '4' } });

const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }`;
const JOB = `query($id: ID!) { job(id: $id) { status cost { usd } } }`;
const SERIES = 'key totalUsd unpricedCalls points { at value }';
const METRICS = `query($since: DateTime, $until: DateTime, $bucket: Int) { metrics(since: $since, until: $until, bucketSeconds: $bucket) {
  costUsd { at value } costByModel { ${SERIES} } costByTaskType { ${SERIES} } jobsFinished { at value } } }`;
const USAGE = `query($since: DateTime, $until: DateTime) { llmUsage(since: $since, until: $until) { byModel { key costUsd unpricedCalls } } }`;

const micros = (usd: number) => Math.round(usd * 1e6);
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

async function runJob(token: TokenArg, type: string, calls: number): Promise<number> {
  const { enqueueJob } = await api().data(ENQUEUE, { input: { type, payload: { calls } } }, token);
  const job = await poll(
    async () => {
      const { job } = await api().data(JOB, { id: enqueueJob.id }, token);
      if (job.status === 'FAILED' || job.status === 'CANCELLED') throw new Error(`job ended ${job.status}`);
      return job.status === 'SUCCEEDED' ? job : undefined;
    },
    { timeoutMs: 20_000, label: 'job to succeed' },
  );
  return micros(job.cost.usd);
}

test('metrics show cost per bucket by model and by task type, the same sums as llmUsage and the jobs', async () => {
  const token = await api().token('org-cost-metrics', ['jobs:read', 'jobs:write', 'llm:read']);
  const since = new Date(Date.now() - 60_000).toISOString();
  const summarize = (await runJob(token, 'cm-summarize', 2)) + (await runJob(token, 'cm-summarize', 1));
  const translate = await runJob(token, 'cm-translate', 1);
  const until = new Date(Date.now() + 60_000).toISOString();

  const { metrics } = await api().data(METRICS, { since, until, bucket: 30 }, token);
  expect(summarize).toBeGreaterThan(0);
  expect(translate).toBeGreaterThan(0);
  expect(metrics.costUsd).toHaveLength(metrics.jobsFinished.length); // the job figures' buckets
  expect(metrics.costUsd.map((p: any) => p.at)).toEqual(metrics.jobsFinished.map((p: any) => p.at));

  const byType = Object.fromEntries(metrics.costByTaskType.map((s: any) => [s.key, s]));
  expect(Object.keys(byType).sort()).toEqual(['cm-summarize', 'cm-translate']);
  expect(micros(byType['cm-summarize'].totalUsd)).toBe(summarize);
  expect(micros(byType['cm-translate'].totalUsd)).toBe(translate);
  expect(metrics.costByTaskType[0].key).toBe(summarize >= translate ? 'cm-summarize' : 'cm-translate'); // dearest first
  for (const s of metrics.costByTaskType) {
    expect(s.points).toHaveLength(metrics.costUsd.length);
    expect(sum(s.points.map((p: any) => micros(p.value)))).toBe(micros(s.totalUsd));
  }

  const { llmUsage } = await api().data(USAGE, { since, until }, token);
  expect(metrics.costByModel.map((s: any) => [s.key, micros(s.totalUsd), s.unpricedCalls]).sort()).toEqual(
    llmUsage.byModel.map((r: any) => [r.key, micros(r.costUsd), r.unpricedCalls]).sort(),
  );
  const total = sum(metrics.costUsd.map((p: any) => micros(p.value)));
  expect(total).toBe(sum(metrics.costByModel.map((s: any) => micros(s.totalUsd))));
  expect(total).toBe(summarize + translate);
});

test('cost in metrics needs llm:read; the job figures do not', async () => {
  const jobsOnly = await api().token('org-cost-metrics-2', ['jobs:read']);
  expect(codeOf(await api().gql(`{ metrics { costByModel { key } } }`, {}, jobsOnly))).toBe('FORBIDDEN');
  const { metrics } = await api().data(`{ metrics { jobsFinished { value } } }`, {}, jobsOnly);
  expect(metrics.jobsFinished.length).toBeGreaterThan(0);
});

test('on SQLite the cost series read the covering index llm_calls_org_cost and nothing else', () => {
  const db = new Database(':memory:');
  migrate(db);
  for (const sql of Object.values(COST_SERIES_SQL)) {
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(0, 60_000, 'org', 0, 1) as Array<{ detail: string }>).map((r) => r.detail);
    expect(plan.join('\n')).toMatch(/SEARCH llm_calls USING COVERING INDEX llm_calls_org_cost \(org_id=\? AND queued_at>\? AND queued_at<\?\)/);
    expect(plan.some((d) => /SCAN llm_calls/.test(d))).toBe(false);
  }
  db.close();
});
