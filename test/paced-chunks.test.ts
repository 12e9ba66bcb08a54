/**
 * Background chunks sized by the time they hold the loop (src/engine/runtime/paced-chunks.ts): the
 * sizing rule with given durations, and the drain loop over a real list of items.
 */
import net from 'node:net';
import { describe, expect, test } from 'vitest';
import { BUSY_TURN_MS, ChunkPacer, drainPaced, pauseAfter } from '../src/engine/runtime/paced-chunks.js';
import { RequestTurns } from '../src/server/request-turns.js';

/** Holds the loop for `ms`. */
function busy(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

/** Drains `chunks` chunks that each hold the loop for `holdMs` (the pacer's target); returns how many ran. */
async function drainChunks(holdMs: number, chunks: number): Promise<number> {
  let steps = 0;
  await drainPaced(new ChunkPacer({ targetMs: holdMs, initial: 10, min: 10, max: 10 }), async () => {
    busy(holdMs);
    steps++;
    return { count: 10, done: steps === chunks };
  });
  return steps;
}

describe('ChunkPacer', () => {
  test('a chunk that took too long makes the next one smaller in proportion, never under min', () => {
    const pacer = new ChunkPacer({ targetMs: 4, initial: 1_000, min: 10, max: 1_000 });
    pacer.took(40, 1_000, 1_000);
    expect(pacer.size).toBe(100);
    pacer.took(1_000, 100, 100);
    expect(pacer.size).toBe(10);
    // A slow chunk that did fewer items than it asked for: sized by what it did.
    const other = new ChunkPacer({ targetMs: 4, initial: 1_000, min: 10, max: 1_000 });
    other.took(20, 1_000, 200);
    expect(other.size).toBe(40);
  });

  test('a chunk that took under half the target makes the next one twice as large, never over max', () => {
    const pacer = new ChunkPacer({ targetMs: 4, initial: 100, min: 10, max: 300 });
    pacer.took(1, 100, 100);
    expect(pacer.size).toBe(200);
    pacer.took(0.5, 200, 200);
    expect(pacer.size).toBe(300);
    // Between half the target and the target: kept.
    pacer.took(3, 300, 300);
    expect(pacer.size).toBe(300);
  });

  test('a quick chunk that ran out of work does not grow the next one', () => {
    const pacer = new ChunkPacer({ targetMs: 4, initial: 100, min: 10, max: 1_000 });
    for (let i = 0; i < 5; i++) pacer.took(0.1, pacer.size, 3);
    expect(pacer.size).toBe(100);
  });

  test('the first size is clamped to the bounds', () => {
    expect(new ChunkPacer({ initial: 5_000, min: 10, max: 1_000 }).size).toBe(1_000);
    expect(new ChunkPacer({ initial: 1, min: 10, max: 1_000 }).size).toBe(10);
  });
});

describe('pauseAfter', () => {
  test('no pause after a quiet turn; after a busy one, twice what the chunk held, at most 250 ms', () => {
    expect(pauseAfter(4, 0.05)).toBe(0);
    expect(pauseAfter(4, BUSY_TURN_MS / 2)).toBe(0);
    expect(pauseAfter(4, BUSY_TURN_MS)).toBe(8);
    expect(pauseAfter(3, 50)).toBe(6);
    // A long chunk (a search index merge) still waits twice its hold.
    expect(pauseAfter(60, 50)).toBe(120);
    expect(pauseAfter(200, 50)).toBe(250);
  });
});

describe('drainPaced', () => {
  test('gives way to a busy loop: the other work gets several turns for each chunk', async () => {
    // Foreground work: 3 ms per turn, turn after turn, until the drain ends.
    let turns = 0;
    let draining = true;
    const foreground = () => {
      if (!draining) return;
      turns++;
      busy(3);
      setImmediate(foreground);
    };
    setImmediate(foreground);
    const steps = await drainChunks(2, 20);
    draining = false;
    // Each yield meets a busy turn, so each following chunk waits about 4 ms, a turn or more of the
    // foreground's on top of the one the yield gave it (without the pause it would be one per chunk).
    expect(turns).toBeGreaterThanOrEqual(2 * (steps - 1));
  });

  test("gives way to the server's request turns: requests read from sockets after a chunk yielded count as a busy loop", async () => {
    // Clients on loopback that send their next request as soon as the last is answered; the server
    // queues each request in its turns when the socket is read, so the request's turn is queued after
    // the immediate the drain yielded with.
    const turns = new RequestTurns();
    let served = 0;
    let draining = true;
    const server = net.createServer((socket) => {
      // The clients go at the end, maybe with a reply on its way: that is no error here.
      socket.on('error', () => undefined);
      socket.on('data', () =>
        turns.run(() => {
          if (!draining) return;
          busy(1);
          served++;
          socket.write('.');
        }),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const clients = await Promise.all(
      Array.from({ length: 8 }, () => new Promise<net.Socket>((resolve) => {
        const client = net.connect(port, '127.0.0.1', () => resolve(client));
        client.on('error', () => undefined);
        client.on('data', () => draining && client.write('.'));
      })),
    );
    for (const client of clients) client.write('.');
    const steps = await drainChunks(3, 40);
    draining = false;
    for (const client of clients) client.destroy();
    await new Promise((resolve) => server.close(resolve));
    // Each chunk of 3 ms waits twice its hold once the loop is busy, so 1 ms requests get 6 or more
    // turns' worth per chunk (about 11 here); measured as quiet, the chunks ran back to back with one
    // request turn between them (about 5 per chunk).
    expect(served).toBeGreaterThan(8 * steps);
  });

  test('takes every item in chunks no larger than the pacer allows, yielding the loop between them', async () => {
    const items = Array.from({ length: 2_345 }, (_, i) => i);
    const taken: number[] = [];
    const sizes: number[] = [];
    let turns = 0;
    let draining = true;
    const tick = () => {
      if (!draining) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const total = await drainPaced(new ChunkPacer({ initial: 100, min: 10, max: 500 }), async (max) => {
      const chunk = items.splice(0, max);
      sizes.push(chunk.length);
      taken.push(...chunk);
      return { count: chunk.length, done: chunk.length < max };
    });
    draining = false;
    expect(total).toBe(2_345);
    expect(taken).toEqual(Array.from({ length: 2_345 }, (_, i) => i));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(500);
    expect(turns).toBeGreaterThanOrEqual(sizes.length - 1);
  });

  test('stops after the chunk during which it was told to stop', async () => {
    let steps = 0;
    const total = await drainPaced(
      new ChunkPacer({ initial: 10, min: 10, max: 10 }),
      async () => {
        steps++;
        return { count: 10, done: false };
      },
      () => steps >= 3,
    );
    expect([steps, total]).toEqual([3, 30]);
  });
});
