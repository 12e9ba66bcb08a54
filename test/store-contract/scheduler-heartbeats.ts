/**
 * The store contract for the scheduler's heartbeats.
 */
import { describe, expect, test } from 'vitest';
import { T0, type StoreHarness } from './harness.js';

export function defineSchedulerHeartbeatsContract(harness: StoreHarness): void {
  const { store } = harness;

  describe('scheduler heartbeats', () => {
    test('newest is the latest beat of any node; a beat never moves a node back; none at first', async () => {
      expect(await store.schedulerHeartbeats.newest()).toBeUndefined();
      await store.schedulerHeartbeats.beat('node-a', T0);
      await store.schedulerHeartbeats.beat('node-b', T0 + 5);
      expect(await store.schedulerHeartbeats.newest()).toEqual({ node: 'node-b', lastBeatAt: T0 + 5 });
      await store.schedulerHeartbeats.beat('node-a', T0 + 10);
      expect(await store.schedulerHeartbeats.newest()).toEqual({ node: 'node-a', lastBeatAt: T0 + 10 });
      await store.schedulerHeartbeats.beat('node-a', T0 + 1);
      expect(await store.schedulerHeartbeats.newest()).toEqual({ node: 'node-a', lastBeatAt: T0 + 10 });
      await Promise.all(Array.from({ length: 5 }, (_, i) => store.schedulerHeartbeats.beat('node-c', T0 + 20 + i)));
      expect(await store.schedulerHeartbeats.newest()).toEqual({ node: 'node-c', lastBeatAt: T0 + 24 });
    });
  });
}
