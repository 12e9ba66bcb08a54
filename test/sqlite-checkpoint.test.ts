/**
 * WAL checkpoints run in a worker thread, not inside commits: with SQLite's own checkpoints off, the
 * pages written reach the database file while writes go on, and the WAL starts over once they have.
 */
import fs from 'node:fs';
import { expect, test } from 'vitest';
import { openSqliteStore } from '../src/engine/store/sqlite/index.js';
import { CHECKPOINT_WAL_BYTES } from '../src/engine/store/sqlite/checkpointer.js';
import { until } from './helpers/events.js';
import { useTempDirs } from './helpers/tmp.js';

const tmp = useTempDirs('jobcenter-checkpoint-');

test('a growing WAL is checkpointed into the database file by the background thread, and then starts over', async () => {
  const file = tmp.file();
  const store = openSqliteStore({ file });
  try {
    const batch = (k: number) =>
      Array.from({ length: 500 }, (_, i) => ({ id: `j${k}-${i}`, orgId: 'org', type: 't', priority: 0, payload: { pad: 'x'.repeat(400) }, maxAttempts: 1, runAt: 1, createdAt: 1 }));
    let k = 0;
    // Write past the threshold, letting the thread run between batches.
    const walSize = () => (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
    while (walSize() < CHECKPOINT_WAL_BYTES * 1.5 && fs.statSync(file).size < CHECKPOINT_WAL_BYTES / 4) {
      await store.jobs.insert(batch(k++));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await until(() => fs.statSync(file).size > CHECKPOINT_WAL_BYTES / 4, { timeoutMs: 30_000, label: 'pages to reach the database file' });
    // Once every frame is in the database file, the next writes start the WAL over instead of growing it.
    let last = -1;
    await until(
      () => {
        const size = fs.statSync(file).size;
        const settled = size === last;
        last = size;
        return settled;
      },
      { timeoutMs: 30_000, intervalMs: 500, label: 'the checkpoint to catch up' },
    );
    const walBefore = walSize();
    for (let n = 0; n < 5; n++) await store.jobs.insert(batch(k++).slice(0, 10));
    expect(walSize()).toBeLessThanOrEqual(walBefore);
    expect(await store.jobs.count('org', {})).toBe((k - 5) * 500 + 50);
  } finally {
    await store.close();
  }
}, 120_000);

test('writes that never pause do not grow the WAL without bound: past the restart size the store starts it over', async () => {
  const file = tmp.file();
  const restartBytes = 4 * 1024 * 1024;
  const store = openSqliteStore({ file, walRestartBytes: restartBytes });
  try {
    const batch = (k: number) =>
      Array.from({ length: 500 }, (_, i) => ({ id: `w${k}-${i}`, orgId: 'org', type: 't', priority: 0, payload: { pad: 'y'.repeat(400) }, maxAttempts: 1, runAt: 1, createdAt: 1 }));
    const walSize = () => (fs.existsSync(`${file}-wal`) ? fs.statSync(`${file}-wal`).size : 0);
    let k = 0;
    let largest = 0;
    let last = 0;
    let startedOver = 0;
    // Back-to-back batches with only a loop turn between them (the thread's PASSIVE passes never
    // catch up with such a writer on their own), until the WAL has started over three times or 100
    // times the restart size has been written (how much is written before the thread's first pass
    // depends on how busy the machine is).
    while (startedOver < 3 && (fs.statSync(file).size + walSize() < restartBytes * 100 || fs.statSync(file).size < restartBytes * 2)) {
      await store.jobs.insert(batch(k++));
      await new Promise((resolve) => setImmediate(resolve));
      const size = walSize();
      largest = Math.max(largest, size);
      // A WAL that starts over past the size limit is cut back to it: the file shrinks.
      if (size < last) startedOver++;
      last = size;
      if (k > 20_000) throw new Error('the database file never grew');
    }
    // Without the restart the WAL only grows (it holds 15 times the restart size or more by the end);
    // with it, it starts over again and again, each time cut back to the restart size. How far it
    // grows between two starts depends on how busy the machine is, so only the starts are counted.
    expect(startedOver, `the WAL grew to ${largest} bytes`).toBeGreaterThanOrEqual(3);
    expect(await store.jobs.count('org', {})).toBe(k * 500);
  } finally {
    await store.close();
  }
}, 120_000);
