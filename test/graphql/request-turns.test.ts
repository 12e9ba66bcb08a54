/**
 * Over real HTTP, on one server: an org keeping many requests queued does not hold another org's
 * request behind them (callers take turns, server/request-turns.ts), and a request that would wait
 * JOBCENTER_MAX_QUEUE_WAIT_MS or more for its turn is refused with 429, Retry-After and RATE_LIMITED,
 * having written nothing.
 */
import net from 'node:net';
import { expect, test } from 'vitest';
import { useTestApp } from './helpers.js';

const RELAXED = { JOBCENTER_TOKEN_ENQUEUE_RATE: '0', JOBCENTER_ORG_MAX_QUEUED_JOBS: '1000000' };
const api = useTestApp({ env: { ...RELAXED, JOBCENTER_MAX_QUEUE_WAIT_MS: '0' } });
const strict = useTestApp({ env: { ...RELAXED, JOBCENTER_MAX_QUEUE_WAIT_MS: '1' } });

/** Never due while the tests run, so the executor leaves them alone. */
const QUEUED = { type: 'sleep', payload: { ms: 0 }, delayMs: 2_000_000_000 };
const ENQUEUE_MANY = 'mutation($inputs: [EnqueueJobInput!]!) { enqueueJobs(inputs: $inputs) { id } }';
const ENQUEUE = 'mutation($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }';
const batch = (n: number) => JSON.stringify({ query: ENQUEUE_MANY, variables: { inputs: Array.from({ length: n }, () => QUEUED) } });

test("another org's request is answered among the first, not behind an org's queue of batches", async () => {
  const a = await api().token('turns-a', ['jobs:write']);
  const b = await api().token('turns-b', ['jobs:write']);
  // Each token answered once, so the server knows whose its requests are before reading them.
  for (const token of [a, b]) expect((await api().gql(ENQUEUE, { input: QUEUED }, token)).errors).toBeUndefined();

  const answered: string[] = [];
  const send = (token: string, body: string, name: string) =>
    fetch(api().url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body }).then(async (res) => {
      const answer = (await res.json()) as { errors?: unknown };
      answered.push(name);
      return { status: res.status, errors: answer.errors };
    });
  // 30 connections open first (kept alive), so the batches all arrive together.
  await Promise.all(Array.from({ length: 30 }, () => send(a, JSON.stringify({ query: '{ __typename }' }), 'warm')));
  answered.length = 0;
  // 30 batches of 1,000 jobs, each tens of ms of work, then one small request of org b.
  const body = batch(1_000);
  const flood = Array.from({ length: 30 }, () => send(a, body, 'a'));
  await new Promise((resolve) => setTimeout(resolve, 30));
  const single = send(b, JSON.stringify({ query: ENQUEUE, variables: { input: QUEUED } }), 'b');
  const answers = await Promise.all([...flood, single]);
  expect(answers.every((answer) => answer.status === 200 && answer.errors === undefined)).toBe(true);
  // First come, first served answers b after every batch queued before it: last or nearly.
  expect(answered.indexOf('b')).toBeLessThan(15);
  expect(await api().app.store.jobs.count('turns-a', {})).toBe(30_001);
});

/** One raw HTTP/1.1 exchange: status, headers (lower-case names) and body, the connection closed after. */
interface Exchange {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Connects one socket per request first, then writes every request in one go, so the server reads
 * them in one poll, before any has had its turn; resolves with each exchange (the server closes
 * each connection after its answer: the requests say `connection: close`).
 */
async function sendTogether(port: number, requests: string[]): Promise<Exchange[]> {
  const sockets = await Promise.all(
    requests.map(
      () =>
        new Promise<net.Socket>((resolve, reject) => {
          const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
          socket.once('error', reject);
        }),
    ),
  );
  const exchanges = sockets.map(
    (socket) =>
      new Promise<Exchange>((resolve, reject) => {
        const chunks: Buffer[] = [];
        socket.on('data', (chunk) => chunks.push(chunk));
        socket.once('error', reject);
        socket.once('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const [head = '', ...rest] = text.split('\r\n\r\n');
          const [statusLine = '', ...lines] = head.split('\r\n');
          const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
          const raw = rest.join('\r\n\r\n');
          resolve({ status: Number(statusLine.split(' ')[1]), headers, body: headers['transfer-encoding'] === 'chunked' ? unchunk(raw) : raw });
        });
      }),
  );
  sockets.forEach((socket, i) => socket.write(requests[i]!));
  return Promise.all(exchanges);
}

/** The body of a chunked HTTP/1.1 message (RFC 9112 7.1), ASCII sizes and UTF-8 data. */
function unchunk(raw: string): string {
  let body = '';
  let at = 0;
  for (;;) {
    const eol = raw.indexOf('\r\n', at);
    const size = parseInt(raw.slice(at, eol), 16);
    if (!(size > 0)) return body;
    body += raw.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

test('a request that would wait too long for its turn is refused with 429 and Retry-After, and writes nothing', async () => {
  const token = await strict().token('turns-refused', ['jobs:write']);
  expect((await strict().gql(ENQUEUE, { input: QUEUED }, token)).errors).toBeUndefined();
  const { port } = new URL(strict().url);
  const body = batch(200);
  const request =
    `POST /graphql HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\nauthorization: Bearer ${token}\r\n` +
    `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`;
  const answers = await sendTogether(Number(port), Array.from({ length: 12 }, () => request));
  const refused = answers.filter((answer) => answer.status === 429);
  const accepted = answers.filter((answer) => answer.status === 200);
  expect(accepted.length + refused.length).toBe(answers.length);
  expect(accepted.length).toBeGreaterThanOrEqual(1);
  expect(refused.length).toBeGreaterThanOrEqual(1);
  for (const answer of refused) {
    expect(Number(answer.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    const error = (JSON.parse(answer.body) as { errors: Array<{ message: string; extensions: Record<string, unknown> }> }).errors[0]!;
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', setting: 'JOBCENTER_MAX_QUEUE_WAIT_MS', limit: 1 });
    expect(error.extensions.retryAfterMs).toBe(Number(answer.headers['retry-after']) * 1000);
    expect(error.message).toMatch(/would wait .* for its turn/);
  }
  // The refused wrote nothing: the store holds the first job and the accepted batches only.
  expect(await strict().app.store.jobs.count('turns-refused', {})).toBe(1 + 200 * accepted.length);
  // Another org's request meanwhile is not refused: its own queue is empty.
  const other = await strict().token('turns-other', ['jobs:write']);
  expect((await strict().gql(ENQUEUE, { input: QUEUED }, other)).errors).toBeUndefined();
});

test('a request without a body (a page, an asset) waits its turn but is never refused', async () => {
  const { port } = new URL(strict().url);
  const answers = await sendTogether(Number(port), Array.from({ length: 12 }, () => 'GET / HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n'));
  expect(answers.map((answer) => answer.status)).toEqual(Array.from({ length: 12 }, () => 200));
});
