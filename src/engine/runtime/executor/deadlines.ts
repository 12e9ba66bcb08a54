/**
 * Attempt timeouts of one executor on one timer. Attempts with the same timeout start in time order,
 * so each timeout value keeps its attempts in a Map in deadline order (insertion order): adding and
 * removing are O(1), the earliest is each Map's first entry, and a single timer is armed for the
 * earliest of those. Per job this replaces a setTimeout and a clearTimeout (each a timer-list entry
 * and a Timeout object) with a Map entry. Deadlines are on the monotonic clock, so a wall clock
 * stepped back cannot reorder them or make one late.
 */
import { performance } from 'node:perf_hooks';

export interface Expiring {
  /** Called once, when the deadline has passed and the entry is still registered. */
  expire(): void;
}

export class Deadlines {
  readonly #byTimeout = new Map<number, Map<Expiring, number>>();
  #timer: NodeJS.Timeout | undefined;
  #armedFor = Infinity;

  /** Registers `entry` to expire `timeoutMs` from now (an entry is registered under one timeout at a time). */
  add(entry: Expiring, timeoutMs: number): void {
    let list = this.#byTimeout.get(timeoutMs);
    if (!list) this.#byTimeout.set(timeoutMs, (list = new Map()));
    const at = performance.now() + timeoutMs;
    list.set(entry, at);
    if (at < this.#armedFor) this.#arm(at);
  }

  remove(entry: Expiring, timeoutMs: number): void {
    // The timer stays armed (unref'd, so it holds no process open): when it fires it re-arms for the
    // next deadline, if any. Re-arming here would cost a timer per job again.
    this.#byTimeout.get(timeoutMs)?.delete(entry);
  }

  /** How many entries are registered (for tests). */
  get size(): number {
    let n = 0;
    for (const list of this.#byTimeout.values()) n += list.size;
    return n;
  }

  /** Clears the timer (the entries stay; nothing expires until the next add). */
  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedFor = Infinity;
  }

  #arm(at: number): void {
    clearTimeout(this.#timer);
    this.#armedFor = at;
    this.#timer = setTimeout(() => this.#fire(), Math.min(Math.max(0, at - performance.now()), 2 ** 31 - 1));
    // Only attempts keep the process alive, not their timeouts.
    this.#timer.unref();
  }

  #fire(): void {
    this.#timer = undefined;
    this.#armedFor = Infinity;
    const now = performance.now();
    const due: Expiring[] = [];
    let next = Infinity;
    for (const [timeoutMs, list] of this.#byTimeout) {
      for (const [entry, at] of list) {
        if (at > now) {
          next = Math.min(next, at);
          break;
        }
        due.push(entry);
        list.delete(entry);
      }
      if (list.size === 0) this.#byTimeout.delete(timeoutMs);
    }
    if (next !== Infinity) this.#arm(next);
    for (const entry of due) entry.expire();
  }
}
