/**
 * Per-request loaders: a field that reads one row per parent (a job's parent, schedule, run or token
 * usage; a run's job; a call's parent job) asks its loader, and every ask made in the same tick of
 * execution becomes one service call, so a page of 100 jobs costs one read per kind of row, not 100.
 * The services scope every batch to the caller's org, as they do one row.
 *
 * Loaders batch but do not cache: a subscription keeps its context for its whole life, and a row read
 * for one event must not answer for the next (nor a mutation's result for the field after it).
 * They are made on first use, so a request that reads no nested row builds none.
 */
import DataLoader from 'dataloader';
import type { Actor } from '../engine/domain/actor.js';
import type { LlmCall, TokenUsage } from '../engine/domain/llm-call.js';
import type { JobStep } from '../engine/domain/job-step.js';
import type { JobWait } from '../engine/domain/job-wait.js';
import type { Schedule, ScheduleRun } from '../engine/domain/schedule.js';
import type { Job } from '../engine/domain/types.js';
import type { Services } from './context.js';
import type { JobCost } from '../engine/services/llm-call-service.js';

/** Most LLM calls JobStep.llmCalls lists per step. */
export const STEP_CALLS = 100;

/** A step's key for the stepCalls loader. */
export const stepKey = (jobId: string, step: string): string => JSON.stringify([jobId, step]);

export class Loaders {
  readonly #services: Services;
  readonly #actor: () => Actor;
  readonly #schedule: (send: () => void) => void;
  #job: DataLoader<string, Job | undefined> | undefined;
  #scheduleLoader: DataLoader<string, Schedule | undefined> | undefined;
  #scheduleRun: DataLoader<string, ScheduleRun | undefined> | undefined;
  #usage: DataLoader<string, TokenUsage> | undefined;
  #jobCost: DataLoader<string, JobCost> | undefined;
  #scheduleCost: DataLoader<string, number> | undefined;
  #steps: DataLoader<string, JobStep[]> | undefined;
  #waits: DataLoader<string, JobWait[]> | undefined;
  #stepCalls: DataLoader<string, LlmCall[]> | undefined;

  /** `schedule` decides when a batch is sent (default: once this turn's promise jobs have run). */
  constructor(services: Services, actor: () => Actor, schedule: (send: () => void) => void = (send) => setImmediate(send)) {
    this.#services = services;
    this.#actor = actor;
    this.#schedule = schedule;
  }

  /** Jobs of the caller's org by id (undefined for another org's or no job). */
  get job(): DataLoader<string, Job | undefined> {
    return (this.#job ??= this.#loader((ids) => this.#services.jobs.getMany(this.#actor(), ids)));
  }

  get schedule(): DataLoader<string, Schedule | undefined> {
    return (this.#scheduleLoader ??= this.#loader((ids) => this.#services.schedules.getMany(this.#actor(), ids)));
  }

  get scheduleRun(): DataLoader<string, ScheduleRun | undefined> {
    return (this.#scheduleRun ??= this.#loader((ids) => this.#services.schedules.getRuns(this.#actor(), ids)));
  }

  /** Token usage summed over a job's calls, by job id. */
  get usage(): DataLoader<string, TokenUsage> {
    return (this.#usage ??= this.#loader((ids) => this.#services.llmCalls.usageOfJobs(this.#actor(), ids)));
  }

  /** What a job's calls cost, and its children's, by job id. */
  get jobCost(): DataLoader<string, JobCost> {
    return (this.#jobCost ??= this.#loader((ids) => this.#services.llmCalls.costOfJobs(this.#actor(), ids)));
  }

  /** What a schedule's jobs' calls cost (micro-dollars), by schedule id. */
  get scheduleCost(): DataLoader<string, number> {
    return (this.#scheduleCost ??= this.#loader((ids) => this.#services.llmCalls.costOfSchedules(this.#actor(), ids)));
  }

  /** A job's steps, by job id. */
  get steps(): DataLoader<string, JobStep[]> {
    return (this.#steps ??= this.#loader((ids) => this.#services.waits.stepsOfJobs(this.#actor(), ids)));
  }

  /** A job's waits, by job id. */
  get waits(): DataLoader<string, JobWait[]> {
    return (this.#waits ??= this.#loader((ids) => this.#services.waits.waitsOfJobs(this.#actor(), ids)));
  }

  /** The LLM calls made inside a step (the oldest STEP_CALLS), by stepKey(jobId, name). */
  get stepCalls(): DataLoader<string, LlmCall[]> {
    return (this.#stepCalls ??= this.#loader((keys) => {
      const steps = keys.map((key) => {
        const [jobId, step] = JSON.parse(key) as [string, string];
        return { jobId, step };
      });
      return this.#services.llmCalls.callsOfSteps(this.#actor(), steps, STEP_CALLS);
    }));
  }

  /**
   * Caches nothing; a batch is at most 1,000 ids. It is sent by `schedule`, not after the first
   * microtask turn: the auth scopes put each row's field a few promise hops apart, and the operation
   * budget yields the event loop now and then, either of which would split one page into batches.
   */
  #loader<V>(batch: (ids: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
    return new DataLoader(batch, { cache: false, maxBatchSize: 1000, batchScheduleFn: this.#schedule });
  }
}


