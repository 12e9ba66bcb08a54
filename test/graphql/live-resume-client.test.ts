/**
 * The console's resume on reconnect (client/src/lib/live-resume.ts) against the real server with a
 * real graphql-ws client: the client's socket drops, jobs are created while it is away, and when it
 * reconnects graphql-ws sends the subscription again with `after` read at that moment, so the
 * server replays exactly what was missed. Without `after` those events would be lost.
 */
import { createClient, type Client } from 'graphql-ws';
import { afterEach, expect, test } from 'vitest';
import WebSocket from 'ws';
import { createResumePosition, eventIdOf, withResume } from '../../client/src/lib/live-resume.js';
import { decodeEventId } from '../../src/engine/domain/event-id.js';
import { poll, useTestApp } from './helpers.js';

const api = useTestApp({ env: { JOBCENTER_CONCURRENCY: '1' } });

const FAR = 2_000_000_000;
const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }`;
const EVENTS = `subscription($filter: JobFilter, $after: ID) { jobEvents(filter: $filter, after: $after) { id kind jobId } }`;

interface Ev {
  id: string;
  kind: string;
  jobId: string;
}

const clients: Client[] = [];
afterEach(async () => {
  for (const client of clients.splice(0)) await client.dispose();
});

test('the variables carry the last event id seen, read whenever they are serialised', () => {
  const resume = createResumePosition();
  const variables = withResume({ filter: { type: ['sleep'] } }, resume);
  expect(JSON.parse(JSON.stringify(variables))).toEqual({ filter: { type: ['sleep'] } });
  resume.seen(eventIdOf({ jobEvents: { id: 'e1', kind: 'CREATED' } }));
  resume.seen(eventIdOf({ jobEvents: { kind: 'CREATED' } })); // no id selected: the position stays
  expect(JSON.parse(JSON.stringify(variables))).toEqual({ filter: { type: ['sleep'] }, after: 'e1' });
  resume.reset();
  expect(JSON.parse(JSON.stringify(variables))).toEqual({ filter: { type: ['sleep'] } });
});

test('after its socket drops, a subscription resumes after the last event it saw and receives what it missed', async () => {
  const token = await api().token('resume-client', ['jobs:read', 'jobs:write']);
  const enqueue = async () =>
    (await api().data<{ enqueueJob: { id: string } }>(ENQUEUE, { input: { type: 'sleep', payload: { ms: 0 }, delayMs: FAR } }, token)).enqueueJob.id;

  const sockets: WebSocket[] = [];
  let reconnect!: () => void;
  const away = new Promise<void>((resolve) => (reconnect = resolve));
  const client = createClient({
    url: api().wsUrl,
    webSocketImpl: WebSocket,
    connectionParams: { authorization: `Bearer ${token}` },
    retryAttempts: 3,
    // The client stays away until the test has made changes it would miss.
    retryWait: () => away,
    on: { connected: (socket) => void sockets.push(socket as WebSocket) },
  });
  clients.push(client);

  const resume = createResumePosition();
  const received: Ev[] = [];
  client.subscribe<{ jobEvents: Ev }>(
    { query: EVENTS, variables: withResume({}, resume) },
    {
      next: (result) => {
        resume.seen(eventIdOf(result.data));
        if (result.data) received.push(result.data.jobEvents);
      },
      error: () => undefined,
      complete: () => undefined,
    },
  );

  // Live: the first job's event arrives.
  const live = api().app.live;
  await poll(() => live.subscriberCount >= 1, { label: 'the subscription' });
  const first = await enqueue();
  await poll(() => received.length >= 1, { label: 'the first event' });

  // The socket drops; two jobs are created while the client is away.
  sockets[0]!.terminate();
  await poll(() => live.subscriberCount === 0, { label: 'the server to see the socket go' });
  const missed = [await enqueue(), await enqueue()];
  reconnect();

  await poll(() => received.length >= 3 && sockets.length === 2, { label: 'the missed events after the reconnect' });
  const after = await enqueue();
  await poll(() => received.length >= 4, { label: 'a live event after the resume' });

  expect(received.map((e) => [e.kind, e.jobId])).toEqual([first, ...missed, after].map((id) => ['CREATED', id]));
  // One org's events: consecutive positions, nothing missed, nothing twice.
  const positions = received.map((e) => decodeEventId(e.id)!.seq);
  expect(positions).toEqual(positions.map((_, i) => positions[0]! + i));
});
