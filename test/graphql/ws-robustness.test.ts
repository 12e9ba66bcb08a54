/** One bad operation on a graphql-ws socket is that operation's error, not the socket's end. */
import { expect, test } from 'vitest';
import { useTestApp } from './helpers.js';

const api = useTestApp();

test('a malformed subscription errors alone; another subscription on the same socket lives on', async () => {
  const client = api().wsClient({ authorization: `Bearer ${api().adminToken}` });
  const events: unknown[] = [];
  const good = new Promise<void>((resolve, reject) => {
    client.subscribe({ query: 'subscription { jobEvents { kind jobId } }' }, { next: (v) => events.push(v), error: reject, complete: resolve });
  });
  good.catch(() => undefined);
  const badOutcome = await new Promise<unknown>((resolve) => {
    client.subscribe({ query: 'subscription { jobEvents { kind ' }, { next: resolve, error: resolve, complete: () => resolve('complete') });
  });
  // A syntax error comes back as GraphQL errors for that operation, with no internal details.
  expect(JSON.stringify(badOutcome)).toMatch(/Syntax Error/);
  // The socket is still open: the first subscription sees a new job.
  const job = await api().data(`mutation { enqueueJob(input: { type: "sleep", payload: { ms: 0 }, delayMs: 60000 }) { id } }`);
  await expect.poll(() => events.some((e) => JSON.stringify(e).includes(job.enqueueJob.id)), { timeout: 10_000 }).toBe(true);
});
