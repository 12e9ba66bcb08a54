/**
 * Group commit for small enqueues: the inserts that reach the store in the same event-loop turn (the
 * enqueueJob calls of many clients, answered from an in-process store in microtasks) are written in
 * one store call, so on SQLite they share one transaction and one WAL commit instead of paying one
 * each (the commit was a fifth of an enqueueJob's CPU).
 *
 * Each call keeps its own outcome: its jobs and its audit entries go into the shared write, its
 * audit callback sees only its own results, and it gets back only its own. If the shared write fails
 * (it is one transaction: nothing of it is stored), every call is written again on its own, so one
 * call's failure is never another's. Only a store whose insert is one transaction may be grouped
 * (SQLite); elsewhere a failed group could have stored part of it.
 */
import type { InsertAudit, Store } from '../store/port.js';
import type { Job, NewJob } from '../domain/types.js';

type Inserted = Array<{ job: Job; created: boolean }>;

interface Pending {
  jobs: NewJob[];
  audit: InsertAudit | undefined;
  resolve: (results: Inserted) => void;
  reject: (error: unknown) => void;
}

export interface InsertGroupsOptions {
  /** Calls with more jobs than this are written alone (they already share their own commit). */
  maxJobsPerCall?: number;
  /** A group closes once it holds this many jobs, so one write stays short. */
  maxJobsPerGroup?: number;
}

export class InsertGroups {
  readonly #store: Store;
  readonly #maxPerCall: number;
  readonly #maxPerGroup: number;
  #pending: Pending[] = [];
  #jobs = 0;
  #scheduled = false;

  constructor(store: Store, options: InsertGroupsOptions = {}) {
    this.#store = store;
    this.#maxPerCall = options.maxJobsPerCall ?? 16;
    this.#maxPerGroup = options.maxJobsPerGroup ?? 256;
  }

  /** As store.jobs.insert, written with the other inserts of this turn. */
  insert(jobs: NewJob[], audit: InsertAudit | undefined): Promise<Inserted> {
    if (jobs.length > this.#maxPerCall) return this.#store.jobs.insert(jobs, audit);
    return new Promise<Inserted>((resolve, reject) => {
      this.#pending.push({ jobs, audit, resolve, reject });
      this.#jobs += jobs.length;
      if (this.#jobs >= this.#maxPerGroup) this.#flush();
      else if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(this.#flush);
      }
    });
  }

  readonly #flush = (): void => {
    const group = this.#pending;
    this.#pending = [];
    this.#jobs = 0;
    this.#scheduled = false;
    if (group.length === 0) return;
    if (group.length === 1) {
      const [only] = group;
      this.#store.jobs.insert(only!.jobs, only!.audit).then(only!.resolve, only!.reject);
      return;
    }
    void this.#writeGroup(group);
  };

  async #writeGroup(group: Pending[]): Promise<void> {
    const starts: number[] = [];
    const jobs: NewJob[] = [];
    for (const call of group) {
      starts.push(jobs.length);
      jobs.push(...call.jobs);
    }
    const slice = (results: ReadonlyArray<Inserted[number]>, index: number) => results.slice(starts[index]!, starts[index]! + group[index]!.jobs.length);
    const audit: InsertAudit = (results) => group.flatMap((call, index) => call.audit?.(slice(results, index)) ?? []);
    let results: Inserted;
    try {
      results = await this.#store.jobs.insert(jobs, audit);
    } catch {
      // Nothing of the group was stored: each call is written, and fails or succeeds, on its own.
      for (const call of group) this.#store.jobs.insert(call.jobs, call.audit).then(call.resolve, call.reject);
      return;
    }
    group.forEach((call, index) => call.resolve(slice(results, index)));
  }
}
