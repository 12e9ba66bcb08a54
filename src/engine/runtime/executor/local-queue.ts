/**
 * The executor's local queue: jobs claimed ahead of free slots, started in claim order as slots free
 * up. How far ahead follows how fast this process finishes jobs: about AHEAD_MS of work, measured
 * between claims, up to a cap. Jobs that take long keep nothing ahead (they would sit RUNNING in the
 * store without running, and hold limits other workers could use).
 *
 * Orgs take turns in the queue too, one job each, each org's jobs in claim order: a job of an org
 * with nothing held here starts at the next free slot, not behind the backlog another org already
 * has queued (claims share between orgs the same way: domain/org-turns.ts).
 */
import { performance } from 'node:perf_hooks';
import type { Job } from '../../domain/types.js';

/** How much work, in ms at the measured pace, a claim takes ahead of free slots. */
export const AHEAD_MS = 20;

export class LocalQueue {
  /** Each org's jobs in claim order; the org first in this map has the next turn. */
  readonly #byOrg = new Map<string, Map<string, Job>>();
  #size = 0;
  #finished = 0;
  #measuredAt = performance.now();
  /** Jobs finished per ms, smoothed over claims. */
  #pace = 0;

  constructor(
    private readonly maxAhead: number,
    /** Held ahead whatever the pace (a fixed local queue). */
    private readonly minAhead = 0,
  ) {}

  get size(): number {
    return this.#size;
  }

  /** How many jobs a claim may take now: the free slots, plus what to hold ahead, less what is held. */
  room(freeSlots: number): number {
    const ahead = Math.max(this.minAhead, Math.min(this.maxAhead, Math.floor(this.#pace * AHEAD_MS)));
    const room = Math.max(0, freeSlots) + ahead - this.#size;
    // With slots free and nothing held, any room is worth a claim; otherwise wait until half the
    // ahead share is gone, so claims stay batches.
    if (freeSlots > 0 && this.#size === 0) return room;
    return room >= Math.max(1, Math.ceil(ahead / 2)) ? room : 0;
  }

  add(jobs: Job[]): void {
    this.#measure();
    for (const job of jobs) {
      let queue = this.#byOrg.get(job.orgId);
      if (!queue) this.#byOrg.set(job.orgId, (queue = new Map()));
      if (!queue.has(job.id)) this.#size++;
      queue.set(job.id, job);
    }
  }

  /** The next job: the first in claim order of the org whose turn it is, taken off the queue. */
  next(): Job | undefined {
    for (const [orgId, queue] of this.#byOrg) {
      const [id, job] = queue.entries().next().value!;
      queue.delete(id);
      this.#size--;
      // The org goes to the back of the turns (or leaves them); alone, it keeps its place.
      if (queue.size === 0) this.#byOrg.delete(orgId);
      else if (this.#byOrg.size > 1) {
        this.#byOrg.delete(orgId);
        this.#byOrg.set(orgId, queue);
      }
      return job;
    }
    return undefined;
  }

  remove(id: string): Job | undefined {
    for (const [orgId, queue] of this.#byOrg) {
      const job = queue.get(id);
      if (!job) continue;
      queue.delete(id);
      this.#size--;
      if (queue.size === 0) this.#byOrg.delete(orgId);
      return job;
    }
    return undefined;
  }

  ids(): string[] {
    return [...this.#byOrg.values()].flatMap((queue) => [...queue.keys()]);
  }

  takeAll(): Job[] {
    const jobs = [...this.#byOrg.values()].flatMap((queue) => [...queue.values()]);
    this.#byOrg.clear();
    this.#size = 0;
    return jobs;
  }

  /** An attempt ended (the pace counts it). */
  finished(): void {
    this.#finished++;
  }

  #measure(): void {
    const now = performance.now();
    const elapsed = now - this.#measuredAt;
    if (elapsed < 1) return;
    this.#pace = 0.5 * this.#pace + 0.5 * (this.#finished / elapsed);
    this.#finished = 0;
    this.#measuredAt = now;
  }
}
