/**
 * The fan-out bench's floor (bench/fanout-floor.ts) must speak graphql-ws well enough for the bench's
 * clients, and send each "enqueued" job's events, paced as its sleep task would be, to every subscriber, with either writer; its
 * figures are only worth reading beside jobcenter's if it delivers what jobcenter does.
 */
import { createClient } from 'graphql-ws';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startFloor, type Floor, type FloorWriter } from '../../bench/fanout-floor.js';

interface Event {
  kind: string;
  jobId: string;
  at: string;
  job: { status: string };
}

let floor: Floor | undefined;
afterEach(async () => {
  await floor?.close();
  floor = undefined;
});

describe.each<FloorWriter>(['batched', 'send'])('the fan-out floor (%s)', (writer) => {
  it('sends every subscriber the four events of each enqueued job, with one `at` per event', async () => {
    floor = await startFloor(writer);
    const target = floor;
    const received: Event[][] = [[], []];
    const clients = received.map(() => createClient({ url: target.wsUrl, webSocketImpl: WebSocket, retryAttempts: 0, lazy: false }));
    try {
      for (const [i, client] of clients.entries()) {
        client.subscribe<{ jobEvents: Event }>(
          { query: 'subscription { jobEvents { kind jobId at job { status } } }' },
          { next: (result) => received[i]!.push(result.data!.jobEvents), error: () => undefined, complete: () => undefined },
        );
      }
      await expect.poll(() => target.subscribers()).toBe(2);
      const ids: string[] = [];
      // The second job is paced as a sleep job of 60 ms in 3 steps: three PROGRESS events.
      for (const payload of [undefined, { ms: 60, steps: 3 }]) {
        const body = JSON.stringify({ query: 'mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }', variables: payload && { input: { type: 'sleep', payload } } });
        const response = await fetch(target.url, { method: 'POST', body });
        ids.push(((await response.json()) as { data: { enqueueJob: { id: string } } }).data.enqueueJob.id);
      }
      await expect.poll(() => received.map((events) => events.length)).toEqual([10, 10]);
      const [first, second] = received as [Event[], Event[]];
      expect(second).toEqual(first);
      const story = (id: string) => first.filter((event) => event.jobId === id).map((event) => `${event.kind} ${event.job.status}`);
      expect(story(ids[0]!)).toEqual(['CREATED QUEUED', 'STATUS RUNNING', 'PROGRESS RUNNING', 'STATUS SUCCEEDED']);
      expect(story(ids[1]!)).toEqual(['CREATED QUEUED', 'STATUS RUNNING', 'PROGRESS RUNNING', 'PROGRESS RUNNING', 'PROGRESS RUNNING', 'STATUS SUCCEEDED']);
    } finally {
      for (const client of clients) await client.dispose();
    }
  });
});
