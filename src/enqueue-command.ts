/**
 * `jobcenter enqueue`: sends jobs to a running server through the API, as any client would, in
 * `enqueueJobs` calls of up to 1,000. The jobs are EnqueueJobInput objects, as a JSON array or one
 * per line (NDJSON), from a file or standard input. Each call is all or nothing; a call that fails
 * stops the command, and the ids printed so far are the jobs stored (give idempotency keys to make a
 * re-run after a failure safe). A call the server refused with 429 (its org's requests would have
 * waited too long for their turn; nothing of it ran) is sent again after its Retry-After.
 */
import { ENQUEUE_BATCH_LIMIT } from './engine/services/job-service.js';

const ENQUEUE_JOBS = 'mutation($inputs: [EnqueueJobInput!]!) { enqueueJobs(inputs: $inputs) { id } }';

export interface EnqueueCommandOptions {
  /** The GraphQL endpoint, e.g. http://127.0.0.1:4000/graphql. */
  url: string;
  /** A token secret with jobs:write. */
  token: string;
  /** Inputs per call (at most ENQUEUE_BATCH_LIMIT). */
  batchSize?: number;
  /** Called with each call's job ids as it succeeds. */
  onBatch?: (ids: string[]) => void;
  /** Called before a refused call is sent again, with the wait in seconds. */
  onRetry?: (seconds: number) => void;
  /** Waits before a refused call is sent again (tests pass their own). */
  sleep?: (ms: number) => Promise<void>;
}

/** A call refused with 429 is sent again this many times at most. */
export const MAX_RETRIES = 5;
/** The longest wait honoured from a Retry-After, in seconds. */
const MAX_WAIT_S = 30;

export class EnqueueCommandError extends Error {}

/** A JSON array of inputs, or one JSON object per line. */
export function parseEnqueueInputs(text: string): unknown[] {
  const trimmed = text.trim();
  if (trimmed === '') return [];
  if (trimmed.startsWith('[')) {
    const parsed: unknown = JSON.parse(trimmed);
    if (!Array.isArray(parsed)) throw new EnqueueCommandError('expected a JSON array of jobs');
    return parsed;
  }
  return trimmed
    .split('\n')
    .map((line, index) => ({ line: line.trim(), index }))
    .filter(({ line }) => line !== '')
    .map(({ line, index }) => {
      try {
        return JSON.parse(line) as unknown;
      } catch (error) {
        throw new EnqueueCommandError(`line ${index + 1} is not JSON: ${(error as Error).message}`);
      }
    });
}

/** One call; a 429 is sent again after its Retry-After, up to MAX_RETRIES times (the last answer is returned). */
async function send(body: string, options: EnqueueCommandOptions): Promise<Response> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  for (let retries = 0; ; retries++) {
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
      body,
    });
    if (response.status !== 429 || retries === MAX_RETRIES) return response;
    await response.arrayBuffer().catch(() => undefined);
    const asked = Number(response.headers.get('retry-after'));
    const seconds = Math.min(Number.isFinite(asked) && asked > 0 ? asked : 1, MAX_WAIT_S);
    options.onRetry?.(seconds);
    await sleep(seconds * 1000);
  }
}

/** Sends the inputs in calls of `batchSize`; returns every job id, in input order. */
export async function enqueueOverApi(inputs: unknown[], options: EnqueueCommandOptions): Promise<string[]> {
  const size = Math.min(options.batchSize ?? ENQUEUE_BATCH_LIMIT, ENQUEUE_BATCH_LIMIT);
  const ids: string[] = [];
  for (let start = 0; start < inputs.length; start += size) {
    const batch = inputs.slice(start, start + size);
    const response = await send(JSON.stringify({ query: ENQUEUE_JOBS, variables: { inputs: batch } }), options);
    const body = (await response.json().catch(() => ({}))) as {
      data?: { enqueueJobs: Array<{ id: string }> } | null;
      errors?: Array<{ message: string; extensions?: { code?: string; issues?: Array<{ path: string; message: string }> } }>;
    };
    if (body.errors?.length || !body.data) {
      const error = body.errors?.[0];
      // Issue paths count from the start of this call: shift them to the whole input.
      const issues = (error?.extensions?.issues ?? []).map((i) => `  ${i.path.replace(/^inputs\.(\d+)/, (_, n) => `job ${start + Number(n)}`)}: ${i.message}`);
      throw new EnqueueCommandError(
        [`jobs ${start} to ${start + batch.length - 1} were not stored: ${error?.extensions?.code ?? `HTTP ${response.status}`} ${error?.message ?? ''}`.trim(), ...issues].join('\n'),
      );
    }
    const batchIds = body.data.enqueueJobs.map((j) => j.id);
    ids.push(...batchIds);
    options.onBatch?.(batchIds);
  }
  return ids;
}
