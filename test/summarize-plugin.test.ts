import { afterEach, expect, test } from 'vitest';
import summarizePlugin from '../plugins/summarize/index.js';
import { createTestkit, type Testkit } from 'jobcenter/testkit';

let kit: Testkit | undefined;
afterEach(async () => kit?.close());

test('summarize calls the model per chunk and once to combine, each call traced to the job', async () => {
  // The test kit's ctx.llm answers through the demo provider at once.
  kit = await createTestkit([summarizePlugin]);
  const text = ['First part. '.repeat(30), 'Second part. '.repeat(30), 'Third part. '.repeat(30)].join('\n\n');
  const job = await kit.run('summarize', { text, chunkChars: 400, maxTokens: 20 });
  expect(job.status).toBe('SUCCEEDED');
  const result = job.result as { summary: string; chunks: number };
  expect(result.chunks).toBe(3);
  expect(result.summary.length).toBeGreaterThan(0);
  const calls = await kit.store.llmCalls.list(kit.actor.orgId, { parentJobId: job.id }, { first: 10 });
  expect(calls.items).toHaveLength(4);
  for (const { node } of calls.items) {
    expect(node).toMatchObject({ status: 'SUCCEEDED', provider: 'demo', model: 'demo-model', source: 'summarize', parentJobId: job.id });
    expect(node.messages.map((m) => m.role)).toEqual(['system', 'user']);
  }
  expect((job.checkpoint as { summaries: string[] }).summaries).toHaveLength(3);
});
