/**
 * The store contract for prices set through the API (kept in versions, per org) and budgets: their
 * rows, holds under concurrency (all or none across budgets, never past a limit), settling after a
 * failure, a period's roll-over, the alert mark, org isolation; stored holds, settled or given back
 * once, and the sweep that gives back the holds no call will settle; and a priced call's round trip.
 */
import { describe, expect, test } from 'vitest';
import { periodStartOf, type Budget } from '../../src/engine/domain/budget.js';
import { newId } from '../../src/engine/domain/ids.js';
import type { ModelPrice } from '../../src/engine/domain/prices.js';
import { silentLogger } from '../../src/engine/runtime/logger.js';
import { HoldSweep } from '../../src/engine/runtime/llm/hold-sweep.js';
import { ORG, OTHER, makeCall, type StoreHarness } from './harness.js';

/** 2026-03-10T12:00:00Z: the next day starts 12 hours later, the next month on the 1st. */
const NOON = Date.UTC(2026, 2, 10, 12);
const DAY = 86_400_000;

export function defineBudgetsContract(harness: StoreHarness): void {
  const { store, jobIn } = harness;

  function makeBudget(overrides: Partial<Budget> = {}): Budget {
    const period = overrides.period ?? 'DAY';
    return {
      id: newId(),
      orgId: ORG,
      scope: 'ORG',
      period,
      limitMicros: 1_000,
      action: 'FAIL',
      thresholds: [0.5, 0.8, 1],
      periodStart: periodStartOf(period, NOON),
      spentMicros: 0,
      reservedMicros: 0,
      alerted: 0,
      createdAt: NOON,
      updatedAt: NOON,
      ...overrides,
    };
  }

  describe('budgets', () => {
    test('insert, get, list, update and delete, in the org only; one budget per scope, target and period', async () => {
      const org = makeBudget();
      const type = makeBudget({ scope: 'TASK_TYPE', target: 'summarize', period: 'MONTH', action: 'WAIT', thresholds: [0.9] });
      expect(await store.budgets.insert(org)).toBe(true);
      expect(await store.budgets.insert(type)).toBe(true);
      expect(await store.budgets.insert(makeBudget())).toBe(false); // a second DAY budget of the org
      expect(await store.budgets.insert(makeBudget({ scope: 'TASK_TYPE', target: 'summarize', period: 'MONTH' }))).toBe(false);
      expect(await store.budgets.insert(makeBudget({ orgId: OTHER }))).toBe(true); // another org's
      expect(await store.budgets.get(org.id, ORG, NOON)).toEqual(org);
      expect(await store.budgets.get(type.id, ORG, NOON)).toEqual(type);
      expect(await store.budgets.get(org.id, OTHER, NOON)).toBeUndefined();
      expect((await store.budgets.list(ORG, NOON)).map((b) => b.id)).toEqual([org.id, type.id]);
      expect((await store.budgets.list(ORG, NOON, 'TASK_TYPE')).map((b) => b.id)).toEqual([type.id]);

      const changed = await store.budgets.update(type.id, ORG, { scope: 'TASK_TYPE', target: 'translate', period: 'DAY', limitMicros: 5, action: 'FAIL', thresholds: [1] }, NOON + 1);
      expect(changed).toMatchObject({ target: 'translate', period: 'DAY', limitMicros: 5, action: 'FAIL', thresholds: [1], updatedAt: NOON + 1 });
      expect(await store.budgets.update(type.id, OTHER, { scope: 'ORG', period: 'DAY', limitMicros: 5, action: 'FAIL', thresholds: [] }, NOON)).toBeUndefined();
      expect(await store.budgets.delete(type.id, OTHER)).toBe(false);
      expect(await store.budgets.delete(type.id, ORG)).toBe(true);
      expect(await store.budgets.get(type.id, ORG, NOON)).toBeUndefined();
    });

    test('covering finds the org budgets of the given scopes and targets', async () => {
      const org = makeBudget();
      const type = makeBudget({ scope: 'TASK_TYPE', target: 'summarize' });
      const schedule = makeBudget({ scope: 'SCHEDULE', target: 'sch-1' });
      const otherType = makeBudget({ scope: 'TASK_TYPE', target: 'translate' });
      for (const b of [org, type, schedule, otherType, makeBudget({ orgId: OTHER })]) await store.budgets.insert(b);
      const found = await store.budgets.covering(ORG, [{ scope: 'ORG' }, { scope: 'TASK_TYPE', target: 'summarize' }, { scope: 'SCHEDULE', target: 'sch-1' }], NOON);
      expect(found.map((b) => b.id).sort()).toEqual([org.id, type.id, schedule.id].sort());
      expect(await store.budgets.covering(ORG, [{ scope: 'JOB', target: 'job-1' }], NOON)).toEqual([]);
    });

    test('concurrent holds: exactly as many as fit are taken, never past the limit', async () => {
      const budget = makeBudget({ limitMicros: 1_000 });
      await store.budgets.insert(budget);
      const results = await Promise.all(Array.from({ length: 25 }, () => store.budgets.reserve([budget.id], ORG, 100, NOON)));
      expect(results.filter((r) => r.ok)).toHaveLength(10);
      const refused = results.find((r) => !r.ok) as { ok: false; budget: Budget };
      expect(refused.budget.id).toBe(budget.id);
      expect(await store.budgets.get(budget.id, ORG, NOON)).toMatchObject({ reservedMicros: 1_000, spentMicros: 0 });
    });

    test('a hold is taken on every budget or on none', async () => {
      const roomy = makeBudget({ limitMicros: 10_000 });
      const tight = makeBudget({ scope: 'TASK_TYPE', target: 'summarize', limitMicros: 150 });
      await store.budgets.insert(roomy);
      await store.budgets.insert(tight);
      expect(await store.budgets.reserve([roomy.id, tight.id], ORG, 100, NOON)).toEqual({ ok: true });
      const second = await store.budgets.reserve([roomy.id, tight.id], ORG, 100, NOON);
      expect(second).toMatchObject({ ok: false, budget: { id: tight.id, reservedMicros: 100 } });
      expect(await store.budgets.get(roomy.id, ORG, NOON)).toMatchObject({ reservedMicros: 100 });
      expect(await store.budgets.get(tight.id, ORG, NOON)).toMatchObject({ reservedMicros: 100 });
    });

    test('settling turns a hold into what the call cost; after a failure (cost 0) it only releases the hold', async () => {
      const budget = makeBudget({ limitMicros: 1_000 });
      await store.budgets.insert(budget);
      await store.budgets.reserve([budget.id], ORG, 300, NOON);
      await store.budgets.reserve([budget.id], ORG, 300, NOON);
      const [afterSuccess] = await store.budgets.settle([budget.id], ORG, 300, 120, NOON + 1);
      expect(afterSuccess).toMatchObject({ id: budget.id, reservedMicros: 300, spentMicros: 120 });
      const [afterFailure] = await store.budgets.settle([budget.id], ORG, 300, 0, NOON + 2);
      expect(afterFailure).toMatchObject({ reservedMicros: 0, spentMicros: 120 });
      // What is left fits again: 1000 - 120.
      expect(await store.budgets.reserve([budget.id], ORG, 880, NOON + 3)).toEqual({ ok: true });
      expect(await store.budgets.reserve([budget.id], ORG, 1, NOON + 3)).toMatchObject({ ok: false });
    });

    test('a period rolls over: spent and alerts start again, holds in flight stay and settle into the new period', async () => {
      const budget = makeBudget({ limitMicros: 1_000 });
      await store.budgets.insert(budget);
      await store.budgets.reserve([budget.id], ORG, 900, NOON);
      await store.budgets.settle([budget.id], ORG, 900, 900, NOON);
      expect(await store.budgets.markAlerted(budget.id, budget.periodStart, 0, 2)).toBe(true);
      await store.budgets.reserve([budget.id], ORG, 50, NOON); // in flight over midnight
      expect(await store.budgets.reserve([budget.id], ORG, 100, NOON)).toMatchObject({ ok: false });
      const tomorrow = NOON + DAY;
      // A read sees the new period before any write stores it.
      expect(await store.budgets.get(budget.id, ORG, tomorrow)).toMatchObject({ periodStart: periodStartOf('DAY', tomorrow), spentMicros: 0, alerted: 0, reservedMicros: 50 });
      expect(await store.budgets.reserve([budget.id], ORG, 900, tomorrow)).toEqual({ ok: true });
      const [settled] = await store.budgets.settle([budget.id], ORG, 50, 40, tomorrow);
      expect(settled).toMatchObject({ periodStart: periodStartOf('DAY', tomorrow), spentMicros: 40, reservedMicros: 900, alerted: 0 });
      // A MONTH budget keeps counting across days.
      const month = makeBudget({ scope: 'TASK_TYPE', target: 't', period: 'MONTH' });
      await store.budgets.insert(month);
      await store.budgets.reserve([month.id], ORG, 10, NOON);
      await store.budgets.settle([month.id], ORG, 10, 10, NOON);
      expect(await store.budgets.get(month.id, ORG, tomorrow)).toMatchObject({ spentMicros: 10 });
    });

    test('the alert mark moves once per threshold and period', async () => {
      const budget = makeBudget();
      await store.budgets.insert(budget);
      const moves = await Promise.all([1, 2, 3].map(() => store.budgets.markAlerted(budget.id, budget.periodStart, 0, 1)));
      expect(moves.filter(Boolean)).toHaveLength(1);
      expect(await store.budgets.markAlerted(budget.id, budget.periodStart - DAY, 1, 2)).toBe(false); // an old period
      expect(await store.budgets.markAlerted(budget.id, budget.periodStart, 1, 3)).toBe(true);
      expect(await store.budgets.get(budget.id, ORG, NOON)).toMatchObject({ alerted: 3 });
    });

    test("another org's ids hold and settle nothing", async () => {
      const budget = makeBudget({ limitMicros: 100 });
      await store.budgets.insert(budget);
      await store.budgets.reserve([budget.id], OTHER, 100, NOON);
      expect(await store.budgets.settle([budget.id], OTHER, 0, 100, NOON)).toEqual([]);
      expect(await store.budgets.get(budget.id, ORG, NOON)).toMatchObject({ reservedMicros: 0, spentMicros: 0 });
    });
  });

  describe('budget holds', () => {
    const reserved = async (id: string) => (await store.budgets.get(id, ORG, NOON))!.reservedMicros;

    test('a hold taken with an owner is stored (across orgs, oldest first) and forgotten when it settles', async () => {
      const a = makeBudget({ limitMicros: 1_000 });
      const b = makeBudget({ scope: 'TASK_TYPE', target: 't', limitMicros: 1_000 });
      const other = makeBudget({ orgId: OTHER });
      for (const x of [a, b, other]) await store.budgets.insert(x);
      expect(await store.budgets.reserve([a.id, b.id], ORG, 100, NOON + 5, { id: 'call-2', jobId: 'job-1', holder: 'host:1' })).toEqual({ ok: true });
      expect(await store.budgets.reserve([other.id], OTHER, 30, NOON, { id: 'call-1', holder: 'host:2' })).toEqual({ ok: true });
      // Refused: nothing held, nothing stored.
      expect(await store.budgets.reserve([a.id, b.id], ORG, 950, NOON + 6, { id: 'call-3', holder: 'host:1' })).toMatchObject({ ok: false });
      expect(await store.budgets.holds(10)).toEqual([
        { id: 'call-1', orgId: OTHER, budgetIds: [other.id], amountMicros: 30, holder: 'host:2', heldAt: NOON },
        { id: 'call-2', orgId: ORG, budgetIds: [a.id, b.id], amountMicros: 100, jobId: 'job-1', holder: 'host:1', heldAt: NOON + 5 },
      ]);
      expect((await store.budgets.holds(1)).map((h) => h.id)).toEqual(['call-1']);
      const after = await store.budgets.settle([a.id, b.id], ORG, 100, 40, NOON + 7, 'call-2');
      expect(after.map((x) => [x.reservedMicros, x.spentMicros])).toEqual([[0, 40], [0, 40]]);
      expect((await store.budgets.holds(10)).map((h) => h.id)).toEqual(['call-1']);
      expect(await store.budgets.release('call-2', NOON + 8)).toBe(false); // settled: nothing to give back
      expect(await reserved(a.id)).toBe(0);
    });

    test('a released hold is given back once on every budget; the call settling later adds its cost only', async () => {
      const a = makeBudget({ limitMicros: 1_000 });
      const b = makeBudget({ scope: 'SCHEDULE', target: 's', limitMicros: 1_000 });
      for (const x of [a, b]) await store.budgets.insert(x);
      await store.budgets.reserve([a.id, b.id], ORG, 600, NOON, { id: 'orphan', jobId: 'job-9', holder: 'dead:1' });
      await store.budgets.reserve([a.id], ORG, 100, NOON, { id: 'alive', holder: 'host:1' });
      expect(await reserved(a.id)).toBe(700);
      const releases = await Promise.all([store.budgets.release('orphan', NOON + 1), store.budgets.release('orphan', NOON + 1)]);
      expect(releases.filter(Boolean)).toHaveLength(1);
      expect(await reserved(a.id)).toBe(100);
      expect(await reserved(b.id)).toBe(0);
      // The freed room can be held again.
      expect(await store.budgets.reserve([a.id], ORG, 900, NOON + 2)).toEqual({ ok: true });
      // The orphan's call ends after all: its cost counts, its hold is not given back twice.
      await store.budgets.settle([a.id, b.id], ORG, 600, 50, NOON + 3, 'orphan');
      expect(await store.budgets.get(a.id, ORG, NOON)).toMatchObject({ reservedMicros: 1_000, spentMicros: 50 });
      expect(await store.budgets.get(b.id, ORG, NOON)).toMatchObject({ reservedMicros: 0, spentMicros: 50 });
      expect(await store.budgets.release('nothing', NOON)).toBe(false);
    });

    test('the sweep gives back holds older than the limit or whose job is no longer RUNNING, and keeps the rest', async () => {
      const budget = makeBudget({ limitMicros: 10_000 });
      await store.budgets.insert(budget);
      const running = await jobIn('RUNNING');
      const finished = await jobIn('SUCCEEDED');
      const otherOrgRunning = await jobIn('RUNNING', { orgId: OTHER });
      const hold = (id: string, at: number, jobId?: string) =>
        store.budgets.reserve([budget.id], ORG, 100, at, { id, holder: 'host:1', ...(jobId !== undefined && { jobId }) });
      await hold('of-running-job', NOON, running.id);
      await hold('of-finished-job', NOON, finished.id);
      await hold('of-missing-job', NOON, 'job-gone');
      // The job id of a RUNNING job, but in another org: not this hold's job.
      await hold('of-job-elsewhere', NOON, otherOrgRunning.id);
      await hold('old-no-job', NOON - 11 * 60_000);
      await hold('young-no-job', NOON - 60_000);
      await hold('old-running-job', NOON - 11 * 60_000, running.id);
      expect(await reserved(budget.id)).toBe(700);

      const sweep = new HoldSweep({ store, logger: silentLogger, maxAgeMs: 10 * 60_000, now: () => NOON + 1 });
      const released = await sweep.sweep();
      expect(released.map((h) => h.id).sort()).toEqual(['of-finished-job', 'of-job-elsewhere', 'of-missing-job', 'old-no-job', 'old-running-job'].sort());
      expect((await store.budgets.holds(10)).map((h) => h.id).sort()).toEqual(['of-running-job', 'young-no-job']);
      expect(await reserved(budget.id)).toBe(200);
      expect(await sweep.sweep()).toEqual([]); // nothing twice
      expect(await reserved(budget.id)).toBe(200);
    });
  });

  describe('prices set through the API', () => {
    const price = (key: string, effectiveFrom: number, inputPerMTok: number): ModelPrice => ({ key, inputPerMTok, outputPerMTok: 2, effectiveFrom, source: `v${inputPerMTok}` });

    test('every version is kept; the newest of each key is current, per org', async () => {
      await store.prices.insert(ORG, price('openai:gpt-a', NOON, 1));
      await store.prices.insert(ORG, price('openai:gpt-a', NOON + 10, 2));
      await store.prices.insert(ORG, price('openai:gpt-a', NOON + 10, 3)); // same time: the later insert wins
      await store.prices.insert(ORG, price('demo:demo-model', NOON, 7));
      await store.prices.insert(OTHER, price('openai:gpt-a', NOON + 20, 9));
      expect(await store.prices.latestOf(ORG, 'openai:gpt-a')).toEqual(price('openai:gpt-a', NOON + 10, 3));
      expect(await store.prices.latest(ORG)).toEqual([price('demo:demo-model', NOON, 7), price('openai:gpt-a', NOON + 10, 3)]);
      expect(await store.prices.latestOf(ORG, 'openai:none')).toBeUndefined();
      expect(await store.prices.latest('org-nobody')).toEqual([]);
    });

    test('a call keeps the price it was charged at and its cost, reasoning tokens and schedule', async () => {
      const charged = { key: 'openai:gpt-a', inputPerMTok: 1, outputPerMTok: 2, reasoningPerMTok: 3, tiers: [{ aboveInputTokens: 10, inputPerMTok: 2, outputPerMTok: 4 }], effectiveFrom: NOON, source: 's' };
      const call = makeCall({ price: charged, scheduleId: 'sch-1', usage: { inputTokens: 5, outputTokens: 4, cachedTokens: 1, totalTokens: 9, reasoningTokens: 2 } });
      await store.llmCalls.insert(call);
      expect(await store.llmCalls.get(call.id, ORG)).toEqual(call);
      const done = await store.llmCalls.update(call.id, { status: 'SUCCEEDED', costMicros: 17 }, NOON + 1);
      expect(done).toEqual({ ...call, status: 'SUCCEEDED', costMicros: 17, updatedAt: NOON + 1 });
      // A price set later leaves the call as it was.
      await store.prices.insert(ORG, { ...charged, inputPerMTok: 100, effectiveFrom: NOON + 2 });
      expect((await store.llmCalls.get(call.id, ORG))?.price).toEqual(charged);
      const unpriced = makeCall({ parentJobId: 'job-1' });
      await store.llmCalls.insert(unpriced);
      const stored = await store.llmCalls.get(unpriced.id, ORG);
      for (const absent of ['price', 'costMicros', 'scheduleId'] as const) expect(stored).not.toHaveProperty(absent);
      expect(stored?.usage).not.toHaveProperty('reasoningTokens');
      expect(await store.llmCalls.costOfJobs(ORG, ['job-1'])).toEqual([{ id: 'job-1', costMicros: 0, unpricedCalls: 1 }]);
      expect(await store.llmCalls.costOfSchedules(ORG, ['sch-1', 'sch-none'])).toEqual([{ id: 'sch-1', costMicros: 17, unpricedCalls: 0 }]);
      expect(await store.llmCalls.costOfSchedules(OTHER, ['sch-1'])).toEqual([]);
    });
  });
}
