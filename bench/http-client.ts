/**
 * The HTTP load generator for the GraphQL scenarios, run in a worker thread so that the client's own
 * CPU (request building, response parsing) is not charged to the server's event loop. It only uses
 * global fetch (undici, keep-alive) and the `enqueueJob` mutation; it imports nothing from src/.
 *
 * Messages in:  { id, cmd: 'enqueue', url, token, type, from, count, clients }
 *               { id, cmd: 'enqueueJobs', url, token, type, from, count, batch, clients }  (enqueueJobs calls of `batch`)
 *               { id, cmd: 'latency', url, token, type, from, count }
 *               { cmd: 'finished', i }   (the main thread saw job i SUCCEEDED)
 * Messages out: { id, startMs, endMs } | { id, t0: number[] } | { id, error }
 * Times are process-wide monotonic ms (process.hrtime), comparable with the main thread's.
 */
import { parentPort } from 'node:worker_threads';

export type ClientRequest =
  | { id: number; cmd: 'enqueue'; url: string; token: string; type: string; from: number; count: number; clients: number }
  | { id: number; cmd: 'enqueueJobs'; url: string; token: string; type: string; from: number; count: number; batch: number; clients: number }
  | { id: number; cmd: 'latency'; url: string; token: string; type: string; from: number; count: number }
  | { cmd: 'finished'; i: number };

export type ClientReply =
  | { id: number; startMs: number; endMs: number }
  | { id: number; t0: number[] }
  | { id: number; error: string };

const MUTATION = 'mutation Enqueue($input: EnqueueJobInput!) { enqueueJob(input: $input) { id } }';
const clock = (): number => Number(process.hrtime.bigint()) / 1e6;

async function enqueueOne(url: string, token: string, type: string, i: number): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: MUTATION, variables: { input: { type, payload: { i } } } }),
  });
  const body = (await response.json()) as { data?: unknown; errors?: Array<{ message: string }> };
  if (response.status !== 200 || body.errors?.length) {
    throw new Error(`enqueueJob failed (HTTP ${response.status}): ${body.errors?.map((e) => e.message).join('; ')}`);
  }
}

const BATCH_MUTATION = 'mutation EnqueueMany($inputs: [EnqueueJobInput!]!) { enqueueJobs(inputs: $inputs) { id } }';

async function enqueueBatch(url: string, token: string, type: string, from: number, size: number): Promise<void> {
  const inputs = Array.from({ length: size }, (_, k) => ({ type, payload: { i: from + k } }));
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: BATCH_MUTATION, variables: { inputs } }),
  });
  const body = (await response.json()) as { data?: { enqueueJobs?: unknown[] }; errors?: Array<{ message: string }> };
  if (response.status !== 200 || body.errors?.length || body.data?.enqueueJobs?.length !== size) {
    throw new Error(`enqueueJobs failed (HTTP ${response.status}): ${body.errors?.map((e) => e.message).join('; ')}`);
  }
}

const finished = new Map<number, () => void>();
const finishedEarly = new Set<number>();

function waitFinished(i: number): Promise<void> {
  if (finishedEarly.delete(i)) return Promise.resolve();
  return new Promise((resolve) => finished.set(i, resolve));
}

async function handle(message: Exclude<ClientRequest, { cmd: 'finished' }>): Promise<ClientReply> {
  const { id, url, token, type, from, count } = message;
  if (message.cmd === 'enqueue') {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const k = next++;
        await enqueueOne(url, token, type, from + k);
      }
    };
    const startMs = clock();
    await Promise.all(Array.from({ length: Math.max(1, message.clients) }, worker));
    return { id, startMs, endMs: clock() };
  }
  if (message.cmd === 'enqueueJobs') {
    let next = 0;
    const worker = async () => {
      while (next < count) {
        const k = next;
        const size = Math.min(message.batch, count - k);
        next += size;
        await enqueueBatch(url, token, type, from + k, size);
      }
    };
    const startMs = clock();
    await Promise.all(Array.from({ length: Math.max(1, message.clients) }, worker));
    return { id, startMs, endMs: clock() };
  }
  const t0: number[] = [];
  for (let k = 0; k < count; k++) {
    const i = from + k;
    const done = waitFinished(i);
    t0.push(clock());
    await enqueueOne(url, token, type, i);
    await done;
  }
  return { id, t0 };
}

parentPort!.on('message', (message: ClientRequest) => {
  if (message.cmd === 'finished') {
    const resolve = finished.get(message.i);
    if (resolve) {
      finished.delete(message.i);
      resolve();
    } else finishedEarly.add(message.i);
    return;
  }
  handle(message).then(
    (reply) => parentPort!.postMessage(reply),
    (error: unknown) => parentPort!.postMessage({ id: message.id, error: error instanceof Error ? error.message : String(error) }),
  );
});
