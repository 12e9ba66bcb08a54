import { afterEach, expect, test } from 'vitest';
import sleepPlugin from '../plugins/sleep/index.js';
import { createTestkit, type Testkit } from 'jobcenter/testkit';

let kit: Testkit | undefined;
afterEach(async () => kit?.close());

test('a sleep job runs to SUCCEEDED with progress and logs', async () => {
  kit = await createTestkit([sleepPlugin]);
  const job = await kit.run('sleep', { ms: 50, steps: 4 });
  expect(job.status).toBe('SUCCEEDED');
  expect(job.result).toEqual({ sleptMs: 50, attempt: 1 });
  const stored = await kit.store.jobs.get(job.id, job.orgId);
  expect(stored?.progress?.percent).toBe(100);
  expect((await kit.logs(job.id)).map((l) => l.seq)).toEqual([1, 2, 3, 4]);
});
