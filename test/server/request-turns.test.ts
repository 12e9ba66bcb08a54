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

/** The next check phase of the event loop (a turn of RequestTurns runs in one). */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));

test('a turn after a new connection was accepted starts nothing, so the next accept comes first', async () => {
  const turns = new RequestTurns();
  const started: string[] = [];
  turns.accepted();
  turns.run(() => started.push('a'));
  await new Promise<void>((resolve) => setImmediate(resolve));
  expect(started).toEqual([]);
  // No connection since: the next turn starts the request.
  await nextTurn();
  expect(started).toEqual(['a']);
});

test('turns yield to accepts for at most acceptFirstMs, then run as long before they yield again', async () => {
  let clock = 1_000;
  const turns = new RequestTurns({ targetTurnMs: 5, acceptFirstMs: 20, now: () => clock });
  // A connection accepted before every turn, 5 ms apart: a flood of new connections.
  let flooding = true;
  const flood = () => {
    if (!flooding) return;
    turns.accepted();
    clock += 5;
    setImmediate(flood);
  };
  const startedAt: number[] = [];
  const request = () => {
    startedAt.push(clock);
    if (startedAt.length < 12) turns.run(request);
  };
  turns.run(request);
  flood();
  while (startedAt.length < 12) await nextTurn();
  flooding = false;
  // The first request waited out one spell of 20 ms; from then on requests start in every turn of
  // the 20 ms that follow a spell, so they are never held back for more than one spell at a time.
  expect(startedAt[0]! - 1_000).toBeLessThanOrEqual(25);
  expect(startedAt[0]! - 1_000).toBeGreaterThanOrEqual(20);
  const gaps = startedAt.slice(1).map((at, i) => at - startedAt[i]!);
  expect(Math.max(...gaps)).toBeLessThanOrEqual(25);
  expect(gaps.filter((gap) => gap <= 5).length).toBeGreaterThan(gaps.length / 2);
});

test('a request that resumes after its body goes ahead of the requests that have not started', async () => {
  const turns = new RequestTurns({ targetTurnMs: 5, now: () => 1_000 });
  const order: string[] = [];
  let resumed!: Promise<void>;
  turns.run(() => {
    order.push('first starts');
    resumed = turns.resume().then(() => void order.push('first resumes'));
  });
  // 40 requests arrive while the first waits for its body: more than a few turns' worth.
  for (let i = 0; i < 40; i++) turns.run(() => order.push(`request ${i} starts`));
  await resumed;
  while (order.length < 42) await nextTurn();
  // The first turn starts 8; the resumed request goes on in the next (after that turn's starts, as
  // its work runs once the turn's synchronous part is done), not behind all 40.
  expect(order.indexOf('first resumes')).toBeLessThan(order.indexOf('request 20 starts'));
});

test('callers take turns: a request of one caller waits for one of each other caller, not for their queues', async () => {
  let clock = 1_000;
  const turns = new RequestTurns({ targetTurnMs: 5, now: () => clock });
  const order: string[] = [];
  const request = (name: string) => () => {
    order.push(name);
    // Each costs 10 ms: from the second turn on, one request a turn.
    clock += 10;
  };
  for (let i = 0; i < 30; i++) turns.run(request(`a${i}`), 'org:a');
  turns.run(request('b0'), 'org:b');
  turns.run(request('b1'), 'org:b');
  for (let i = 0; i < 3; i++) turns.run(request(`c${i}`), 'org:c');
  while (order.length < 35) await nextTurn();
  // In rotation while each has requests waiting, each caller's own in arrival order.
  expect(order.slice(0, 8)).toEqual(['a0', 'b0', 'c0', 'a1', 'b1', 'c1', 'a2', 'c2']);
  expect(order.slice(8)).toEqual(Array.from({ length: 27 }, (_, i) => `a${i + 3}`));
});

test('a request that would wait maxWaitMs or more behind its caller\'s queue is refused; other callers are not', () => {
  let clock = 1_000;
  const turns = new RequestTurns({ targetTurnMs: 5, maxWaitMs: 100, now: () => clock });
  const started: string[] = [];
  // 100 KB each: 25 ms at the least time a KB is reckoned to take (0.25 ms), until turns measure more.
  const admitted = Array.from({ length: 6 }, (_, i) => turns.run(() => started.push(`a${i}`), 'org:a', 100));
  expect(admitted).toEqual([true, true, true, true, false, false]);
  expect(turns.expectedWaitMs('org:a')).toBe(100);
  // Another caller's queue is empty: it waits for nothing of a's beyond one request per round.
  expect(turns.run(() => started.push('b0'), 'org:b', 100)).toBe(true);
  // Callers take turns: b's queued request goes before a's last ones, so a's wait grows by it (100 KB).
  expect(turns.expectedWaitMs('org:a')).toBe(125);
  // b's next waits for it and as much of a's (100 KB): admitted; the one after would wait for 2 x 200 KB.
  expect(turns.run(() => started.push('b1'), 'org:b', 100)).toBe(true);
  expect(turns.run(() => started.push('b2'), 'org:b', 100)).toBe(false);
  expect(turns.expectedWaitMs('org:a')).toBe(150);
  expect(turns.expectedWaitMs('org:b')).toBe(100);
  expect(turns.expectedWaitMs('org:nobody')).toBe(0);
  // Without maxWaitMs nothing is refused.
  const unbounded = new RequestTurns({ targetTurnMs: 5, now: () => clock });
  expect(Array.from({ length: 50 }, () => unbounded.run(() => undefined, 'org:a', 1_000)).every(Boolean)).toBe(true);
});

test('a stall of the process while requests wait does not get the next requests refused', async () => {
  let clock = 1_000;
  const turns = new RequestTurns({ targetTurnMs: 5, maxWaitMs: 1_000, now: () => clock });
  let started = 0;
  // Nine small requests: the first turn starts eight, and the first of them stalls the whole process
  // for 5 s (a long collection, a loaded machine) while the ninth waits.
  turns.run(() => {
    started++;
    clock += 5_000;
  }, 'org:a', 1);
  for (let i = 0; i < 8; i++) turns.run(() => started++, 'org:a', 1);
  while (started < 9) await nextTurn();
  // The stall counted for 10 ms and 10 ms per KB started at most (90 ms for 8 KB): a burst of 20
  // small requests is still reckoned at well under the bound, not at 5 s over 8 KB.
  const admitted = Array.from({ length: 20 }, () => turns.run(() => started++, 'org:a', 1));
  expect(admitted.every(Boolean)).toBe(true);
  expect(turns.expectedWaitMs('org:a')).toBeLessThan(250);
});

test('the time a KB takes is measured from the turns: slow requests make the same queue a longer wait', async () => {
  let clock = 1_000;
  const turns = new RequestTurns({ targetTurnMs: 5, maxWaitMs: 10_000, now: () => clock });
  let done = 0;
  // 10 KB requests that each take 20 ms: 2 ms a KB, eight times the least reckoned.
  for (let i = 0; i < 40; i++) turns.run(() => void ((clock += 20), done++), 'org:a', 10);
  while (done < 40) await nextTurn();
  turns.run(() => undefined, 'org:a', 10);
  turns.run(() => undefined, 'org:a', 10);
  // Two queued requests of 10 KB: near 2 x 10 x 2 ms, well above 2 x 10 x 0.25 ms.
  expect(turns.expectedWaitMs('org:a')).toBeGreaterThan(20 * 0.25 * 4);
  expect(turns.expectedWaitMs('org:a')).toBeLessThanOrEqual(2 * 10 * 2 * 1.01);
});
