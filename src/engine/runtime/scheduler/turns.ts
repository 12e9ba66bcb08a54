/**
 * Gives the event loop a turn while a long piece of work (firing a backlog, checking every active
 * run) goes on: the store's calls may be synchronous (SQLite), and a backlog must not hold the API,
 * the executor or the heartbeat. It measures work with performance.now(), not the injected clock: it
 * times how long the loop has been held, which a clock set by a test does not tell.
 */
import { performance } from 'node:perf_hooks';

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

export class EventLoopTurns {
  #lastTurn = 0;

  /** @param everyMs the loop gets a turn at least this often */
  constructor(private readonly everyMs = 10) {}

  /** Work starts now: the next turn is due `everyMs` from here. */
  restart(): void {
    this.#lastTurn = performance.now();
  }

  async ifHeldTooLong(): Promise<void> {
    if (performance.now() - this.#lastTurn >= this.everyMs) await this.now();
  }

  async now(): Promise<void> {
    await nextTurn();
    this.#lastTurn = performance.now();
  }
}
