/** An LLM call filter's meaning in memory: the same as every store's query (live events use it). */
import type { LlmCall, LlmCallFilter } from './llm-call.js';

/** Whether a call matches a filter, in memory (the same meaning as the store's query). */
export function matchesLlmCallFilter(call: LlmCall, filter: LlmCallFilter): boolean {
  const lists: Array<[string[] | undefined, string | undefined]> = [
    [filter.status, call.status],
    [filter.source, call.source],
    [filter.requestedBy, call.requestedBy],
    [filter.provider, call.provider],
    [filter.model, call.model],
  ];
  for (const [values, value] of lists) {
    if (values?.length && (value === undefined || !values.includes(value))) return false;
  }
  if (filter.parentJobId !== undefined && call.parentJobId !== filter.parentJobId) return false;
  if (filter.since !== undefined && call.queuedAt < filter.since) return false;
  if (filter.until !== undefined && call.queuedAt >= filter.until) return false;
  return true;
}
