import { afterEach, expect, test } from 'vitest';
import reviewPlugin from '../plugins/review/index.js';
import { createTestkit, type Testkit } from 'jobcenter/testkit';

let kit: Testkit | undefined;
afterEach(async () => kit?.close());

test('review drafts in a step, waits for approval without a slot, and returns the decision; the draft is not made twice', async () => {
  kit = await createTestkit([reviewPlugin], { concurrency: 1 });
  const job = await kit.enqueue('review', { text: 'A long text about jobs that wait. '.repeat(20) });
  const waiting = await kit.until(job.id, 'WAITING');
  expect(waiting.progress).toMatchObject({ percent: 50, message: 'waiting for approval' });
  expect(kit.executor.runningCount).toBe(0);
  const [wait] = await kit.waits.waits(kit.actor, job.id);
  expect(wait).toMatchObject({ kind: 'APPROVAL', name: 'publish', prompt: 'Publish this summary?' });
  const summary = (wait!.data as { summary: string }).summary;
  expect(summary.length).toBeGreaterThan(0);

  await kit.waits.approve(kit.actor, job.id, 'publish', true, 'looks good');
  const done = await kit.waitFor(job.id);
  expect(done).toMatchObject({ status: 'SUCCEEDED', result: { approved: true, summary, comment: 'looks good' } });
  const calls = await kit.store.llmCalls.list(kit.actor.orgId, { parentJobId: job.id }, { first: 10 });
  expect(calls.items.map((i) => [i.node.step, i.node.source])).toEqual([['draft', 'review']]);
  const [step] = await kit.waits.steps(kit.actor, job.id);
  expect(step).toMatchObject({ name: 'draft', status: 'SUCCEEDED', result: summary });
});

test('a rejection returns approved: false with the comment', async () => {
  kit = await createTestkit([reviewPlugin]);
  const job = await kit.enqueue('review', { text: 'Short text.' });
  await kit.until(job.id, 'WAITING');
  await kit.waits.approve(kit.actor, job.id, 'publish', false, 'too vague');
  const done = await kit.waitFor(job.id);
  expect(done.result).toMatchObject({ approved: false, comment: 'too vague' });
});
