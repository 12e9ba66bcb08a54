/**
 * Long reads off the event loop (store/sqlite/off-thread-reads.ts), on real SQLite files: the read
 * thread answers with what the store's connection would, sees what was committed before it was
 * asked, runs the reads of different owners in turns, and a thread that cannot run leaves the reads
 * to the store's connection.
 */
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, test } from 'vitest';
import { MINUTE_MS } from '../src/engine/domain/metrics-rollup.js';
import { openSqliteStore } from '../src/engine/store/sqlite/index.js';
import { OffThreadReads, offThreadCounts } from '../src/engine/store/sqlite/off-thread-reads.js';
import { Statements } from '../src/engine/store/sqlite/statements.js';
import type { Store } from '../src/engine/store/port.js';
import { useTempDirs } from './helpers/tmp.js';
import { ORG, OTHER, T0 } from './store-contract/harness.js';
import type { NewJob } from '../src/engine/domain/types.js';
import { newId } from '../src/engine/domain/ids.js';

const tmp = useTempDirs('jobcenter-off-thread-');
const open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

let counter = 0;
function makeJob(overrides: Partial<NewJob>): NewJob {
  return { id: newId(), orgId: ORG, type: 'alpha', priority: 0, payload: { n: ++counter }, maxAttempts: 3, runAt: T0, createdAt: T0, ...overrides };
}

function store(file = tmp.file()): Store {
  const s = openSqliteStore({ file });
  open.push(s);
  return s;
}

/** Reads on the thread over a store file holding one job (an empty in-memory database inline). */
async function readsOfOneJob(): Promise<OffThreadReads> {
  const file = tmp.file();
  await store(file).jobs.insert([makeJob({ orgId: ORG, createdAt: T0 })]);
  const inline = new Database(':memory:');
  open.push(inline);
  const reads = new OffThreadReads(file, new Statements(inline));
  open.push(reads);
  return reads;
}

describe('off-thread reads', () => {
  test("the metrics window is read on the thread, and sees each org's queue as committed", async () => {
    const s = store();
    await s.jobs.insert([makeJob({ orgId: ORG, createdAt: T0 }), makeJob({ orgId: ORG, createdAt: T0 + 1 }), makeJob({ orgId: OTHER, createdAt: T0 })]);
    const before = offThreadCounts.reads;
    const first = await s.metricsRollups!.window(ORG, T0 - MINUTE_MS, T0 + MINUTE_MS);
    expect(offThreadCounts.reads).toBe(before + 1);
    expect(first.rolled.open.reduce((n, g) => n + g.n, 0)).toBe(2);

    // Committed on the store's connection, then read on the thread's.
    await s.jobs.insert([makeJob({ orgId: ORG, createdAt: T0 + 2 })]);
    const second = await s.metricsRollups!.window(ORG, T0 - MINUTE_MS, T0 + MINUTE_MS);
    expect(second.rolled.open.reduce((n, g) => n + g.n, 0)).toBe(3);
    expect(offThreadCounts.reads).toBe(before + 2);
  });

  test('the same answer as an in-memory store, which reads on its own connection', async () => {
    const file = store();
    const memory = openSqliteStore({ file: ':memory:' });
    open.push(memory);
    const jobs = [0, 1, 2, 70_000, 130_000].map((dt, i) => makeJob({ orgId: ORG, createdAt: T0 + dt, type: i % 2 ? 'a' : 'b' }));
    await file.jobs.insert(jobs);
    await memory.jobs.insert(jobs);
    const before = offThreadCounts.reads;
    const [a, b] = [await file.metricsRollups!.window(ORG, T0, T0 + 5 * MINUTE_MS), await memory.metricsRollups!.window(ORG, T0, T0 + 5 * MINUTE_MS)];
    expect(offThreadCounts.reads).toBe(before + 1);
    expect(a).toEqual(b);
    expect(a.rolled.open.length).toBeGreaterThan(1);
  });

  test('reads on the given connection when the thread cannot open the file', async () => {
    const file = tmp.file();
    const db = new Database(file);
    open.push(db);
    db.exec('CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3)');
    const reads = new OffThreadReads(path.join(path.dirname(file), 'missing', 'nothing.db'), new Statements(db));
    open.push(reads);
    const before = offThreadCounts.reads;
    const [rows, one] = await reads.run([
      { sql: 'SELECT n FROM t WHERE n >= ? ORDER BY n', params: [2] },
      { sql: 'SELECT COUNT(*) AS c FROM t WHERE n < @below', params: { below: 3 }, get: true },
    ]);
    expect(rows).toEqual([{ n: 2 }, { n: 3 }]);
    expect(one).toEqual({ c: 2 });
    expect(offThreadCounts.reads).toBe(before);
    // Once failed, it reads on the connection at once.
    expect(await reads.run([{ sql: 'SELECT MAX(n) AS m FROM t', params: [], get: true }])).toEqual([{ m: 3 }]);
  });

  test('a statement the thread cannot run is an error for that read only', async () => {
    const reads = await readsOfOneJob();
    await expect(reads.run([{ sql: 'SELECT nope FROM absent', params: [] }])).rejects.toThrow(/no such table: absent/);
    const before = offThreadCounts.reads;
    expect(await reads.run([{ sql: 'SELECT COUNT(*) AS n FROM jobs', params: [], get: true }])).toEqual([{ n: 1 }]);
    expect(offThreadCounts.reads).toBe(before + 1);
  });

  test("owners take turns: another org's read goes before the rest of one org's", async () => {
    const reads = await readsOfOneJob();
    const order: string[] = [];
    const read = (owner: string, tag: string) =>
      reads.run([{ sql: 'SELECT COUNT(*) AS n FROM jobs', params: [], get: true }], owner).then((rows) => {
        expect(rows).toEqual([{ n: 1 }]);
        order.push(tag);
      });
    await Promise.all([read('a', 'a1'), read('a', 'a2'), read('a', 'a3'), read('b', 'b1'), read('a', 'a4'), read('c', 'c1'), read('b', 'b2')]);
    expect(order).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3', 'a4']);
  });
});
