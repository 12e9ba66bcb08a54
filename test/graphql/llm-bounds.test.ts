/**
 * Model names come from callers: over the real server, jobs of one org calling made-up models do not
 * make a limiter or a metric series each, and another org's `llmSchedulerStatus` shows none of those
 * names. The calls themselves keep their model, for their own org.
 */
import { expect, test } from 'vitest';
import { poll, useTestApp } from './helpers.js';

const api = useTestApp();

const STATUS = `{ llmSchedulerStatus { limiters { key done } } }`;
const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }`;
const JOB = `query($id: ID!) { job(id: $id) { status } }`;

test('made-up model names share their provider default limiter and the `*` metric label; other orgs never see them', async () => {
  const tenant = await api().token('llm-tenant', ['jobs:read', 'jobs:write', 'llm:read']);
  const models = Array.from({ length: 6 }, (_, i) => `secret-model-${i}`);
  const ids: string[] = [];
  for (const model of models) {
    const payload = { text: 'A short text to summarise.', model, maxTokens: 16 };
    ids.push((await api().data(ENQUEUE, { input: { type: 'summarize', payload } }, tenant)).enqueueJob.id);
  }
  for (const id of ids) {
    await poll(async () => (await api().data(JOB, { id }, tenant)).job.status === 'SUCCEEDED', { timeoutMs: 30_000, label: `job ${id} to succeed` });
  }

  const other = await api().token('llm-other', ['llm:read']);
  const { limiters } = (await api().data(STATUS, {}, other)).llmSchedulerStatus;
  const keys: string[] = limiters.map((l: { key: string }) => l.key);
  expect(keys.some((k) => k.includes('secret'))).toBe(false);
  expect(keys.every((k) => k === 'demo:*' || k === 'demo:demo-model')).toBe(true);
  expect(limiters.find((l: { key: string }) => l.key === 'demo:*').done).toBeGreaterThanOrEqual(models.length);

  const metrics = await (await fetch(`${api().origin}/metrics`)).text();
  expect(metrics).not.toContain('secret-model');
  expect(metrics).toMatch(/jobcenter_llm_calls_total\{provider="demo",model="\*",status="succeeded"\} \d+/);

  // The org's own records keep the model it asked for.
  const calls = (await api().data(`{ llmCalls(first: 50) { edges { node { model } } } }`, {}, tenant)).llmCalls.edges;
  expect(new Set(calls.map((e: { node: { model: string } }) => e.node.model))).toEqual(new Set(models));
});
