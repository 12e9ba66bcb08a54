/**
 * The store contract for workers: upsert, list the live ones, remove.
 */
import { describe, expect, test } from 'vitest';
import type { WorkerInfo } from '../../src/engine/domain/types.js';
import { T0, type StoreHarness } from './harness.js';

export function defineWorkersContract(harness: StoreHarness): void {
  const { store } = harness;

  describe('workers', () => {
    const worker = (id: string, lastHeartbeatAt: number, running = 0): WorkerInfo => ({
      id,
      host: 'host-1',
      pid: 1234,
      startedAt: T0 - 100_000,
      lastHeartbeatAt,
      running,
      concurrency: 8,
    });

    test('upsert, list alive since, remove', async () => {
      await store.workers.upsert(worker('w1', T0));
      await store.workers.upsert(worker('w2', T0 - 60_000));
      expect((await store.workers.list(T0 - 30_000)).map((w) => w.id)).toEqual(['w1']);
      expect(await store.workers.list(T0 - 30_000)).toEqual([worker('w1', T0)]);

      await store.workers.upsert(worker('w2', T0 + 5, 3));
      const alive = await store.workers.list(T0 - 30_000);
      expect(alive.map((w) => w.id).sort()).toEqual(['w1', 'w2']);
      expect(alive.find((w) => w.id === 'w2')).toEqual(worker('w2', T0 + 5, 3));

      await store.workers.remove('w1');
      await store.workers.remove('never-there');
      expect((await store.workers.list(0)).map((w) => w.id)).toEqual(['w2']);
    });
  });
}
