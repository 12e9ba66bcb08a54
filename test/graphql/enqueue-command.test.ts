/**
 * `jobcenter enqueue`'s work against a real server: inputs as NDJSON or a JSON array, sent in
 * enqueueJobs calls of at most 1,000, ids back in input order; an invalid job stops the command with
 * its position in the whole input, and the calls before it stay stored; a call refused with 429 is
 * sent again after its Retry-After (through a proxy that refuses in front of the real server).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from 'vitest';
import { EnqueueCommandError, enqueueOverApi, MAX_RETRIES, parseEnqueueInputs } from '../../src/enqueue-command.js';
import { useTestApp } from './helpers.js';

const api = useTestApp({ env: { JOBCENTER_TOKEN_ENQUEUE_BURST: '10000' } });
const job = (ms: number) => ({ type: 'sleep', payload: { ms, steps: 1 }, delayMs: 2_000_000_000 });

test('NDJSON and JSON arrays parse to the same inputs; a bad line is named', () => {
  const inputs = [job(1), job(2)];
  expect(parseEnqueueInputs(inputs.map((i) => JSON.stringify(i)).join('\n') + '\n\n')).toEqual(inputs);
  expect(parseEnqueueInputs(JSON.stringify(inputs))).toEqual(inputs);
  expect(parseEnqueueInputs('  ')).toEqual([]);
  expect(() => parseEnqueueInputs(`${JSON.stringify(job(1))}\n{oops`)).toThrow(/line 2 is not JSON/);
});

test('2,500 jobs go in three calls, ids in input order', async () => {
  const token = await api().token('cli-many', ['jobs:read', 'jobs:write']);
  const calls: number[] = [];
  const inputs = Array.from({ length: 2500 }, (_, i) => job(i));
  const ids = await enqueueOverApi(inputs, { url: api().url, token, onBatch: (batch) => calls.push(batch.length) });
  expect(calls).toEqual([1000, 1000, 500]);
  expect(new Set(ids).size).toBe(2500);
  const stored = await api().app.store.jobs.getMany([ids[0]!, ids[1234]!, ids[2499]!], 'cli-many');
  const ms = Object.fromEntries(stored.map((j) => [j.id, (j.payload as { ms: number }).ms]));
  expect([ms[ids[0]!], ms[ids[1234]!], ms[ids[2499]!]]).toEqual([0, 1234, 2499]);
});

test('an invalid job stops the command with its index in the whole input; earlier calls stay stored', async () => {
  const token = await api().token('cli-bad', ['jobs:read', 'jobs:write']);
  const inputs = Array.from({ length: 15 }, (_, i) => job(i));
  inputs[12] = { ...job(12), payload: { ms: 'x' } } as unknown as ReturnType<typeof job>;
  const error = await enqueueOverApi(inputs, { url: api().url, token, batchSize: 10 }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(EnqueueCommandError);
  expect((error as Error).message).toMatch(/jobs 10 to 14 were not stored: BAD_USER_INPUT/);
  expect((error as Error).message).toMatch(/job 12\.payload\.ms/);
  expect(await api().app.store.jobs.count('cli-bad', {})).toBe(10);
});

/**
 * A proxy in front of the real server that answers the first `refusals` calls 429 with Retry-After
 * (as the server does when the org's requests would wait too long for their turn) and passes the
 * rest on.
 */
async function refusingProxy(target: string, refusals: number): Promise<{ url: string; seen: number; close(): Promise<void> }> {
  const state = { seen: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      state.seen++;
      if (state.seen <= refusals) {
        res.writeHead(429, { 'content-type': 'application/json', 'retry-after': '2' });
        res.end(JSON.stringify({ errors: [{ message: 'too many requests queued', extensions: { code: 'RATE_LIMITED' } }] }));
        return;
      }
      void fetch(target, { method: 'POST', headers: { 'content-type': 'application/json', authorization: req.headers.authorization ?? '' }, body: Buffer.concat(chunks) }).then(async (answer) => {
        res.writeHead(answer.status, { 'content-type': 'application/json' });
        res.end(Buffer.from(await answer.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    get seen() {
      return state.seen;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('a call refused with 429 is sent again after its Retry-After, and stores its jobs once', async () => {
  const token = await api().token('cli-busy', ['jobs:read', 'jobs:write']);
  const proxy = await refusingProxy(api().url, 2);
  try {
    const waits: number[] = [];
    const retries: number[] = [];
    const ids = await enqueueOverApi([job(1), job(2), job(3)], {
      url: proxy.url,
      token,
      onRetry: (seconds) => retries.push(seconds),
      sleep: async (ms) => void waits.push(ms),
    });
    expect(ids).toHaveLength(3);
    expect(retries).toEqual([2, 2]);
    expect(waits).toEqual([2_000, 2_000]);
    expect(proxy.seen).toBe(3);
    expect(await api().app.store.jobs.count('cli-busy', {})).toBe(3);
  } finally {
    await proxy.close();
  }
});

test(`after ${MAX_RETRIES} retries a refused call stops the command, naming RATE_LIMITED, and stores nothing`, async () => {
  const token = await api().token('cli-refused', ['jobs:read', 'jobs:write']);
  const proxy = await refusingProxy(api().url, 100);
  try {
    const error = await enqueueOverApi([job(1)], { url: proxy.url, token, sleep: async () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnqueueCommandError);
    expect((error as Error).message).toMatch(/jobs 0 to 0 were not stored: RATE_LIMITED/);
    expect(proxy.seen).toBe(MAX_RETRIES + 1);
    expect(await api().app.store.jobs.count('cli-refused', {})).toBe(0);
  } finally {
    await proxy.close();
  }
});
