/**
 * The store contract for cost over time: micro-dollars summed per bucket (by queuedAt, from the
 * window's start) by provider:model and, for jobs' calls, by task type; unpriced calls counted, not
 * summed; the window's bounds (since inclusive, until exclusive); the org only. The series agree
 * with the usage summary over the same window.
 */
import { describe, expect, test } from 'vitest';
import { costSeries, totalPoints } from '../../src/engine/domain/cost-series.js';
import { summariseUsage } from '../../src/engine/domain/llm-usage.js';
import type { ModelPrice } from '../../src/engine/domain/prices.js';
import { ORG, OTHER, T0, makeCall, type StoreHarness } from './harness.js';

const MIN = 60_000;
const PRICE = (key: string): ModelPrice => ({ key, inputPerMTok: 1, outputPerMTok: 2, effectiveFrom: 0 });

export function defineCostSeriesContract(harness: StoreHarness): void {
  const { store } = harness;

  describe('cost series', () => {
    async function seed() {
      const priced = (model: string, at: number, costMicros: number, job?: { id: string; type: string }) =>
        makeCall({
          model,
          queuedAt: at,
          status: 'SUCCEEDED',
          price: PRICE(`openai:${model}`),
          costMicros,
          ...(job && { parentJobId: job.id, source: job.type }),
        });
      const calls = [
        priced('gpt-a', T0, 1_000, { id: 'job-1', type: 'summarize' }), // bucket 0
        priced('gpt-a', T0 + MIN - 1, 250, { id: 'job-1', type: 'summarize' }), // bucket 0, its last ms
        priced('gpt-b', T0 + MIN, 3, { id: 'job-2', type: 'translate' }), // bucket 1
        priced('gpt-b', T0 + 2 * MIN + 5, 40), // bucket 2, a console call: no task type
        makeCall({ model: 'mystery', queuedAt: T0 + 2 * MIN, parentJobId: 'job-3', source: 'summarize' }), // unpriced
        makeCall({ model: 'gpt-a', queuedAt: T0 + MIN + 1, price: PRICE('openai:gpt-a'), parentJobId: 'job-4', source: 'summarize' }), // in flight: no cost yet
        priced('gpt-a', T0 - 1, 7_000, { id: 'job-0', type: 'summarize' }), // before the window
        priced('gpt-a', T0 + 3 * MIN, 9_000, { id: 'job-5', type: 'summarize' }), // at until: outside
        { ...priced('gpt-a', T0, 50_000, { id: 'job-x', type: 'summarize' }), orgId: OTHER },
      ];
      for (const call of calls) await store.llmCalls.insert(call);
    }

    test('sums micro-dollars per bucket by model and by task type, in the window and the org only', async () => {
      await seed();
      const facts = await store.llmCalls.costSeries(ORG, T0, T0 + 3 * MIN, MIN);
      const sort = <T extends { bucket: number; key: string }>(rows: T[]) => [...rows].sort((a, b) => a.bucket - b.bucket || a.key.localeCompare(b.key));
      expect(sort(facts.byModel)).toEqual([
        { bucket: 0, key: 'openai:gpt-a', costMicros: 1_250, unpricedCalls: 0 },
        { bucket: 1, key: 'openai:gpt-a', costMicros: 0, unpricedCalls: 0 },
        { bucket: 1, key: 'openai:gpt-b', costMicros: 3, unpricedCalls: 0 },
        { bucket: 2, key: 'openai:gpt-b', costMicros: 40, unpricedCalls: 0 },
        { bucket: 2, key: 'openai:mystery', costMicros: 0, unpricedCalls: 1 },
      ]);
      expect(sort(facts.byTaskType)).toEqual([
        { bucket: 0, key: 'summarize', costMicros: 1_250, unpricedCalls: 0 },
        { bucket: 1, key: 'summarize', costMicros: 0, unpricedCalls: 0 },
        { bucket: 1, key: 'translate', costMicros: 3, unpricedCalls: 0 },
        { bucket: 2, key: 'summarize', costMicros: 0, unpricedCalls: 1 },
      ]);
      expect(await store.llmCalls.costSeries('org-nobody', T0, T0 + 3 * MIN, MIN)).toEqual({ byModel: [], byTaskType: [] });
    });

    test('laid out as series, they total what the usage summary says for the window', async () => {
      await seed();
      const since = T0;
      const until = T0 + 3 * MIN;
      const facts = await store.llmCalls.costSeries(ORG, since, until, MIN);
      const byModel = costSeries(facts.byModel, since, MIN, 3);
      expect(byModel.map((s) => [s.key, s.totalMicros, s.unpricedCalls, s.points.map((p) => p.micros)])).toEqual([
        ['openai:gpt-a', 1_250, 0, [1_250, 0, 0]],
        ['openai:gpt-b', 43, 0, [0, 3, 40]],
        ['openai:mystery', 0, 1, [0, 0, 0]],
      ]);
      expect(totalPoints(byModel, since, MIN, 3)).toEqual([
        { at: since, micros: 1_250 },
        { at: since + MIN, micros: 3 },
        { at: since + 2 * MIN, micros: 40 },
      ]);
      const usage = summariseUsage(await store.llmCalls.usage(ORG, since, until));
      expect(byModel.map((s) => [s.key, s.totalMicros, s.unpricedCalls])).toEqual(
        usage.byModel.map((r) => [r.key, r.costMicros, r.unpricedCalls]).sort((a, b) => (b[1] as number) - (a[1] as number)),
      );
      // By task type: the job calls of each source.
      const byType = costSeries(facts.byTaskType, since, MIN, 3);
      expect(byType.map((s) => [s.key, s.totalMicros, s.unpricedCalls])).toEqual([
        ['summarize', 1_250, 1],
        ['translate', 3, 0],
      ]);
    });

    test('a bucket that does not divide the window: the last one is short, and every call still lands in one', async () => {
      await seed();
      const facts = await store.llmCalls.costSeries(ORG, T0, T0 + 3 * MIN, 2 * MIN);
      const byModel = costSeries(facts.byModel, T0, 2 * MIN, 2);
      expect(totalPoints(byModel, T0, 2 * MIN, 2)).toEqual([
        { at: T0, micros: 1_253 },
        { at: T0 + 2 * MIN, micros: 40 },
      ]);
    });
  });
}
