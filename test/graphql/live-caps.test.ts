/**
 * Caps on live connections, with real graphql-ws clients and SSE requests: the operation over
 * JOBCENTER_MAX_SUBSCRIPTIONS_PER_SOCKET gets an error (the socket and its other subscriptions go
 * on); the socket over JOBCENTER_MAX_SOCKETS_PER_TOKEN / _PER_ORG is closed with 4429 at
 * connection_init; an SSE stream over them is refused with 429. Here tokens are re-read only hourly,
 * so the close at expiry below is the expiry timer's.
 */
import { expect, test } from 'vitest';
import { poll, useTestApp } from './helpers.js';
import { openSse } from './sse.js';

const api = useTestApp({
  env: {
    JOBCENTER_MAX_SUBSCRIPTIONS_PER_SOCKET: '2',
    JOBCENTER_MAX_SOCKETS_PER_TOKEN: '2',
    JOBCENTER_MAX_SOCKETS_PER_ORG: '3',
    JOBCENTER_TOKEN_RECHECK_MS: '3600000',
  },
});

const EVENTS = `subscription { jobEvents { kind jobId } }`;

/** A subscription on `client`, collecting what it receives. */
function on(client: ReturnType<ReturnType<typeof api>['wsClient']>) {
  const state = { errors: [] as unknown[], closed: undefined as unknown, connected: false };
  client.on('connected', () => (state.connected = true));
  client.subscribe({ query: EVENTS }, { next: () => undefined, error: (e) => (Array.isArray(e) ? state.errors.push(...e) : (state.closed = e)), complete: () => undefined });
  return state;
}

const socketFor = (secret: string) => api().wsClient({ authorization: `Bearer ${secret}` });

test('the subscription over the per-socket cap gets an error naming the limit; the others go on', async () => {
  const secret = await api().token('caps-sub', ['jobs:read']);
  const client = socketFor(secret);
  const feed = api().app.live;
  const baseline = feed.subscriberCount;
  const a = on(client);
  const b = on(client);
  await poll(() => feed.subscriberCount >= baseline + 2, { label: 'two live subscriptions' });
  const c = on(client);
  await poll(() => c.errors.length > 0, { label: 'the third subscription to be refused' });
  expect(c.errors[0]).toMatchObject({ extensions: { code: 'LIMIT_EXCEEDED', limit: 2 } });
  expect((c.errors[0] as { message: string }).message).toMatch(/JOBCENTER_MAX_SUBSCRIPTIONS_PER_SOCKET/);
  expect(a.errors).toEqual([]);
  expect(b.errors).toEqual([]);
  expect(a.closed).toBeUndefined();
  await client.dispose();
});

test('sockets over the per-token and per-org caps are closed with 4429 at connection_init', async () => {
  const first = await api().token('caps-sock', ['jobs:read'], 'first');
  const second = await api().token('caps-sock', ['jobs:read'], 'second');
  const clients = [socketFor(first), socketFor(first)];
  const states = clients.map(on);
  await poll(() => states.every((s) => s.connected), { label: 'two sockets' });

  const third = socketFor(first);
  const overToken = on(third);
  await poll(() => overToken.closed, { label: "the token's third socket to close" });
  expect(overToken.closed).toMatchObject({ code: 4429 });
  expect(String((overToken.closed as { reason: string }).reason)).toMatch(/JOBCENTER_MAX_SOCKETS_PER_TOKEN/);

  // Another token of the same org: one more socket fits the org's 3, the next does not.
  const fits = socketFor(second);
  const fitting = on(fits);
  await poll(() => fitting.connected, { label: "the org's third socket" });
  expect(fitting.closed).toBeUndefined();
  const overOrg = on(socketFor(second));
  await poll(() => overOrg.closed, { label: "the org's fourth socket to close" });
  expect(overOrg.closed).toMatchObject({ code: 4429 });
  expect(String((overOrg.closed as { reason: string }).reason)).toMatch(/JOBCENTER_MAX_SOCKETS_PER_ORG/);

  // An SSE stream counts too: refused with 429 while the org is full...
  const refused = await openSse(api().url, EVENTS, second);
  expect(refused.status).toBe(429);
  // ...and a closed socket makes room again.
  await fits.dispose();
  const admitted = await poll(
    async () => {
      const stream = await openSse(api().url, EVENTS, second);
      return stream.status === 200 ? stream : false;
    },
    { label: 'the closed socket to make room' },
  );
  admitted.close();
  for (const client of clients) await client.dispose();
});

test("an expiring token's socket closes at its expiry with 4401 (the timer, not the hourly re-read)", async () => {
  const { secret } = await api().app.tokens.create({ orgId: 'caps-exp', userId: 'u', permissions: ['jobs:read'], expiresAt: Date.now() + 3000 });
  const client = socketFor(secret);
  const state = on(client);
  await poll(() => state.connected || state.closed, { label: 'the socket to open' });
  expect(state.closed).toBeUndefined(); // opened while the token held
  await poll(() => state.closed, { label: 'the socket to close at expiry' });
  expect(state.closed).toMatchObject({ code: 4401, reason: 'this API token has expired' });
  await client.dispose();
});
