/**
 * The console's fetch against a real loopback HTTP server that refuses with 429: the request is sent
 * again, body and all, after each Retry-After (the waits go through the test's own sleep), at most
 * MAX_RETRIES times.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { fetchRetrying, MAX_RETRIES } from '../../client/src/lib/fetch-retrying.js';

/** The answers the server gives next, in order: a status and an optional Retry-After. */
let script: Array<{ status: number; retryAfter?: string }> = [];
const bodies: string[] = [];
let server: http.Server;
let url: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      bodies.push(body);
      const next = script.shift() ?? { status: 200 };
      res.writeHead(next.status, { 'content-type': 'application/json', ...(next.retryAfter !== undefined && { 'retry-after': next.retryAfter }) });
      res.end(JSON.stringify(next.status === 200 ? { data: { ok: true } } : { errors: [{ message: 'queued too long', extensions: { code: 'RATE_LIMITED' } }] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function run(answers: typeof script): Promise<{ response: Response; waits: number[] }> {
  script = answers;
  bodies.length = 0;
  const waits: number[] = [];
  const sleep = async (ms: number) => void waits.push(ms);
  return fetchRetrying(url, { method: 'POST', body: '{"query":"{ ok }"}' }, sleep).then((response) => ({ response, waits }));
}

test('a 429 is sent again after its Retry-After, with the same body, until it is answered', async () => {
  const { response, waits } = await run([{ status: 429, retryAfter: '2' }, { status: 429, retryAfter: '1' }]);
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({ data: { ok: true } });
  expect(waits).toEqual([2_000, 1_000]);
  expect(bodies).toEqual(Array.from({ length: 3 }, () => '{"query":"{ ok }"}'));
});

test('after MAX_RETRIES retries the last refusal is returned as it is', async () => {
  const { response, waits } = await run(Array.from({ length: 10 }, () => ({ status: 429, retryAfter: '1' })));
  expect(response.status).toBe(429);
  expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('RATE_LIMITED');
  expect(bodies).toHaveLength(MAX_RETRIES + 1);
  expect(waits).toHaveLength(MAX_RETRIES);
});

test('no Retry-After waits a second; a long one is held to ten; other statuses are not retried', async () => {
  expect((await run([{ status: 429 }, { status: 429, retryAfter: '3600' }])).waits).toEqual([1_000, 10_000]);
  const refused = await run([{ status: 503, retryAfter: '1' }]);
  expect(refused.response.status).toBe(503);
  expect(refused.waits).toEqual([]);
  expect(bodies).toHaveLength(1);
});
