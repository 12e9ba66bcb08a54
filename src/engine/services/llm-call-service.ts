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
  bySchedule: LlmUsageRow[];
}

/** What a job's calls cost (micro-dollars), and its direct children's apart. */
export interface JobCost {
  costMicros: number;
  unpricedCalls: number;
  childrenMicros: number;
  childrenUnpricedCalls: number;
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

  /** Cost per job, in the order asked (zeros for a job without calls): its own calls, and its children's apart. */
  async costOfJobs(actor: Actor, jobIds: readonly string[]): Promise<JobCost[]> {
    const own = new Map((await this.store.llmCalls.costOfJobs(actor.orgId, jobIds)).map((r) => [r.id, r]));
    const children = await Promise.all(jobIds.map((id) => this.store.jobs.children(actor.orgId, id)));
    const childCosts = new Map((await this.store.llmCalls.costOfJobs(actor.orgId, children.flat().map((c) => c.id))).map((r) => [r.id, r]));
    return jobIds.map((id, i) => {
      const mine = own.get(id);
      const theirs = children[i]!.map((c) => childCosts.get(c.id));
      return {
        costMicros: mine?.costMicros ?? 0,
        unpricedCalls: mine?.unpricedCalls ?? 0,
        childrenMicros: theirs.reduce((n, c) => n + (c?.costMicros ?? 0), 0),
        childrenUnpricedCalls: theirs.reduce((n, c) => n + (c?.unpricedCalls ?? 0), 0),
      };
    });
  }

  /** Cost per schedule over the calls its jobs made, in the order asked (micro-dollars). */
  async costOfSchedules(actor: Actor, scheduleIds: readonly string[]): Promise<number[]> {
    const byId = new Map((await this.store.llmCalls.costOfSchedules(actor.orgId, scheduleIds)).map((r) => [r.id, r.costMicros]));
    return scheduleIds.map((id) => byId.get(id) ?? 0);
  }

  /**
   * The calls made inside steps, per (job, step) asked, in the order asked: the oldest `perStep` of
   * each, oldest first. One read for all of them.
   */
  async callsOfSteps(actor: Actor, steps: ReadonlyArray<{ jobId: string; step: string }>, perStep: number): Promise<LlmCall[][]> {
    const jobIds = [...new Set(steps.map((s) => s.jobId))];
    const byStep = new Map<string, LlmCall[]>();
    for (const call of await this.store.llmCalls.ofSteps(actor.orgId, jobIds, perStep)) {
      const key = JSON.stringify([call.parentJobId, call.step]);
      const group = byStep.get(key);
      if (group) group.push(call);
      else byStep.set(key, [call]);
    }
    return steps.map((s) => byStep.get(JSON.stringify([s.jobId, s.step])) ?? []);
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
