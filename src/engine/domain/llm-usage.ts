/**
 * LLM usage over a window, per model, per source (the task type, for jobs' calls) and per schedule: the store sums calls, failures and tokens per
 * key and lists the finished calls' timings; the percentiles are computed here, so every store
 * answers alike (SQLite has no percentile function; MongoDB's $percentile needs 7.0 and may
 * approximate).
 */
import type { LlmUsageRow, TokenUsage } from './llm-call.js';
import { p95 } from './percentile.js';

/** Sums over the calls of one key (provider:model, or source). */
export interface UsageSums extends TokenUsage {
  key: string;
  calls: number;
  failed: number;
  /** Summed over the priced calls (integer micro-dollars). */
  costMicros: number;
  /** Calls that had no price: their cost is unknown, not zero. */
  unpricedCalls: number;
}

/** A finished call's timing: durationMs = finishedAt - startedAt, ttftMs = firstTokenAt - startedAt. */
export interface CallTiming {
  /** provider:model */
  model: string;
  source: string;
  durationMs: number;
  ttftMs?: number;
}

/** What a store reads for a window's usage. */
export interface LlmUsageFacts {
  byModel: UsageSums[];
  bySource: UsageSums[];
  /** Calls made by schedules' jobs, by schedule id. */
  bySchedule: UsageSums[];
  timings: CallTiming[];
}

/** Usage rows from the sums per key and the finished calls' timings, sorted by key. */
export function usageRows(sums: UsageSums[], timings: CallTiming[], keyOf: (t: CallTiming) => string): LlmUsageRow[] {
  const samples = new Map<string, { durations: number[]; ttfts: number[] }>();
  for (const t of timings) {
    const s = samples.get(keyOf(t)) ?? { durations: [], ttfts: [] };
    s.durations.push(t.durationMs);
    if (t.ttftMs !== undefined) s.ttfts.push(t.ttftMs);
    samples.set(keyOf(t), s);
  }
  return sums
    .map(({ key, calls, failed, inputTokens, outputTokens, cachedTokens, totalTokens, costMicros, unpricedCalls }): LlmUsageRow => {
      const row: LlmUsageRow = { key, calls, failed, usage: { inputTokens, outputTokens, cachedTokens, totalTokens }, costMicros, unpricedCalls };
      const duration = p95(samples.get(key)?.durations ?? []);
      const ttft = p95(samples.get(key)?.ttfts ?? []);
      if (duration !== undefined) row.p95DurationMs = duration;
      if (ttft !== undefined) row.p95TtftMs = ttft;
      return row;
    })
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** The usage summary of a window, by model and by source. */
export function summariseUsage(facts: LlmUsageFacts): { byModel: LlmUsageRow[]; bySource: LlmUsageRow[]; bySchedule: LlmUsageRow[] } {
  return {
    byModel: usageRows(facts.byModel, facts.timings, (t) => t.model),
    bySource: usageRows(facts.bySource, facts.timings, (t) => t.source),
    bySchedule: usageRows(facts.bySchedule, [], () => ''),
  };
}
