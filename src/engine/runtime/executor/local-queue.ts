/**
 * The executor's local queue: jobs claimed ahead of free slots, started in claim order as slots free
 * up. How far ahead follows how fast this process finishes jobs: about AHEAD_MS of work, measured
 * between claims, up to a cap. Jobs that take long keep nothing ahead (they would sit RUNNING in the
 * store without running, and hold limits other workers could use).
 */
import { performance } from 'node:perf_hooks';
import type { Job } from '../../domain/types.js';

/** How much work, in ms at the measured pace, a claim takes ahead of free slots. */
export const AHEAD_MS = 20;

export class LocalQueue {
  readonly #jobs = new Map<string, Job>();
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
    return this.#jobs.size;
  }

  /** How many jobs a claim may take now: the free slots, plus what to hold ahead, less what is held. */
  room(freeSlots: number): number {
    const ahead = Math.max(this.minAhead, Math.min(this.maxAhead, Math.floor(this.#pace * AHEAD_MS)));
    const room = Math.max(0, freeSlots) + ahead - this.#jobs.size;
    // With slots free and nothing held, any room is worth a claim; otherwise wait until half the
    // ahead share is gone, so claims stay batches.
    if (freeSlots > 0 && this.#jobs.size === 0) return room;
    return room >= Math.max(1, Math.ceil(ahead / 2)) ? room : 0;
  }

  add(jobs: Job[]): void {
    this.#measure();
    for (const job of jobs) this.#jobs.set(job.id, job);
  }

  /** The next job in claim order, taken off the queue. */
  next(): Job | undefined {
    for (const [id, job] of this.#jobs) {
      this.#jobs.delete(id);
      return job;
    }
    return undefined;
  }

  remove(id: string): Job | undefined {
    const job = this.#jobs.get(id);
    this.#jobs.delete(id);
    return job;
  }

  ids(): string[] {
    return [...this.#jobs.keys()];
  }

  takeAll(): Job[] {
    const jobs = [...this.#jobs.values()];
    this.#jobs.clear();
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
