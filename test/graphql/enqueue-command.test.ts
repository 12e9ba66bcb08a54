/**
 * `jobcenter enqueue`'s work against a real server: inputs as NDJSON or a JSON array, sent in
 * enqueueJobs calls of at most 1,000, ids back in input order; an invalid job stops the command with
 * its position in the whole input, and the calls before it stay stored.
 */
import { expect, test } from 'vitest';
import { EnqueueCommandError, enqueueOverApi, parseEnqueueInputs } from '../../src/enqueue-command.js';
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
