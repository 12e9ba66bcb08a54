/**
 * Per-org and per-token quotas, so one tenant cannot starve the others: schedules per org, schedules
 * firing more often than once a minute per org, QUEUED jobs per org, and the enqueue rate of one API
 * token. Each refusal is a QuotaExceededError (QUOTA_EXCEEDED) or RateLimitedError (RATE_LIMITED)
 * naming the limit and the setting that sets it.
 *
 * Counts are read from the store when a limit is near; far below it, the QUEUED count is reused for
 * up to a second (so a busy enqueuer does not count its org's queue on every call). The enqueue rate
 * is kept in this process: with several API processes, each allows the rate.
 */
import type { Actor } from '../domain/actor.js';
import { QuotaExceededError, RateLimitedError } from '../domain/errors.js';
import type { Schedule } from '../domain/schedule.js';
import { TokenBuckets } from '../domain/token-bucket.js';
import type { Store } from '../store/port.js';
import { firesMoreThanOncePerMinute } from './triggers.js';

export interface QuotaSettings {
  /** Schedules one org may have (enabled or not). */
  maxSchedulesPerOrg: number;
  /** Enabled schedules of one org that fire more often than once a minute. */
  maxSubMinuteSchedulesPerOrg: number;
  /** QUEUED jobs one org may have (delayed and retrying ones included). */
  maxQueuedJobsPerOrg: number;
  /** Jobs one API token may enqueue per second on average; 0 for no limit. */
  tokenEnqueuePerSecond: number;
  /** ...and at once. */
  tokenEnqueueBurst: number;
  /** Job searches (`JobFilter.search`) of one org in flight in this process at once. */
  maxSearchesPerOrg: number;
}

/** The settings' names, as errors and the README give them. */
export const QUOTA_SETTINGS = {
  maxSchedulesPerOrg: 'JOBCENTER_ORG_MAX_SCHEDULES',
  maxSubMinuteSchedulesPerOrg: 'JOBCENTER_ORG_MAX_SUBMINUTE_SCHEDULES',
  maxQueuedJobsPerOrg: 'JOBCENTER_ORG_MAX_QUEUED_JOBS',
  tokenEnqueuePerSecond: 'JOBCENTER_TOKEN_ENQUEUE_RATE',
  maxSearchesPerOrg: 'JOBCENTER_ORG_MAX_SEARCHES',
} as const;

export const DEFAULT_QUOTAS: QuotaSettings = Object.freeze({
  maxSchedulesPerOrg: 1000,
  maxSubMinuteSchedulesPerOrg: 10,
  maxQueuedJobsPerOrg: 100_000,
  tokenEnqueuePerSecond: 100,
  tokenEnqueueBurst: 1000,
  maxSearchesPerOrg: 4,
});

/** A QUEUED count this fresh is reused while it is at most half the limit. */
const QUEUED_COUNT_TTL_MS = 1000;
const MAX_REMEMBERED_ORGS = 10_000;

export class Quotas {
  readonly #store: Store;
  readonly #settings: QuotaSettings;
  readonly #buckets: TokenBuckets | undefined;
  readonly #queued = new Map<string, { count: number; at: number }>();
  readonly #searches = new Map<string, number>();

  constructor(store: Store, settings: QuotaSettings = DEFAULT_QUOTAS) {
    this.#store = store;
    this.#settings = settings;
    this.#buckets = settings.tokenEnqueuePerSecond > 0 ? new TokenBuckets(settings.tokenEnqueuePerSecond, settings.tokenEnqueueBurst) : undefined;
  }

  get settings(): QuotaSettings {
    return this.#settings;
  }

  /** Before `count` new jobs of the actor's org are stored: the token's rate, then the org's queue. */
  async checkEnqueue(actor: Actor, count: number, now = Date.now()): Promise<void> {
    if (count <= 0) return;
    if (this.#buckets && actor.tokenId !== undefined) {
      const taken = this.#buckets.take(actor.tokenId, count, now);
      if (!taken.ok) {
        const rate = this.#settings.tokenEnqueuePerSecond;
        const why =
          count > this.#buckets.burst
            ? `${count} jobs at once is more than this token may enqueue at once (${this.#buckets.burst}, JOBCENTER_TOKEN_ENQUEUE_BURST)`
            : `this token enqueues jobs faster than ${rate} a second; try again in ${taken.retryAfterMs} ms`;
        throw new RateLimitedError(why, rate, QUOTA_SETTINGS.tokenEnqueuePerSecond, Number.isFinite(taken.retryAfterMs) ? taken.retryAfterMs : -1);
      }
    }
    const max = this.#settings.maxQueuedJobsPerOrg;
    const known = this.#queued.get(actor.orgId);
    if (known && now - known.at < QUEUED_COUNT_TTL_MS && known.count + count <= max / 2) {
      known.count += count;
      return;
    }
    const queued = await this.#store.jobs.count(actor.orgId, { status: ['QUEUED'] });
    if (queued + count > max) {
      throw new QuotaExceededError(`org ${actor.orgId} has ${queued} queued jobs; ${count} more would pass its limit of queued jobs`, max, QUOTA_SETTINGS.maxQueuedJobsPerOrg);
    }
    this.#queued.delete(actor.orgId);
    this.#queued.set(actor.orgId, { count: queued + count, at: now });
    if (this.#queued.size > MAX_REMEMBERED_ORGS) this.#queued.delete(this.#queued.keys().next().value!);
  }

  /**
   * Before a job search: a rare term reads every job of the org (no index; README "Counts and search
   * at scale"), so an org runs at most `maxSearchesPerOrg` at once in this process and the others'
   * requests keep their share of it. Taken synchronously (no await before it); returns the release.
   */
  enterSearch(actor: Actor): () => void {
    const max = this.#settings.maxSearchesPerOrg;
    const running = this.#searches.get(actor.orgId) ?? 0;
    if (running >= max) {
      throw new RateLimitedError(
        `org ${actor.orgId} has ${running} job searches running, its limit (a list with totalCount runs two); try again when one ends`,
        max,
        QUOTA_SETTINGS.maxSearchesPerOrg,
        1000,
      );
    }
    this.#searches.set(actor.orgId, running + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.#searches.get(actor.orgId) ?? 1) - 1;
      if (left > 0) this.#searches.set(actor.orgId, left);
      else this.#searches.delete(actor.orgId);
    };
  }

  /** Before a new schedule of the actor's org is stored. */
  async checkNewSchedule(actor: Actor, schedule: Schedule): Promise<void> {
    const max = this.#settings.maxSchedulesPerOrg;
    const count = await this.#store.schedules.count(actor.orgId, {});
    if (count >= max) {
      throw new QuotaExceededError(`org ${actor.orgId} has ${count} schedules, its limit`, max, QUOTA_SETTINGS.maxSchedulesPerOrg);
    }
    await this.checkSubMinute(actor, schedule);
  }

  /**
   * Before a schedule is stored enabled (created, edited or enabled): one that fires more often than
   * once a minute must fit the org's allowance of such schedules, itself excluded from the count.
   */
  async checkSubMinute(actor: Actor, schedule: Schedule): Promise<void> {
    if (!schedule.enabled || !firesMoreThanOncePerMinute(schedule.trigger)) return;
    const max = this.#settings.maxSubMinuteSchedulesPerOrg;
    let count = 0;
    let after: string | undefined;
    for (;;) {
      const page = await this.#store.schedules.list(actor.orgId, { enabled: true }, { first: 500, ...(after !== undefined && { after }) });
      for (const { node } of page.items) if (node.id !== schedule.id && firesMoreThanOncePerMinute(node.trigger)) count++;
      if (!page.hasNextPage || count >= max) break;
      after = page.items.at(-1)!.cursor;
    }
    if (count >= max) {
      throw new QuotaExceededError(
        `org ${actor.orgId} has ${count} enabled schedules that fire more often than once a minute, its limit; use an interval of 60 seconds or more, or disable one`,
        max,
        QUOTA_SETTINGS.maxSubMinuteSchedulesPerOrg,
      );
    }
  }
}
