/**
 * Requests start in arrival order, a few per event-loop turn: a turn that ran long starts fewer in
 * the next, turns that fit start more. The clock is the test's own, moved by the requests' work.
 */
import { expect, test } from 'vitest';
import { RequestTurns } from '../../src/server/request-turns.js';

/** Runs `count` requests that each cost `costMs`; returns their start order and how many each turn started. */
async function drive(count: number, costMs: number): Promise<{ order: number[]; perTurn: number[] }> {
  let clock = 1_000;
  const turns = new RequestTurns({ targetTurnMs: 5, now: () => clock });
  const order: number[] = [];
  const perTurn: number[] = [];
  let inTurn = false;
  let finished!: () => void;
  const done = new Promise<void>((resolve) => (finished = resolve));
  for (let i = 0; i < count; i++) {
    turns.run(() => {
      // Starts of one turn run back to back; the turn ends before any microtask runs.
      if (!inTurn) {
        inTurn = true;
        perTurn.push(0);
        queueMicrotask(() => (inTurn = false));
      }
      perTurn[perTurn.length - 1]!++;
      clock += costMs;
      order.push(i);
      if (order.length === count) finished();
    });
  }
  await done;
  return { order, perTurn };
}

test('every queued request starts, first come first served', async () => {
  const { order } = await drive(300, 1);
  expect(order).toEqual(Array.from({ length: 300 }, (_, i) => i));
});

test('a turn that ran past its target starts fewer requests next turn, down to one', async () => {
  const { perTurn } = await drive(60, 4);
  // 8 x 4 ms = 32 ms ran long, then 4, 2, 1; from then on one or two fit near 5 ms.
  expect(perTurn.slice(0, 4)).toEqual([8, 4, 2, 1]);
  expect(Math.max(...perTurn.slice(4))).toBeLessThanOrEqual(2);
  expect(perTurn.reduce((a, b) => a + b, 0)).toBe(60);
});

test('cheap requests: each turn that fits starts one more, while more wait', async () => {
  const { perTurn } = await drive(100, 0);
  expect(perTurn.slice(0, 5)).toEqual([8, 9, 10, 11, 12]);
});

test('an idle queue starts a new request in the same turn it arrived, and is reusable after', async () => {
  const turns = new RequestTurns();
  const seen: string[] = [];
  await new Promise<void>((resolve) => turns.run(() => (seen.push('a'), resolve())));
  expect(turns.waiting).toBe(0);
  await new Promise<void>((resolve) => turns.run(() => (seen.push('b'), resolve())));
  expect(seen).toEqual(['a', 'b']);
});
