/**
 * A subscription's outgoing queue: a client that keeps up gets every event at once; one that falls
 * behind has progress conflated (latest wins, placed after what came before it) and nothing else
 * dropped; past its limit the queue ends and says so once.
 */
import { expect, test } from 'vitest';
import { LiveQueue } from '../../src/schema/live-queue.js';

const drain = async <T>(queue: LiveQueue<T>, n: number): Promise<T[]> => {
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push((await queue.next()).value as T);
  return out;
};

test('a waiting reader gets each event as it comes', async () => {
  const queue = new LiveQueue<string>({ maxQueued: 2, onOverflow: () => undefined });
  const next = queue.next();
  queue.push('a', 'job-1');
  expect(await next).toEqual({ value: 'a', done: false });
  expect(queue.queued).toBe(0);
});

test('behind: progress of the same job is conflated and moved after what came before; other events stay', async () => {
  const queue = new LiveQueue<string>({ maxQueued: 10, onOverflow: () => undefined });
  queue.push('progress-1 25%', 'job-1');
  queue.push('status-1 RUNNING');
  queue.push('progress-2 10%', 'job-2');
  queue.push('progress-1 50%', 'job-1');
  queue.push('log-1');
  queue.push('progress-1 75%', 'job-1');
  queue.push('status-1 SUCCEEDED');
  expect(queue.conflated).toBe(2);
  expect(await drain(queue, 5)).toEqual(['status-1 RUNNING', 'progress-2 10%', 'log-1', 'progress-1 75%', 'status-1 SUCCEEDED']);
});

test('past the limit the queue ends, calls onOverflow once and holds nothing', async () => {
  let overflows = 0;
  let ends = 0;
  const queue = new LiveQueue<number>({ maxQueued: 3, onOverflow: () => overflows++, onEnd: () => ends++ });
  for (let i = 0; i < 10; i++) queue.push(i);
  expect(overflows).toBe(1);
  expect(ends).toBe(1);
  expect(queue.queued).toBe(0);
  expect(await queue.next()).toEqual({ value: undefined, done: true });
});

test('return ends a waiting reader and stops taking events', async () => {
  let ends = 0;
  const queue = new LiveQueue<number>({ maxQueued: 3, onOverflow: () => undefined, onEnd: () => ends++ });
  const waiting = queue.next();
  await queue.return();
  expect(await waiting).toEqual({ value: undefined, done: true });
  queue.push(1);
  expect(queue.queued).toBe(0);
  expect(ends).toBe(1);
});

test('direct: events go straight to the consumer; while it is busy they wait, conflated, and follow in order', async () => {
  const taken: string[] = [];
  let release: () => void = () => undefined;
  const queue = new LiveQueue<string>({ maxQueued: 10, onOverflow: () => undefined });
  queue.push('before');
  const ended = queue.direct((value) => {
    taken.push(value);
    if (value === 'slow') return new Promise<void>((resolve) => (release = resolve));
    return undefined;
  });
  expect(taken).toEqual(['before']);
  queue.push('a');
  queue.push('slow');
  queue.push('p 10%', 'job-1');
  queue.push('status');
  queue.push('p 50%', 'job-1');
  expect(taken).toEqual(['before', 'a', 'slow']);
  expect(queue.queued).toBe(2);
  release();
  await new Promise((resolve) => setImmediate(resolve));
  expect(taken).toEqual(['before', 'a', 'slow', 'status', 'p 50%']);
  queue.push('after');
  expect(taken.at(-1)).toBe('after');
  await queue.return();
  await ended;
  queue.push('gone');
  expect(taken.at(-1)).toBe('after');
});
