/**
 * A live connection lives no longer than its token: revoking the token (in the store, as
 * `jobcenter token revoke` does from another process) closes its graphql-ws sockets with 4403 and
 * ends its SSE streams with a last UNAUTHENTICATED error; an expiring token's socket closes at its
 * expiry with 4401. Nothing more reaches the client, and the server drops the subscription.
 */
import { expect, test } from 'vitest';
import { poll, useTestApp } from './helpers.js';
import { openSse } from './sse.js';

const api = useTestApp({ env: { JOBCENTER_TOKEN_RECHECK_MS: '100' } });

const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }`;
/** Never due while the test runs. */
const QUEUED = { type: 'sleep', payload: { ms: 0, steps: 1 }, delayMs: 2_000_000_000 };
const EVENTS = `subscription { jobEvents { kind jobId } }`;

async function reader(org: string, expiresAt?: number) {
  const { secret, token } = await api().app.tokens.create({ orgId: org, userId: 'watcher', permissions: ['jobs:read'], ...(expiresAt && { expiresAt }) });
  return { secret, id: token.id };
}

const enqueue = async (writer: string): Promise<string> => (await api().data(ENQUEUE, { input: QUEUED }, writer)).enqueueJob.id;

test('revoking a token closes its socket with 4403 and stops its events', async () => {
  const writer = await api().token('rev-ws', ['jobs:write']);
  const { secret, id } = await reader('rev-ws');
  const feed = api().app.live;
  const baseline = feed.subscriberCount;
  const sub = api().subscribe<{ jobEvents: { jobId: string } }>(EVENTS, undefined, secret);
  await sub.live();
  const first = await enqueue(writer);
  await sub.until((evs) => evs.some((e) => e.jobEvents.jobId === first));

  expect(await api().app.store.tokens.revoke(id, Date.now())).toBe(true);
  const error = (await sub.ended()) as { code: number; reason: string };
  expect(error.code).toBe(4403);
  expect(error.reason).toMatch(/revoked/);
  // The server let go of the subscription: a job enqueued now reaches no one.
  await poll(() => feed.subscriberCount === baseline, { label: 'the subscription to be dropped' });
  const count = sub.events.length;
  await enqueue(writer);
  expect(sub.events.length).toBe(count);
});

test('revoking a token ends its SSE stream with an UNAUTHENTICATED error, then complete', async () => {
  const writer = await api().token('rev-sse', ['jobs:write']);
  const { secret, id } = await reader('rev-sse');
  const feed = api().app.live;
  const baseline = feed.subscriberCount;
  const stream = await openSse(api().url, EVENTS, secret);
  expect(stream.status).toBe(200);
  await poll(() => feed.subscriberCount > baseline, { label: 'the SSE subscription to be live' });
  const first = await enqueue(writer);
  await poll(() => stream.events.some((e) => e.data.includes(first)), { label: 'the first event' });

  await api().app.store.tokens.revoke(id, Date.now());
  await stream.ended;
  const [last, complete] = stream.events.slice(-2);
  expect(JSON.parse(last!.data).errors[0]).toMatchObject({ message: 'this API token was revoked', extensions: { code: 'UNAUTHENTICATED', closeCode: 4403 } });
  expect(complete!.event).toBe('complete');
  await poll(() => feed.subscriberCount === baseline, { label: 'the SSE subscription to be dropped' });
});

test("an expiring token's socket closes at its expiry with 4401", async () => {
  const { secret } = await reader('exp-ws', Date.now() + 3000);
  const sub = api().subscribe(EVENTS, undefined, secret);
  await sub.live(); // opened while the token held
  const error = (await sub.ended(15_000)) as { code: number; reason: string };
  expect(error.code).toBe(4401);
  expect(error.reason).toMatch(/expired/);
});
