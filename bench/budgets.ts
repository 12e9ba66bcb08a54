/**
 * What budget holds add to a call's wait: calls at a steady 200 per second through the whole gateway
 * (SQLite call records, the OpenAI SDK, the fake OpenAI-compatible server on loopback answering in
 * about 20 ms), once with no budget and once under an ORG and a TASK_TYPE budget (limits far above
 * what the run spends, so every hold is taken). Figures only, no pass/fail:
 *
 * - hold: the budget guard's reserve (covering budgets read, checked and held in one transaction),
 *   per call; settle: the hold turned into the cost after the call (not on the call's wait).
 * - wait: queuedAt -> startedAt of each recorded call, with and without budgets.
 *
 *   node --import tsx bench/budgets.ts
 */
import os from 'node:os';
import path from 'node:path';
import type { Budget, BudgetSubject, Reservation } from '../src/engine/domain/budget.js';
import { BudgetGuard } from '../src/engine/runtime/llm/budget-guard.js';
import { LlmGateway } from '../src/engine/runtime/llm/gateway.js';
import { LimiterPool } from '../src/engine/runtime/llm/limiter.js';
import { OpenAiCompatibleProvider } from '../src/engine/runtime/llm/providers/openai-compatible.js';
import { silentLogger } from '../src/engine/runtime/logger.js';
import { BudgetService } from '../src/engine/services/budget-service.js';
import { PriceService } from '../src/engine/services/price-service.js';
import { openSqliteStore } from '../src/engine/store/sqlite/index.js';
import { ok, startFakeOpenAi } from '../test/helpers/fake-openai.js';
import { removeDir, tempDir } from './setup.js';
import { fmtMs, processClockMs, summarize } from './stats.js';

const RATE = 200;
const CALLS = Number(process.env.BENCH_BUDGET_CALLS ?? 2000);

/** The guard, timing its own reserve and settle. */
class TimedGuard extends BudgetGuard {
  readonly holds: number[] = [];
  readonly settles: number[] = [];
  override async reserve(subject: BudgetSubject, amount: number, signal: AbortSignal, onWait?: (b: Budget) => void): Promise<Reservation | undefined> {
    const t = processClockMs();
    try {
      return await super.reserve(subject, amount, signal, onWait);
    } finally {
      this.holds.push(processClockMs() - t);
    }
  }
  override async settle(orgId: string, reservation: Reservation, cost: number): Promise<void> {
    const t = processClockMs();
    await super.settle(orgId, reservation, cost);
    this.settles.push(processClockMs() - t);
  }
}

async function run(withBudgets: boolean) {
  const fake = await startFakeOpenAi({ fallback: ok(['One', ' two'], { delayMs: 10 }) });
  const dir = tempDir('budgets');
  const store = openSqliteStore({ file: path.join(dir, 'jobcenter.db') });
  const limiter = new LimiterPool({ limitsFor: () => ({}) });
  const guard = new TimedGuard({ store, logger: silentLogger });
  const actor = { orgId: 'bench', userId: 'bench' };
  if (withBudgets) {
    const budgets = new BudgetService(store);
    await budgets.create(actor, { scope: 'ORG', period: 'DAY', limitUsd: 1_000_000 });
    await budgets.create(actor, { scope: 'TASK_TYPE', target: 'bench', period: 'MONTH', limitUsd: 1_000_000 });
  }
  const gateway = new LlmGateway({
    store,
    providers: [new OpenAiCompatibleProvider({ name: 'fake', baseUrl: `${fake.url}/v1`, apiKey: 'sk-bench' })],
    defaultProvider: 'fake',
    limiter,
    logger: silentLogger,
    maxRetries: 0,
    timeoutMs: 60_000,
    prices: new PriceService(store, [{ key: 'fake:m', inputPerMTok: 1, outputPerMTok: 4, effectiveFrom: 0 }]),
    budgets: guard,
  });
  try {
    const started = processClockMs();
    const calls: Array<Promise<unknown>> = [];
    for (let i = 0; i < CALLS; i++) {
      // A steady 200 calls per second, paced against the clock (not by sleeps that drift).
      const due = started + (i * 1000) / RATE;
      const ahead = due - processClockMs();
      if (ahead > 1) await new Promise((r) => setTimeout(r, ahead));
      calls.push(gateway.chat({ orgId: 'bench', source: 'bench', taskType: 'bench' }, { model: 'm', messages: [{ role: 'user', content: `q ${i}` }], max_tokens: 50 }));
    }
    await Promise.all(calls);
    const elapsed = processClockMs() - started;
    const waits: number[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await store.llmCalls.list('bench', {}, { first: 500, ...(after && { after }) });
      for (const e of page.items) waits.push(e.node.startedAt! - e.node.queuedAt);
      if (!page.hasNextPage) break;
      after = page.items.at(-1)!.cursor;
    }
    return { elapsed, waits, holds: guard.holds, settles: guard.settles };
  } finally {
    await limiter.close();
    await store.close();
    await fake.close();
    removeDir(dir);
  }
}

const show = (label: string, samples: number[]) => {
  const s = summarize(samples);
  console.log(`  ${label.padEnd(34)} n ${String(s.n).padStart(5)}  p50 ${fmtMs(s.p50).padStart(8)}  p95 ${fmtMs(s.p95).padStart(8)}  p99 ${fmtMs(s.p99).padStart(8)}  mean ${fmtMs(s.mean).padStart(8)}`);
};

async function main(): Promise<void> {
  console.log(`budget holds at ${RATE} calls/s, ${CALLS} calls per run; ${new Date().toISOString()}, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' / ')}`);
  const without = await run(false);
  const within = await run(true);
  show('hold (reserve), 2 budgets', within.holds);
  show('settle, 2 budgets', within.settles);
  show('hold (reserve), no budget', without.holds);
  show('wait queued->started, no budget', without.waits);
  show('wait queued->started, 2 budgets', within.waits);
  const p50 = (xs: number[]) => summarize(xs).p50;
  console.log(`  added to the median wait: ${fmtMs(p50(within.waits) - p50(without.waits))}; achieved rate ${(CALLS / (within.elapsed / 1000)).toFixed(0)} calls/s`);
}

await main();
