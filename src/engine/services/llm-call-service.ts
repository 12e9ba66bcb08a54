/** Recorded LLM calls of an org: one call, lists, a job's token usage, and usage over a window. */
import { ZERO_USAGE } from '../domain/llm-call.js';
import type { Actor } from '../domain/actor.js';
import type { LlmCall, LlmCallFilter, LlmUsageRow, TokenUsage } from '../domain/llm-call.js';
import { summariseUsage } from '../domain/llm-usage.js';
import type { Page, PageRequest } from '../domain/page.js';
import type { Store } from '../store/port.js';
import { windowOf, type Window } from './window.js';

export interface LlmUsage extends Window {
  byModel: LlmUsageRow[];
  bySource: LlmUsageRow[];
}

export class LlmCallService {
  constructor(private readonly store: Store) {}

  get(actor: Actor, id: string): Promise<LlmCall | undefined> {
    return this.store.llmCalls.get(id, actor.orgId);
  }

  list(actor: Actor, filter: LlmCallFilter, page: PageRequest): Promise<Page<LlmCall>> {
    return this.store.llmCalls.list(actor.orgId, filter, page);
  }

  count(actor: Actor, filter: LlmCallFilter): Promise<number> {
    return this.store.llmCalls.count(actor.orgId, filter);
  }

  /** Tokens summed over one job's calls (a job of another org has none here). */
  usageOfJob(actor: Actor, jobId: string): Promise<TokenUsage> {
    return this.store.llmCalls.usageOfJob(actor.orgId, jobId);
  }

  /** Tokens summed per job, in the order asked (zeros for a job without calls, or of another org): one read. */
  async usageOfJobs(actor: Actor, jobIds: readonly string[]): Promise<TokenUsage[]> {
    const byJob = new Map((await this.store.llmCalls.usageOfJobs(actor.orgId, jobIds)).map((r) => [r.jobId, r.usage]));
    return jobIds.map((id) => byJob.get(id) ?? { ...ZERO_USAGE });
  }

  /** Calls queued in [since, until) summed per model and per source, with p95 timings. */
  async usage(actor: Actor, since?: number, until?: number): Promise<LlmUsage> {
    const window = windowOf(since, until, Date.now());
    const facts = await this.store.llmCalls.usage(actor.orgId, window.since, window.until);
    return { ...window, ...summariseUsage(facts) };
  }
}
