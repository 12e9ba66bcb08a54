/**
 * The live path as a broadcast, with a real server and real graphql-ws clients: every subscriber
 * sees the same event id and time for the same change; subscribers of the same operation, org and
 * permissions share one execution and one serialised message per event; a job that leaves a jobEvents filter is announced with
 * `matches: false`; a client resumes after the last event id it saw (or is told to start afresh);
 * a client that stops reading is closed with 4008 while a fast one on the same server sees every
 * event, and one that falls behind less gets the latest progress in place of what it missed. Each
 * test works in its own org.
 */
import { expect, test } from 'vitest';
import WebSocket from 'ws';
import { defineTask, definePlugin, z } from '../../src/tasks/plugin-api.js';
import { poll, useTestApp } from './helpers.js';

/** A task whose payload is as large as the test wants (it never runs here: jobs are delayed). */
const blobPlugin = definePlugin({
  name: 'test-blob',
  version: '0.0.1',
  tasks: [defineTask({ type: 'test-blob', input: z.object({ blob: z.string() }), async run() { return null; } })],
});

/** A task whose job is as large as the test wants and that reports progress `steps` times, 10 ms apart. */
const progressPlugin = definePlugin({
  name: 'test-progress-blob',
  version: '0.0.1',
  tasks: [
    defineTask({
      type: 'test-progress-blob',
      input: z.object({ blob: z.string(), steps: z.number().int() }),
      async run(ctx) {
        for (let step = 1; step <= ctx.input.steps; step++) {
          ctx.progress((100 * step) / ctx.input.steps);
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return null;
      },
    }),
  ],
});

const MAX_QUEUED = 20;
const api = useTestApp({
  env: { JOBCENTER_CONCURRENCY: '2', JOBCENTER_LIVE_MAX_QUEUED_EVENTS: String(MAX_QUEUED) },
  plugins: [blobPlugin, progressPlugin],
});

/** A counter's value on /metrics (0 when it is not there yet). */
async function metric(name: string): Promise<number> {
  const text = await (await fetch(new URL('/metrics', api().url))).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

const FAR = 2_000_000_000;
const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id status } }`;
const EVENTS = `subscription($filter: JobFilter, $after: ID) { jobEvents(filter: $filter, after: $after) {
  id kind jobId at matches job { id status } } }`;
const UPDATED = `subscription($id: ID!, $after: ID) { jobUpdated(id: $id, after: $after) { id kind jobId at job { id status } } }`;

interface Ev {
  id: string;
  kind: string;
  jobId: string;
  at: string;
  matches?: boolean;
  job: { id: string; status: string } | null;
}

const enqueue = async (token: string, input: Record<string, unknown>): Promise<{ id: string }> =>
  (await api().data(ENQUEUE, { input }, token)).enqueueJob;
const parked = (token: string) => enqueue(token, { type: 'sleep', payload: { ms: 0, steps: 1 }, delayMs: FAR });

test('every subscriber sees the same id and time for the same change, ordered; sharing subscribers cost one execution and one serialisation per event', async () => {
  const token = await api().token('bc-share', ['jobs:read', 'jobs:write']);
  const narrow = await api().token('bc-share', ['jobs:read'], 'reader');
  const other = await api().token('bc-share-other', ['jobs:read', 'jobs:write']);
  // Opened one after the other: each is live before the next one opens.
  const open = async (secret: string, variables: Record<string, unknown> = {}) => {
    const sub = api().subscribe<{ jobEvents: Ev }>(EVENTS, variables, secret);
    await sub.live();
    return sub;
  };
  const same = [];
  for (let i = 0; i < 4; i++) same.push(await open(token));
  // A filter chooses events, not how one is executed: this one shares with the four above.
  same.push(await open(token, { filter: { type: ['sleep'] } }));
  const reader = await open(narrow);
  const stranger = await open(other);

  const server = api().app.server!;
  const before = server.sharedExecution.executions;
  const serialisedBefore = server.sharedExecution.serialisations;
  const jobs = [await parked(token), await parked(token), await parked(token)];
  const received = await Promise.all(
    [...same, reader].map(async (sub) => (await sub.until((evs) => evs.length >= jobs.length)).map((e) => e.jobEvents)),
  );
  // Five subscribers share an execution per event; the reader (other permissions) has its own.
  expect(server.sharedExecution.executions - before).toBe(jobs.length * 2);
  // And one JSON string per execution, written to every socket that shares it.
  expect(server.sharedExecution.serialisations - serialisedBefore).toBe(jobs.length * 2);

  const first = received[0]!;
  expect(first.map((e) => e.jobId)).toEqual(jobs.map((j) => j.id));
  expect(first.every((e) => e.kind === 'CREATED' && e.matches === true)).toBe(true);
  for (const events of received) {
    expect(events.map((e) => [e.id, e.at])).toEqual(first.map((e) => [e.id, e.at]));
  }
  expect(new Set(first.map((e) => e.id)).size).toBe(jobs.length);
  // Another org's subscriber with the same operation hears nothing of these jobs.
  await parked(other);
  const theirs = (await stranger.until((evs) => evs.length >= 1)).map((e) => e.jobEvents);
  expect(theirs.map((e) => e.jobId)).not.toContain(jobs[0]!.id);
  expect(theirs).toHaveLength(1);
  for (const sub of [...same, reader, stranger]) await sub.close();
});

test('jobEvents announces the change that makes a job leave the filter, with matches: false', async () => {
  const token = await api().token('bc-leave', ['jobs:read', 'jobs:write']);
  const sub = api().subscribe<{ jobEvents: Ev }>(EVENTS, { filter: { status: ['RUNNING'] } }, token);
  await sub.live();
  const job = await enqueue(token, { type: 'sleep', payload: { ms: 50, steps: 1 } });
  const events = (await sub.until((evs) => evs.some((e) => e.jobEvents.matches === false))).map((e) => e.jobEvents);
  await sub.close();
  expect(events.every((e) => e.jobId === job.id)).toBe(true);
  expect(events[0]).toMatchObject({ kind: 'STATUS', matches: true, job: { status: 'RUNNING' } });
  expect(events.at(-1)).toMatchObject({ kind: 'STATUS', matches: false, job: { status: 'SUCCEEDED' } });
  expect(events.filter((e) => !e.matches)).toHaveLength(1);
});

test('a subscriber resumes after the last event id it saw; an id the server does not hold asks for a fresh start', async () => {
  const token = await api().token('bc-resume', ['jobs:read', 'jobs:write']);
  const baseline = api().app.live.subscriberCount;
  const settled = () => poll(() => api().app.live.subscriberCount === baseline, { label: 'closed subscriptions to be dropped' });
  const first = api().subscribe<{ jobEvents: Ev }>(EVENTS, {}, token);
  await first.live();
  const a = await parked(token);
  const [seen] = (await first.until((evs) => evs.length >= 1)).map((e) => e.jobEvents);
  await first.close();
  await settled();

  // Missed while away: b created, a cancelled.
  const b = await parked(token);
  await api().data(`mutation($id: ID!) { cancelJob(id: $id) { id } }`, { id: a.id }, token);

  const resumed = api().subscribe<{ jobEvents: Ev }>(EVENTS, { after: seen!.id }, token);
  const missed = (await resumed.until((evs) => evs.length >= 2)).map((e) => e.jobEvents);
  expect(missed.map((e) => [e.kind, e.jobId, e.job?.status])).toEqual([
    ['CREATED', b.id, 'QUEUED'],
    ['STATUS', a.id, 'CANCELLED'],
  ]);
  await resumed.close();
  await settled();

  const stale = api().subscribe<{ jobEvents: Ev }>(EVENTS, { after: 'bm90LWFuLWlkOjE' }, token);
  await stale.live();
  const c = await parked(token);
  const fresh = (await stale.until((evs) => evs.length >= 2)).map((e) => e.jobEvents);
  expect(fresh[0]).toMatchObject({ kind: 'RESYNC' });
  expect(fresh[1]).toMatchObject({ kind: 'CREATED', jobId: c.id });
  await stale.close();

  // One job: the events since `after` instead of a snapshot; an unknown id gets the snapshot.
  const one = api().subscribe<{ jobUpdated: Ev }>(UPDATED, { id: a.id, after: seen!.id }, token);
  const sinceSeen = (await one.until((evs) => evs.length >= 1)).map((e) => e.jobUpdated);
  expect(sinceSeen[0]).toMatchObject({ kind: 'STATUS', jobId: a.id, job: { status: 'CANCELLED' } });
  await one.close();
  const snap = api().subscribe<{ jobUpdated: Ev }>(UPDATED, { id: a.id, after: 'bm90LWFuLWlkOjE' }, token);
  expect((await snap.until((evs) => evs.length >= 1))[0]!.jobUpdated).toMatchObject({ kind: 'SNAPSHOT', job: { status: 'CANCELLED' } });
  await snap.close();

  // Resuming never crosses orgs: another org's job is not found, whatever the id.
  const outsider = await api().token('bc-resume-other', ['jobs:read']);
  const denied = api().subscribe<{ jobUpdated: Ev }>(UPDATED, { id: a.id, after: seen!.id }, outsider);
  await denied.ended();
  expect(denied.results).toHaveLength(1);
  expect(denied.results[0]!.errors![0]!.extensions!.code).toBe('NOT_FOUND');
});

/** A graphql-ws client on a raw socket that stops reading once subscribed. */
async function stalledSubscriber(
  url: string,
  secret: string,
  query: string,
): Promise<{ closed: Promise<{ code: number; reason: string }>; resume(): void; received: unknown[] }> {
  const socket = new WebSocket(url, 'graphql-transport-ws');
  // The results of the `next` messages, once it reads again.
  const received: unknown[] = [];
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${secret}` } })));
    socket.once('error', reject);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string; payload?: unknown };
      if (message.type === 'next') received.push(message.payload);
      if (message.type !== 'connection_ack') return;
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
      resolve();
    });
  });
  // Stop reading: the server's writes back up once the socket buffers are full.
  const raw = (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
  raw.pause();
  return { closed, resume: () => raw.resume(), received };
}

test('a client that stops reading is closed with 4008 past the queue limit; a fast client on the same server sees every event', async () => {
  const token = await api().token('bc-slow', ['jobs:read', 'jobs:write']);
  const query = `subscription { jobEvents(filter: { type: ["test-blob"] }) { kind jobId job { payload } } }`;
  const fast = api().subscribe<{ jobEvents: { jobId: string } }>(query, {}, token);
  await fast.live();
  const before = api().app.live.subscriberCount;
  const closedBefore = await metric('jobcenter_live_slow_clients_closed_total');
  const slow = await stalledSubscriber(api().wsUrl, token, query);
  await poll(() => api().app.live.subscriberCount > before, { label: 'the stalled subscription to be live' });

  // 200 KB per event: the socket buffers fill, then events wait in the subscription's queue.
  const blob = 'x'.repeat(200_000);
  const ids: string[] = [];
  const enqueued = (async () => {
    for (let i = 0; i < 100; i++) ids.push((await enqueue(token, { type: 'test-blob', payload: { blob }, delayMs: FAR })).id);
  })();
  // The server gives up on the stalled subscription; once the client reads again it finds why. It
  // reads again at once: a close frame not taken within ws's 30 s close timeout ends as 1006.
  await poll(() => api().app.live.subscriberCount === before, { label: 'the stalled subscription to be dropped', timeoutMs: 60_000 });
  slow.resume();
  const closed = await slow.closed;
  expect(closed.code).toBe(4008);
  expect(closed.reason).toMatch(/JOBCENTER_LIVE_MAX_QUEUED_EVENTS/);
  expect(await metric('jobcenter_live_slow_clients_closed_total')).toBe(closedBefore + 1);
  await enqueued;
  const events = await fast.until((evs) => evs.length >= ids.length, 60_000);
  expect(events.map((e) => e.jobEvents.jobId)).toEqual(ids);
  await fast.close();
}, 120_000);

test('a client that stops reading gets the latest PROGRESS in place of those it missed, and every other event; /metrics counts what was conflated', async () => {
  const token = await api().token('bc-conflate', ['jobs:read', 'jobs:write']);
  // Every event carries the job's 200 KB payload, so the stalled socket's buffers fill within a few dozen.
  const query = `subscription { jobEvents(filter: { type: ["test-progress-blob"] }) { kind jobId job { status payload progress { percent } } } }`;
  interface Result {
    data: { jobEvents: { kind: string; jobId: string; job: { status: string; progress: { percent: number } | null } } };
  }
  const servedBefore = await metric('jobcenter_live_subscriptions');
  const fast = api().subscribe<Result['data']>(query, {}, token);
  await fast.live();
  const before = api().app.live.subscriberCount;
  const conflatedBefore = await metric('jobcenter_live_events_conflated_total');
  const slow = await stalledSubscriber(api().wsUrl, token, query);
  await poll(() => api().app.live.subscriberCount > before, { label: 'the stalled subscription to be live' });
  expect(await metric('jobcenter_live_subscriptions')).toBe(servedBefore + 2);

  const steps = 150;
  const { id } = await enqueue(token, { type: 'test-progress-blob', payload: { blob: 'x'.repeat(200_000), steps } });
  const seen = await fast.until((evs) => evs.some((e) => e.jobEvents.kind === 'STATUS' && e.jobEvents.job.status === 'SUCCEEDED'), 60_000);
  const story = (events: Result['data'][]) => events.map((e) => e.jobEvents).filter((e) => e.jobId === id);
  // A client that reads gets most PROGRESS events (one behind for a moment has some conflated too).
  const fastProgress = story(seen).filter((e) => e.kind === 'PROGRESS');

  slow.resume();
  await poll(() => story((slow.received as Result[]).map((r) => r.data)).some((e) => e.job.status === 'SUCCEEDED'), { label: 'the slow client to read up to SUCCEEDED', timeoutMs: 60_000 });
  const slowStory = story((slow.received as Result[]).map((r) => r.data));
  const slowProgress = slowStory.filter((e) => e.kind === 'PROGRESS');
  // Behind, it missed progress, but never the latest, nor CREATED or any STATUS, and the order holds.
  expect(slowProgress.length).toBeLessThan(fastProgress.length);
  expect(slowProgress.at(-1)!.job.progress!.percent).toBe(100);
  expect(slowStory.filter((e) => e.kind !== 'PROGRESS').map((e) => `${e.kind} ${e.job.status}`)).toEqual(
    story(seen).filter((e) => e.kind !== 'PROGRESS').map((e) => `${e.kind} ${e.job.status}`),
  );
  expect(slowStory.at(-1)!.job.status).toBe('SUCCEEDED');
  const percents = slowProgress.map((e) => e.job.progress!.percent);
  expect(percents).toEqual([...percents].sort((a, b) => a - b));
  // Each PROGRESS a client did not get was replaced by a later one, and counted.
  expect(await metric('jobcenter_live_events_conflated_total')).toBe(conflatedBefore + (steps - fastProgress.length) + (steps - slowProgress.length));
  await fast.close();
}, 120_000);
