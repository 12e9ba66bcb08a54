/**
 * Subscribers of the same operation share one selection per change, with a real server and real
 * graphql-ws clients: many subscribers of one document in one org cost one map-and-filter per change
 * (not one per subscriber), a different filter is a group of its own, and the same document in
 * another org is another group that never hears the first org's changes; SSE subscribers share the
 * execution of graphql-ws ones.
 */
import { expect, test } from 'vitest';
import { poll, useTestApp } from './helpers.js';
import { openSse } from './sse.js';

const api = useTestApp({ env: { JOBCENTER_CONCURRENCY: '1', JOBCENTER_MAX_SOCKETS_PER_TOKEN: '50' } });

const EVENTS = `subscription($filter: JobFilter) { jobEvents(filter: $filter) { id kind jobId } }`;
const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }`;
const PER_ORG = 12;

interface Ev {
  jobEvents: { id: string; kind: string; jobId: string };
}

test('one selection per change and distinct subscription, whatever the number of subscribers; orgs never share', async () => {
  const a = await api().token('groups-a', ['jobs:read', 'jobs:write']);
  const b = await api().token('groups-b', ['jobs:read', 'jobs:write']);
  const live = api().app.live;
  const groupsBefore = live.groups.groups;
  const open = async (token: string, variables: Record<string, unknown> = {}) => {
    const sub = api().subscribe<Ev>(EVENTS, variables, token);
    await sub.live();
    return sub;
  };
  const inA = [];
  const inB = [];
  for (let i = 0; i < PER_ORG; i++) inA.push(await open(a));
  for (let i = 0; i < PER_ORG; i++) inB.push(await open(b));
  // The same document in two orgs: two groups, one listener each.
  expect(live.groups.groups - groupsBefore).toBe(2);
  expect(live.groups.members).toBeGreaterThanOrEqual(2 * PER_ORG);

  const enqueue = async (token: string) =>
    (await api().data(ENQUEUE, { input: { type: 'sleep', payload: { ms: 0, steps: 1 }, delayMs: 2_000_000_000 } }, token)).enqueueJob as { id: string };

  let before = live.groups.selections;
  const jobA = await enqueue(a);
  const gotA = await Promise.all(inA.map((sub) => sub.until((evs) => evs.length >= 1)));
  // Per-subscriber filtering would have selected this change PER_ORG times.
  expect(live.groups.selections - before).toBe(1);
  for (const events of gotA) expect(events.map((e) => [e.jobEvents.kind, e.jobEvents.jobId])).toEqual([['CREATED', jobA.id]]);
  expect(new Set(gotA.map((events) => events[0]!.jobEvents.id)).size).toBe(1);

  before = live.groups.selections;
  const jobB = await enqueue(b);
  const gotB = await Promise.all(inB.map((sub) => sub.until((evs) => evs.length >= 1)));
  expect(live.groups.selections - before).toBe(1);
  // Org B's subscribers heard only org B's job, never org A's.
  for (const events of gotB) expect(events.map((e) => e.jobEvents.jobId)).toEqual([jobB.id]);
  for (const sub of inA) expect(sub.events.map((e) => e.jobEvents.jobId)).toEqual([jobA.id]);

  // Another filter is another distinct subscription: one more selection per change of that org.
  const filtered = await open(a, { filter: { type: ['sleep'] } });
  expect(live.groups.groups - groupsBefore).toBe(3);
  before = live.groups.selections;
  const jobA2 = await enqueue(a);
  await Promise.all([...inA, filtered].map((sub) => sub.until((evs) => evs.some((e) => e.jobEvents.jobId === jobA2.id))));
  expect(live.groups.selections - before).toBe(2);

  // The last member out stops its group's listener.
  for (const sub of [...inA, ...inB, filtered]) await sub.close();
  expect(live.groups.groups).toBe(groupsBefore);
});

test('SSE subscribers share one execution per event with graphql-ws subscribers of the same operation', async () => {
  const token = await api().token('groups-sse', ['jobs:read', 'jobs:write']);
  const live = api().app.live;
  const server = api().app.server!;
  const baseline = live.subscriberCount;
  const ws = api().subscribe<Ev>(EVENTS, {}, token);
  await ws.live();
  const streams = [await openSse(api().url, EVENTS, token), await openSse(api().url, EVENTS, token)];
  await poll(() => live.subscriberCount === baseline + 3, { label: 'the SSE subscriptions to be live' });
  const before = server.sharedExecution.executions;
  const job = (await api().data(ENQUEUE, { input: { type: 'sleep', payload: { ms: 0, steps: 1 }, delayMs: 2_000_000_000 } }, token)).enqueueJob as { id: string };
  const [heard] = await ws.until((evs) => evs.length >= 1);
  await poll(() => streams.every((stream) => stream.events.some((e) => e.event === 'next')), { label: 'the SSE events' });
  for (const stream of streams) {
    const data = JSON.parse(stream.events.find((e) => e.event === 'next')!.data) as { data: Ev };
    expect(data.data.jobEvents).toEqual(heard!.jobEvents);
    expect(data.data.jobEvents.jobId).toBe(job.id);
  }
  // Three subscribers, one execution.
  expect(server.sharedExecution.executions - before).toBe(1);
  for (const stream of streams) stream.close();
  await ws.close();
});
