/**
 * The `http-request` plugin against real HTTP servers on loopback, through the real API: loopback
 * targets (the server's own /metrics in every spelling) are refused by default with an error naming
 * the address and the setting; the allow-list lets a named one through; a redirect to a refused
 * address is refused; a huge body is cut at the byte cap without being read; a hanging server is
 * aborted at the time cap.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { JOB_FIELDS, poll, startTestApp, type TestApp, type TokenArg } from './helpers.js';

const HUGE_BYTES = 256 * 1024 * 1024;
const CAP_BYTES = 64 * 1024;
const TIME_CAP_MS = 800;

/** What the target server saw: bytes it handed to /huge responses, and whether the client hung up. */
const huge = { written: 0, closedEarly: false };
const hanging = new Set<http.ServerResponse>();

const target = http.createServer((req, res) => {
  const url = new URL(req.url!, 'http://target');
  switch (url.pathname) {
    case '/hello':
      res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
      return;
    case '/redirect':
      res.writeHead(302, { location: url.searchParams.get('to')! }).end();
      return;
    case '/gzip':
      res.writeHead(200, { 'content-encoding': 'gzip' }).end(zlib.gzipSync('unzipped'));
      return;
    case '/huge': {
      // A body far larger than the cap, written only as fast as the client reads it.
      const chunk = Buffer.alloc(64 * 1024, 'x');
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': String(HUGE_BYTES) });
      const pump = () => {
        while (huge.written < HUGE_BYTES && !res.destroyed) {
          huge.written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        if (!res.destroyed) res.end();
      };
      res.once('close', () => {
        if (!res.writableFinished) huge.closedEarly = true;
      });
      pump();
      return;
    }
    case '/hang-head':
      hanging.add(res); // never answers
      return;
    case '/hang-body':
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial'); // and never ends
      hanging.add(res);
      return;
    default:
      res.writeHead(404).end();
  }
});

let targetPort = 0;
let closed: TestApp; // default settings: loopback refused
let open: TestApp; // the target server's address:port allowed, small caps

beforeAll(async () => {
  await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
  targetPort = (target.address() as AddressInfo).port;
  closed = await startTestApp();
  open = await startTestApp({
    env: {
      JOBCENTER_HTTP_ALLOW: `127.0.0.1:${targetPort}`,
      JOBCENTER_HTTP_MAX_RESPONSE_BYTES: String(CAP_BYTES),
      JOBCENTER_HTTP_TIMEOUT_MS: String(TIME_CAP_MS),
    },
  });
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  await closed?.stop();
  await open?.stop();
  await new Promise((resolve) => target.close(resolve));
});

type Job = { id: string; status: string; result: any; attempt: number; error: { message: string; code: string | null; retryable: boolean } | null };

const ENQUEUE = `mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { ${JOB_FIELDS} } }`;
const GET = `query($id: ID!) { job(id: $id) { ${JOB_FIELDS} } }`;

/** Enqueues one http-request job with a jobs:write token of its own org, and waits until it has finished. */
async function run(app: TestApp, payload: Record<string, unknown>, maxAttempts = 1): Promise<Job> {
  const token: TokenArg = await app.token(`org-${Math.random().toString(36).slice(2)}`, ['jobs:read', 'jobs:write']);
  const job = (await app.data<{ enqueueJob: Job }>(ENQUEUE, { input: { type: 'http-request', payload, maxAttempts } }, token)).enqueueJob;
  return poll(
    async () => {
      const current = (await app.data<{ job: Job }>(GET, { id: job.id }, token)).job;
      return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(current.status) ? current : undefined;
    },
    { label: `http-request job ${job.id} to finish`, timeoutMs: 20_000 },
  );
}

describe('by default, loopback is refused', () => {
  const metricsUrls = () => {
    const port = new URL(closed.url).port;
    return [
      [`http://127.0.0.1:${port}/metrics`, '127.0.0.1'],
      [`http://localhost:${port}/metrics`, undefined],
      [`http://0.0.0.0:${port}/metrics`, '0.0.0.0'],
      [`http://2130706433:${port}/metrics`, '127.0.0.1'],
      [`http://0x7f000001:${port}/metrics`, '127.0.0.1'],
      [`http://127.1:${port}/metrics`, '127.0.0.1'],
      [`http://[::ffff:127.0.0.1]:${port}/metrics`, '::ffff:7f00:1'],
    ] as const;
  };

  test('the server\'s own /metrics, in every spelling, fails at once naming the address and JOBCENTER_HTTP_ALLOW', async () => {
    expect((await fetch(`${closed.origin}/metrics`)).status).toBe(200); // what a request from loopback would read
    for (const [url, address] of metricsUrls()) {
      const job = await run(closed, { url }, 3);
      expect(job, url).toMatchObject({ status: 'FAILED', attempt: 1, result: null, error: { code: 'ADDRESS_BLOCKED', retryable: false } });
      // localhost may resolve to ::1 or 127.0.0.1 first; either is named.
      const named = address ?? /^(127\.0\.0\.1|::1)$/.exec(/connect to (\S+) for/.exec(job.error!.message)?.[1] ?? '')?.[0];
      expect(named, job.error!.message).toBeDefined();
      expect(job.error!.message).toContain(`refused to connect to ${named} for `);
      expect(job.error!.message).toContain('add it to JOBCENTER_HTTP_ALLOW to allow it');
    }
  });

  test('a loopback server the test started is refused too, with the range it falls in', async () => {
    const job = await run(closed, { url: `http://127.0.0.1:${targetPort}/hello` });
    expect(job.error).toMatchObject({ code: 'ADDRESS_BLOCKED' });
    expect(job.error!.message).toBe(
      `refused to connect to 127.0.0.1 for http://127.0.0.1:${targetPort}/hello: 127.0.0.1 is a loopback address (127.0.0.0/8); add it to JOBCENTER_HTTP_ALLOW to allow it`,
    );
  });
});

describe('with the target on the allow-list', () => {
  test('the allowed address:port is reached and its whole small body kept', async () => {
    const job = await run(open, { url: `http://127.0.0.1:${targetPort}/hello` });
    expect(job).toMatchObject({ status: 'SUCCEEDED', result: { status: 200, body: 'hello', truncated: false, bytesRead: 5 } });
    expect(job.result.headers['content-type']).toBe('text/plain');
  });

  test('a host name is resolved once and connected to through the allowed address it resolved to', async () => {
    // localhost may also resolve to ::1, which stays refused: only 127.0.0.1 is dialled.
    const job = await run(open, { url: `http://localhost:${targetPort}/hello` });
    expect(job).toMatchObject({ status: 'SUCCEEDED', result: { status: 200, body: 'hello' } });
  });

  test('another port on the same address is still refused', async () => {
    const port = new URL(open.url).port;
    const job = await run(open, { url: `http://127.0.0.1:${port}/metrics` });
    expect(job.error).toMatchObject({ code: 'ADDRESS_BLOCKED' });
  });

  test('a redirect to an allowed address is followed; one to a refused address fails naming it', async () => {
    const base = `http://127.0.0.1:${targetPort}`;
    const followed = await run(open, { url: `${base}/redirect?to=${encodeURIComponent('/hello')}` });
    expect(followed).toMatchObject({ status: 'SUCCEEDED', result: { status: 200, body: 'hello', url: `${base}/hello` } });

    const metrics = `http://127.0.0.1:${new URL(open.url).port}/metrics`;
    for (const to of [metrics, `http://[::1]:${targetPort}/hello`, `http://0x7f000002:${targetPort}/hello`]) {
      const job = await run(open, { url: `${base}/redirect?to=${encodeURIComponent(to)}` });
      expect(job, to).toMatchObject({ status: 'FAILED', result: null, error: { code: 'ADDRESS_BLOCKED', retryable: false } });
      expect(job.error!.message).toMatch(/^refused to connect to (127\.0\.0\.1|::1|127\.0\.0\.2) for http/);
    }
  });

  test('a gzip body is read decompressed', async () => {
    const job = await run(open, { url: `http://127.0.0.1:${targetPort}/gzip`, headers: { 'accept-encoding': 'gzip' } });
    expect(job.result).toMatchObject({ body: 'unzipped', truncated: false });
  });

  test('a body far larger than the cap is cut at the cap, and the rest is never read', async () => {
    huge.written = 0;
    huge.closedEarly = false;
    const job = await run(open, { url: `http://127.0.0.1:${targetPort}/huge` });
    expect(job).toMatchObject({ status: 'SUCCEEDED', result: { status: 200, truncated: true, bytesRead: CAP_BYTES } });
    expect(job.result.body).toBe('x'.repeat(CAP_BYTES));
    // The client hung up: the server got to hand over the cap plus what socket buffers hold, a
    // small part of the body (memory does not grow with the body's size).
    await poll(() => huge.closedEarly, { label: 'the client to hang up' });
    expect(huge.written).toBeLessThan(HUGE_BYTES / 8);
  });

  test.each(['/hang-head', '/hang-body'])('a server that hangs (%s) is aborted at the time cap', async (path) => {
    const job = await run(open, { url: `http://127.0.0.1:${targetPort}${path}` });
    expect(job).toMatchObject({ status: 'FAILED', error: { code: 'HTTP_TIMEOUT', retryable: true } });
    expect(job.error!.message).toBe(
      `GET http://127.0.0.1:${targetPort}${path} did not finish within ${TIME_CAP_MS} ms (JOBCENTER_HTTP_TIMEOUT_MS, or the task's timeoutMs if lower)`,
    );
  });
});
